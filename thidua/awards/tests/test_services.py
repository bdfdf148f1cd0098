"""Rule packs as data, base salary and cash, quotas and Council thresholds, history writes."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.accounts.tests.factories import UserFactory
from thidua.awards import leaders, quotas, services
from thidua.awards.facts import eligibility_for, pack_for_year
from thidua.awards.models import Award, AwardRecord, RuleEntry, RulePack
from thidua.awards.tests.factories import PerformanceRatingFactory, SubjectFlagFactory
from thidua.core.models import AuditEvent
from thidua.organisations.models import Unit
from thidua.organisations.tests.factories import BlocYearFactory, PersonFactory, UnitFactory


def award(code):
    return Award.objects.get(code=code)


class TestPacks:
    def test_three_packs_cover_their_periods(self, db):
        assert pack_for_year(2019).code == "luat-2003-nd-91-2017"
        assert pack_for_year(2023).code == "luat-2003-nd-91-2017"
        assert pack_for_year(2024).code == "luat-06-2022-nd-98-2023"
        assert pack_for_year(2025).code == "luat-06-2022-nd-152-2025", "judged on 31/12/2025"
        with pytest.raises(ValidationError) as exc:
            pack_for_year(2010)
        assert "Chưa có bộ quy tắc" in str(exc.value)

    def test_copy_to_law_06_2026_closes_the_previous_pack_and_judges_later_years(self, world):
        old = RulePack.objects.get(code="luat-06-2022-nd-152-2025")
        new = services.rule_pack_copy(
            actor=world.admin,
            pack=old,
            code="luat-06-2026",
            name="Luật 06/2026/QH16",
            effective_from=dt.date(2026, 10, 1),
        )
        old.refresh_from_db()
        assert old.effective_to == dt.date(2026, 9, 30)
        assert new.entries.count() == old.entries.count()
        assert pack_for_year(2026) == new
        entry = RuleEntry.objects.get(pack=new, award__code="ttldtt")
        services.rule_entry_update(
            actor=world.admin, entry=entry, data={"params": {**entry.params, "member_share": "4/5"}}
        )
        assert "80%" in next(
            c.label
            for c in eligibility_for(subject=Unit.objects.get(code="TAND"), year=2026, award="ttldtt")[
                0
            ].criteria
            if c.code == "members_advanced"
        )
        assert AuditEvent.objects.filter(action="rule_pack.copy").exists()

    def test_copy_refuses_an_earlier_date_and_a_bad_code(self, world):
        pack = RulePack.objects.get(code="luat-06-2022-nd-152-2025")
        with pytest.raises(ValidationError) as exc:
            services.rule_pack_copy(
                actor=world.admin, pack=pack, code="x-2025", name="X", effective_from=dt.date(2025, 1, 1)
            )
        assert "effective_from" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.rule_pack_copy(
                actor=world.admin, pack=pack, code="Mã có dấu", name="X", effective_from=dt.date(2027, 1, 1)
            )
        assert "code" in exc.value.message_dict

    def test_officers_cannot_edit_rules(self, world):
        pack = RulePack.objects.first()
        with pytest.raises(PermissionDenied):
            services.rule_pack_update(actor=world.officer_a, pack=pack, data={"name": "X"})
        with pytest.raises(PermissionDenied):
            services.rule_entry_update(actor=world.council, entry=pack.entries.first(), data={"article": "X"})

    def test_bad_parameters_are_refused(self, world):
        pack = RulePack.objects.get(code="luat-06-2022-nd-152-2025")
        with pytest.raises(ValidationError):
            services.rule_pack_update(
                actor=world.admin, pack=pack, data={"params": {"gov_flag_quota_ratio": "3/2"}}
            )
        entry = pack.entries.get(award__code="co_tinh")
        with pytest.raises(ValidationError):
            services.rule_entry_update(actor=world.admin, entry=entry, data={"council_ratio": "abc"})
        with pytest.raises(ValidationError):
            services.rule_entry_update(actor=world.admin, entry=entry, data={"params": {"min_rating": "XYZ"}})


class TestCash:
    def test_coefficient_times_base_salary_on_the_decision_date_rounded_up(self, db):
        # Decree 91/2017 Art 68.2: 0.3 × 1,490,000 = 447,000 → 450,000
        c = quotas.cash_amount(award=award("ldtt"), decision_date=dt.date(2020, 1, 10))
        assert (c.coefficient, c.base_salary, c.amount) == (Decimal("0.30"), 1_490_000, 450_000)
        # Decree 98/2023 Art 53.2: individual provincial certificate 1.5 × 2,340,000
        c = quotas.cash_amount(award=award("bk_tinh_cn"), decision_date=dt.date(2025, 2, 1))
        assert c.amount == 3_510_000
        # the 2019 regime paid 1.0 for the same certificate
        assert (
            quotas.cash_amount(award=award("bk_tinh_cn"), decision_date=dt.date(2019, 8, 1)).amount
            == 1_490_000
        )
        assert (
            quotas.cash_amount(award=award("co_cp"), decision_date=dt.date(2026, 7, 1)).base_salary
            == 2_530_000
        )

    def test_rounding_mode_is_a_setting(self, world):
        pack = RulePack.objects.get(code="luat-2003-nd-91-2017")
        services.rule_pack_update(actor=world.admin, pack=pack, data={"params": {"cash_rounding": "none"}})
        assert quotas.cash_amount(award=award("ldtt"), decision_date=dt.date(2020, 1, 10)).amount == 447_000

    def test_new_base_salary_is_used_from_its_date(self, world):
        services.base_salary_create(
            actor=world.provincial, effective_from=dt.date(2027, 7, 1), amount=2_700_000
        )
        assert quotas.base_salary_on(dt.date(2027, 8, 1)).amount == 2_700_000
        with pytest.raises(ValidationError):
            services.base_salary_create(
                actor=world.provincial, effective_from=dt.date(2027, 7, 1), amount=2_800_000
            )
        with pytest.raises(PermissionDenied):
            services.base_salary_create(
                actor=world.officer_a, effective_from=dt.date(2028, 7, 1), amount=2_800_000
            )


class TestQuotas:
    def test_moha_5007_government_flags_at_most_20_percent_of_bloc_leaders(self, world, monkeypatch):
        """Law 06/2022 Art 25.1: the basis is the units that LED their blocs' emulation (found by
        the published ranking), not the blocs' chairs: the current year has two chairs but no
        published ranking yet, so no leader; two leaders → ⌊0.4⌋ = 0, or 1 rounded up."""
        year = world.ctx["current_year"]
        q = quotas.government_flag_quota(year=year)
        assert q.basis == "bloc_leaders" and q.basis_count == 0 and q.quota == 0
        units = list(Unit.objects.filter(code__in=["SNV", "STC"]).values_list("pk", flat=True))
        monkeypatch.setattr(
            leaders,
            "emulation_leaders",
            lambda *, year: {(u, year): leaders.Lead(u, "Khối", "Xếp thứ nhất") for u in units},
        )
        assert quotas.government_flag_quota(year=year).basis_count == 2
        pack = pack_for_year(year)
        services.rule_pack_update(
            actor=world.admin, pack=pack, data={"params": {"gov_flag_quota_rounding": "ceil"}}
        )
        assert quotas.government_flag_quota(year=year).quota == 1

    def test_decree91_art11_1_government_flags_from_collectives_meeting_provincial_flag_standard(self, world):
        assert quotas.government_flag_quota(year=2019).basis_count == 8
        services.rating_set(
            actor=world.provincial, unit=Unit.objects.get(code="TTR"), year=2019, rating="HTT"
        )
        q = quotas.government_flag_quota(year=2019)
        assert q.basis == "provincial_flag_standard"
        assert q.basis_count == 7, "TTR no longer meets the provincial-flag standard"
        assert q.quota == 1

    def test_provincial_flags_per_bloc_come_from_bloc_settings(self, db):
        by = BlocYearFactory(year=2019, settings={"provincial_flags": 3})
        assert quotas.provincial_flag_quota(bloc_year=by) == 3

    def test_decree98_art30_7_council_thresholds_of_all_members(self, db):
        assert quotas.council_threshold(award=award("cstd_tinh"), year=2024)[0] == Fraction(9, 10)
        assert quotas.council_threshold(award=award("co_cp"), year=2025)[0] == Fraction(4, 5)
        assert quotas.council_threshold(award=award("ldtt"), year=2025)[0] is None
        # 9 of 11 members = 81.8%: enough for a flag, not for a provincial fighter
        assert quotas.council_approves(award=award("co_tinh"), year=2025, votes_for=9, council_size=11)
        assert not quotas.council_approves(award=award("cstd_tinh"), year=2025, votes_for=9, council_size=11)
        assert quotas.council_approves(award=award("cstd_tinh"), year=2025, votes_for=10, council_size=11)
        with pytest.raises(ValidationError):
            quotas.council_approves(award=award("co_tinh"), year=2025, votes_for=12, council_size=11)


class TestHistoryWrites:
    def test_record_create_refuses_duplicates_and_wrong_subject(self, db):
        provincial, tand = UserFactory(provincial=True), UnitFactory()
        services.award_record_create(
            actor=provincial,
            award=award("co_tinh"),
            unit=tand,
            year=2021,
            decision_number="9/QĐ",
            decision_date=dt.date(2022, 1, 5),
        )
        with pytest.raises(ValidationError) as exc:
            services.award_record_create(
                actor=provincial,
                award=award("co_tinh"),
                unit=tand,
                year=2021,
                decision_number="9/QĐ",
                decision_date=dt.date(2022, 1, 5),
            )
        assert "Trùng quyết định" in str(exc.value)
        with pytest.raises(ValidationError):
            services.award_record_create(
                actor=provincial,
                award=award("ldtt"),
                unit=tand,
                year=2021,
                decision_number="10/QĐ",
                decision_date=dt.date(2022, 1, 5),
            )
        assert AwardRecord.objects.filter(decision_number="9/QĐ").count() == 1

    def test_open_investigation_blocks_and_closing_it_unblocks(self, db):
        year = 2025
        tai = PersonFactory(full_name="Phan Văn Tài")
        PerformanceRatingFactory(person=tai, year=year, rating="HTT")
        flag = SubjectFlagFactory(person=tai, investigation=True, started_on=dt.date(year, 3, 1))
        (v,) = eligibility_for(subject=tai, year=year, award="ldtt")
        assert not v.eligible and v.criteria[0].code == "not_blocked"
        services.flag_close(actor=UserFactory(provincial=True), flag=flag, ended_on=dt.date(year, 10, 1))
        (v,) = eligibility_for(subject=tai, year=year, award="ldtt")
        assert v.eligible
