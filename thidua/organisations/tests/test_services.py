import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.accounts.tests.factories import UserFactory
from thidua.core.models import AuditEvent
from thidua.organisations import services
from thidua.organisations.models import Bloc, BlocYear, Unit
from thidua.organisations.tests.factories import (
    BlocFactory,
    BlocYearFactory,
    BlocYearMemberFactory,
    UnitFactory,
)


def units(*codes):
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    return [found[c] for c in codes]


def year(code="KNC", y=2019):
    return BlocYear.objects.get(bloc__code=code, year=y)


def messages_of(exc_info) -> str:
    return " ".join(m for msgs in exc_info.value.message_dict.values() for m in msgs)


class TestUnits:
    def test_create_writes_audit_and_first_name_record(self, world):
        unit = services.unit_create(actor=world.admin, code="sgd", name="Sở Giáo dục và Đào tạo")
        assert unit.code == "SGD"
        assert unit.name_history.count() == 1
        assert AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()

    def test_duplicate_code_is_refused_in_vietnamese(self, db):
        with pytest.raises(ValidationError) as exc:
            services.unit_create(actor=UserFactory(admin=True), code=UnitFactory().code, name="Trùng mã")
        assert "code" in exc.value.message_dict
        assert "đã tồn tại" in messages_of(exc)

    def test_bad_code_and_empty_name(self, world):
        with pytest.raises(ValidationError) as exc:
            services.unit_create(actor=world.admin, code="mã có dấu", name="X")
        assert "code" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.unit_create(actor=world.admin, code="OK1", name="   ")
        assert "name" in exc.value.message_dict

    def test_unit_officer_cannot_create_units(self, db):
        with pytest.raises(PermissionDenied):
            services.unit_create(actor=UserFactory(officer=True), code="X1", name="Đơn vị X")
        assert not Unit.objects.filter(code="X1").exists()

    def test_records_keep_the_name_valid_at_their_date(self, world):
        """THADS was renamed in 2025: its 2019 membership still shows the old name."""
        thads = Unit.objects.prefetch_related("name_history").get(code="THADS")
        assert thads.name == "Thi hành án dân sự tỉnh"
        assert thads.name_in_year(2019) == "Cục Thi hành án dân sự tỉnh"
        assert thads.name_on(dt.date(2025, 3, 1)) == "Thi hành án dân sự tỉnh"

    def test_rename_must_come_after_current_name(self, world):
        tand = units("TAND")[0]
        with pytest.raises(ValidationError):
            services.unit_rename(
                actor=world.admin, unit=tand, new_name="Tên mới", effective_on=dt.date(2000, 1, 1)
            )
        assert Unit.objects.get(code="TAND").name == "Tòa án nhân dân tỉnh"

    def test_merge_ends_units_and_points_to_successor(self, world):
        stc, sct = units("STC", "SCT")
        # Economy units are members in the current year; remove SCT there first as it is merged.
        by = BlocYear.objects.get(bloc__code="KKT")
        by = services.bloc_year_set_leadership(actor=world.admin, bloc_year=by, leader=stc, deputy=None)
        services.bloc_year_remove_member(actor=world.admin, bloc_year=by, unit=sct)
        services.unit_merge(actor=world.admin, units=[sct], into=stc, effective_on=dt.date(2025, 7, 1))
        sct.refresh_from_db()
        assert sct.dissolved_on == dt.date(2025, 6, 30)
        assert sct.successor == stc
        assert sct.name_history.get(valid_to__isnull=False).end_event == "merged"


class TestBlocYears:
    def test_leader_and_deputy_must_be_members_and_different(self, world):
        by = year()
        outsider = units("STC")[0]
        with pytest.raises(ValidationError) as exc:
            services.bloc_year_set_leadership(actor=world.admin, bloc_year=by, leader=outsider, deputy=None)
        assert "leader" in exc.value.message_dict
        tand = units("TAND")[0]
        with pytest.raises(ValidationError) as exc:
            services.bloc_year_set_leadership(actor=world.admin, bloc_year=by, leader=tand, deputy=tand)
        assert "deputy" in exc.value.message_dict
        assert year().leader.code == "THADS"

    def test_unit_in_one_bloc_of_same_organiser_per_year(self, db):
        member = BlocYearMemberFactory(
            bloc_year__year=2019, bloc_year__bloc__name="Khối thi đua các cơ quan Nội chính tỉnh"
        )
        other = BlocFactory(name="Khối Văn hóa – Xã hội")
        with pytest.raises(ValidationError) as exc:
            services.bloc_year_create(
                actor=UserFactory(admin=True), bloc=other, year=2019, units=[member.unit, UnitFactory()]
            )
        assert "Khối thi đua các cơ quan Nội chính tỉnh" in messages_of(exc)
        assert not BlocYear.objects.filter(bloc=other).exists()

    def test_database_also_refuses_double_membership(self, db):
        from django.db import IntegrityError, transaction

        member = BlocYearMemberFactory(bloc_year__year=2019)
        by = BlocYearFactory(year=2019)  # another bloc of the same organiser
        with pytest.raises(IntegrityError), transaction.atomic():
            BlocYearMemberFactory(bloc_year=by, unit=member.unit)

    def test_other_organiser_may_hold_the_same_unit(self, db):
        member = BlocYearMemberFactory(bloc_year__year=2019)
        ministry = BlocFactory(cluster=True, name="Cụm thi đua THADS miền Bắc", organiser="Bộ Tư pháp")
        by = services.bloc_year_create(
            actor=UserFactory(admin=True), bloc=ministry, year=2019, units=[member.unit]
        )
        assert by.members.count() == 1

    def test_dissolved_unit_cannot_join_a_later_year(self, world):
        ttr = units("TTR")[0]
        bloc = Bloc.objects.get(code="KNC")
        for by in BlocYear.objects.filter(bloc=bloc, year__gt=2019):
            services.bloc_year_remove_member(actor=world.admin, bloc_year=by, unit=ttr)
        ttr = services.unit_dissolve(actor=world.admin, unit=ttr, effective_on=dt.date(2025, 6, 30))
        other = services.bloc_create(actor=world.admin, code="KVX", name="Khối Văn hóa – Xã hội")
        with pytest.raises(ValidationError) as exc:
            services.bloc_year_create(actor=world.admin, bloc=other, year=2026, units=[ttr])
        assert "giải thể" in messages_of(exc)

    def test_duplicate_year(self, world):
        with pytest.raises(ValidationError) as exc:
            services.bloc_year_create(
                actor=world.admin, bloc=Bloc.objects.get(code="KNC"), year=2019, units=[]
            )
        assert "year" in exc.value.message_dict


def without_election() -> BlocYear:
    """2019 as if its conference had not voted on the next leader (the demo's did: Sở Nội vụ)."""
    BlocYear.objects.filter(pk=year().pk).update(elected_next_leader=None, elected_next_deputy=None)
    return year()


@pytest.mark.usefixtures("before_2020")
class TestRotation:
    def test_start_next_proposes_next_in_rotation_and_keeps_leader_acting(self, world):
        new = services.bloc_year_start_next(actor=world.secretary, bloc_year=without_election())
        assert new.year == 2020
        assert new.members.count() == 8
        assert new.leader is None
        assert new.acting_leader.code == "THADS"
        assert new.proposed_leader.code == "SNV"
        assert new.proposed_deputy.code == "TAND"
        assert new.effective_leader.code == "THADS"

    def test_confirm_hands_over_to_the_new_leader(self, world):
        new = services.bloc_year_start_next(actor=world.secretary, bloc_year=without_election())
        services.bloc_year_confirm_leadership(actor=world.secretary, bloc_year=new)
        new.refresh_from_db()
        assert new.leader.code == "SNV"
        assert new.deputy.code == "TAND"
        # Rights follow the year: the 2019 secretary (THADS) can no longer run 2020.
        from thidua.organisations.permissions import can_manage_bloc_year

        assert not can_manage_bloc_year(world.secretary, new)
        assert can_manage_bloc_year(world.secretary_snv, new)

    def test_elected_leader_is_set_directly(self, world):
        by = year()
        services.bloc_year_record_election(
            actor=world.secretary, bloc_year=by, next_leader=units("VKSND")[0], next_deputy=units("CA")[0]
        )
        new = services.bloc_year_start_next(actor=world.secretary, bloc_year=by)
        assert new.leader.code == "VKSND"
        assert new.deputy.code == "CA"
        assert new.leader_source == "conference"

    def test_rotation_skips_dissolved_units(self, world):
        bloc = Bloc.objects.get(code="KNC")
        snv = units("SNV")[0]
        for by in BlocYear.objects.filter(bloc=bloc, year__gt=2019):
            by = services.bloc_year_set_leadership(
                actor=world.admin, bloc_year=by, leader=units("TAND")[0], deputy=None
            )
            services.bloc_year_remove_member(actor=world.admin, bloc_year=by, unit=snv)
        y2019 = year()
        y2019 = services.bloc_year_set_leadership(
            actor=world.admin, bloc_year=y2019, leader=units("THADS")[0], deputy=None
        )
        services.unit_dissolve(actor=world.admin, unit=snv, effective_on=dt.date(2019, 12, 31))
        new = services.bloc_year_start_next(actor=world.secretary, bloc_year=y2019)
        assert new.proposed_leader.code == "TAND"
        assert new.members.count() == 7

    def test_only_the_leader_secretariat_starts_the_next_year(self, world):
        with pytest.raises(PermissionDenied):
            services.bloc_year_start_next(actor=world.officer_a, bloc_year=year())
        with pytest.raises(PermissionDenied):
            services.bloc_year_start_next(actor=world.secretary_snv, bloc_year=year())
        assert not BlocYear.objects.filter(bloc__code="KNC", year=2020).exists()

    def test_starting_twice_is_refused(self, world):
        services.bloc_year_start_next(actor=world.secretary, bloc_year=year())
        with pytest.raises(ValidationError):
            services.bloc_year_start_next(actor=world.secretary, bloc_year=year())


class TestPeople:
    def test_officer_edits_only_own_unit(self, db):
        officer_a, officer_b = UserFactory(officer=True), UserFactory(officer=True)
        person = services.person_create(
            actor=officer_a, full_name="Nguyễn Văn A", gender="nam", unit=officer_a.unit
        )
        with pytest.raises(PermissionDenied):
            services.person_create(actor=officer_a, full_name="Trần B", gender="nu", unit=officer_b.unit)
        with pytest.raises(PermissionDenied):
            services.person_update(actor=officer_b, person=person, data={"position": "X"})

    def test_bad_input_names_the_field(self, db):
        admin, unit = UserFactory(admin=True), UnitFactory()
        with pytest.raises(ValidationError) as exc:
            services.person_create(actor=admin, full_name="", gender="nam", unit=unit)
        assert "full_name" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.person_create(
                actor=admin, full_name="Ai Đó", gender="nam", unit=unit, birth_date=dt.date(2999, 1, 1)
            )
        assert "birth_date" in exc.value.message_dict


def test_every_service_change_is_audited(before_2020, world):
    before = AuditEvent.objects.count()
    services.bloc_year_start_next(actor=world.secretary, bloc_year=year())
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "bloc_year.start_next"
    assert event.actor == world.secretary
    assert event.after["members"]


def test_audit_refuses_to_run_outside_a_transaction(world):
    # pytest-django wraps each test in a transaction, so simulate the bare case with autocommit.
    from django.db import transaction

    from thidua.core.audit import audit

    conn = transaction.get_connection()
    saved = conn.in_atomic_block
    conn.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError):
            audit(actor=world.admin, action="x", obj=world.admin)
    finally:
        conn.in_atomic_block = saved
