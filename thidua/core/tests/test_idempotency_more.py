"""A double click creates once, continued (issue 18 item 4; the rubric item and key content forms
are in ``thidua/cycles/tests/test_idempotency.py``): the programme form, the base salary, the API token (whose raw value is never stored: the repeat is
told it was shown once), the imports (award history, proposal list), document generation and the
image uploads (portal editor, exemplary photo). Two identical POSTs released together from two
threads; exactly one record, no 500, both land on it."""

import base64
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from thidua.accounts.models import ApiToken
from thidua.awards.models import BaseSalary
from thidua.awards.models.imports import ImportJob
from thidua.core.idempotency import TOKEN_REPLAYED
from thidua.core.models import IdempotencyKey
from thidua.core.tests.double_submit import assert_same_landing, double_submit
from thidua.cycles.models import Programme
from thidua.documents.models import GeneratedDocument
from thidua.organisations.models import BlocYear, Unit
from thidua.portal.models import ArticleImage
from thidua.proposals import importer
from thidua.proposals import services as proposal_services
from thidua.proposals.models import ExemplaryPhoto, ProposalImportJob

pytestmark = pytest.mark.django_db(transaction=True)


def _year(code="KNC", year=2019):
    """The bloc year the permission matrices manage (the secretary's)."""
    return BlocYear.objects.select_related("bloc").get(bloc__code=code, year=year)


def _png(name="anh.png") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def test_programme_create(world, client_for):
    results = double_submit(
        client_for("provincial"),
        reverse("cycles:programmes"),
        {"name": "Chương trình bấm hai lần", "description": "", "position": "3"},
    )
    assert_same_landing(results)
    assert Programme.objects.filter(name="Chương trình bấm hai lần").count() == 1


def test_base_salary_create(world, client_for):
    before = BaseSalary.objects.count()
    results = double_submit(
        client_for("provincial"),
        reverse("awards:salary_list"),
        {"effective_from": "01/07/2027", "amount": "2700000", "legal_ref": "Nghị định bấm hai lần"},
    )
    assert_same_landing(results)
    assert BaseSalary.objects.count() == before + 1


def test_generate_document(world, client_for):
    by = _year()
    before = GeneratedDocument.objects.count()
    results = double_submit(
        client_for("secretary"),
        reverse("cycles:generate_document", args=[by.bloc.code, by.year, "agreement"]),
        {},
    )
    assert_same_landing(results)
    assert GeneratedDocument.objects.count() == before + 1


# The API token: the raw token is never stored, not even for the replay --------------------------


def test_token_create_page(world, client_for):
    user = world.users["officer_a"]
    before = ApiToken.objects.filter(user=user).count()
    results = double_submit(
        client_for("officer_a"), reverse("accounts:profile"), {"name": "Kịch bản bấm hai lần"}
    )
    assert len(results) == 2
    for r in results:
        assert not isinstance(r, Exception), repr(r)
        assert r.status_code == 200, r.status_code
    assert ApiToken.objects.filter(user=user).count() == before + 1
    pages = [r.content.decode() for r in results]
    assert sum('id="new-token"' in p for p in pages) == 1
    assert sum(TOKEN_REPLAYED in p for p in pages) == 1
    token = ApiToken.objects.filter(user=user).latest("pk")
    row = IdempotencyKey.objects.get(user=user)
    assert row.body == f'{{"pk": {token.pk}}}' and token.prefix not in row.body


def test_api_token_create(world, client_for):
    user = world.users["officer_a"]
    before = ApiToken.objects.filter(user=user).count()
    results = double_submit(client_for("officer_a"), "/api/v1/tokens", {"name": "API bấm hai lần"}, json=True)
    assert len(results) == 2
    for r in results:
        assert not isinstance(r, Exception), repr(r)
    assert sorted(r.status_code for r in results) == [200, 201]
    assert ApiToken.objects.filter(user=user).count() == before + 1
    first = next(r for r in results if r.status_code == 201).json()
    repeat = next(r for r in results if r.status_code == 200)
    assert repeat["Idempotent-Replayed"] == "true"
    body = repeat.json()
    assert body["id"] == first["id"] and body["token"] is None and body["detail"] == TOKEN_REPLAYED
    assert first["token"] and first["token"] not in IdempotencyKey.objects.get(user=user).body


# Imports: one job, not two -------------------------------------------------------------------------


def test_proposal_list_import(world, client_for):
    by = _year()
    data = importer.template_workbook(bloc_year=by)
    results = double_submit(
        client_for("secretary"),
        reverse("proposals:import_start", args=[by.bloc.code, by.year]),
        lambda: {"file": SimpleUploadedFile("danh-sach.xlsx", data, importer.XLSX)},
    )
    assert_same_landing(results)
    assert ProposalImportJob.objects.filter(bloc_year=by).count() == 1


def test_api_award_history_import(world, client_for):
    before = ImportJob.objects.count()
    c = client_for("provincial")
    csv = "\ufeffx\n".encode()
    results = double_submit(
        c,
        "/api/v1/award-imports",
        {"filename": "lich-su.csv", "content_base64": base64.b64encode(csv).decode()},
        json=True,
    )
    assert_same_landing(results, api=True)
    assert ImportJob.objects.count() == before + 1


# Image uploads ------------------------------------------------------------------------------------


def test_editor_image_upload(world, client_for):
    before = ArticleImage.objects.count()
    results = double_submit(
        client_for("editor"),
        reverse("portal:editor_image_upload"),
        lambda: {"file": _png(), "caption": "Ảnh bấm hai lần"},
        header=True,
    )
    assert_same_landing(results, api=True)
    assert ArticleImage.objects.count() == before + 1


def test_exemplary_photo_add(world, client_for):
    model = proposal_services.exemplary_create(
        actor=world.officer_a,
        title="Tòa án tỉnh số hoá hồ sơ",
        year=world.ctx["current_year"],
        unit=Unit.objects.get(code="TAND"),
        story="Câu chuyện số hoá hồ sơ xét xử của Tòa án nhân dân tỉnh, kể lại từng bước.",
    )
    results = double_submit(
        client_for("officer_a"),
        reverse("proposals:exemplary_photo_add", args=[model.uuid]),
        lambda: {"image": _png(), "caption": "Ảnh bấm hai lần"},
    )
    assert_same_landing(results)
    assert ExemplaryPhoto.objects.filter(exemplary=model).count() == 1
