"""Rule packs as data (issue 13): parameters validated against what the rule reads, conditions
combined from a vetted vocabulary, new awards and entries with quotas as data, the transition
rule by receipt date, and a 2026 pack built entirely through the API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.awards import engine, services
from thidua.awards.facts import eligibility_on_receipt, pack_for_year
from thidua.awards.models import Award, RuleEntry, RulePack
from thidua.awards.tests.factories import InitiativeFactory, PerformanceRatingFactory
from thidua.awards.tests.helpers import (
    HTXS_AND_INITIATIVE,
    PACK_2025,
    P,
    facts,
    make_pack_2026,
    rate,
    spec_for,
)
from thidua.core.models import AuditEvent
from thidua.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def entry(code, pack=PACK_2025):
    return RuleEntry.objects.select_related("award", "pack").get(pack__code=pack, award__code=code)


def message(exc) -> str:
    return " ".join(m for msgs in exc.value.message_dict.values() for m in msgs)


# Bad input: refused with a Vietnamese message, nothing changed -------------------------------------


def test_an_unknown_parameter_such_as_require_both_is_refused(world):
    e = entry("co_cp")
    before, events = dict(e.params), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.rule_entry_update(
            actor=world.admin, entry=e, data={"params": {**e.params, "require_both": True}}
        )
    assert "Tham số “require_both” không được quy tắc “bloc_leader_flag” sử dụng" in message(exc)
    assert entry("co_cp").params == before and AuditEvent.objects.count() == events


def test_a_condition_naming_an_unknown_predicate_is_refused(world):
    e = entry("cstdcs")
    with pytest.raises(ValidationError) as exc:
        services.rule_entry_update(
            actor=world.admin,
            entry=e,
            data={"rule": "conditions", "params": {"all": [{"predicate": "has_golden_star"}]}},
        )
    assert "Điều kiện “has_golden_star” không có trong danh mục điều kiện được phép" in message(exc)
    assert entry("cstdcs").rule == "grassroots_fighter"


def test_a_predicate_of_the_other_kind_of_subject_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.rule_entry_update(
            actor=world.admin,
            entry=entry("cstdcs"),
            data={"rule": "conditions", "params": {"all": [{"predicate": "member_share", "share": "7/10"}]}},
        )
    assert "không dùng được cho cá nhân" in message(exc)


def test_a_new_award_without_authority_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.award_create(
            actor=world.admin, code="moi", name="Mới", kind="title", subject="individual", authority=""
        )
    assert "Hãy chọn thẩm quyền quyết định." in message(exc)
    assert not Award.objects.filter(code="moi").exists()


def test_a_new_entry_without_cash_coefficient_is_refused(world):
    award = services.award_create(
        actor=world.admin,
        code="moi",
        name="Mới",
        kind="title",
        subject="individual",
        authority="head_of_unit",
    )
    with pytest.raises(ValidationError) as exc:
        services.rule_entry_create(
            actor=world.admin,
            pack=RulePack.objects.get(code=PACK_2025),
            award=award,
            data={"rule": "rating_at_least", "article": "Điều thử", "params": {}},
        )
    assert "Hãy nhập hệ số tiền thưởng." in message(exc)
    assert not RuleEntry.objects.filter(award=award).exists()


def test_an_overlapping_pack_period_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.rule_pack_copy(
            actor=world.admin,
            pack=RulePack.objects.get(code=PACK_2025),
            code="chong-lan",
            name="Chồng lấn",
            effective_from=dt.date(2025, 1, 1),
        )
    assert "Ngày có hiệu lực phải sau ngày bắt đầu" in message(exc)
    assert not RulePack.objects.filter(code="chong-lan").exists()


def test_a_deadline_that_is_not_a_day_and_month_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.rule_entry_update(actor=world.admin, entry=entry("co_cp"), data={"deadline": "31/02"})
    assert "Hạn gửi hồ sơ phải có dạng ngày/tháng" in message(exc)


def test_ui_new_award_without_authority_shows_the_message_and_creates_nothing(client_for):
    r = client_for("provincial").post(
        "/khen-thuong/danh-muc/them/",
        {
            "code": "moi",
            "name": "Mới",
            "kind": "title",
            "subject": "individual",
            "rank": "10",
            "default_nature": "merit",
        },
    )
    assert r.status_code == 200 and "Hãy chọn thẩm quyền quyết định." in r.content.decode()
    assert not Award.objects.filter(code="moi").exists()


# Conditions as data ----------------------------------------------------------------------------------


def test_draft_2025_grassroots_fighter_htxs_and_an_initiative_expressed_without_code():
    spec = spec_for(2025)
    spec.rules["cstdcs"] = engine.RuleSpec(
        "cstdcs", "Chiến sĩ thi đua cơ sở", "individual", "conditions", "Dự thảo 2025", HTXS_AND_INITIATIVE
    )
    f = facts()
    rate(f, P, [2025], "HTXS")
    v = engine.evaluate(f, spec, P, "cstdcs", 2025)
    assert not v.eligible and [c.code for c in v.failed] == ["initiatives_3"]
    f.initiatives[P].append((2025, 1))
    assert engine.evaluate(f, spec, P, "cstdcs", 2025).eligible
    rate(f, P, [2025], "HTT")
    assert [c.code for c in engine.evaluate(f, spec, P, "cstdcs", 2025).failed] == ["rating_2"]


def test_any_groups_combine_alternatives():
    spec = spec_for(2025)
    params = {
        "all": [
            {"predicate": "rating", "min_rating": "HTT", "years": 2},
            {
                "any": [
                    {"predicate": "initiatives", "count": 2, "years": 2},
                    {"predicate": "prior_award", "award": ["bk_tinh_cn", "bk_bo_cn"], "within": 5},
                ]
            },
        ]
    }
    spec.rules["x"] = engine.RuleSpec("x", "Thử", "individual", "conditions", "Điều thử", params)
    f = facts()
    rate(f, P, [2024, 2025], "HTT")
    v = engine.evaluate(f, spec, P, "x", 2025)
    assert [c.code for c in v.failed] == ["any_2"] and " hoặc " in v.failed[0].label
    f.titles[P]["bk_bo_cn"].add(2022)
    assert engine.evaluate(f, spec, P, "x", 2025).eligible


# Transition by the dossier's receipt date ----------------------------------------------------------


@pytest.fixture
def pack_2026(world):
    return make_pack_2026(world.admin)


def test_law_06_2026_transition_dossier_received_before_follows_the_old_law(pack_2026):
    person = PersonFactory()
    PerformanceRatingFactory(person=person, year=2026, rating="HTXS")
    assert pack_for_year(2026) == pack_2026
    v = eligibility_on_receipt(subject=person, year=2026, award="cstdcs", received_on=dt.date(2026, 9, 20))
    assert v.eligible and v.pack == PACK_2025
    note = v.criteria[-1]
    assert note.code == "transition" and "quy định mới không có lợi hơn" in note.facts
    assert note.article == "Luật 06/2026/QH16, điều khoản chuyển tiếp"
    assert v.alternative.pack == "luat-06-2026" and not v.alternative.eligible
    after = eligibility_on_receipt(
        subject=person, year=2026, award="cstdcs", received_on=dt.date(2026, 10, 2)
    )
    assert not after.eligible and after.pack == "luat-06-2026" and after.alternative is None


def test_law_06_2026_transition_the_more_favourable_new_rule_applies(pack_2026, world):
    person = PersonFactory()
    PerformanceRatingFactory(person=person, year=2026, rating="HT")
    services.rule_entry_update(
        actor=world.admin,
        entry=RuleEntry.objects.get(pack=pack_2026, award__code="ldtt"),
        data={"params": {"min_rating": "HT"}},
    )
    v = eligibility_on_receipt(subject=person, year=2026, award="ldtt", received_on=dt.date(2026, 9, 1))
    assert v.eligible and v.pack == "luat-06-2026" and "có lợi hơn" in v.criteria[-1].facts
    assert not v.alternative.eligible and v.alternative.pack == PACK_2025


# A 2026 pack built entirely through the API ------------------------------------------------------


def test_api_builds_a_2026_pack_with_a_combined_condition_and_a_new_award_and_judges_with_it(client_for):
    api = client_for("provincial")

    def call(method, url, data=None):
        r = getattr(api, method)(url, data, content_type="application/json")
        assert r.status_code in (200, 201), (url, r.status_code, r.content.decode())
        return r.json()

    call(
        "post",
        f"/api/v1/rule-packs/{PACK_2025}/copy",
        {"code": "luat-06-2026", "name": "Luật 06/2026/QH16", "effective_from": "2026-10-01"},
    )
    call(
        "patch",
        "/api/v1/rule-packs/luat-06-2026",
        {"params": {"transition": "receipt_date", "transition_article": "Luật 06/2026/QH16, chuyển tiếp"}},
    )
    out = call(
        "patch",
        "/api/v1/rule-packs/luat-06-2026/entries/cstdcs",
        {"rule": "conditions", "params": HTXS_AND_INITIATIVE, "article": "Luật 06/2026/QH16 (Điều 23)"},
    )
    assert out["rule"] == "conditions"
    award = call(
        "post",
        "/api/v1/awards",
        {
            "code": "huy_hieu_sang_tao",
            "name": "Huy hiệu Lao động sáng tạo của tỉnh (thử)",
            "kind": "commendation",
            "subject": "individual",
            "authority": "provincial_chairman",
            "rank": 15,
        },
    )
    assert award["code"] == "huy_hieu_sang_tao"
    new_entry = {
        "award": "huy_hieu_sang_tao",
        "rule": "conditions",
        "article": "Quyết định của UBND tỉnh (thử)",
        "params": {
            "all": [
                {"predicate": "rating", "min_rating": "HTT", "years": 2},
                {
                    "any": [
                        {"predicate": "initiatives", "count": 2, "years": 2},
                        {"predicate": "prior_award", "award": "bk_tinh_cn", "within": 5},
                    ]
                },
            ],
            "cap_ratio": "1/10",
            "cap_rounding": "ceil",
        },
        "cash_coefficient": "0.5",
        "deadline": "31/03",
    }
    bad = api.post(
        "/api/v1/rule-packs/luat-06-2026/entries",
        {**new_entry, "params": {**new_entry["params"], "require_both": True}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "require_both" in bad.content.decode()
    assert call("post", "/api/v1/rule-packs/luat-06-2026/entries", new_entry)["deadline"] == "31/03"

    person = PersonFactory()
    for y in (2025, 2026):
        PerformanceRatingFactory(person=person, year=y, rating="HTXS")

    def judge(award, **extra):
        query = {"subject_type": "person", "subject": person.pk, "year": 2026, "award": award, **extra}
        (v,) = call("get", "/api/v1/eligibility", query)
        return v

    v = judge("cstdcs")
    assert v["pack"] == "luat-06-2026" and not v["eligible"]
    assert [c["code"] for c in v["criteria"] if not c["passed"]] == ["initiatives_3"]
    old = judge("cstdcs", received_on="2026-09-30")
    assert old["eligible"] and old["pack"] == PACK_2025 and old["criteria"][-1]["code"] == "transition"
    assert not judge("huy_hieu_sang_tao")["eligible"]
    InitiativeFactory(person=person, year=2026, scope="grassroots")
    assert judge("cstdcs")["eligible"]
    InitiativeFactory(person=person, year=2025, scope="grassroots")
    v = judge("huy_hieu_sang_tao")
    assert v["eligible"] and any(c["code"] == "cap" for c in v["criteria"])


def test_ui_entry_edit_refuses_an_unknown_parameter_and_changes_nothing(client_for):
    e = entry("co_tinh")
    data = {
        "rule": e.rule,
        "article": e.article,
        "criteria_text": e.criteria_text,
        "params": '{"min_rating": "HTXS", "require_lead": true, "require_both": true}',
        "cash_coefficient": "8,0",
        "council_ratio": e.council_ratio,
        "council_article": e.council_article,
        "enabled": "on",
        "deadline": "",
        "deadline_years_after": "1",
        "deadline_article": "",
    }
    r = client_for("provincial").post(f"/khen-thuong/bo-quy-tac/{PACK_2025}/quy-tac/co_tinh/", data)
    assert r.status_code == 200
    assert "Tham số “require_both” không được quy tắc “bloc_leader_flag” sử dụng" in r.content.decode()
    assert entry("co_tinh").params == e.params


def test_ui_adds_a_combined_condition_entry_for_a_new_award(client_for, world):
    services.award_create(
        actor=world.admin,
        code="huy_hieu_thu",
        name="Huy hiệu thử",
        kind="commendation",
        subject="individual",
        authority="provincial_chairman",
        rank=15,
    )
    r = client_for("provincial").post(
        f"/khen-thuong/bo-quy-tac/{PACK_2025}/them-quy-tac/",
        {
            "award": "huy_hieu_thu",
            "rule": "conditions",
            "article": "Quyết định của UBND tỉnh (thử)",
            "params": '{"all": [{"predicate": "rating", "min_rating": "HTXS"}, {"predicate": "initiatives"}]}',
            "cash_coefficient": "0,5",
        },
    )
    assert r.status_code == 302
    created = entry("huy_hieu_thu")
    assert created.rule == "conditions" and str(created.cash_coefficient) == "0.50"
    assert AuditEvent.objects.filter(action="rule_entry.create").exists()
