import datetime as dt
from decimal import Decimal

import pytest

from thidua.cycles import services
from thidua.organisations import services as org_services
from thidua.organisations.models import Bloc, BlocYear, Unit

MEMBERS = ["THADS", "TAND", "VKSND", "TTR", "CA", "BCHQS", "STP", "SNV"]


@pytest.fixture
def draft_year(world):
    """A fresh year of Khối Nội chính led by THADS (so ``world.secretary`` runs it), in draft."""
    units = {u.code: u for u in Unit.objects.filter(code__in=MEMBERS)}
    year = world.ctx["current_year"] + 2
    by = BlocYear.objects.filter(bloc__code="KNC", year=year).first()
    if by is None:
        by = org_services.bloc_year_create(
            actor=world.admin,
            bloc=Bloc.objects.get(code="KNC"),
            year=year,
            units=[units[c] for c in MEMBERS],
            leader=units["THADS"],
            deputy=units["SNV"],
        )
    return by


def simple_rows(total=100):
    """A valid tree: two groups, a criterion split in two subs, a bonus and a deduction."""
    half = Decimal(total) / 2
    return [
        {"code": "I", "parent": "", "kind": "group", "title": "Nhóm I", "max_points": half},
        {
            "code": "1.1",
            "parent": "I",
            "kind": "criterion",
            "title": "Tiêu chí 1.1",
            "max_points": half,
            "key_contents": [1],
        },
        {"code": "1.1.a", "parent": "1.1", "kind": "sub", "title": "a", "max_points": half / 2},
        {"code": "1.1.b", "parent": "1.1", "kind": "sub", "title": "b", "max_points": half / 2},
        {"code": "II", "parent": "", "kind": "group", "title": "Nhóm II", "max_points": Decimal(0)},
        {
            "code": "2.1",
            "parent": "II",
            "kind": "criterion",
            "title": "Tiêu chí 2.1",
            "max_points": half,
            "key_contents": [2],
        },
        {"code": "C1", "parent": "", "kind": "bonus", "title": "Cờ thi đua", "max_points": Decimal(10)},
        {"code": "T1", "parent": "", "kind": "deduction", "title": "Vi phạm", "max_points": Decimal(5)},
    ]


def prepare(actor, by, *, contents=2, rows=None):
    """Make a draft year ready to launch."""
    for i in range(contents):
        services.key_content_create(actor=actor, bloc_year=by, title=f"Nội dung trọng tâm số {i + 1}")
    services.agreement_update(
        actor=actor, bloc_year=by, signed_on=dt.date(by.year, 2, 20), signed_place="Hội trường"
    )
    services.regulations_update(
        actor=actor, bloc_year=by, text="QUY CHẾ\nĐiều 1. Khối hoạt động theo nguyên tắc…"
    )
    rubric = services.rubric_for_editing(actor=actor, bloc_year=by)
    services.rubric_replace_rows(actor=actor, rubric=rubric, rows=rows or simple_rows(), total=100)
    return rubric
