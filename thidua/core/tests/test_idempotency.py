"""A double click creates once (issue 18 item 4): two identical POSTs of a create form released
together from two threads create one record and both land on it, never a 500; the API does the
same with the ``Idempotency-Key`` header. Real threads and commits on SQLite (one writer at a
time); ``test_idempotency_postgres`` races the same on real concurrent PostgreSQL connections."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import User
from thidua.awards.models import ImportJob
from thidua.conference.models import Ballot, Conference
from thidua.core import idempotency
from thidua.core.models import IdempotencyKey
from thidua.core.tests.double_submit import assert_same_landing, double_submit
from thidua.cycles.models import Movement, YearCycle
from thidua.cycles.selectors import current_rubric
from thidua.organisations.models import BlocYear, Person, Unit
from thidua.portal.models import Article
from thidua.scoring.models import Evidence
from thidua.scoring.selectors import leaves

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _current(world, code="KNC"):
    return BlocYear.objects.select_related("bloc").get(bloc__code=code, year=world.ctx["current_year"])


def test_evidence_upload(world, client_for):
    by = _current(world)
    YearCycle.objects.update_or_create(bloc_year=by, defaults={"stage": "self_assessment"})
    item = leaves(current_rubric(by))[0]
    url = reverse("scoring:evidence_upload", args=[by.bloc.code, by.year, "TAND"])
    before = Evidence.objects.count()
    results = double_submit(
        client_for("officer_a"),
        url,
        lambda: {"item": item.pk, "file": SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")},
    )
    assert_same_landing(results)
    assert Evidence.objects.count() == before + 1


def test_award_history_import(world, client_for):
    csv = "Loại bản ghi,Mã đơn vị,Họ và tên,Năm,Mã khen thưởng,Số quyết định,Ngày quyết định\n"
    csv += "khen thưởng,TAND,Đặng Quang Huy,2014,bk_tinh_cn,777/QĐ-UBND,20/01/2015\n"
    before = ImportJob.objects.count()
    results = double_submit(
        client_for("provincial"),
        reverse("awards:import_start"),
        lambda: {"file": SimpleUploadedFile("lich-su.csv", csv.encode(), "text/csv")},
    )
    assert_same_landing(results)
    assert ImportJob.objects.count() == before + 1
    assert ImportJob.objects.latest("pk").status == "succeeded"


def test_article_draft(world, client_for):
    before = Article.objects.count()
    results = double_submit(
        client_for("editor"),
        reverse("portal:editor_article_create"),
        {"title": "Bài bấm hai lần", "body": "<p>x</p>"},
    )
    assert_same_landing(results)
    assert Article.objects.count() == before + 1


def test_conference_create(world, client_for):
    by = _current(world)
    results = double_submit(
        client_for("secretary_snv"),
        reverse("conference:create", args=[by.bloc.code, by.year]),
        {"held_on": f"05/12/{by.year}", "starts_at": "14:00", "agenda": "Báo cáo"},
    )
    assert_same_landing(results)
    assert Conference.objects.filter(bloc_year=by).count() == 1


def test_ballot_create(world, client_for):
    by = _current(world)
    c = client_for("secretary_snv")
    c.post(reverse("conference:create", args=[by.bloc.code, by.year]), {"held_on": f"05/12/{by.year}"})
    conference = Conference.objects.get(bloc_year=by)
    results = double_submit(
        c, reverse("conference:ballot_create", args=[conference.pk]), {"kind": "next_leader", "seats": 1}
    )
    assert_same_landing(results)
    assert Ballot.objects.filter(conference=conference).count() == 1


def test_movement_create(world, client_for):
    by = _current(world)
    before = Movement.objects.filter(bloc_year=by).count()
    results = double_submit(
        client_for("officer_a"),
        reverse("cycles:movements", args=[by.bloc.code, by.year]),
        {"title": "Phong trào bấm hai lần", "kind": Movement._meta.get_field("kind").choices[0][0]},
    )
    assert_same_landing(results)
    assert Movement.objects.filter(bloc_year=by).count() == before + 1


def test_unit_create(world, client_for):
    results = double_submit(
        client_for("admin"),
        reverse("organisations:unit_create"),
        {
            "code": "SGDDT",
            "name": "Sở Giáo dục và Đào tạo",
            "kind": Unit._meta.get_field("kind").choices[0][0],
        },
    )
    assert_same_landing(results)
    assert Unit.objects.filter(code="SGDDT").count() == 1


def test_person_create(world, client_for):
    before = Person.objects.count()
    results = double_submit(
        client_for("officer_a"),
        reverse("organisations:person_create"),
        {"full_name": "Nguyễn Văn Bấm", "gender": "nam", "unit": world.officer_a.unit_id, "is_active": "on"},
    )
    assert_same_landing(results)
    assert Person.objects.count() == before + 1


def test_user_create(world, client_for):
    results = double_submit(
        client_for("admin"),
        reverse("accounts:user_create"),
        {"username": "bamhailan", "full_name": "Người bấm hai lần", "password": "ThiDua@2019-xyz"},
    )
    assert_same_landing(results)
    assert User.objects.filter(username="bamhailan").count() == 1


# The API, with the Idempotency-Key header ----------------------------------------------------------


def test_api_unit_create(world, client_for):
    results = double_submit(
        client_for("admin"),
        "/api/v1/units",
        {
            "code": "SGTVT",
            "name": "Sở Giao thông vận tải",
            "kind": Unit._meta.get_field("kind").choices[0][0],
        },
        json=True,
    )
    assert_same_landing(results, api=True)
    assert results[0].status_code == results[1].status_code == 201
    assert Unit.objects.filter(code="SGTVT").count() == 1


def test_api_person_create(world, client_for):
    before = Person.objects.count()
    results = double_submit(
        client_for("officer_a"),
        "/api/v1/people",
        {"full_name": "Trần Thị Gửi", "gender": "nu", "unit": "TAND"},
        json=True,
    )
    assert_same_landing(results, api=True)
    assert Person.objects.count() == before + 1


# Without a key, after a refusal, and the cleanup --------------------------------------------------


def test_a_form_without_key_still_works_and_a_refused_one_may_be_sent_again(world, client_for):
    c = client_for("admin")
    url = reverse("organisations:unit_create")
    kind = Unit._meta.get_field("kind").choices[0][0]
    assert c.post(url, {"code": "SYT", "name": "Sở Y tế", "kind": kind}).status_code == 302
    refused = c.post(
        url,
        {
            "code": "SKHCNX",
            "name": "",
            "kind": kind,
            "idempotency_key": "9f0c7a4e-1111-4a5b-8c1d-000000000001",
        },
    )
    assert refused.status_code == 200 and not IdempotencyKey.objects.exists(), list(
        IdempotencyKey.objects.values()
    )
    fixed = c.post(
        url,
        {
            "code": "SKHCNX",
            "name": "Sở Xây dựng",
            "kind": kind,
            "idempotency_key": "9f0c7a4e-1111-4a5b-8c1d-000000000001",
        },
    )
    assert fixed.status_code == 302, fixed.content.decode()[-3000:]
    assert Unit.objects.filter(code="SKHCNX").exists()
    assert 'name="idempotency_key"' in c.get(url).content.decode()


def test_keys_are_forgotten_after_a_day(world):
    row = IdempotencyKey.objects.create(user=world.admin, key="k", path="/x/", status=302)
    IdempotencyKey.objects.filter(pk=row.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    IdempotencyKey.objects.create(user=world.admin, key="k2", path="/x/", status=302)
    assert idempotency.prune() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["k2"]
