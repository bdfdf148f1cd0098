"""Issue 13, the rules an office meets every week: one example per article and per regime (an
eligible and a refused case each), every verdict citing its own regime's article.

Regimes: 2019 = Law 2003/2013 + Decree 91/2017; 2024 = Law 06/2022 + Decree 98/2023;
2025 = Law 06/2022 + Decree 152/2025."""

import datetime as dt
import re
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards import engine, leaders, quotas, services
from thidua.awards.choices import DisciplineLevel, FlagKind
from thidua.awards.facts import eligibility_for, load_facts, pack_for_year
from thidua.awards.models import Award, RulePack
from thidua.awards.pack_params import validate
from thidua.awards.tests.factories import AwardRecordFactory, PerformanceRatingFactory
from thidua.awards.tests.helpers import P, U, facts, failed, rate, spec_for, title, verdict
from thidua.organisations.models import BlocYear, Unit
from thidua.organisations.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def crit(v, code):
    return next(c for c in v.criteria if c.code == code)


# Item 1: "leads the bloc" is the unit that led the emulation, not the rotating chair ----------


@pytest.mark.parametrize("year,article", [(2024, "Điều 26"), (2025, "Điều 26")])
def test_law2022_art26_provincial_flag_goes_to_the_emulation_leader_not_the_chair(year, article):
    f = facts()
    rate(f, U, [year], "HTXS")
    f.chair[(10, year)] = "Khối Nội chính"
    v = verdict(f, year, "co_tinh", key=U)
    assert failed(v) == {"led_bloc"}, "the chair alone is refused"
    assert "trưởng khối Khối Nội chính" in crit(v, "led_bloc").facts
    f.led[(10, year)] = "Khối Nội chính"
    f.lead_basis[(10, year)] = "Xếp thứ nhất Khối Nội chính"
    v = verdict(f, year, "co_tinh", key=U)
    assert v.eligible and article in crit(v, "led_bloc").article
    assert crit(v, "led_bloc").facts == "Khối dẫn đầu: Khối Nội chính"
    assert crit(v, "lead_basis").facts == "Xếp thứ nhất Khối Nội chính"


@pytest.mark.parametrize("year", [2024, 2025])
def test_law2022_art25_1_government_flag_for_the_emulation_leader_not_the_chair(year):
    f = facts()
    rate(f, U, [year], "HTXS")
    f.chair[(10, year)] = "Khối Kinh tế"
    assert failed(verdict(f, year, "co_cp", key=U)) == {"led_bloc"}
    f.led[(10, year)] = "Khối Kinh tế"
    v = verdict(f, year, "co_cp", key=U)
    assert v.eligible and "Điều 25.1" in crit(v, "led_bloc").article


def test_decree91_art11_1_government_flag_2019_from_the_provincial_flag_standard():
    f = facts()
    rate(f, U, [2019], "HTXS")
    assert failed(verdict(f, 2019, "co_cp", key=U)) == {"bloc_member"}
    f.member_of[(10, 2019)] = "Khối Nội chính"
    v = verdict(f, 2019, "co_cp", key=U)
    assert v.eligible and "Nghị định 91/2017/NĐ-CP, Điều 11.1" in v.criteria[-1].article


def test_cv5007_demo_2019_emulation_leader_is_the_first_ranked_unit_not_the_chair(world):
    """Khối Nội chính 2019: Cục THADS chaired, Sở Nội vụ ranked first (and was voted for the
    Government flag): the facts keep both, apart."""
    by = BlocYear.objects.select_related("bloc").get(bloc__code="KNC", year=2019)
    lead = leaders.leader_of(by)
    snv, thads = Unit.objects.get(code="SNV"), Unit.objects.get(code="THADS")
    assert lead.unit_id == snv.pk and "Xếp thứ nhất" in lead.basis
    f = load_facts(person_ids=[], unit_ids=[snv.pk, thads.pk], year=2019, with_members=False)
    assert f.led == {(snv.pk, 2019): by.bloc.name}
    assert f.chair[(thads.pk, 2019)] == by.bloc.name and (snv.pk, 2019) not in f.chair


def test_cv5007_tied_first_place_is_separated_by_the_conference_vote():
    assert leaders._clear_winner([1, 2], {1: 3, 2: 5}) == 2
    assert leaders._clear_winner([1, 2], {1: 4, 2: 4}) is None, "a tie nobody separates: no leader"
    assert leaders._clear_winner([1, 2], {}) is None


# Item 6: the 2019 pack as its own law ----------------------------------------------------------


def test_decree91_art9_3_b_grassroots_fighter_2019_needs_an_initiative_htxs_is_not_enough():
    f = facts(unit_members=9)
    for m in f.members[10]:
        rate(f, ("p", m), [2019], "HTT")
    rate(f, P, [2019], "HTXS")
    v = verdict(f, 2019, "cstdcs")
    assert failed(v) == {"excellence"} and "Điều 9.3" in crit(v, "excellence").article
    f.initiatives[P].append((2019, 1))
    assert verdict(f, 2019, "cstdcs").eligible


def test_law2022_art23_grassroots_fighter_2024_htxs_is_enough():
    f = facts()
    rate(f, P, [2024], "HTXS")
    assert verdict(f, 2024, "cstdcs").eligible
    rate(f, P, [2024], "HTT")
    assert failed(verdict(f, 2024, "cstdcs")) == {"excellence"}


def _unit_of_advanced(n: int, year: int = 2019) -> engine.Facts:
    f = facts(unit_members=n - 1)
    for m in f.members[10]:
        rate(f, ("p", m), [year], "HTT")
        f.initiatives[("p", m)].append((year, 1))
    return f


def test_decree91_art9_3_cap_counts_the_candidates_proposed_together():
    """20 advanced workers → ⌊15% × 20⌋ = 3 fighters: one recorded, so of three candidates
    proposed together the first two fit and the third is refused."""
    f = _unit_of_advanced(20)
    title(f, ("p", 118), "cstdcs", [2019])
    f.proposed = [100, 101, 102]
    got = {m: verdict(f, 2019, "cstdcs", key=("p", m)).eligible for m in f.proposed}
    assert got == {100: True, 101: True, 102: False}
    v = verdict(f, 2019, "cstdcs", key=("p", 102))
    assert failed(v) == {"cap"} and "đề nghị cùng đợt trước người này 2 người" in crit(v, "cap").facts
    assert crit(v, "cap").article == "Nghị định 91/2017/NĐ-CP, Điều 9.3"


@pytest.mark.parametrize("mode,limit", [("floor", 1), ("nearest", 2), ("ceil", 2)])
def test_decree91_art9_3_cap_rounding_is_a_parameter(mode, limit):
    f = _unit_of_advanced(10)  # 15% × 10 = 1.5
    spec = spec_for(2019)
    spec.rules["cstdcs"].params = {**spec.rules["cstdcs"].params, "cap_rounding": mode}
    f.proposed = [100, 101, 102]
    eligible = [m for m in f.proposed if engine.evaluate(f, spec, ("p", m), "cstdcs", 2019).eligible]
    assert len(eligible) == limit


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    size=st.integers(1, 40),
    recorded=st.integers(0, 6),
    batch=st.lists(st.integers(0, 39), unique=True, max_size=12),
    mode=st.sampled_from(["floor", "nearest", "ceil"]),
)
def test_decree91_art9_3_property_the_cap_holds_for_any_batch(db, size, recorded, batch, mode):
    f = _unit_of_advanced(size)
    members = f.members[10]
    for m in members[:recorded]:
        title(f, ("p", m), "cstdcs", [2019])
    f.proposed = [members[i] for i in batch if i < size]
    spec = spec_for(2019)
    spec.rules["cstdcs"].params = {**spec.rules["cstdcs"].params, "cap_rounding": mode}
    limit = engine.round_share(Fraction(3, 20) * size, mode)
    held = set(members[:recorded])
    admitted = [
        m for m in f.proposed if m not in held and engine.evaluate(f, spec, ("p", m), "cstdcs", 2019).eligible
    ]
    assert len(admitted) <= max(limit - len(held), 0)


def test_law2003_art27_excellent_collective_2019_refused_when_a_member_was_warned():
    f = facts(unit_members=3)
    rate(f, U, [2019], "HTXS")
    for m in f.members[10]:
        rate(f, ("p", m), [2019], "HTXS")
        f.initiatives[("p", m)].append((2019, 1))
    assert verdict(f, 2019, "ttldxs", key=U).eligible
    f.flags[("p", 101)].append((FlagKind.DISCIPLINE, DisciplineLevel.WARNING, dt.date(2019, 5, 1), None))
    v = verdict(f, 2019, "ttldxs", key=U)
    assert "members_discipline" in failed(v) and "Điều 27" in crit(v, "members_discipline").article


def test_law2022_art27_excellent_collective_2024_has_no_member_discipline_clause():
    f = facts(unit_members=3)
    rate(f, U, [2024], "HTXS")
    for m in f.members[10]:
        rate(f, ("p", m), [2024], "HTXS")
    f.flags[("p", 101)].append((FlagKind.DISCIPLINE, DisciplineLevel.WARNING, dt.date(2024, 5, 1), None))
    v = verdict(f, 2024, "ttldxs", key=U)
    assert "members_discipline" not in {c.code for c in v.criteria}
    rate(f, U, [2024], "HTT")
    assert failed(verdict(f, 2024, "ttldxs", key=U)) == {"rating"}


def test_decree91_art38_1_c_pm_certificate_individual_2019_five_years_htxs_five_initiatives():
    f = facts()
    title(f, P, "bk_tinh_cn", [2013])
    rate(f, P, range(2015, 2020), "HTXS")
    f.initiatives[P] += [(y, 1) for y in range(2015, 2019)]
    v = verdict(f, 2019, "bk_ttg_cn")
    assert failed(v) == {"initiatives"} and "Điều 38.1.c" in crit(v, "initiatives").article
    f.initiatives[P].append((2019, 1))
    assert verdict(f, 2019, "bk_ttg_cn").eligible
    rate(f, P, [2017], "HTT")
    assert failed(verdict(f, 2019, "bk_ttg_cn")) == {"ratings"}, "HTXS every year under Decree 91"


def test_law2003_art44_2_labour_order_collective_2019_five_excellent_years_and_a_flag():
    f = facts()
    title(f, U, "ttldxs", range(2015, 2020))
    v = verdict(f, 2019, "hcld3_tt", key=U)
    assert failed(v) == {"flags"} and "Điều 44.2" in crit(v, "flags").article
    title(f, U, "co_bo", [2017])  # a ministry's flag counts
    assert verdict(f, 2019, "hcld3_tt", key=U).eligible
    f.titles[U]["ttldxs"].discard(2016)
    assert failed(verdict(f, 2019, "hcld3_tt", key=U)) == {"yearly_titles"}


def test_decree91_art39_provincial_certificate_individual_2019_says_it_is_unconfirmed():
    f = facts()
    rate(f, P, [2018, 2019], "HTXS")
    f.initiatives[P] += [(2018, 1)]
    v = verdict(f, 2019, "bk_tinh_cn")
    assert not v.eligible and "Nghị định 91/2017/NĐ-CP" in v.criteria[-1].article
    f.initiatives[P] += [(2019, 1)]
    v = verdict(f, 2019, "bk_tinh_cn")
    assert v.eligible
    assert "chưa đối chiếu" in crit(v, "unconfirmed").facts, "an unconfirmed rule says so"


# Item 7: citations per regime -------------------------------------------------------------------

TEXT = re.compile(r"\b(\d{1,4})/(\d{4})/(?:NĐ-CP|TT-BNV|QH\d+|BNV)")


def _citations(pack: RulePack) -> list[str]:
    params = pack.params or {}
    texts = [str(v) for v in params.values()] + [pack.legal_basis]
    for e in pack.entries.all():
        texts += [e.article, e.council_article, e.deadline_article, str(e.params)]
    texts += [str(v) for v in validate(params).to_json().values()]
    return texts


def test_decree152_2025_pack_cites_decree_152_never_the_expired_decree_98(world):
    pack = RulePack.objects.get(code="luat-06-2022-nd-152-2025")
    # (its legal basis may say that Decree 152 replaced Decree 98; nothing CITES Decree 98)
    assert not [t for t in _citations(pack) if "98/2023" in t and "thay Nghị định" not in t]
    cash = quotas.cash_amount(award=Award.objects.get(code="co_tinh"), decision_date=dt.date(2026, 1, 15))
    assert cash.article == "Nghị định 152/2025/NĐ-CP, Điều 49.2"
    old = quotas.cash_amount(award=Award.objects.get(code="co_tinh"), decision_date=dt.date(2024, 3, 1))
    assert old.article == "Nghị định 98/2023/NĐ-CP, Điều 53.2"


def test_no_pack_cites_a_text_issued_after_its_own_period(world):
    for pack in RulePack.objects.all():
        last = (pack.effective_to or dt.date.today()).year
        late = [t for t in _citations(pack) for _n, y in TEXT.findall(t) if int(y) > last]
        assert not late, (pack.code, late)
    unit = Unit.objects.get(code="TAND")
    for v in eligibility_for(subject=unit, year=2019):
        assert not [c.article for c in v.criteria if "2025" in c.article], v.award


# Item 8: deadlines per award, as pack data --------------------------------------------------------


@pytest.mark.parametrize(
    "year,article", [(2024, "Nghị định 98/2023/NĐ-CP, Điều 32.1"), (2025, "Nghị định 152/2025/NĐ-CP")]
)
def test_decree98_art32_1_deadlines_per_award(world, year, article):
    flag = quotas.submission_deadline(award=Award.objects.get(code="co_cp"), year=year)
    assert flag.day == dt.date(year + 1, 6, 30) and flag.article.startswith(article)
    fighter = quotas.submission_deadline(award=Award.objects.get(code="cstd_tq"), year=year)
    assert fighter.day == dt.date(year + 1, 12, 31)
    assert quotas.submission_deadline(award=Award.objects.get(code="bk_tinh_cn"), year=year) is None


def test_decree91_deadlines_2019_not_confirmed_so_none(world):
    assert quotas.submission_deadline(award=Award.objects.get(code="co_cp"), year=2019) is None


# Item 5: ministry and sector awards count where the Law says "Bộ, ban, ngành, tỉnh" --------------


def test_law2022_art73_1_b_a_ministry_certificate_is_a_prerequisite_of_the_pm_certificate(world):
    assert Award.objects.get(code="bk_bo_cn").authority == "minister"
    f = facts()
    rate(f, P, range(2021, 2026), "HTT")
    title(f, P, "cstdcs", [2021, 2023, 2025])
    assert failed(verdict(f, 2025, "bk_ttg_cn")) == {"prerequisite"}
    title(f, P, "bk_bo_cn", [2019])
    v = verdict(f, 2025, "bk_ttg_cn")
    assert v.eligible and "Điều 73.1.b" in crit(v, "prerequisite").article


def test_law2022_art21_a_ministry_fighter_title_counts_for_the_national_fighter():
    f = facts()
    title(f, P, "cstd_tinh", [2022])
    f.initiatives[P].append((2023, 3))
    assert failed(verdict(f, 2025, "cstd_tq")) == {"titles"}
    title(f, P, "cstd_bo", [2025])
    assert verdict(f, 2025, "cstd_tq").eligible


# Item 3: one achievement, one award --------------------------------------------------------------


@pytest.mark.parametrize(
    "year,article",
    [
        (2024, "Nghị định 98/2023/NĐ-CP, Điều 30.9"),
        (2025, "Nghị định 152/2025/NĐ-CP"),
        (2019, "Nghị định 91/2017/NĐ-CP"),
    ],
)
def test_decree98_art30_9_next_certificate_counts_from_the_previous_decision(year, article):
    f = facts()
    rate(f, P, range(year - 3, year + 2), "HTXS")
    title(f, P, "cstdcs", range(year - 3, year + 2))
    f.initiatives[P] += [(y, 1) for y in range(year - 3, year + 2)]
    f.given[P].append(("bk_tinh_cn", None, year - 1, "quyết định số 12/QĐ-UBND ngày 20/01/2020"))
    v = verdict(f, year, "bk_tinh_cn")
    assert failed(v) == {"one_achievement"}
    assert "12/QĐ-UBND" in crit(v, "one_achievement").facts
    assert article in crit(v, "one_achievement").article
    v = verdict(f, year + 1, "bk_tinh_cn")
    assert v.eligible, "the next period starts after the previous decision's period"


def test_decree98_art30_9_a_higher_form_blocks_a_lower_one_but_not_a_title():
    f = facts()
    rate(f, P, [2024, 2025], "HTXS")
    title(f, P, "cstdcs", [2024, 2025])
    f.given[P].append(("bk_ttg_cn", 2021, 2025, "quyết định số 9/QĐ-TTg ngày 01/03/2026"))
    assert failed(verdict(f, 2025, "bk_tinh_cn")) == {"one_achievement"}
    assert verdict(f, 2025, "cstdcs").eligible, "emulation titles are not forms of commendation"
    g = facts()
    rate(g, P, [2024, 2025], "HTXS")
    title(g, P, "cstdcs", [2024, 2025])
    g.given[P].append(("giay_khen_cn", None, 2025, ""))
    assert verdict(g, 2025, "bk_tinh_cn").eligible, "a lower form does not block a higher one"


def test_decree98_art30_9_recorded_period_start_is_the_one_in_the_decision(world):
    person = PersonFactory()
    for y in (2023, 2024, 2025):
        PerformanceRatingFactory(person=person, year=y, rating="HTXS")
        AwardRecordFactory(person=person, award__code="cstdcs", year=y, decision_number=f"{y}/QĐ")
    AwardRecordFactory(
        person=person, award__code="bk_tinh_cn", year=2024, period_start=2024, decision_number="7/QĐ-UBND"
    )
    v = eligibility_for(subject=person, year=2025, award="bk_tinh_cn")[0]
    assert failed(v) == {"one_achievement"} and "7/QĐ-UBND" in crit(v, "one_achievement").facts


COMMENDATIONS = ["giay_khen_cn", "bk_tinh_cn", "bk_bo_cn", "bk_ttg_cn", "hcld3_cn"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ratings=st.dictionaries(st.integers(2014, 2025), st.sampled_from(["HT", "HTT", "HTXS"]), max_size=12),
    titles=st.lists(
        st.tuples(st.sampled_from(["cstdcs", "bk_tinh_cn", "bk_ttg_cn"]), st.integers(2010, 2025))
    ),
    inits=st.lists(st.integers(2014, 2025), max_size=8),
    year=st.sampled_from([2019, 2024, 2025]),
    target=st.sampled_from(["bk_tinh_cn", "bk_ttg_cn", "hcld3_cn"]),
    added=st.tuples(st.sampled_from(COMMENDATIONS), st.integers(0, 6), st.integers(0, 4)),
)
def test_decree98_art30_9_property_adding_an_award_never_makes_a_later_overlapping_award_eligible(
    db, ratings, titles, inits, year, target, added
):
    spec = spec_for(year)
    f = facts()
    f.ratings[P].update(ratings)
    for code, y in titles:
        f.titles[P][code].add(y)
    f.initiatives[P] += [(y, 1) for y in inits]
    before = engine.evaluate(f, spec, P, target, year)
    code, back, length = added
    end = year - back
    start = end - length
    f.titles[P][code].add(end)
    f.given[P].append((code, start, end, "quyết định thử"))
    after = engine.evaluate(f, spec, P, target, year)
    window_start = year - spec.rules[target].span() + 1
    overlaps = end >= window_start
    higher = spec.catalogue[code][1] >= spec.catalogue[target][1]
    if overlaps and higher:
        assert not after.eligible, (before.eligible, after)


def test_pack_year_is_judged_by_31_december(world):
    assert pack_for_year(2025).code == "luat-06-2022-nd-152-2025"


# Item 10: members of a collective in year Y are the people who served in it during Y ---------


@pytest.mark.parametrize("year,share", [(2019, "> 50%"), (2024, "≥ 70%")])
def test_law_art28_advanced_collective_counts_the_people_who_served_that_year(world, year, share):
    """Law 2003 / Law 06/2022 Art 28: the members' share is that of the year's staff. Two
    advanced workers served all year; a weak colleague left the year before and a newcomer
    arrived the year after: neither counts, so the unit qualifies; counted as today's staff
    (the newcomer, rated HT for the year) it would not."""

    unit = UnitFactory()
    PerformanceRatingFactory(unit=unit, year=year, rating="HTT")
    served = [PersonFactory(unit=unit) for _ in range(2)]
    for p in served:
        PerformanceRatingFactory(person=p, year=year, rating="HTT")
        services.service_period_create(actor=world.admin, person=p, unit=unit, started_on=dt.date(2010, 1, 1))
    newcomer = PersonFactory(unit=unit)
    PerformanceRatingFactory(person=newcomer, year=year, rating="HT")
    services.service_period_create(
        actor=world.admin, person=newcomer, unit=unit, started_on=dt.date(year + 1, 2, 1)
    )
    v = eligibility_for(subject=unit, year=year, award="ttldtt")[0]
    assert v.eligible, [(c.code, c.facts) for c in v.failed]
    assert crit(v, "members_advanced").facts.startswith("2/2") and "Điều 28" in v.criteria[-1].article
    for _ in range(2):
        leaver = PersonFactory(unit=unit, is_active=False)
        PerformanceRatingFactory(person=leaver, year=year, rating="HT")
        services.service_period_create(
            actor=world.admin,
            person=leaver,
            unit=unit,
            started_on=dt.date(2010, 1, 1),
            ended_on=dt.date(year, 6, 30),
        )
    v = eligibility_for(subject=unit, year=year, award="ttldtt")[0]
    assert failed(v) == {"members_advanced"}, "someone who served part of the year counts"
    assert crit(v, "members_advanced").facts.startswith("2/4")
    assert share in crit(v, "members_advanced").label


def test_service_period_bad_input_is_refused_in_vietnamese(world):

    person = PersonFactory()
    with pytest.raises(ValidationError) as exc:
        services.service_period_create(
            actor=world.admin,
            person=person,
            unit=person.unit,
            started_on=dt.date(2020, 1, 1),
            ended_on=dt.date(2019, 1, 1),
        )
    assert "Ngày kết thúc không thể trước ngày bắt đầu." in str(exc.value)


def test_decree91_art9_3_excellent_collective_2019_counts_fighters_by_the_2019_fighter_rule():
    """TTLĐXS needs a member who is a grassroots fighter: in 2019 that is LĐTT with an
    initiative (HTXS alone does not make one); since 2024 HTXS does."""
    for year, fighter_without_initiative in ((2019, False), (2024, True)):
        f = facts(unit_members=3)
        rate(f, U, [year], "HTXS")
        for m in f.members[10]:
            rate(f, ("p", m), [year], "HTXS")
        v = verdict(f, year, "ttldxs", key=U)
        assert v.eligible is fighter_without_initiative, year
        f.initiatives[("p", 101)].append((year, 1))
        assert verdict(f, year, "ttldxs", key=U).eligible, year
