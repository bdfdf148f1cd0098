"""Demo data: the internal-affairs bloc of the seed scenario (year 2019, leader THADS) and the
same bloc in the current year with the 2020 rotation applied (leader Sở Nội vụ), plus one demo
login per role. Facts come from shared/scenarios/khoi-noi-chinh-2019.json; deputies, heads and
people are invented for the demo."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.accounts.models import RoleGrant, User
from thidua.organisations import services
from thidua.organisations.choices import PersonCategory
from thidua.organisations.models import Bloc, BlocYear, Person, Unit

DEMO_PASSWORD = "ThiDua@2019"

UNITS = [
    (
        "THADS",
        "Cục Thi hành án dân sự tỉnh",
        "Cục THADS",
        "Tổng cục Thi hành án dân sự – Bộ Tư pháp",
        "judicial",
    ),
    ("TAND", "Tòa án nhân dân tỉnh", "TAND tỉnh", "Tòa án nhân dân tối cao", "judicial"),
    (
        "VKSND",
        "Viện Kiểm sát nhân dân tỉnh",
        "VKSND tỉnh",
        "Viện Kiểm sát nhân dân tối cao",
        "judicial",
    ),
    ("TTR", "Thanh tra tỉnh", "Thanh tra tỉnh", "Ủy ban nhân dân tỉnh", "state"),
    ("CA", "Công an tỉnh", "Công an tỉnh", "Bộ Công an", "armed"),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh", "Bộ CHQS tỉnh", "Quân khu – Bộ Quốc phòng", "armed"),
    ("STP", "Sở Tư pháp", "Sở Tư pháp", "Ủy ban nhân dân tỉnh", "state"),
    ("SNV", "Sở Nội vụ", "Sở Nội vụ", "Ủy ban nhân dân tỉnh", "state"),
]
ECONOMY_UNITS = [
    ("STC", "Sở Tài chính", "Sở Tài chính", "Ủy ban nhân dân tỉnh", "state"),
    ("SCT", "Sở Công Thương", "Sở Công Thương", "Ủy ban nhân dân tỉnh", "state"),
    ("SXD", "Sở Xây dựng", "Sở Xây dựng", "Ủy ban nhân dân tỉnh", "state"),
    ("CTHUE", "Cục Thuế tỉnh", "Cục Thuế", "Tổng cục Thuế – Bộ Tài chính", "state"),
]
ROTATION = ["THADS", "SNV", "TAND", "VKSND", "CA", "BCHQS", "TTR", "STP"]
HEADS = {
    "THADS": ("Nguyễn Văn Thắng", "Cục trưởng"),
    "TAND": ("Trần Thị Hòa", "Chánh án"),
    "VKSND": ("Lê Minh Đức", "Viện trưởng"),
    "TTR": ("Phạm Quốc Anh", "Chánh Thanh tra"),
    "CA": ("Đại tá Hoàng Văn Dũng", "Giám đốc"),
    "BCHQS": ("Đại tá Vũ Đình Long", "Chỉ huy trưởng"),
    "STP": ("Đỗ Thị Lan", "Giám đốc"),
    "SNV": ("Bùi Văn Hùng", "Giám đốc"),
}
PEOPLE = {
    "THADS": [
        ("Nguyễn Thị Thu Hà", "nu", "Phó Cục trưởng"),
        ("Trần Văn Bình", "nam", "Chấp hành viên"),
    ],
    "TAND": [("Lê Thị Mai", "nu", "Thẩm phán"), ("Đặng Quang Huy", "nam", "Thư ký tòa án")],
    "VKSND": [("Phan Văn Tài", "nam", "Kiểm sát viên"), ("Ngô Thị Yến", "nu", "Kiểm tra viên")],
    "TTR": [("Võ Minh Châu", "nam", "Thanh tra viên")],
    "CA": [("Thiếu tá Đinh Văn Ân", "nam", "Đội trưởng")],
    "BCHQS": [("Trung tá Lý Văn Ơn", "nam", "Trưởng ban")],
    "STP": [("Hồ Thị Ánh", "nu", "Trưởng phòng")],
    "SNV": [
        ("Trịnh Thị Đào", "nu", "Trưởng phòng Thi đua – Khen thưởng"),
        ("Mai Văn Ước", "nam", "Chuyên viên"),
    ],
}
# The object category of each person in the award statistics (forms 0602.N, 0603.N); Võ Minh
# Châu is left unclassified so that the statistics show what an unclassified person looks like.
CATEGORIES = {
    "Nguyễn Thị Thu Hà": PersonCategory.LEADER_DEPARTMENT,
    "Trần Văn Bình": PersonCategory.WORKER,
    "Lê Thị Mai": PersonCategory.WORKER,
    "Đặng Quang Huy": PersonCategory.WORKER,
    "Phan Văn Tài": PersonCategory.WORKER,
    "Ngô Thị Yến": PersonCategory.WORKER,
    "Thiếu tá Đinh Văn Ân": PersonCategory.LEADER_OTHER,
    "Trung tá Lý Văn Ơn": PersonCategory.LEADER_OTHER,
    "Hồ Thị Ánh": PersonCategory.LEADER_OTHER,
    "Trịnh Thị Đào": PersonCategory.LEADER_OTHER,
    "Mai Văn Ước": PersonCategory.WORKER,
}
LOGINS = [
    ("admin", "Quản trị hệ thống", None, [Role.ADMIN]),
    ("phongtdkt", "Nguyễn Thị Thanh – Phòng TĐKT, Sở Nội vụ", "SNV", [Role.PROVINCIAL_OFFICER]),
    (
        "thuky2019",
        "Trần Minh Khoa – thư ký khối 2019 (Cục THADS)",
        "THADS",
        [Role.BLOC_SECRETARY, Role.UNIT_OFFICER],
    ),
    (
        "thukysnv",
        "Lê Thu Trang – thư ký khối từ 2020 (Sở Nội vụ)",
        "SNV",
        [Role.BLOC_SECRETARY, Role.UNIT_OFFICER],
    ),
    ("canbotand", "Phạm Văn Nam – cán bộ thi đua Tòa án", "TAND", [Role.UNIT_OFFICER]),
    ("canbovks", "Hoàng Thị Lệ – cán bộ thi đua Viện Kiểm sát", "VKSND", [Role.UNIT_OFFICER]),
    # One emulation officer for every other member unit, so that each unit can score itself,
    # vote on its phone and see its own pages.
    ("canbottr", "Võ Thị Ngọc – cán bộ thi đua Thanh tra tỉnh", "TTR", [Role.UNIT_OFFICER]),
    ("canboca", "Thiếu tá Nguyễn Văn Tùng – cán bộ thi đua Công an tỉnh", "CA", [Role.UNIT_OFFICER]),
    (
        "canbobchqs",
        "Đại úy Phạm Minh Tuấn – cán bộ thi đua Bộ Chỉ huy Quân sự tỉnh",
        "BCHQS",
        [Role.UNIT_OFFICER],
    ),
    ("canbostp", "Trần Thị Hạnh – cán bộ thi đua Sở Tư pháp", "STP", [Role.UNIT_OFFICER]),
    ("canbostc", "Lê Văn Phúc – cán bộ thi đua Sở Tài chính", "STC", [Role.UNIT_OFFICER]),
    ("canbosct", "Ngô Thị Thảo – cán bộ thi đua Sở Công Thương", "SCT", [Role.UNIT_OFFICER]),
    ("canbosxd", "Đinh Văn Sơn – cán bộ thi đua Sở Xây dựng", "SXD", [Role.UNIT_OFFICER]),
    ("canbothue", "Hà Thị Thu – cán bộ thi đua Cục Thuế tỉnh", "CTHUE", [Role.UNIT_OFFICER]),
    ("hoidong", "Đỗ Văn Quang – thành viên Hội đồng TĐKT tỉnh", None, [Role.COUNCIL_MEMBER]),
    ("bientap", "Vũ Hưng – biên tập viên cổng thông tin", None, [Role.PORTAL_EDITOR]),
]


def _user(username, full_name, unit, roles) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "unit": unit}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_superuser = user.is_staff = Role.ADMIN in roles
        user.save()
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in roles])
    return user


@transaction.atomic
def load(*, context: dict, stdout=None) -> None:
    admin = _user("admin", "Quản trị hệ thống", None, [Role.ADMIN])
    context["admin"] = admin
    context["password"] = DEMO_PASSWORD
    if not Unit.objects.filter(code="THADS").exists():
        _load_organisations(admin)
    units = {u.code: u for u in Unit.objects.all()}
    for username, description, unit_code, roles in LOGINS:
        _user(username, description.split(" – ")[0], units.get(unit_code), roles)
    context.setdefault("logins", []).extend((u, d) for u, d, _, _ in LOGINS)
    context["bloc"] = Bloc.objects.get(code="KNC")
    context["units"] = {code: unit.pk for code, unit in units.items()}
    context["current_year"] = timezone.localdate().year
    _load_2020(admin, context["bloc"], units, context["current_year"])
    if stdout:
        stdout.write(
            f"Đã nạp: Khối Nội chính (2019 và {timezone.localdate().year}), 8 đơn vị, tài khoản demo."
        )


def _load_2020(admin, bloc, units, current: int) -> None:
    """2020, the year after the seed: the 2019 conference elected Sở Nội vụ (7 of 8 votes; the
    conference's demo closes that ballot and records it again through the same service), so the
    secretary's "start 2020" takes Sở Nội vụ as leader, the deputy from the rotation, and the
    heads of the units from 2019."""
    if current == 2020 or BlocYear.objects.filter(bloc=bloc, year=2020).exists():
        return
    y2019 = BlocYear.objects.filter(bloc=bloc, year=2019).first()
    if y2019 is None:
        return
    secretary = User.objects.get(username="thuky2019")
    if y2019.elected_next_leader_id is None:
        y2019 = services.bloc_year_record_election(
            actor=secretary,
            bloc_year=y2019,
            next_leader=units["SNV"],
            next_deputy=None,
            reason="Hội nghị tổng kết ngày 03/12/2019 bầu Sở Nội vụ làm trưởng khối năm 2020 (7/8 phiếu).",
        )
    y2020 = services.bloc_year_start_next(actor=secretary, bloc_year=y2019)
    assert y2020.leader_id == units["SNV"].pk


def _load_organisations(admin) -> None:
    created = {}
    for code, name, short, parent, kind in UNITS + ECONOMY_UNITS:
        created[code] = services.unit_create(
            actor=admin,
            code=code,
            name=name,
            short_name=short,
            parent_body=parent,
            kind=kind,
            established_on=dt.date(2008, 1, 1),
        )
    # 2025 reorganisation: the provincial civil-judgment enforcement department is renamed.
    services.unit_rename(
        actor=admin,
        unit=created["THADS"],
        new_name="Thi hành án dân sự tỉnh",
        new_short_name="THADS tỉnh",
        effective_on=dt.date(2025, 3, 1),
        decision_ref="Quyết định của Bộ Tư pháp về tổ chức lại hệ thống THADS (2025)",
        reason="Sắp xếp tổ chức bộ máy năm 2025",
    )
    for code, rows in PEOPLE.items():
        for full_name, gender, position in rows:
            services.person_create(
                actor=admin,
                full_name=full_name,
                gender=gender,
                unit=created[code],
                position=position,
                category=CATEGORIES.get(full_name, ""),
            )
    bloc = services.bloc_create(
        actor=admin,
        code="KNC",
        name="Khối thi đua các cơ quan Nội chính tỉnh",
        short_name="Khối Nội chính",
        kind="khoi",
        level="tinh",
        sector="Nội chính",
    )
    services.bloc_set_rotation(
        actor=admin,
        bloc=bloc,
        units=[created[c] for c in ROTATION],
        reason="Thứ tự luân phiên theo quy chế hoạt động của khối",
    )
    members = [created[c] for c in ROTATION]
    y2019 = services.bloc_year_create(
        actor=admin,
        bloc=bloc,
        year=2019,
        units=members,
        leader=created["THADS"],
        deputy=created["SNV"],
        notes="Năm thi đua theo tin bài ngày 04/12/2019.",
    )
    current = timezone.localdate().year
    ycur = services.bloc_year_create(
        actor=admin,
        bloc=bloc,
        year=current,
        units=members,
        leader=created["SNV"],
        deputy=created["TAND"],
    )
    for by in (y2019, ycur):
        for code, (head, title) in HEADS.items():
            services.bloc_year_update_member(
                actor=admin, bloc_year=by, unit=created[code], head_name=head, head_title=title
            )
    economy = services.bloc_create(
        actor=admin,
        code="KKT",
        name="Khối thi đua các cơ quan Kinh tế tỉnh",
        short_name="Khối Kinh tế",
        kind="khoi",
        level="tinh",
        sector="Kinh tế",
    )
    eco_units = [created[c] for c, *_ in ECONOMY_UNITS]
    services.bloc_set_rotation(actor=admin, bloc=economy, units=eco_units)
    services.bloc_year_create(
        actor=admin,
        bloc=economy,
        year=current,
        units=eco_units,
        leader=created["STC"],
        deputy=created["SCT"],
    )
    assert BlocYear.objects.filter(bloc=bloc).count() == 2
    assert Person.objects.exists()
