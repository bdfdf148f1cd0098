"""The register behind forms 0604.N and 0605.N: only the provincial office and the administrator
change it, every change is audited, bad input changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.accounts.tests.factories import UserFactory
from thidua.core.models import AuditEvent
from thidua.statistics import services_org
from thidua.statistics.models import EmulationCouncil, EmulationStaff

COUNCIL = {
    "name": "Hội đồng Thi đua – Khen thưởng tỉnh",
    "level": "province",
    "members": 15,
    "women_members": 4,
    "decision_ref": "12/QĐ-UBND",
    "established_on": dt.date(2021, 3, 1),
}
STAFF = {
    "full_name": "Trần Thị Lan",
    "is_female": True,
    "position": "leader",
    "training": "university",
    "started_on": dt.date(2020, 1, 1),
}


@pytest.mark.django_db
@pytest.mark.parametrize("trait", ["provincial", "admin"])
def test_office_and_admin_create_and_update_with_audit(trait):
    actor = UserFactory(**{trait: True})
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    council = services_org.council_create(actor=actor, **COUNCIL)
    services_org.council_update(actor=actor, council=council, members=17, dissolved_on=dt.date(2025, 6, 30))
    council.refresh_from_db()
    assert (council.members, council.women_members, council.dissolved_on) == (17, 4, dt.date(2025, 6, 30))
    staff = services_org.staff_create(actor=actor, **STAFF)
    services_org.staff_update(actor=actor, staff=staff, training="postgraduate")
    assert EmulationStaff.objects.get(pk=staff.pk).training == "postgraduate"
    actions = list(AuditEvent.objects.filter(id__gt=last).order_by("id").values_list("action", flat=True))
    assert actions == [
        "emulation_council.create",
        "emulation_council.update",
        "emulation_staff.create",
        "emulation_staff.update",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("trait", ["officer", "council", "editor"])
def test_others_are_refused(trait):
    actor = UserFactory(**{trait: True})
    before = EmulationCouncil.objects.count(), EmulationStaff.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services_org.council_create(actor=actor, **COUNCIL)
    with pytest.raises(PermissionDenied):
        services_org.staff_create(actor=actor, **STAFF)
    assert (
        EmulationCouncil.objects.count(),
        EmulationStaff.objects.count(),
        AuditEvent.objects.count(),
    ) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field",
    [
        ({"name": " "}, "name"),
        ({"level": "galaxy"}, "level"),
        ({"women_members": 20}, "women_members"),
        ({"members": -1}, "members"),
        ({"established_on": None}, "established_on"),
        ({"dissolved_on": dt.date(2020, 1, 1)}, "dissolved_on"),
        ({"name": "x" * 300}, "name"),
    ],
)
def test_bad_council_input_changes_nothing(change, field):
    actor = UserFactory(provincial=True)
    before = EmulationCouncil.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services_org.council_create(actor=actor, **{**COUNCIL, **change})
    assert field in exc.value.message_dict
    assert (EmulationCouncil.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_bad_staff_update_changes_nothing():
    actor = UserFactory(provincial=True)
    staff = services_org.staff_create(actor=actor, **STAFF)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services_org.staff_update(actor=actor, staff=staff, ended_on=dt.date(2019, 1, 1))
    assert "ended_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services_org.staff_update(actor=actor, staff=staff, position="boss")
    staff.refresh_from_db()
    assert staff.ended_on is None and staff.position == "leader"
    assert AuditEvent.objects.count() == events
