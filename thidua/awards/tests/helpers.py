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
