"""The public award register, the record page a certificate's QR code opens, and the consent
rule (issues 14 and 20): a collective's award is public; an individual's only with their
publication consent — without it the register never lists it and no page or API prints the name;
a revoked award leaves the register and its record page says it was revoked, nothing more."""

import datetime as dt
import re

import pytest
import segno
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.tests.factories import UserFactory
from thidua.awards.models import AwardRecord
from thidua.awards.models.revocation import Revocation, RevocationGround
from thidua.awards.services import revocation
from thidua.core.models import AuditEvent
from thidua.organisations import services as organisations
from thidua.organisations.models import Person
from thidua.organisations.tests.factories import PersonFactory, UnitFactory
from thidua.portal import cache, public_awards
from thidua.proposals.models import DecisionItem
from thidua.proposals.tests.factories import DecisionFactory, ProposalFactory

pytestmark = pytest.mark.django_db

CONSENTING = "Lương Đồng Ý"
SECRET = "Quách Kín Đáo"
UNIT = "Trung tâm Công khai Thử nghiệm"
REVOKED_UNIT = "Ban Thu hồi Thử nghiệm"


@pytest.fixture
def awards():
    """Four decided awards of 2024 (decision 15/01/2025): a collective, a consenting person, a
    person without consent, and a collective whose award was revoked yesterday."""
    unit = UnitFactory(name=UNIT)
    consenting = PersonFactory(full_name=CONSENTING, publication_consent=True)
    secret = PersonFactory(full_name=SECRET)
    revoked_unit = UnitFactory(name=REVOKED_UNIT)
    proposals = {
        "collective": ProposalFactory(unit=unit, approved=True),
        "consenting": ProposalFactory(person=consenting, approved=True),
        "secret": ProposalFactory(person=secret, approved=True),
        "revoked": ProposalFactory(unit=revoked_unit, approved=True),
    }
    decision = DecisionFactory(number="9871/QĐ-UBND", proposals=list(proposals.values()))
    items = {key: p.decision_item for key, p in proposals.items()}
    Revocation.objects.create(
        record=AwardRecord.objects.get(pk=items["revoked"].award_record_id),
        decision_number="55/QĐ-UBND",
        decision_date=timezone.localdate() - dt.timedelta(days=1),
        decided_by="Ủy ban nhân dân tỉnh",
        ground=RevocationGround.FRAUD,
        reason="Kê khai thành tích không trung thực",
    )
    return {"decision": decision, "items": items, "secret": secret, "consenting": consenting}


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _table(page: str) -> str:
    """The register's table (the search box above it repeats the query)."""
    return re.search(r'<table[^>]*id="register".*?</table>', page, re.S).group(0)


def test_register_lists_collectives_and_consenting_people_only(awards, client):
    page = _page(client, "/tra-cuu-khen-thuong/?q=9871")
    assert UNIT in page and CONSENTING in page
    assert SECRET not in page  # not listed at all, not even without the name
    assert REVOKED_UNIT not in page  # revoked yesterday: out of the register
    assert page.count("9871/QĐ-UBND") == 2
    # A search by the non-consenting person's name finds nothing.
    for query in (SECRET, "quach kin dao", "Kín"):
        assert SECRET not in _table(_page(client, f"/tra-cuu-khen-thuong/?q={query}"))
    assert "Tìm thấy 0 khen thưởng" in _page(client, "/tra-cuu-khen-thuong/?q=quach kin dao")


def test_register_api_follows_the_same_rule(awards, client):
    rows = client.get("/api/v1/portal/awards?q=9871").json()
    subjects = " ".join(r["subject"] for r in rows)
    assert len(rows) == 2 and UNIT in subjects and CONSENTING in subjects
    assert SECRET not in str(rows) and REVOKED_UNIT not in str(rows)
    assert client.get(f"/api/v1/portal/awards?q={SECRET}").json() == []
    # Each listed award links to its record page by the certificate code.
    code = awards["items"]["collective"].certificate_code
    assert any(r["url"] == f"/tra-cuu-khen-thuong/{code}/" for r in rows)


def test_consent_given_later_brings_the_person_in_with_an_audit_record(awards, client):
    provincial = UserFactory(provincial=True)
    assert SECRET not in _page(client, "/tra-cuu-khen-thuong/?q=9871")
    organisations.person_update(actor=provincial, person=awards["secret"], data={"publication_consent": True})
    assert SECRET in _page(client, "/tra-cuu-khen-thuong/?q=9871")
    event = AuditEvent.objects.filter(action="person.publication_consent").latest("id")
    assert event.before == {"publication_consent": False} and event.after == {"publication_consent": True}


def test_record_page_shows_the_award_and_the_name_only_with_consent(awards, client):
    items = awards["items"]
    page = _page(client, f"/tra-cuu-khen-thuong/{items['consenting'].certificate_code}/")
    assert CONSENTING in page and "9871/QĐ-UBND" in page and "15/01/2025" in page
    assert "Ủy ban nhân dân tỉnh" in page and 'id="record-valid"' in page

    page = _page(client, f"/tra-cuu-khen-thuong/{items['secret'].certificate_code}/")
    assert SECRET not in page and "không công bố" in page
    assert "9871/QĐ-UBND" in page  # the certificate is genuine: award and decision are confirmed

    api = client.get(f"/api/v1/portal/awards/{items['secret'].certificate_code}").json()
    assert SECRET not in str(api) and api["subject_hidden"] is True and api["revoked"] is False


def test_revoked_award_page_says_revoked_and_nothing_else(awards, client):
    code = awards["items"]["revoked"].certificate_code
    page = _page(client, f"/tra-cuu-khen-thuong/{code}/")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert "đã bị thu hồi" in page and f"từ ngày {yesterday:%d/%m/%Y}" in page
    assert REVOKED_UNIT not in page and "9871/QĐ-UBND" not in page and 'id="record"' not in page
    api = client.get(f"/api/v1/portal/awards/{code}").json()
    assert api["revoked"] is True and api["subject"] == "" and api["decision_number"] == ""


def test_unknown_code_is_404(client):
    assert client.get("/tra-cuu-khen-thuong/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert client.get("/api/v1/portal/awards/00000000-0000-4000-8000-000000000000").status_code == 404


def test_certificate_qr_opens_the_public_record_page(awards, client):
    item = awards["items"]["secret"]
    office = Client()
    office.force_login(UserFactory(provincial=True))
    page = _page(office, item.get_absolute_url())
    expected = f"http://testserver/tra-cuu-khen-thuong/{item.certificate_code}/"
    assert f'data-url="{expected}"' in page
    # The printed symbol is the QR code of exactly that address.
    drawn = re.search(r'<div class="qr" id="certificate-qr"[^>]*>(<svg.*?</svg>)', page, re.S).group(1)
    wanted = segno.make(expected, error="m").svg_inline(scale=3, border=2, omitsize=True, title="x")
    path = re.compile(r' d="([^"]+)"')
    assert path.search(drawn).group(1) == path.search(wanted).group(1)
    # And the address it encodes opens the record page, which keeps the person's name private.
    record = _page(client, expected.removeprefix("http://testserver"))
    assert SECRET not in record and "9871/QĐ-UBND" in record


def test_navigation_links_the_public_pages(client):
    page = _page(client, "/")
    assert 'href="/tra-cuu-khen-thuong/"' in page and 'href="/thong-ke-khen-thuong/"' in page


def test_demo_people_follow_their_consent_everywhere(world, client):
    """Over the demo: every person with an award in force is found by name in the register (page
    and API) exactly when they consented; some demo people consent, some do not."""
    people = Person.objects.filter(pk__in=AwardRecord.objects.in_force().values("person_id"))
    consenting = [p for p in people if p.publication_consent]
    assert consenting and len(consenting) < len(people)
    for person in people:
        rows = client.get("/api/v1/portal/awards", {"q": person.full_name, "page_size": 100}).json()
        listed = any(person.full_name in r["subject"] for r in rows)
        table = _table(_page(client, f"/tra-cuu-khen-thuong/?q={person.full_name}"))
        assert listed is person.publication_consent, person.full_name
        assert (person.full_name in table) is person.publication_consent, person.full_name
        if not person.publication_consent:
            assert person.full_name not in str(
                client.get("/api/v1/open-statistics/awards?group_by=bloc").json()
            )


def test_results_page_lists_decided_awards_under_the_register_rules(awards):
    """The published results page of a bloc year lists its decided awards (``results_for``) under
    the register's rules: a person's only with consent, a revoked award not at all; each links to
    its record page."""
    listed = {}
    for key, item in awards["items"].items():
        listed[key] = public_awards.decided_for_bloc_year(bloc_year=item.proposal.bloc_year)
    assert [a["subject"] for a in listed["collective"]] == [UNIT]
    assert (
        listed["collective"][0]["url"]
        == f"/tra-cuu-khen-thuong/{awards['items']['collective'].certificate_code}/"
    )
    assert len(listed["consenting"]) == 1 and CONSENTING in listed["consenting"][0]["subject"]
    assert listed["secret"] == [] and listed["revoked"] == []


def test_consent_is_edited_in_the_person_form_and_the_api(world, client_for):
    """The unit's officer records the consent (page or API); each change is audited once."""
    person = Person.objects.filter(unit__code="TAND", publication_consent=False).first()
    officer = client_for("officer_a")
    response = officer.patch(
        f"/api/v1/people/{person.pk}", {"publication_consent": True}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["publication_consent"] is True
    detail = officer.get(reverse("organisations:person_detail", args=[person.pk])).content.decode()
    assert "Đồng ý công bố trên cổng thông tin" in detail
    edit_url = reverse("organisations:person_edit", args=[person.pk])
    form = officer.get(edit_url).content.decode()
    assert 'name="publication_consent"' in form
    data = {
        "full_name": person.full_name,
        "gender": person.gender,
        "unit": person.unit_id,
        "position": person.position,
        "is_active": "on",
    }  # the box unticked: consent withdrawn
    assert officer.post(edit_url, data).status_code == 302
    person.refresh_from_db()
    assert person.publication_consent is False
    events = AuditEvent.objects.filter(action="person.publication_consent", object_id=str(person.pk))
    assert [e.after["publication_consent"] for e in events.order_by("id")] == [True, False]


def test_a_revocation_through_the_office_reaches_every_public_answer(world, client):
    """The office revokes a demo award (awards' revocation service): from that day its record page
    says revoked, the register leaves it out and the open statistics count one award fewer."""
    item = DecisionItem.objects.filter(award_record_id__isnull=False).order_by("id").first()
    record = AwardRecord.objects.get(pk=item.award_record_id)
    stats = client.get("/api/v1/open-statistics/awards?group_by=year").json()
    before = next(r["total"] for r in stats["rows"] if r["key"] == str(record.year))
    assert "đã bị thu hồi" not in _page(client, f"/tra-cuu-khen-thuong/{item.certificate_code}/")
    assert record.decision_number in _table(
        _page(client, f"/tra-cuu-khen-thuong/?q={record.decision_number}")
    )

    revocation.revoke(
        actor=world.provincial,
        record=record,
        decision_number="77/QĐ-UBND",
        decision_date=timezone.localdate(),
        ground=RevocationGround.FALSE_RECORDS,
        reason="Hồ sơ đề nghị khen thưởng không đúng sự thật",
    )
    assert "đã bị thu hồi" in _page(client, f"/tra-cuu-khen-thuong/{item.certificate_code}/")
    rows = client.get("/api/v1/portal/awards", {"q": record.decision_number, "page_size": 100}).json()
    assert all(r["url"] != f"/tra-cuu-khen-thuong/{item.certificate_code}/" for r in rows)
    cache.clear()  # statistics are cached for up to PORTAL_PAGE_TTL seconds
    stats = client.get("/api/v1/open-statistics/awards?group_by=year").json()
    assert next(r["total"] for r in stats["rows"] if r["key"] == str(record.year)) == before - 1


def test_exemplary_model_pages_leave_revoked_awards_out(awards):
    ids = [item.award_record_id for item in awards["items"].values()]
    kept = public_awards.without_revoked(AwardRecord.objects.filter(pk__in=ids))
    assert sorted(r.pk for r in kept) == sorted(ids[:3])  # the fourth, revoked yesterday, is out
