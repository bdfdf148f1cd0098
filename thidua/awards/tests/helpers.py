"""Building facts in memory for rule tests: subjects are ("p", id) or ("u", id)."""

import datetime as dt

from thidua.awards import engine
from thidua.awards.facts import pack_for_year, pack_spec

P, U = ("p", 1), ("u", 10)


def spec_for(year: int) -> engine.PackSpec:
    return pack_spec(pack_for_year(year))


def facts(*, unit_members: int = 0) -> engine.Facts:
    f = engine.Facts()
    f.unit_names[10] = "Đơn vị thử"
    f.person_unit[1] = 10
    f.members[10] = [1, *list(range(100, 100 + unit_members))]
    for m in f.members[10]:
        f.person_unit[m] = 10
    return f


def rate(f, key, years, rating="HTXS"):
    for y in years:
        f.ratings[key][y] = rating


def title(f, key, code, years):
    for y in years:
        f.titles[key][code].add(y)


def verdict(f, year, award, key=P, as_of=None):
    return engine.evaluate(f, spec_for(year), key, award, year, as_of)


def failed(v) -> set[str]:
    return {c.code for c in v.criteria if not c.passed}


def d(y, m=1, day=1):
    return dt.date(y, m, day)


PACK_2025 = "luat-06-2022-nd-152-2025"
# The 2025 draft's grassroots fighter: advanced, HTXS AND an initiative (combined as data).
HTXS_AND_INITIATIVE = {
    "all": [
        {"predicate": "advanced"},
        {"predicate": "rating", "min_rating": "HTXS"},
        {"predicate": "initiatives", "count": 1, "scope": "grassroots"},
    ]
}


def make_pack_2026(admin, *, transition_article="Luật 06/2026/QH16, điều khoản chuyển tiếp"):
    """Law 06/2026/QH16 as an administrator enters it: the 2025 pack copied from 01/10/2026, the
    transition by receipt date, and the grassroots fighter "HTXS and an initiative"."""
    from thidua.awards import services
    from thidua.awards.models import RuleEntry, RulePack

    pack = services.rule_pack_copy(
        actor=admin,
        pack=RulePack.objects.get(code=PACK_2025),
        code="luat-06-2026",
        name="Luật 06/2026/QH16",
        effective_from=dt.date(2026, 10, 1),
    )
    services.rule_pack_update(
        actor=admin,
        pack=pack,
        data={"params": {"transition": "receipt_date", "transition_article": transition_article}},
    )
    services.rule_entry_update(
        actor=admin,
        entry=RuleEntry.objects.get(pack=pack, award__code="cstdcs"),
        data={
            "rule": "conditions",
            "params": HTXS_AND_INITIATIVE,
            "article": "Luật 06/2026/QH16 (Điều 23 sửa đổi)",
        },
    )
    return pack
