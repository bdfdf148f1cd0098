"""Demo award history for the seed units and people: ratings from 2015 to last year (the current
year is still being assessed, so it has no rating yet), earlier flags, certificates and titles,
initiatives, one past discipline and one open investigation (started three months before the
demo is loaded), so that the eligibility pages show both passes and explained refusals. The 2019
flags are not here: the proposals demo decides them through the real workflow."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from thidua.awards import reference
from thidua.awards.choices import DisciplineLevel, FlagKind, Nature
from thidua.awards.models import (
    Award,
    AwardRecord,
    BaseSalary,
    Initiative,
    PerformanceRating,
    RuleEntry,
    RulePack,
    SubjectFlag,
)
from thidua.awards.services.imports import fill_search_text
from thidua.core.text import fold
from thidua.organisations.models import Person

# Unit ratings: HTXS unless listed.
UNIT_EXCEPTIONS = {("TTR", 2018): "HTT", ("STP", 2021): "HTT", ("VKSND", 2017): "HT"}
# Person ratings per name: a pattern over the years from 2015.
PERSON_PATTERNS = {
    "Lê Thị Mai": "HTXS",
    "Nguyễn Thị Thu Hà": "HTXS",
    "Trịnh Thị Đào": "HTXS",
    "Phan Văn Tài": "HTXS",
    "Đặng Quang Huy": "HTT",
    "Ngô Thị Yến": "HTT",
}
UNIT_AWARDS = [
    # unit, award, year, decision number, decision date, decided by, nature
    ("TAND", "bk_tinh_tt", 2013, "1520/QĐ-UBND", dt.date(2014, 2, 10), "Chủ tịch UBND tỉnh", Nature.MERIT),
    ("THADS", "bk_tinh_tt", 2012, "310/QĐ-UBND", dt.date(2013, 1, 25), "Chủ tịch UBND tỉnh", Nature.MERIT),
    ("THADS", "co_tinh", 2016, "120/QĐ-UBND", dt.date(2017, 1, 20), "Chủ tịch UBND tỉnh", Nature.MERIT),
    ("CA", "bk_tinh_tt", 2020, "88/QĐ-UBND", dt.date(2020, 9, 2), "Chủ tịch UBND tỉnh", Nature.THEMATIC),
    ("SNV", "co_tinh", 2024, "95/QĐ-UBND", dt.date(2025, 1, 17), "Chủ tịch UBND tỉnh", Nature.MERIT),
]
PERSON_TITLES = {
    # name: [(award, year)] — LĐTT every rated year is added below
    "Lê Thị Mai": [("cstdcs", y) for y in range(2016, 2026)]
    + [("bk_tinh_cn", 2016), ("cstd_tinh", 2019), ("cstd_tinh", 2022)],
    "Nguyễn Thị Thu Hà": [("cstdcs", y) for y in (2023, 2024, 2025)] + [("bk_tinh_cn", 2019)],
    "Trịnh Thị Đào": [("cstdcs", y) for y in (2018, 2019)],
}
# Thematic awards of people (given for a movement's theme, not for the year's regular
# achievement: they neither serve as prerequisites nor bound the next regular award's period).
PERSON_THEMATIC = {"Lê Thị Mai": [("bk_tinh_cn", 2018)]}
INITIATIVES = [
    ("Lê Thị Mai", 2018, "Mẫu biên bản phiên tòa điện tử", "grassroots"),
    ("Lê Thị Mai", 2019, "Quy trình số hoá hồ sơ xét xử", "provincial"),
    ("Lê Thị Mai", 2022, "Phần mềm tra cứu án lệ nội bộ", "national"),
    ("Nguyễn Thị Thu Hà", 2025, "Sổ tay tổ chức thi hành án trực tuyến", "provincial"),
    ("Trịnh Thị Đào", 2018, "Quy trình tiếp nhận hồ sơ thi đua một cửa", "grassroots"),
    ("Trịnh Thị Đào", 2019, "Bảng theo dõi tiến độ giao ước thi đua", "grassroots"),
    ("Trịnh Thị Đào", 2025, "Cơ sở dữ liệu khen thưởng của tỉnh", "grassroots"),
]


@transaction.atomic
def load(*, context: dict, stdout=None) -> None:
    reference.install(Award, RulePack, RuleEntry, BaseSalary)
    units = context["units"]
    current = context["current_year"]
    if PerformanceRating.objects.filter(unit_id=units["THADS"], year=2015).exists():
        return
    awards = dict(Award.objects.values_list("code", "pk"))
    people = {fold(p.full_name): p for p in Person.objects.filter(unit_id__in=units.values())}
    years = range(2015, current)
    ratings = [
        PerformanceRating(unit_id=pk, year=y, rating=UNIT_EXCEPTIONS.get((code, y), "HTXS"))
        for code, pk in units.items()
        for y in years
    ]
    records = []
    for key, person in people.items():
        pattern = next((v for k, v in PERSON_PATTERNS.items() if fold(k) == key), "HTT")
        for y in years:
            ratings.append(PerformanceRating(person=person, year=y, rating=pattern))
            records.append(
                _record(awards["ldtt"], y, person=person, number=f"{y % 100:02d}/QĐ-{person.unit.code}")
            )
    PerformanceRating.objects.bulk_create(ratings)
    for name, titles in PERSON_TITLES.items():
        person = people[fold(name)]
        for code, y in titles:
            authority = "Chủ tịch UBND tỉnh" if code in ("bk_tinh_cn", "cstd_tinh") else "Thủ trưởng đơn vị"
            # A number as decisions are numbered: "125/QĐ-UBND" (province) or "212/QĐ-TAND" (unit).
            issuer = "UBND" if code in ("bk_tinh_cn", "cstd_tinh") else person.unit.code
            number = f"{(y * 37 + sum(map(ord, code))) % 900 + 100}/QĐ-{issuer}"
            records.append(_record(awards[code], y, person=person, number=number, decided_by=authority))
    for name, titles in PERSON_THEMATIC.items():
        person = people[fold(name)]
        for code, y in titles:
            number = f"{(y * 37 + sum(map(ord, code))) % 900 + 100}/QĐ-UBND"
            records.append(
                _record(
                    awards[code],
                    y,
                    person=person,
                    number=number,
                    decided_by="Chủ tịch UBND tỉnh",
                    nature=Nature.THEMATIC,
                )
            )
    for code, award, y, number, day, by, nature in UNIT_AWARDS:
        records.append(
            _record(
                awards[award], y, unit_id=units[code], number=number, day=day, decided_by=by, nature=nature
            )
        )
    fill_search_text(records)
    AwardRecord.objects.bulk_create(records)
    Initiative.objects.bulk_create(
        Initiative(person=people[fold(name)], year=y, title=title, scope=scope)
        for name, y, title, scope in INITIATIVES
    )
    SubjectFlag.objects.bulk_create(
        [
            SubjectFlag(
                person=people[fold("Đặng Quang Huy")],
                kind=FlagKind.DISCIPLINE,
                level=DisciplineLevel.REPRIMAND,
                started_on=dt.date(2021, 3, 1),
                ended_on=dt.date(2022, 3, 1),
                note="Khiển trách do chậm trễ hồ sơ (dữ liệu minh hoạ)",
            ),
            SubjectFlag(
                person=people[fold("Phan Văn Tài")],
                kind=FlagKind.INSPECTION,
                started_on=timezone.localdate() - dt.timedelta(days=90),
                note="Đang được kiểm tra theo đơn phản ánh (dữ liệu minh hoạ)",
            ),
        ]
    )
    if stdout:
        stdout.write(
            f"Đã nạp: danh mục khen thưởng, 3 bộ quy tắc, lương cơ sở, {len(records)} quyết định khen thưởng."
        )


def _record(
    award_id,
    year,
    *,
    person=None,
    unit_id=None,
    number,
    day=None,
    decided_by="Thủ trưởng đơn vị",
    nature=Nature.MERIT,
):
    return AwardRecord(
        award_id=award_id,
        year=year,
        person=person,
        unit_id=unit_id,
        decision_number=number,
        decision_date=day or dt.date(year, 12, 20),
        decided_by=decided_by,
        nature=nature,
    )
