"""Demo data of the statistics (issue 20): the register behind forms 0604.N and 0605.N, the
province's emulation council and a unit's, and the people who do emulation work, written through
``services_org`` as the office would. Loaded after the organisations demo (units, logins)."""

import datetime as dt

from thidua.accounts.models import User
from thidua.organisations.models import Unit
from thidua.statistics import services_org
from thidua.statistics.models import EmulationCouncil

COUNCILS = [
    # name, level, unit code, members, women, decision, established on
    (
        "Hội đồng Thi đua – Khen thưởng tỉnh",
        "province",
        "",
        17,
        5,
        "Quyết định số 512/QĐ-UBND của Chủ tịch UBND tỉnh",
        dt.date(2021, 3, 1),
    ),
    (
        "Hội đồng Thi đua – Khen thưởng Sở Nội vụ",
        "department",
        "SNV",
        9,
        4,
        "Quyết định số 45/QĐ-SNV của Giám đốc Sở Nội vụ",
        dt.date(2022, 2, 15),
    ),
    (
        "Hội đồng Thi đua – Khen thưởng Tòa án nhân dân tỉnh",
        "agency",
        "TAND",
        7,
        3,
        "Quyết định số 18/QĐ-TAND của Chánh án Tòa án nhân dân tỉnh",
        dt.date(2020, 1, 10),
    ),
]
STAFF = [
    # name, female, unit code, position, training, mode, trained in emulation work, from
    ("Trịnh Thị Đào", True, "SNV", "leader", "postgraduate", "full_time", True, dt.date(2015, 6, 1)),
    ("Nguyễn Thị Thanh", True, "SNV", "senior", "university", "full_time", True, dt.date(2017, 9, 1)),
    ("Mai Văn Ước", False, "SNV", "specialist", "university", "full_time", False, dt.date(2021, 4, 1)),
    ("Phạm Văn Nam", False, "TAND", "specialist", "university", "part_time", True, dt.date(2018, 3, 1)),
    ("Hoàng Thị Lệ", True, "VKSND", "specialist", "college", "part_time", False, dt.date(2019, 8, 1)),
]


def load(*, context: dict, stdout=None) -> None:
    if EmulationCouncil.objects.exists():
        return
    admin = User.objects.get(username="admin")
    units = {u.code: u for u in Unit.objects.filter(code__in=["SNV", "TAND", "VKSND"])}
    for name, level, code, members, women, decision, day in COUNCILS:
        services_org.council_create(
            actor=admin,
            name=name,
            level=level,
            unit=units.get(code),
            members=members,
            women_members=women,
            decision_ref=decision,
            established_on=day,
        )
    for name, female, code, position, training, mode, trained, day in STAFF:
        services_org.staff_create(
            actor=admin,
            full_name=name,
            is_female=female,
            unit=units.get(code),
            position=position,
            training=training,
            mode=mode,
            trained_in_emulation=trained,
            started_on=day,
        )
    if stdout:
        stdout.write(f"Đã nạp tổ chức thi đua, khen thưởng: {len(COUNCILS)} hội đồng, {len(STAFF)} cán bộ.\n")
