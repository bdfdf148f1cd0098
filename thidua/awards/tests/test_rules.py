"""One example per legal rule, named after its article, for each regime where the rules differ.

Facts are built in memory; the rule packs come from the reference data installed by migration,
so a test also checks that the pack for the year cites the article."""

import pytest

from thidua.awards.choices import DisciplineLevel, FlagKind
from thidua.awards.facts import eligibility_for
from thidua.awards.tests.factories import AwardRecordFactory, PerformanceRatingFactory
from thidua.awards.tests.helpers import P, U, d, facts, failed, rate, title, verdict
from thidua.organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_law2022_art24_advanced_worker_needs_htt():
    f = facts()
    rate(f, P, [2024], "HTT")
    v = verdict(f, 2024, "ldtt")
    assert v.eligible and "Điều 24" in v.criteria[-1].article
    rate(f, P, [2024], "HT")
    assert failed(verdict(f, 2024, "ldtt")) == {"rating"}


def test_law2003_art24_advanced_worker_in_2019_regime():
    f = facts()
    rate(f, P, [2019], "HTT")
    v = verdict(f, 2019, "ldtt")
    assert v.eligible and v.pack == "luat-2003-nd-91-2017" and "2003" in v.criteria[-1].article


def test_law2022_art23_grassroots_fighter_htxs_or_initiative_no_cap():
    f = facts()
    rate(f, P, [2024], "HTT")
    assert failed(verdict(f, 2024, "cstdcs")) == {"excellence"}
    f.initiatives[P].append((2024, 1))
    v = verdict(f, 2024, "cstdcs")
    assert v.eligible
    assert "cap" not in {c.code for c in v.criteria}, "no percentage cap since 2024"


def test_decree91_art9_3_grassroots_fighters_capped_at_15_percent_of_advanced_workers():
    f = facts(unit_members=9)  # 10 people
    for m in f.members[10]:
        rate(f, ("p", m), [2019], "HTXS")
    f.initiatives[P].append((2019, 1))  # 2019 regime: an initiative is required (Art 9.3.b)
    v = verdict(f, 2019, "cstdcs")
    assert v.eligible, "10 advanced workers → at most 1 fighter, none yet"
    title(f, ("p", 100), "cstdcs", [2019])
    v = verdict(f, 2019, "cstdcs")
    assert failed(v) == {"cap"}
    assert "Điều 9.3" in next(c for c in v.criteria if c.code == "cap").article


def test_law2022_art22_provincial_fighter_three_consecutive_grassroots_titles_and_initiative():
    f = facts()
    title(f, P, "cstdcs", [2023, 2024, 2025])
    f.initiatives[P].append((2024, 2))
    assert verdict(f, 2025, "cstd_tinh").eligible
    f.titles[P]["cstdcs"].discard(2024)
    assert failed(verdict(f, 2025, "cstd_tinh")) == {"titles"}


def test_law2022_art22_grassroots_initiative_is_not_enough_for_provincial_fighter():
    f = facts()
    title(f, P, "cstdcs", [2023, 2024, 2025])
    f.initiatives[P].append((2024, 1))
    assert failed(verdict(f, 2025, "cstd_tinh")) == {"initiative"}


def test_law2022_art21_national_fighter_two_consecutive_provincial_titles_and_national_initiative():
    f = facts()
    title(f, P, "cstd_tinh", [2022, 2025])
    f.initiatives[P].append((2023, 3))
    assert verdict(f, 2025, "cstd_tq").eligible
    f.initiatives[P] = [(2023, 2)]
    assert failed(verdict(f, 2025, "cstd_tq")) == {"initiative"}


def test_law2022_art74_1_d_provincial_certificate_two_years_fighter_or_htxs_with_two_initiatives():
    f = facts()
    title(f, P, "cstdcs", [2024, 2025])
    assert verdict(f, 2025, "bk_tinh_cn").eligible
    g = facts()
    rate(g, P, [2024, 2025], "HTXS")
    g.initiatives[P] += [(2024, 1)]
    assert not verdict(g, 2025, "bk_tinh_cn").eligible
    g.initiatives[P] += [(2025, 1)]
    assert verdict(g, 2025, "bk_tinh_cn").eligible


def test_law2022_art73_1_b_pm_certificate_individual():
    f = facts()
    title(f, P, "bk_tinh_cn", [2019])
    rate(f, P, range(2021, 2026), "HTT")
    title(f, P, "cstdcs", [2021, 2023])
    assert failed(verdict(f, 2025, "bk_ttg_cn")) == {"titles"}
    title(f, P, "cstdcs", [2025])
    assert verdict(f, 2025, "bk_ttg_cn").eligible
    g = facts()
    title(g, P, "bk_tinh_cn", [2022])  # inside the window: it must come before
    rate(g, P, range(2021, 2026), "HTT")
    title(g, P, "cstdcs", [2021, 2023, 2025])
    assert failed(verdict(g, 2025, "bk_ttg_cn")) == {"prerequisite"}


def test_law2022_art44_1_e_labour_order_third_class_individual():
    f = facts()
    title(f, P, "bk_ttg_cn", [2018])
    rate(f, P, range(2021, 2026), "HTT")
    title(f, P, "cstdcs", [2021, 2022, 2024])
    assert failed(verdict(f, 2025, "hcld3_cn")) == {"top"}
    rate(f, P, [2023], "HTXS")
    assert verdict(f, 2025, "hcld3_cn").eligible


def test_law2022_art28_advanced_collective_70_percent_members_and_no_warning():
    f = facts(unit_members=9)
    rate(f, U, [2024], "HTT")
    for m in f.members[10][:7]:
        rate(f, ("p", m), [2024], "HTT")
    assert verdict(f, 2024, "ttldtt", key=U).eligible
    f.flags[("p", 100)].append((FlagKind.DISCIPLINE, DisciplineLevel.WARNING, d(2024, 5), d(2025, 5)))
    assert failed(verdict(f, 2024, "ttldtt", key=U)) >= {"members_discipline"}


def test_law2003_art28_advanced_collective_needs_more_than_half_in_2019_regime():
    f = facts(unit_members=9)
    rate(f, U, [2019], "HTT")
    for m in f.members[10][:5]:
        rate(f, ("p", m), [2019], "HTT")
    assert failed(verdict(f, 2019, "ttldtt", key=U)) == {"members_advanced"}, (
        "exactly 50% is not more than half"
    )
    rate(f, ("p", 105), [2019], "HTT")
    assert verdict(f, 2019, "ttldtt", key=U).eligible
    # the same 60% fails the 70% rule of Law 06/2022
    g = facts(unit_members=9)
    rate(g, U, [2024], "HTT")
    for m in g.members[10][:6]:
        rate(g, ("p", m), [2024], "HTT")
    assert failed(verdict(g, 2024, "ttldtt", key=U)) == {"members_advanced"}


def test_law2022_art27_excellent_collective_computed_from_members():
    f = facts(unit_members=3)
    rate(f, U, [2024], "HTXS")
    for m in f.members[10]:
        rate(f, ("p", m), [2024], "HTT")
    assert failed(verdict(f, 2024, "ttldxs", key=U)) == {"members_fighter"}
    rate(f, P, [2024], "HTXS")
    assert verdict(f, 2024, "ttldxs", key=U).eligible
    rate(f, ("p", 101), [2024], "KHT")
    assert failed(verdict(f, 2024, "ttldxs", key=U)) == {"members_complete"}  # 3/4 still ≥ 70%


def test_law2022_art26_provincial_flag_goes_to_the_bloc_leader():
    f = facts()
    rate(f, U, [2024], "HTXS")
    f.member_of[(10, 2024)] = "Khối Nội chính"
    assert failed(verdict(f, 2024, "co_tinh", key=U)) == {"led_bloc"}
    f.led[(10, 2024)] = "Khối Nội chính"
    assert verdict(f, 2024, "co_tinh", key=U).eligible


def test_decree91_art12_provincial_flag_from_review_within_blocs_in_2019_regime():
    f = facts()
    rate(f, U, [2019], "HTXS")
    assert failed(verdict(f, 2019, "co_tinh", key=U)) == {"bloc_member"}
    f.member_of[(10, 2019)] = "Khối Nội chính"
    v = verdict(f, 2019, "co_tinh", key=U)
    assert v.eligible and "Điều 12" in v.criteria[-1].article


def test_law2022_art25_1_government_flag_among_bloc_leaders():
    f = facts()
    rate(f, U, [2025], "HTXS")
    f.led[(10, 2025)] = "Khối Kinh tế"
    v = verdict(f, 2025, "co_cp", key=U)
    assert v.eligible and "Điều 25.1" in v.criteria[-1].article
    rate(f, U, [2025], "HTT")
    assert failed(verdict(f, 2025, "co_cp", key=U)) == {"exceeded"}


def test_law2022_art74_collective_certificate_two_years_htxs_or_excellent_collective():
    f = facts()
    rate(f, U, [2024], "HTXS")
    rate(f, U, [2025], "HTT")
    assert not verdict(f, 2025, "bk_tinh_tt", key=U).eligible
    title(f, U, "ttldxs", [2025])
    assert verdict(f, 2025, "bk_tinh_tt", key=U).eligible


def test_law2022_art73_pm_certificate_collective_configurable_default():
    f = facts()
    title(f, U, "bk_tinh_tt", [2018])
    rate(f, U, range(2021, 2026), "HTXS")
    assert failed(verdict(f, 2025, "bk_ttg_tt", key=U)) == {"flags"}
    title(f, U, "co_tinh", [2023])
    assert verdict(f, 2025, "bk_ttg_tt", key=U).eligible


def test_decree152_art4_no_proposal_while_under_investigation():
    f = facts()
    rate(f, P, [2025], "HTT")
    f.flags[P].append((FlagKind.INVESTIGATION, 0, d(2025, 9), None))
    v = verdict(f, 2025, "ldtt")
    assert failed(v) == {"not_blocked"}
    assert "Điều 4" in v.criteria[0].article


@pytest.mark.parametrize("kind", [FlagKind.DISCIPLINE, FlagKind.INSPECTION, FlagKind.COMPLAINT])
def test_decree152_art4_no_proposal_while_disciplined_inspected_or_complained(kind):
    f = facts()
    rate(f, U, [2025], "HTXS")
    f.flags[U].append((kind, 1, d(2025, 3), None))
    assert "not_blocked" in failed(verdict(f, 2025, "giay_khen_tt", key=U))


def test_decree152_art4_a_closed_case_no_longer_blocks():
    f = facts()
    rate(f, P, [2025], "HTT")
    f.flags[P].append((FlagKind.COMPLAINT, 0, d(2025, 2), d(2025, 4)))
    assert verdict(f, 2025, "ldtt").eligible


def test_decree152_art4_after_discipline_only_later_achievements_count():
    f = facts()
    title(f, P, "cstdcs", [2023, 2024, 2025])
    f.initiatives[P].append((2025, 2))
    f.flags[P].append((FlagKind.DISCIPLINE, DisciplineLevel.REPRIMAND, d(2023, 6), d(2024, 6)))
    v = verdict(f, 2025, "cstd_tinh")
    assert failed(v) == {"titles"}
    assert any(c.code == "after_discipline" for c in v.criteria)


def test_decree152_art4_extraordinary_and_thematic_awards_do_not_count_as_prerequisites():
    """Loaded from the database: only merit-based records become prerequisite facts."""
    sxd = UnitFactory(name="Sở Xây dựng")
    for y in range(2021, 2026):
        PerformanceRatingFactory(unit=sxd, year=y, rating="HTXS")
    AwardRecordFactory(unit=sxd, award__code="co_tinh", year=2023, decision_date=d(2024, 1, 5))
    cert = AwardRecordFactory(unit=sxd, year=2018, decision_date=d(2018, 9, 2), extraordinary=True)
    (v,) = eligibility_for(subject=sxd, year=2025, award="bk_ttg_tt")
    assert {c.code for c in v.criteria if not c.passed} == {"prerequisite"}
    cert.nature = "merit"
    cert.save()
    (v,) = eligibility_for(subject=sxd, year=2025, award="bk_ttg_tt")
    assert v.eligible


def test_circular15_2025_dissolved_unit_cannot_be_commended():
    f = facts()
    rate(f, U, [2025], "HTXS")
    f.dissolved[10] = d(2025, 7)
    v = verdict(f, 2025, "giay_khen_tt", key=U)
    assert failed(v) == {"not_dissolved"}
    assert "15/2025" in next(c for c in v.criteria if c.code == "not_dissolved").article
