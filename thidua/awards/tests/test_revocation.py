"""Revocation of awards (issue 20 item 4; Law 06/2022/QH15 chapter VII, Art 93.2): the path end to
end through the pages and the API, the recovery of cash in instalments and of the certificate,
each bad input refused in Vietnamese with nothing written, the audit trail, the effect on
eligibility from the revocation date, and who still sees a revoked award (struck through)."""

import datetime as dt

import pytest
from django.utils import timezone

from thidua.awards import facts
from thidua.awards.models import AwardRecord, RecoveryPayment, Revocation
from thidua.awards.services import revocation as service
from thidua.awards.tests.factories import AwardRecordFactory, InitiativeFactory
from thidua.core.models import AuditEvent
from thidua.organisations.models import Person, Unit
from thidua.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REVOKE = {
    "decision_number": "77/QĐ-UBND",
    "decision_date": "2024-03-01",
    "ground": "fraud",
    "reason": "Kê khai thành tích sáng kiến không trung thực",
    "cash_to_recover": 3_000_000,
}


def mai():
    return Person.objects.get(full_name="Lê Thị Mai")


def certificate(**extra) -> AwardRecord:
    """A provincial certificate of Mai (TAND) for 2022, decided 15/01/2023."""
    return AwardRecordFactory(
        person=mai(), award__code="bk_tinh_cn", year=2022, decision_number="123/QĐ-UBND", **extra
    )


def revoke_api(client, record, **changes):
    return client.post(
        f"/api/v1/award-records/{record.pk}/revocation",
        {**REVOKE, **changes},
        content_type="application/json",
    )


def pay_api(client, row, amount, paid_on="2024-03-15", note=""):
    return client.post(
        f"/api/v1/award-revocations/{row.pk}/payments",
        {"amount": amount, "paid_on": paid_on, "note": note},
        content_type="application/json",
    )


def refused(response, field, text):
    assert response.status_code == 422, response.content
    assert text in " ".join(response.json()["errors"].get(field, [])) or text in response.json()["detail"], (
        response.json()
    )


# The path through the API ---------------------------------------------------------------------------


def test_api_revokes_recovers_in_instalments_and_audits(world, client_for):
    record = certificate()
    office = client_for("provincial")
    r = revoke_api(office, record)
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["record_id"] == record.pk and out["award"] == "bk_tinh_cn"
    assert out["decided_by"] == record.decided_by, "the authority that decided the award, by default"
    assert (out["cash_to_recover"], out["recovered"], out["outstanding"]) == (3_000_000, 0, 3_000_000)
    row = Revocation.objects.get(pk=out["id"])
    event = AuditEvent.objects.get(action="award_revocation.create", object_id=str(row.pk))
    assert event.actor == world.provincial and event.reason == REVOKE["reason"]

    assert pay_api(office, row, 1_000_000, note="Nộp lần 1").status_code == 201
    r = pay_api(office, row, 2_000_000, paid_on="2024-04-01")
    assert r.status_code == 201, r.content
    assert (r.json()["recovered"], r.json()["outstanding"]) == (3_000_000, 0)
    assert [p["amount"] for p in r.json()["payments"]] == [1_000_000, 2_000_000]
    assert AuditEvent.objects.filter(action="award_revocation.payment", object_id=str(row.pk)).count() == 2

    r = office.post(
        f"/api/v1/award-revocations/{row.pk}/certificate",
        {"recovered_on": "2024-03-20"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["certificate_recovered"] and r.json()["certificate_recovered_on"] == "2024-03-20"
    assert AuditEvent.objects.filter(action="award_revocation.certificate").exists()

    listed = office.get("/api/v1/award-revocations").json()
    assert [x["id"] for x in listed] == [row.pk]
    assert office.get("/api/v1/award-revocations?outstanding=true").json() == []
    # The unit's own officer sees its revocations; the Council and other units none.
    assert [x["id"] for x in client_for("officer_a").get("/api/v1/award-revocations").json()] == [row.pk]
    for who in ("council", "officer_b", "secretary", "editor"):
        assert client_for(who).get("/api/v1/award-revocations").json() == [], who


def test_cash_to_recover_defaults_to_the_awards_cash(world, client_for):
    record = certificate()
    body = {k: v for k, v in REVOKE.items() if k != "cash_to_recover"}
    r = client_for("provincial").post(
        f"/api/v1/award-records/{record.pk}/revocation", body, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    expected = service.default_cash(record)
    assert expected and r.json()["cash_to_recover"] == expected


# Bad input: a Vietnamese message, nothing written ------------------------------------------------------


def _nothing_written(before):
    assert (Revocation.objects.count(), RecoveryPayment.objects.count(), AuditEvent.objects.count()) == before


def _counts():
    return Revocation.objects.count(), RecoveryPayment.objects.count(), AuditEvent.objects.count()


def test_revoking_twice_is_refused(world, client_for):
    record = certificate()
    office = client_for("provincial")
    assert revoke_api(office, record).status_code == 201
    before = _counts()
    r = revoke_api(office, record, decision_number="78/QĐ-UBND")
    refused(r, "record", "đã bị thu hồi theo quyết định số 77/QĐ-UBND ngày 01/03/2024")
    _nothing_written(before)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"decision_date": "2022-12-31"}, "decision_date", "chưa ban hành vào ngày 31/12/2022"),
        ({"reason": "   "}, "reason", "Hãy ghi lý do thu hồi khen thưởng."),
        ({"ground": "khac"}, "ground", "Chọn căn cứ thu hồi"),
        ({"decision_number": ""}, "decision_number", "Hãy nhập số quyết định thu hồi."),
        ({"cash_to_recover": -5}, "cash_to_recover", "không thể âm"),
    ],
)
def test_bad_revocations_are_refused_in_vietnamese(world, client_for, changes, field, message):
    record = certificate()
    before = _counts()
    refused(revoke_api(client_for("provincial"), record, **changes), field, message)
    _nothing_written(before)


def test_a_revocation_dated_in_the_future_is_refused(world, client_for):
    record = certificate()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    before = _counts()
    r = revoke_api(client_for("provincial"), record, decision_date=tomorrow.isoformat())
    refused(r, "decision_date", "ở tương lai")
    _nothing_written(before)


def test_an_award_whose_decision_is_not_issued_yet_cannot_be_revoked(world, client_for):
    """A record entered ahead of its decision (dated tomorrow): nothing to revoke today."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    record = certificate(decision_date=tomorrow)
    before = _counts()
    today = timezone.localdate().isoformat()
    r = revoke_api(client_for("provincial"), record, decision_date=today)
    refused(r, "decision_date", f"chưa ban hành vào ngày {timezone.localdate():%d/%m/%Y}")
    _nothing_written(before)


def test_a_recovery_larger_than_the_cash_left_is_refused(world, client_for):
    record = certificate()
    office = client_for("provincial")
    row = Revocation.objects.get(pk=revoke_api(office, record).json()["id"])
    assert pay_api(office, row, 2_500_000).status_code == 201
    before = _counts()
    r = pay_api(office, row, 600_000)
    refused(r, "amount", "lớn hơn số còn phải thu 500.000 đồng")
    _nothing_written(before)
    refused(
        pay_api(office, row, 100, paid_on="2024-02-01"), "paid_on", "không thể trước ngày quyết định thu hồi"
    )
    _nothing_written(before)


def test_only_the_office_revokes(world, client_for):
    record = certificate()
    before = _counts()
    assert revoke_api(client_for("officer_a"), record).status_code == 403
    assert revoke_api(client_for("council"), record).status_code == 403
    assert revoke_api(client_for("officer_b"), record).status_code == 404
    assert _counts()[:2] == before[:2]  # (the refusals themselves are audited)
    assert not AuditEvent.objects.filter(action__startswith="award_revocation.").exists()


# The path through the pages ----------------------------------------------------------------------------


def test_pages_revoke_record_payments_and_show_outstanding(world, client_for):
    record = certificate()
    office = client_for("provincial")
    page = office.get(f"/khen-thuong/lich-su/{record.pk}/").content.decode()
    assert "Thu hồi khen thưởng" in page and f"/khen-thuong/lich-su/{record.pk}/thu-hoi/" in page
    form = office.get(f"/khen-thuong/lich-su/{record.pk}/thu-hoi/").content.decode()
    assert "Điều 93" in form and "Gian dối trong việc kê khai" in form

    r = office.post(
        f"/khen-thuong/lich-su/{record.pk}/thu-hoi/",
        {
            "decision_number": "77/QĐ-UBND",
            "decision_date": "01/03/2024",
            "ground": "false_records",
            "reason": "Làm giả giấy chứng nhận sáng kiến",
            "cash_to_recover": "3000000",
        },
    )
    row = Revocation.objects.get(record=record)
    assert r.status_code == 302 and r["Location"] == f"/khen-thuong/thu-hoi/{row.pk}/"
    assert row.ground == "false_records" and row.decided_by == record.decided_by

    r = office.post(
        f"/khen-thuong/thu-hoi/{row.pk}/nop-tien/", {"amount": "1000000", "paid_on": "15/03/2024"}
    )
    assert r.status_code == 302
    r = office.post(
        f"/khen-thuong/thu-hoi/{row.pk}/nop-tien/", {"amount": "5000000", "paid_on": "16/03/2024"}
    )
    assert r.status_code == 200 and "lớn hơn số còn phải thu 2.000.000 đồng" in r.content.decode()
    assert RecoveryPayment.objects.filter(revocation=row).count() == 1
    r = office.post(f"/khen-thuong/thu-hoi/{row.pk}/hien-vat/", {"recovered_on": "20/03/2024"})
    assert r.status_code == 302

    detail = office.get(f"/khen-thuong/thu-hoi/{row.pk}/").content.decode()
    assert "1.000.000 đ" in detail and "2.000.000 đ" in detail and "Đã thu hồi ngày 20/03/2024" in detail
    listing = office.get("/khen-thuong/thu-hoi/").content.decode()
    assert "3.000.000 đ" in listing and 'id="outstanding-total">2.000.000 đ' in listing

    # The award's page now shows the revocation and offers no second one.
    page = office.get(f"/khen-thuong/lich-su/{record.pk}/").content.decode()
    assert "Đã thu hồi theo QĐ số 77/QĐ-UBND ngày 01/03/2024" in page and "revoke-award" not in page
    again = office.post(
        f"/khen-thuong/lich-su/{record.pk}/thu-hoi/",
        {"decision_number": "78/QĐ", "decision_date": "02/03/2024", "ground": "fraud", "reason": "Lần hai"},
    )
    assert (
        again.status_code == 200 and "đã bị thu hồi theo quyết định số 77/QĐ-UBND" in again.content.decode()
    )
    assert Revocation.objects.filter(record=record).count() == 1


def test_page_refuses_a_missing_reason_and_a_future_date(world, client_for):
    record = certificate()
    office = client_for("provincial")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    r = office.post(
        f"/khen-thuong/lich-su/{record.pk}/thu-hoi/",
        {
            "decision_number": "77/QĐ",
            "decision_date": f"{tomorrow:%d/%m/%Y}",
            "ground": "fraud",
            "reason": "Gian dối",
        },
    )
    assert r.status_code == 200 and "ở tương lai" in r.content.decode()
    r = office.post(
        f"/khen-thuong/lich-su/{record.pk}/thu-hoi/",
        {"decision_number": "77/QĐ", "decision_date": "01/03/2024", "ground": "fraud", "reason": ""},
    )
    assert r.status_code == 200
    assert not Revocation.objects.filter(record=record).exists()


# Who still sees a revoked award ------------------------------------------------------------------------


def _revoked(world):
    record = certificate()
    service.revoke(
        actor=world.provincial,
        record=record,
        decision_number="77/QĐ-UBND",
        decision_date=dt.date(2024, 3, 1),
        ground="fraud",
        reason="Gian dối",
        cash_to_recover=0,
    )
    return record


def test_history_shows_a_revoked_award_struck_through_to_the_office_and_its_unit(world, client_for):
    record = _revoked(world)
    label = "Đã thu hồi theo QĐ số 77/QĐ-UBND ngày 01/03/2024"
    for who in ("provincial", "admin", "officer_a"):
        client = client_for(who)
        history = client.get("/khen-thuong/lich-su/?q=123/QĐ-UBND").content.decode()
        assert label in history and "revoked-record" in history, who
        person = client.get(f"/khen-thuong/xet-dieu-kien/ca-nhan/{mai().pk}/").content.decode()
        assert label in person and "<s>" in person, who
        api = client.get(f"/api/v1/award-records?person_id={mai().pk}").json()
        assert any(x["id"] == record.pk and x["revoked"] == label for x in api), who
    # The Council sees the rest of Mai's history, not the revoked award.
    council = client_for("council")
    seen = council.get("/khen-thuong/lich-su/?q=123/QĐ-UBND").content.decode()
    assert f"/khen-thuong/lich-su/{record.pk}/" not in seen and label not in seen
    assert record.pk not in [
        x["id"] for x in council.get(f"/api/v1/award-records?person_id={mai().pk}").json()
    ]
    assert council.get(f"/khen-thuong/lich-su/{record.pk}/").status_code == 404
    # An export goes to others: the revoked award is left out even for the office.
    csv = (
        client_for("provincial")
        .get("/khen-thuong/lich-su/xuat/?format=csv&q=123")
        .content.decode("utf-8-sig")
    )
    assert "123/QĐ-UBND" not in csv


def test_in_force_leaves_out_awards_revoked_on_or_before_the_day(world):
    record = _revoked(world)
    others = AwardRecord.objects.exclude(pk=record.pk).count()
    assert AwardRecord.objects.in_force(dt.date(2024, 2, 29)).filter(pk=record.pk).exists()
    assert not AwardRecord.objects.in_force(dt.date(2024, 3, 1)).filter(pk=record.pk).exists()
    assert not AwardRecord.objects.in_force().filter(pk=record.pk).exists()
    assert AwardRecord.objects.in_force().count() == others
    assert list(AwardRecord.objects.revoked()) == [record]


# Eligibility from the revocation date --------------------------------------------------------------------


def _provincial_fighter_candidate():
    """Three grassroots fighter titles 2023–2025 and a province-wide initiative: eligible for the
    provincial emulation fighter of 2025 (Law 06/2022 Art 22)."""
    person = PersonFactory(unit=Unit.objects.get(code="TAND"))
    titles = {
        y: AwardRecordFactory(person=person, award__code="cstdcs", year=y, decided_by="Chánh án TAND tỉnh")
        for y in (2023, 2024, 2025)
    }
    InitiativeFactory(person=person, year=2024, provincial=True)
    return person, titles


def _verdict(person, as_of=None):
    (v,) = facts.eligibility_for(subject=person, year=2025, award="cstd_tinh", as_of=as_of)
    return v


def test_a_revoked_prerequisite_no_longer_counts_from_the_revocation_date(world):
    person, titles = _provincial_fighter_candidate()
    assert _verdict(person).eligible, [c for c in _verdict(person).criteria if not c.passed]
    service.revoke(
        actor=world.provincial,
        record=titles[2024],
        decision_number="15/QĐ-TAND",
        decision_date=dt.date(2026, 3, 1),
        decided_by="Chánh án TAND tỉnh",
        ground="false_records",
        reason="Sáng kiến kê khai không đúng",
        cash_to_recover=0,
    )
    before = _verdict(person, as_of=dt.date(2026, 2, 28))
    assert before.eligible, "the day before the revocation the title still counts"
    on_the_day = _verdict(person, as_of=dt.date(2026, 3, 1))
    assert not on_the_day.eligible
    assert {c.code for c in on_the_day.criteria if not c.passed} == {"titles"}
    # A proposal judged now (no explicit day, as proposals are) no longer leans on it either.
    assert not _verdict(person).eligible
    many = facts.evaluate_many(person_ids=[person.pk], unit_ids=[], year=2025, awards=["cstd_tinh"])
    assert not many[0].eligible


def _fighter_2019(name_suffix: str):
    """A TAND person with grassroots fighter titles 2017–2019 and a province-wide initiative (2018)."""
    person = PersonFactory(unit=Unit.objects.get(code="TAND"), full_name=f"Nguyễn Văn Thử {name_suffix}")
    titles = {
        y: AwardRecordFactory(person=person, award__code="cstdcs", year=y, decided_by="Chánh án TAND tỉnh")
        for y in (2017, 2018, 2019)
    }
    InitiativeFactory(person=person, year=2018, provincial=True)
    return person, titles


def test_a_proposal_resting_on_a_revoked_title_is_judged_ineligible(world, client_for):
    """Through the proposals API (the path a bloc's secretary takes): the same history, one with the
    2018 grassroots title revoked in 2020, the other not."""
    kept, _ = _fighter_2019("Giữ")
    lost, titles = _fighter_2019("Mất")
    service.revoke(
        actor=world.provincial,
        record=titles[2018],
        decision_number="9/QĐ-TAND",
        decision_date=dt.date(2020, 5, 4),
        decided_by="Chánh án TAND tỉnh",
        ground="fraud",
        reason="Kê khai thành tích không trung thực",
        cash_to_recover=0,
    )
    office = client_for("provincial")
    url = "/api/v1/proposal-years/KNC/2019/proposals"
    r = office.post(url, {"award": "cstd_tinh", "person": kept.pk}, content_type="application/json")
    assert r.status_code == 201, r.content
    assert {c["code"]: c["passed"] for c in r.json()["eligibility"]}["titles"] is True
    r = office.post(url, {"award": "cstd_tinh", "person": lost.pk}, content_type="application/json")
    assert r.status_code == 422, r.content
    assert "Nguyễn Văn Thử Mất chưa đủ tiêu chuẩn" in r.json()["detail"]


def test_the_ratings_grid_no_longer_shows_a_revoked_title_as_held(world):
    from thidua.awards.services import ratings

    person = PersonFactory(unit=mai().unit, is_active=True)
    record = AwardRecordFactory(
        person=person,
        award__code="cstdcs",
        year=2022,
        decision_number="9/QĐ-TAND",
        decision_date=dt.date(2023, 1, 5),
    )
    held = {row.person.pk: set(row.titles) for row in ratings.unit_grid(person.unit, 2022)}
    assert "cstdcs" in held[person.pk]
    service.revoke(
        actor=world.provincial,
        record=record,
        decision_number="78/QĐ-UBND",
        decision_date=dt.date(2024, 3, 1),
        ground="false_records",
        reason="Hồ sơ không trung thực",
        cash_to_recover=0,
    )
    held = {row.person.pk: set(row.titles) for row in ratings.unit_grid(person.unit, 2022)}
    assert "cstdcs" not in held[person.pk]


def test_a_revocation_tells_the_public_pages_once_committed(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    heard = []
    monkeypatch.setattr(service, "call_hooks", lambda name, **kw: heard.append(name))
    with django_capture_on_commit_callbacks(execute=True):
        _revoked(world)
    assert heard == ["public_content_changed"]
