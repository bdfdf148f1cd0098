"""Demo data of the bloc year: Khối Nội chính 2019 launched and taken through its year-end
conference to the proposals step (agreement with 9 key contents, regulations, a 100-point rubric,
signatures, the six slogans of the seed scenario; the proposals demo closes it), 2020 led by Sở Nội
vụ and closed, and the current year launched and open for self-assessment with every deadline
still ahead of the day the demo is loaded (the scoring demo enters sheets in it). Every past date
is the date of the story, never the loading day. A fresh year to launch is made with "Bắt đầu năm
sau". The key contents, regulations and rubric are invented for the demo (the seed article did not
publish them)."""

import datetime as dt
import importlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from thidua.cycles import services
from thidua.cycles.choices import LaunchLevel, MovementScope, Stage
from thidua.cycles.models import (
    AgreementSignature,
    KeyContent,
    Movement,
    Programme,
    Rubric,
    StageTransition,
)
from thidua.cycles.selectors import stage_of
from thidua.organisations.models import BlocYear, Unit

KEY_CONTENTS = [
    "Thực hiện thắng lợi các chỉ tiêu, nhiệm vụ chuyên môn năm {year} được cấp trên giao.",
    "Đẩy mạnh cải cách hành chính, cải cách tư pháp; ứng dụng công nghệ thông tin, chuyển đổi số.",
    "Phòng, chống tham nhũng, lãng phí; giải quyết kịp thời, đúng pháp luật khiếu nại, tố cáo.",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với Nghị quyết Trung ương 4 (khóa XII).",
    "Xây dựng tổ chức đảng, cơ quan, đoàn thể trong sạch, vững mạnh.",
    "Tổ chức phong trào thi đua thiết thực; phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến.",
    "Thực hiện quy chế dân chủ ở cơ sở, văn hóa công sở; chăm lo đời sống cán bộ, công chức.",
    "Phối hợp chặt chẽ giữa các cơ quan nội chính, góp phần giữ vững an ninh chính trị, trật tự xã hội.",
    "Tham gia đầy đủ hoạt động của khối; thực hiện nghiêm chế độ thông tin, báo cáo.",
]

# code, parent, kind, title, max points, evidence required, key content positions, guidance.
# The codes and maxima match the scoring app's demo scores (thidua/scoring/demo.py).
RUBRIC = [
    ("I", "", "group", "Công tác chỉ đạo, tổ chức phong trào thi đua", 20, False, [], ""),
    ("1.1", "I", "criterion", "Ban hành kế hoạch, phát động phong trào thi đua", 10, False, [6], ""),
    (
        "1.1.a",
        "1.1",
        "sub",
        "Kế hoạch thi đua năm ban hành đúng thời hạn",
        5,
        False,
        [],
        "Đủ 5 điểm nếu ban hành trước ngày 31/01; chậm mỗi tháng trừ 1 điểm.",
    ),
    ("1.1.b", "1.1", "sub", "Tổ chức ký giao ước, đăng ký thi đua đầy đủ", 5, False, [9], ""),
    ("1.2", "I", "criterion", "Sơ kết, tổng kết, nhân rộng điển hình tiên tiến", 10, False, [6], ""),
    ("II", "", "group", "Thực hiện nhiệm vụ chuyên môn được giao", 50, False, [], ""),
    (
        "2.1",
        "II",
        "criterion",
        "Hoàn thành các chỉ tiêu chuyên môn chủ yếu",
        20,
        False,
        [1],
        "Chấm theo tỉ lệ hoàn thành chỉ tiêu do ngành giao; kèm báo cáo số liệu.",
    ),
    ("2.2", "II", "criterion", "Cải cách hành chính, chuyển đổi số", 15, False, [2], ""),
    ("2.3", "II", "criterion", "Phối hợp giữa các cơ quan nội chính", 15, False, [3, 8], ""),
    ("III", "", "group", "Xây dựng Đảng, đoàn thể, cơ quan văn hóa", 20, False, [], ""),
    (
        "3.1",
        "III",
        "criterion",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        10,
        False,
        [4],
        "",
    ),
    ("3.2", "III", "criterion", "Hoạt động công đoàn, đoàn thanh niên, phụ nữ", 10, False, [5, 7], ""),
    ("IV", "", "group", "Công tác khen thưởng", 10, False, [], ""),
    ("4.1", "IV", "criterion", "Khen thưởng kịp thời, đúng quy định", 10, True, [6], ""),
    (
        "C1",
        "",
        "bonus",
        "Đơn vị được tặng Cờ thi đua năm trước",
        10,
        False,
        [],
        "Cờ thi đua của Chính phủ: 10 điểm; Cờ thi đua cấp tỉnh: 5 điểm.",
    ),
    (
        "T1",
        "",
        "deduction",
        "Vi phạm bị cơ quan có thẩm quyền kết luận",
        10,
        False,
        [],
        "Mỗi kết luận vi phạm của cơ quan công an, thanh tra trừ 5 điểm.",
    ),
]

REGULATIONS = """CHƯƠNG I. QUY ĐỊNH CHUNG
Điều 1. Thành phần và nguyên tắc hoạt động
Khối thi đua các cơ quan Nội chính tỉnh gồm các cơ quan tư pháp, thanh tra, công an, quân sự và nội vụ của tỉnh; hoạt động theo nguyên tắc tự nguyện, tự giác, công khai, đoàn kết, hợp tác cùng phát triển.
Điều 2. Trưởng khối, phó khối
Trưởng khối, phó khối được bầu luân phiên tại hội nghị tổng kết hằng năm theo thứ tự đã thống nhất.
CHƯƠNG II. NỘI DUNG HOẠT ĐỘNG
Điều 3. Phát động và ký giao ước thi đua
Đầu năm, khối tổ chức hội nghị phát động, ký giao ước thi đua; các đơn vị đăng ký phong trào và chỉ tiêu thi đua.
Điều 4. Chấm điểm, thẩm định
Cuối năm, các đơn vị tự chấm điểm theo bộ tiêu chí của khối, gửi kèm minh chứng; đơn vị trưởng khối thẩm định, tổng hợp kết quả.
Điều 5. Bình xét, suy tôn
Hội nghị tổng kết bình xét, bỏ phiếu suy tôn đơn vị dẫn đầu theo thiết lập bỏ phiếu của khối; kết quả được ghi biên bản gửi Hội đồng Thi đua – Khen thưởng tỉnh.
CHƯƠNG III. TỔ CHỨC THỰC HIỆN
Điều 6. Trách nhiệm thi hành
Thủ trưởng các đơn vị thành viên chịu trách nhiệm thực hiện quy chế này. Việc sửa đổi, bổ sung quy chế do hội nghị khối thống nhất."""

SLOGANS_2019 = {
    "THADS": "Toàn hệ thống Thi hành án dân sự thi đua siết chặt kỷ luật, kỷ cương, tăng cường đoàn kết, "
    "hành động, sáng tạo, bứt phá, hiệu quả, thực hiện thắng lợi nhiệm vụ được giao năm 2019",
    "CA": "Kỷ luật, kỷ cương, nêu gương, trách nhiệm",
    "BCHQS": "Đoàn kết, sáng tạo, kỷ cương, nêu gương, quyết thắng",
    "VKSND": "Vững về chính trị, giỏi về nghiệp vụ, tinh thông về pháp luật, công tâm và bản lĩnh, "
    "kỷ cương và trách nhiệm",
    "TAND": "Phát huy truyền thống vẻ vang, nêu cao tinh thần đoàn kết, trách nhiệm, sáng tạo của cán bộ, "
    "công chức phấn đấu thực hiện thắng lợi nhiệm vụ công tác năm 2019",
    "TTR": "Công tâm, khách quan, dân chủ và sáng tạo",
}

# When the 2019 year reached each stage (the conference was held on 03/12/2019; proposals
# opened the day after; the proposals demo closes the year once the dossiers are sent).
STAGES_2019 = [
    ("launch", dt.datetime(2019, 2, 26, 9, 0)),
    ("open_self_assessment", dt.datetime(2019, 11, 4, 8, 0)),
    ("open_review", dt.datetime(2019, 11, 20, 8, 0)),
    ("open_conference", dt.datetime(2019, 12, 2, 16, 0)),
    ("open_proposals", dt.datetime(2019, 12, 4, 8, 0)),
]
# 2020, led by Sở Nội vụ: kept short in the demo (agreement signed, year closed on time).
STAGES_2020 = [
    ("launch", dt.datetime(2020, 2, 25, 9, 0)),
    ("open_self_assessment", dt.datetime(2020, 11, 2, 8, 0)),
    ("open_review", dt.datetime(2020, 11, 16, 8, 0)),
    ("open_conference", dt.datetime(2020, 12, 1, 16, 0)),
    ("open_proposals", dt.datetime(2020, 12, 3, 8, 0)),
    ("close", dt.datetime(2020, 12, 28, 16, 0)),
]


def year_deadlines(year: int) -> dict[str, dt.date]:
    """The usual calendar of a bloc year: the date by which each stage is finished."""
    return {
        "launched": dt.date(year, 3, 15),
        "self_assessment": dt.date(year, 11, 15),
        "review": dt.date(year, 11, 30),
        "conference": dt.date(year, 12, 5),
        "proposals": dt.date(year, 12, 10),
        "closed": dt.date(year, 12, 31),
    }


def current_calendar(today: dt.date) -> dict:
    """The current year on schedule whatever the day: launched on 20/02 (or today early in the
    year), self-assessment open since a week ago, and every deadline still ahead of ``today``
    (the usual date, moved later when the demo is loaded late in the year)."""
    usual = year_deadlines(today.year)
    launched = min(dt.date(today.year, 2, 20), today)
    opened = max(launched, today - dt.timedelta(days=7))
    deadlines = {"launched": max(usual["launched"], launched)}
    earliest = today + dt.timedelta(days=14)
    for stage, gap in (
        ("self_assessment", 14),
        ("review", 14),
        ("conference", 5),
        ("proposals", 5),
        ("closed", 14),
    ):
        deadlines[stage] = max(usual[stage], earliest)
        earliest = deadlines[stage] + dt.timedelta(days=gap)
    return {"launched_on": launched, "opened_on": opened, "deadlines": deadlines}


def _at(day: dt.date, hour: int) -> dt.datetime:
    """A moment of ``day`` never later than now (a transition is not recorded in the future)."""
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), timezone.now())


def _advance(admin, bloc_year, steps) -> None:
    """Take the workflow steps through the service, each dated when it happened."""
    for action, when in steps:
        row = services.year_advance(actor=admin, bloc_year=bloc_year, action=action, reason="")
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        StageTransition.objects.filter(pk=row.pk).update(created_at=when)
        if action == "launch":  # the rubric was frozen at launch
            Rubric.objects.filter(bloc_year=bloc_year, frozen_at__isnull=False).update(frozen_at=when)


def _rows() -> list[dict]:
    return [
        {
            "code": code,
            "parent": parent,
            "kind": kind,
            "title": title,
            "max_points": Decimal(points),
            "guidance": guidance,
            "evidence_required": evidence,
            "key_contents": contents,
        }
        for code, parent, kind, title, points, evidence, contents, guidance in RUBRIC
    ]


def _prepare(
    actor, bloc_year, *, signed_on: dt.date, place: str, signed: bool, deadlines: dict | None = None
) -> None:
    # Bulk inserts keep the demo fast; the services are exercised by the tests.
    KeyContent.objects.bulk_create(
        [
            KeyContent(bloc_year=bloc_year, position=i, title=t.format(year=bloc_year.year))
            for i, t in enumerate(KEY_CONTENTS, start=1)
        ]
    )
    services.agreement_update(actor=actor, bloc_year=bloc_year, signed_on=signed_on, signed_place=place)
    services.regulations_update(actor=actor, bloc_year=bloc_year, text=REGULATIONS)
    deadlines = deadlines or year_deadlines(bloc_year.year)
    services.settings_update(
        actor=actor,
        bloc_year=bloc_year,
        data={
            **(bloc_year.settings or {}),
            "deadlines": {stage: day.isoformat() for stage, day in deadlines.items()},
        },
    )
    rubric = services.rubric_for_editing(actor=actor, bloc_year=bloc_year)
    services.rubric_replace_rows(
        actor=actor, rubric=rubric, rows=_rows(), total=Decimal(100), action="rubric.demo"
    )
    if signed:
        AgreementSignature.objects.bulk_create(
            [
                AgreementSignature(bloc_year=bloc_year, unit_id=m.unit_id, signed=True, signed_on=signed_on)
                for m in bloc_year.members.all()
            ]
        )


@transaction.atomic
def ensure_programmes() -> None:
    """The programme catalogue seeded by migration 0003, restored if a test flushed the tables."""
    seed = importlib.import_module("thidua.cycles.migrations.0003_seed_programmes")
    for position, (name, description) in enumerate(seed.PROGRAMMES, start=1):
        Programme.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )


def load(*, context, stdout=None) -> None:
    ensure_programmes()
    admin = context["admin"]
    bloc = context["bloc"]
    y2019 = BlocYear.objects.filter(bloc=bloc, year=2019).first()
    current = BlocYear.objects.filter(bloc=bloc, year=context["current_year"]).first()
    if y2019 is not None and not KeyContent.objects.filter(bloc_year=y2019).exists():
        _prepare(
            admin,
            y2019,
            signed_on=dt.date(2019, 2, 26),
            place="Hội trường Cục Thi hành án dân sự tỉnh",
            signed=True,
        )
        _advance(admin, y2019, STAGES_2019)
        programmes = list(Programme.objects.order_by("position"))
        units = {u.code: u for u in Unit.objects.filter(code__in=SLOGANS_2019)}
        movements = Movement.objects.bulk_create(
            [
                Movement(
                    bloc_year=y2019,
                    unit=units[code],
                    title=slogan,
                    kind="regular",
                    # Each member's own movement for the year (form 0601.N: agency level and scope).
                    launch_level=LaunchLevel.AGENCY,
                    scope=MovementScope.AGENCY,
                    starts_on=dt.date(2019, 1, 1),
                    ends_on=dt.date(2019, 12, 31),
                    created_by=admin,
                    targets="Hoàn thành xuất sắc 100% chỉ tiêu, nhiệm vụ được giao.",
                )
                for code, slogan in SLOGANS_2019.items()
            ]
        )
        through = Movement.programmes.through
        through.objects.bulk_create(
            [through(movement_id=m.pk, programme_id=p.pk) for m in movements for p in programmes]
        )
    if (
        current is not None
        and current.pk != getattr(y2019, "pk", None)
        and not KeyContent.objects.filter(bloc_year=current).exists()
        and stage_of(current) == Stage.DRAFT
    ):
        # The current year is under way and on schedule: self-assessment open, every deadline ahead.
        plan = current_calendar(timezone.localdate())
        _prepare(
            admin,
            current,
            signed_on=plan["launched_on"],
            place="Hội trường Sở Nội vụ",
            signed=True,
            deadlines=plan["deadlines"],
        )
        _advance(
            admin,
            current,
            [("launch", _at(plan["launched_on"], 9)), ("open_self_assessment", _at(plan["opened_on"], 8))],
        )
    y2020 = BlocYear.objects.filter(bloc=bloc, year=2020).first()
    if y2020 is not None and y2020.pk != getattr(current, "pk", None) and stage_of(y2020) == Stage.DRAFT:
        if not KeyContent.objects.filter(bloc_year=y2020).exists():
            _prepare(admin, y2020, signed_on=dt.date(2020, 2, 25), place="Hội trường Sở Nội vụ", signed=True)
        _advance(admin, y2020, STAGES_2020)
    if stdout:
        stdout.write(
            f"Đã nạp năm thi đua: 2019 (hội nghị tổng kết, {Movement.objects.filter(bloc_year=y2019).count()} "
            "phong trào), 2020 (Sở Nội vụ trưởng khối, đã kết thúc) và năm hiện tại (đang tự chấm điểm)."
        )
