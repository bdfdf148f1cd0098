"""Shared fixtures: the seed world and the named personas every test speaks of.

Personas (healthchecks' Alice/Bob/Charlie idea):
  admin        system administrator
  provincial   officer of the provincial emulation office (Phòng TĐKT, Sở Nội vụ)
  secretary    bloc secretary of 2019: staff of Cục THADS, the 2019 leader
  officer_a    emulation officer of unit A (Tòa án nhân dân tỉnh, TAND)
  officer_b    emulation officer of unit B (Viện Kiểm sát, VKSND): must see nothing private of A
  council      member of the provincial Emulation–Commendation Council
  editor       portal editor
  anonymous    nobody signed in
"""

from types import SimpleNamespace

import pytest
from django.test import Client

from thidua.accounts.models import User
from thidua.core.demo import run_demo_loaders

PERSONAS = ["admin", "provincial", "secretary", "officer_a", "officer_b", "council", "editor", "anonymous"]
USERNAMES = {
    "admin": "admin",
    "provincial": "phongtdkt",
    "secretary": "thuky2019",
    "secretary_snv": "thukysnv",
    "officer_a": "canbotand",
    "officer_b": "canbovks",
    "council": "hoidong",
    "editor": "bientap",
}


@pytest.fixture
def world(db):
    """The demo data: Khối Nội chính 2019 and the current year, Khối Kinh tế, demo logins."""
    ctx = run_demo_loaders()
    users = {key: User.objects.get(username=name) for key, name in USERNAMES.items()}
    return SimpleNamespace(users=users, ctx=ctx, **users)


@pytest.fixture
def client_for(world):
    """client_for("officer_a") -> a Client signed in as that persona (anonymous: not signed in)."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        return client

    return make
