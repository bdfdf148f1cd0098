"""Every create form and API POST under the idempotency key, double-submitted (issue 18 item 4).

The views wrapped in ``@idempotent`` and the API operations in ``@idempotent_operation`` are found
by walking the URLs and the API (``wrapper.idempotent``), not listed by hand; each is sent twice at
the same moment with the same key, by the first persona whose permission-matrix row expects a
success, with that row's data. Both answers must be the first click's (one of them replayed, so
the view ran once), never a 500. A new create endpoint without a successful matrix row fails
here, so that it cannot escape the test. (The named tests in ``thidua/*/tests/test_idempotency*``
also count the records.)"""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from config.api import api
from tests.test_permission_matrix import CASES
from thidua.core.testing import CREATED, DENIED, OK, REDIRECT, Case
from thidua.core.tests.double_submit import assert_same_landing, double_submit
from thidua.cycles import official
from thidua.cycles.models import YearCycle
from thidua.cycles.tests.conftest import MEMBERS, prepare
from thidua.documents.services import read_bytes
from thidua.organisations import services as org_services
from thidua.organisations.models import Bloc, BlocYear, Unit
from thidua.proposals import services as proposal_services

pytestmark = pytest.mark.django_db(transaction=True)

# Signed-in personas in the order tried (anonymous is never "a success": its 302 is the login).
PERSONAS = ("admin", "provincial", "secretary", "officer_a", "officer_b", "council", "editor")


def _png(name="anh.png") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def _draft_year(w) -> BlocYear:
    """A fresh year of Khối Nội chính led by THADS (the secretary's), in draft."""
    units = {u.code: u for u in Unit.objects.filter(code__in=MEMBERS)}
    year = w.ctx["current_year"] + 2
    return BlocYear.objects.filter(bloc__code="KNC", year=year).first() or org_services.bloc_year_create(
        actor=w.admin,
        bloc=Bloc.objects.get(code="KNC"),
        year=year,
        units=[units[c] for c in MEMBERS],
        leader=units["THADS"],
        deputy=units["SNV"],
    )


_files: dict[str, bytes] = {}  # made by a case's url() (set-up), read by its data() in both threads


def _rubric_import_url(w) -> str:
    by = _draft_year(w)
    prepare(w.secretary, by)
    _files["rubric"] = read_bytes(official.generate(actor=w.secretary, bloc_year=by, kind="rubric_xlsx"))
    return f"/api/v1/cycles/KNC/{by.year}/rubric/import"


def _sheet_import_url(w) -> str:
    by = BlocYear.objects.get(bloc__code="KNC", year=w.ctx["current_year"])
    YearCycle.objects.update_or_create(bloc_year=by, defaults={"stage": "self_assessment"})
    client = Client()
    client.force_login(w.officer_a)
    _files["sheet"] = client.get(f"/cham-diem/KNC/{by.year}/don-vi/TAND/mau.xlsx").content
    return f"/api/v1/scoring/KNC/{by.year}/assessments/TAND/sheet.xlsx"


def _photos_url(w) -> str:
    model = proposal_services.exemplary_create(
        actor=w.officer_a,
        title="Tòa án tỉnh số hoá hồ sơ",
        year=w.ctx["current_year"],
        unit=Unit.objects.get(code="TAND"),
        story="Câu chuyện số hoá hồ sơ xét xử của Tòa án nhân dân tỉnh, kể lại từng bước.",
    )
    return f"/api/v1/exemplary-models/{model.uuid}/photos"


# Pages that answer JSON like the API (``@idempotent_json``).
JSON_PAGES = {"portal:editor_image_upload"}

# API operations whose permission-matrix rows only show refusals (422 of a bad body): a valid one.
EXTRA_API = [
    Case(
        "POST /api/v1/cycles/{code}/{year}/key-contents",
        lambda w: f"/api/v1/cycles/KNC/{_draft_year(w).year}/key-contents",
        "POST",
        lambda w: {"title": "Nội dung bấm hai lần"},
        default=DENIED,
        expect={"secretary": CREATED},
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/rubric/items",
        lambda w: f"/api/v1/cycles/KNC/{_draft_year(w).year}/rubric/items",
        "POST",
        lambda w: {"kind": "criterion", "code": "BHL", "title": "Mục bấm hai lần", "max_points": "1"},
        default=DENIED,
        expect={"secretary": CREATED},
    ),
    Case(
        "POST /api/v1/cycles/{code}/{year}/rubric/import",
        _rubric_import_url,
        "POST",
        lambda w: {"file": SimpleUploadedFile("tieu-chi.xlsx", _files["rubric"])},
        default=DENIED,
        expect={"secretary": OK},
        json=False,
    ),
    Case(
        "POST /api/v1/scoring/{code}/{year}/assessments/{unit}/sheet.xlsx",
        _sheet_import_url,
        "POST",
        lambda w: {"file": SimpleUploadedFile("diem.xlsx", _files["sheet"])},
        default=DENIED,
        expect={"officer_a": OK},
        json=False,
    ),
    Case(
        "POST /api/v1/exemplary-models/{key}/photos",
        _photos_url,
        "POST",
        lambda w: {"image": _png(), "caption": "Ảnh bấm hai lần"},
        default=DENIED,
        expect={"officer_a": CREATED},
        json=False,
    ),
    Case(
        "portal:editor_image_upload",
        lambda w: reverse("portal:editor_image_upload"),
        "POST",
        lambda w: {"file": _png(), "caption": "Ảnh bấm hai lần"},
        default=DENIED,
        expect={"editor": CREATED},
        json=False,
    ),
    Case(
        "POST /api/v1/portal/editor/images",
        lambda w: "/api/v1/portal/editor/images",
        "POST",
        lambda w: {"file": _png(), "caption": "Ảnh bấm hai lần"},
        default=DENIED,
        expect={"editor": CREATED},
        json=False,
    ),
]

# Create pages whose permission-matrix rows only GET them: their POST is sent here.
EXTRA = [
    Case(
        "organisations:bloc_create",
        lambda w: reverse("organisations:bloc_create"),
        "POST",
        lambda w: {
            "code": "KVX",
            "name": "Khối Văn hóa – Xã hội",
            "kind": "khoi",
            "level": "tinh",
            "organiser": "Ủy ban nhân dân tỉnh",
        },
        default=REDIRECT,
    ),
    Case(
        "organisations:bloc_year_create",
        lambda w: reverse("organisations:bloc_year_create", args=["KNC"]),
        "POST",
        lambda w: {
            "year": timezone.localdate().year + 2,
            "units": list(Unit.objects.filter(code__in=["TAND", "VKSND"]).values_list("pk", flat=True)),
        },
        default=REDIRECT,
    ),
    Case(
        "proposals:exemplary_create",
        lambda w: reverse("proposals:exemplary_create"),
        "POST",
        lambda w: {
            "title": "Điển hình bấm hai lần",
            "year": timezone.localdate().year - 1,
            "unit": "TAND",
            "story": "Câu chuyện số hoá hồ sơ xét xử của Tòa án nhân dân tỉnh, kể lại từng bước.",
        },
        default=REDIRECT,
    ),
]
# Create pages double-submitted by a named test that also counts their records.
NAMED = {
    "accounts:user_create": "thidua/core/tests/test_idempotency.py::test_user_create",
    "awards:import_start": "thidua/core/tests/test_idempotency.py::test_award_history_import",
    "conference:ballot_create": "thidua/core/tests/test_idempotency.py::test_ballot_create",
    "conference:create": "thidua/core/tests/test_idempotency.py::test_conference_create",
    "cycles:programmes": "thidua/core/tests/test_idempotency_more.py::test_programme_create",
    "organisations:person_create": "thidua/core/tests/test_idempotency.py::test_person_create",
    "organisations:unit_create": "thidua/core/tests/test_idempotency.py::test_unit_create",
    "portal:editor_article_create": "thidua/core/tests/test_idempotency.py::test_article_draft",
    "proposals:decision_create": "thidua/proposals/tests/test_idempotency.py::test_decision_record",
    "proposals:proposal_create": "thidua/proposals/tests/test_idempotency.py::test_proposal_create",
}


def idempotent_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            names |= idempotent_url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name and getattr(entry.callback, "idempotent", False):
            names.add(f"{namespace}{entry.name}")
    return names


def _api_key(path: str) -> str:
    return "POST /api/v1" + re.sub(r"{(?:\w+:)?(\w+)}", r"{\1}", path)


def idempotent_api_keys() -> set[str]:
    keys = set()
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if "POST" in operation.methods and getattr(operation.run, "idempotent", False):
                    keys.add(_api_key(path))
    return keys


def _is_api(case) -> bool:
    """An API operation (a multipart one has ``json=False``, which ``Case.is_api`` reads as a page)."""
    return case.key.startswith("POST /api/") or case.key in JSON_PAGES


def _copy(payload: dict) -> dict:
    out = {}
    for name, value in payload.items():
        if hasattr(value, "read") and hasattr(value, "name"):
            value.seek(0)
            content = value.read()
            value.seek(0)
            kind = getattr(value, "content_type", None) or "application/octet-stream"
            value = SimpleUploadedFile(Path(value.name).name, content, kind)
        out[name] = value
    return out


def _persona(case):
    success = (CREATED, OK, 202) if _is_api(case) else (REDIRECT,)
    expected = case.expected()
    return next((p for p in PERSONAS if expected[p] in success), None)


API_KEYS = idempotent_api_keys()
PAGES = idempotent_url_names()
_REPLACED = {c.key for c in EXTRA_API}
TARGETS = [
    c
    for c in [*[c for c in CASES if c.key not in _REPLACED], *EXTRA_API, *EXTRA]
    if c.method.upper() == "POST" and (c.key in API_KEYS or c.key in PAGES)
]


def test_every_create_endpoint_has_a_double_submit():
    """The walks work, and no create page or operation escapes the double submit below."""
    assert len(API_KEYS) >= 25 and len(PAGES) >= 25, (API_KEYS, PAGES)
    assert {c.key for c in TARGETS if c.key.startswith("POST /api/")} == API_KEYS, (
        "an idempotent operation has no matrix row"
    )
    untested = PAGES - {c.key for c in TARGETS} - set(NAMED)
    assert not untested, f"create pages without a double submit: {sorted(untested)} (add to EXTRA)"
    assert not [c.key for c in TARGETS if _persona(c) is None], "a target without a succeeding persona"


@pytest.mark.parametrize("case", TARGETS, ids=[c.key for c in TARGETS])
def test_double_submit_answers_once(case, world):
    persona = _persona(case)
    assert persona is not None, f"{case.key}: no persona succeeds in its matrix row (add an EXTRA case)"
    client = Client()
    client.force_login(world.users[persona])
    url = case.url(world)
    # The row's data is made once, here (it may set things up, e.g. draft proposals); each of the
    # two requests gets its own copy of any file in it (a request reads its upload to the end).
    payload = (case.data(world) or {}) if case.data else {}
    results = double_submit(
        client, url, lambda: _copy(payload), json=case.is_api, header=_is_api(case) and not case.is_api
    )
    assert_same_landing(results, api=_is_api(case))
