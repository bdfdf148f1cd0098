"""Demo: the 2019 year-end conference of Khối Nội chính (03/12/2019, afternoon, at Cục THADS)
with its agenda and next-year directions from the scenario, and three closed ballots whose
results match the seed: SNV proposed for the Government flag, TAND and THADS for the two
provincial flags, SNV elected next leader. Delegates vote by phone on the Government flag
and on paper (one bundle, counted and recounted) on the other two. Closing the leader ballot
records the election on 2019 (organisations' ``bloc_year_record_election``), which is what
"start 2020" takes its leader from."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.conference import services
from thidua.conference.choices import BallotKind
from thidua.conference.models import Ballot, Conference
from thidua.organisations.models import BlocYear, Unit

AGENDA = [
    "Báo cáo kết quả thực hiện phong trào thi đua năm 2019 của Khối",
    "Những hạn chế, tồn tại",
    "Nguyên nhân của hạn chế, tồn tại",
    "Phương hướng, nhiệm vụ năm 2020",
    "Bình xét, suy tôn đơn vị đề nghị khen thưởng",
    "Bầu trưởng khối năm 2020",
]
DIRECTIONS = "\n".join(
    [
        "Tiếp tục đẩy mạnh các phong trào thi đua, phấn đấu hoàn thành xuất sắc các chỉ tiêu đã đăng ký.",
        "Thường xuyên trao đổi thông tin; tổ chức giao lưu, học tập, chia sẻ kinh nghiệm giữa các đơn vị.",
        "Xây dựng điển hình tiên tiến, người tốt việc tốt, cách làm sáng tạo, hiệu quả để các đơn vị học tập.",
    ]
)
RESULTS = (
    "Năm 2019, 8 đơn vị thành viên của Khối thi đua các cơ quan Nội chính tỉnh đã ký kết và thực hiện "
    "giao ước thi đua với 9 nội dung trọng tâm, gắn với việc thực hiện Nghị quyết Trung ương 4 (khóa XII), "
    "việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và các phong trào thi đua do Tỉnh ủy, "
    "UBND tỉnh và từng ngành phát động. Các đơn vị đều phát động phong trào thi đua với khẩu hiệu riêng, "
    "hoàn thành và hoàn thành vượt mức các chỉ tiêu được giao."
)
# Government flag: every delegate votes on the phone (choices per unit; [] is a blank ballot).
GOV = {
    "THADS": ["SNV"],
    "TAND": ["SNV"],
    "VKSND": ["SNV"],
    "TTR": ["SNV"],
    "CA": ["SNV"],
    "BCHQS": ["THADS"],
    "STP": [],
    "SNV": ["SNV"],
}
# Provincial flags and next leader: paper ballots, counted in one bundle and recounted.
PROV = {"ballots": 8, "invalid": 0, "abstain": 0, "counts": {"TAND": 8, "THADS": 7, "VKSND": 1}}
LEADER = {"ballots": 8, "invalid": 0, "abstain": 0, "counts": {"SNV": 7, "TAND": 1}}


@transaction.atomic
def load(*, context: dict, stdout=None) -> None:
    bloc_year = BlocYear.objects.filter(bloc__code="KNC", year=2019).first()
    if bloc_year is None or Conference.objects.filter(bloc_year=bloc_year).exists():
        return
    secretary = User.objects.get(username="thuky2019")
    units = {u.code: u for u in Unit.objects.filter(code__in=GOV)}
    conference = services.conference_create(
        actor=secretary,
        bloc_year=bloc_year,
        held_on=dt.date(2019, 12, 3),
        starts_at=dt.time(14, 0),
        venue_unit=units["THADS"],
        venue="Hội trường Cục Thi hành án dân sự tỉnh",
        chair_name="Nguyễn Văn Thắng – Cục trưởng Cục Thi hành án dân sự tỉnh, Trưởng khối",
        secretary_name="Trần Minh Khoa – Cục Thi hành án dân sự tỉnh",
        agenda=AGENDA,
        results=RESULTS,
        limitations="Một số nội dung giao ước còn triển khai chậm; việc trao đổi thông tin giữa các đơn vị chưa thường xuyên.",
        causes="Khối lượng công việc chuyên môn lớn; một số đơn vị chưa bố trí cán bộ chuyên trách công tác thi đua.",
        directions=DIRECTIONS,
        resolutions=(
            "Hội nghị thống nhất suy tôn Sở Nội vụ đề nghị tặng Cờ thi đua của Chính phủ; Tòa án nhân dân tỉnh và "
            "Cục Thi hành án dân sự tỉnh đề nghị tặng Cờ thi đua cấp tỉnh; bầu Sở Nội vụ làm Trưởng khối năm 2020."
        ),
    )
    members = sorted(units.values(), key=lambda u: u.name_sort)
    passes = {p.unit.code: p.token for p in services.passes_issue(actor=secretary, conference=conference)}
    everyone = [units[code] for code in GOV]
    for index, (kind, seats, plan) in enumerate(
        [
            (BallotKind.GOVERNMENT_FLAG, 1, GOV),
            (BallotKind.PROVINCIAL_FLAG, 2, PROV),
            (BallotKind.NEXT_LEADER, 1, LEADER),
        ]
    ):
        # The 2019 scores were not published: candidates in Vietnamese name order.
        ballot = services.ballot_create(
            actor=secretary, conference=conference, kind=kind, seats=seats, candidates=members
        )
        services.ballot_open(actor=secretary, ballot=ballot)
        if plan is GOV:
            for code, choices in plan.items():
                services.vote_cast(token=passes[code], ballot=ballot, choices=choices, abstain=not choices)
        else:
            services.paper_issue(actor=secretary, ballot=ballot, units=everyone)
            batch = services.paper_batch_count(actor=secretary, ballot=ballot, number=1, **plan)
            services.paper_batch_recount(actor=secretary, batch=batch, **plan)
        services.ballot_close(actor=secretary, ballot=ballot)
        # Dated on the conference's afternoon (the services stamp "now"): the minutes read the end
        # of the conference from the last ballot's closing.
        opened = timezone.make_aware(dt.datetime(2019, 12, 3, 15, 0) + dt.timedelta(minutes=25 * index))
        Ballot.objects.filter(pk=ballot.pk).update(
            opened_at=opened, closed_at=opened + dt.timedelta(minutes=20)
        )
    context["conference_2019"] = conference.pk
    if stdout:
        stdout.write("Đã nạp: hội nghị tổng kết 2019 của Khối Nội chính với 3 nội dung biểu quyết.")
