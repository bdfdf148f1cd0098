"""Priority to women among equal candidates when a quota has to choose (Decree 152/2025 Art 4.6):
ranked by merit; inside the group of equal merit the cut falls in, women (or collectives with
≥70% women) go first; equals still beyond the places are a tie for the Council, never dropped."""

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.awards import reference
from thidua.awards.models import Award, RulePack
from thidua.awards.pack_params import validate
from thidua.awards.quotas import Candidate, choose_within_quota, women_flags, women_priority_article
from thidua.core.models import AuditEvent
from thidua.organisations.models import Person
from thidua.organisations.tests.factories import UnitFactory

ART_4_6 = "Nghị định 152/2025/NĐ-CP, Điều 4.6"


def c(key, merit, women=False):
    return Candidate(key=key, name=f"Ứng viên {key}", merit=merit, women=women)


# Decree 152/2025 Art 4.6: examples -------------------------------------------------------------


def test_art_4_6_a_woman_equal_to_a_man_at_the_cut_is_chosen_and_the_man_left_out():
    result = choose_within_quota(
        [c("a", (Fraction(9, 10), 95)), c("nam", (Fraction(4, 5), 90)), c("nu", (Fraction(4, 5), 90), True)],
        2,
        women_article=ART_4_6,
    )
    assert result.chosen == ["a", "nu"] and result.left == ["nam"] and result.tie == []
    assert result.reasons["nu"] == f"Trong chỉ tiêu: Ưu tiên nữ khi ngang thành tích ({ART_4_6})."
    assert result.reasons["nam"].startswith("Ngoài chỉ tiêu: ngang thành tích với Ứng viên nu")
    assert result.reasons["a"] == "Trong chỉ tiêu: xếp thứ 1."


def test_art_4_6_a_collective_with_70_percent_women_goes_first_among_equal_collectives():
    result = choose_within_quota(
        [c("so_a", (3, 88)), c("so_nu", (3, 88), women=True), c("so_b", (3, 88))], 1, women_article=ART_4_6
    )
    assert result.chosen == ["so_nu"] and sorted(result.left) == ["so_a", "so_b"]


def test_art_4_6_higher_merit_beats_a_woman_the_priority_is_only_among_equals():
    result = choose_within_quota(
        [c("nu", (Fraction(3, 5), 99), True), c("nam", (Fraction(4, 5), 80))], 1, women_article=ART_4_6
    )
    assert result.chosen == ["nam"] and result.left == ["nu"]
    assert result.reasons["nu"] == "Ngoài chỉ tiêu (1): xếp sau Ứng viên nam."


def test_art_4_6_more_equal_women_than_places_are_a_tie_for_the_council_and_equal_men_left():
    result = choose_within_quota(
        [c("x", (5,)), c("nu1", (4,), True), c("nu2", (4,), True), c("nam", (4,)), c("y", (3,))],
        2,
        women_article=ART_4_6,
    )
    assert result.chosen == ["x"] and result.tie == ["nu1", "nu2"] and result.tie_places == 1
    assert sorted(result.left) == ["nam", "y"]
    assert result.reasons["nu1"].startswith("Ngang nhau, cần Hội đồng quyết định")


def test_art_4_6_equal_men_beyond_the_places_left_after_the_women_are_a_tie():
    result = choose_within_quota(
        [c("nu", (4,), True), c("nam1", (4,)), c("nam2", (4,))], 2, women_article=ART_4_6
    )
    assert result.chosen == ["nu"] and result.tie == ["nam1", "nam2"] and result.tie_places == 1
    assert "sau khi ưu tiên nữ" in result.reasons["nam1"]


def test_without_the_rule_equal_candidates_across_the_cut_are_a_tie():
    result = choose_within_quota([c("a", (5,)), c("nam", (4,)), c("nu", (4,), True)], 2, women_article="")
    assert result.chosen == ["a"] and result.tie == ["nam", "nu"] and result.left == []
    assert "Ưu tiên nữ" not in " ".join(result.reasons.values())


def test_every_candidate_within_the_quota_is_chosen_without_any_priority():
    result = choose_within_quota([c("nam", (4,)), c("nu", (4,), True)], 5, women_article=ART_4_6)
    assert result.chosen == ["nam", "nu"] and result.left == result.tie == []


def test_a_zero_quota_leaves_everyone_out_and_a_negative_one_is_refused():
    assert choose_within_quota([c("a", (1,))], 0, women_article=ART_4_6).left == ["a"]
    with pytest.raises(ValidationError):
        choose_within_quota([c("a", (1,))], -1, women_article=ART_4_6)
    with pytest.raises(ValidationError):
        choose_within_quota([c("a", (1,)), c("a", (2,))], 1, women_article=ART_4_6)


# Properties --------------------------------------------------------------------------------------

candidates = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.booleans()), max_size=12).map(
    lambda rows: [c(i, (Fraction(a, 3), b), w) for i, (a, b, w) in enumerate(rows)]
)


@settings(max_examples=300, deadline=None)
@given(candidates, st.integers(0, 14), st.booleans())
def test_property_quota_respected_nobody_dropped_merit_order_and_women_first(cands, limit, rule):
    result = choose_within_quota(cands, limit, women_article=ART_4_6 if rule else "")
    keys = [x.key for x in cands]
    chosen, left, tie = set(result.chosen), set(result.left), set(result.tie)
    assert len(result.chosen) <= limit
    assert chosen | left | tie == set(keys) and len(result.chosen) + len(result.left) + len(
        result.tie
    ) == len(keys)
    assert set(result.reasons) == set(keys) and sorted(result.ranked) == sorted(keys)
    assert (tie == set()) == (result.tie_places == 0)
    if tie:  # the tied share exactly the places left, and are more than those places
        assert len(result.chosen) + result.tie_places == limit and result.tie_places < len(tie)
    by_key = {x.key: x for x in cands}
    # No one of strictly lower merit is chosen (or tied) over one of higher merit left out or tied.
    for k in chosen | tie:
        for other in keys:
            if by_key[other].merit > by_key[k].merit:
                assert other in chosen
    # With the rule, a woman is never placed after an equal-merit man.
    place = {k: 0 for k in chosen} | {k: 1 for k in tie} | {k: 2 for k in left}
    for k in keys:
        for other in keys:
            a, b = by_key[k], by_key[other]
            if rule and a.women and not b.women and a.merit == b.merit:
                assert place[k] <= place[other]
            if not rule and a.merit == b.merit:
                assert place[k] == place[other]


# Who counts as women; the pack parameter ---------------------------------------------------------


@pytest.mark.django_db
def test_women_flags_reads_gender_and_the_70_percent_share_of_active_people():
    women_unit, mixed_unit, empty_unit = UnitFactory(), UnitFactory(), UnitFactory()
    people = [Person.objects.create(full_name=f"Nữ {i}", gender="nu", unit=women_unit) for i in range(7)]
    people += [Person.objects.create(full_name=f"Nam {i}", gender="nam", unit=women_unit) for i in range(3)]
    Person.objects.create(full_name="Nam đã nghỉ", gender="nam", unit=women_unit, is_active=False)
    Person.objects.create(full_name="Nữ", gender="nu", unit=mixed_unit)
    Person.objects.create(full_name="Nam", gender="nam", unit=mixed_unit)
    flags = women_flags(
        unit_ids=[women_unit.pk, mixed_unit.pk, empty_unit.pk], person_ids=[people[0].pk, people[-1].pk]
    )
    assert flags == {
        ("unit", women_unit.pk): True,
        ("unit", mixed_unit.pk): False,
        ("unit", empty_unit.pk): False,
        ("person", people[0].pk): True,
        ("person", people[-1].pk): False,
    }
    assert women_flags() == {}


@pytest.mark.django_db
def test_the_2025_pack_cites_art_4_6_and_the_2019_pack_has_no_women_rule():
    assert women_priority_article(year=2025) == ART_4_6
    assert women_priority_article(year=2019) == ""
    pack = RulePack.objects.get(code=reference.PACK_2025)
    pack.params = {k: v for k, v in pack.params.items() if k != "women_priority_article"}
    pack.save()
    reference.set_authority_vertical_and_women_priority(Award, RulePack)
    assert validate(RulePack.objects.get(code=reference.PACK_2025).params).women_priority_article == ART_4_6


@pytest.mark.django_db
def test_the_pack_parameters_page_sets_the_women_article_with_an_audit_record(world, client_for):
    pack = RulePack.objects.get(code=reference.PACK_2024)
    data = {"name": pack.name, "legal_basis": pack.legal_basis, **validate(pack.params).to_json()}
    data["women_priority_article"] = "Điều khoản đã đối chiếu (thử)"
    r = client_for("provincial").post(f"/khen-thuong/bo-quy-tac/{pack.code}/tham-so/", data)
    assert r.status_code == 302
    assert women_priority_article(year=2024) == "Điều khoản đã đối chiếu (thử)"
    assert AuditEvent.objects.filter(action="rule_pack.update").exists()
    page = client_for("provincial").get(f"/khen-thuong/bo-quy-tac/{pack.code}/").content.decode()
    assert "Căn cứ ưu tiên nữ" in page
