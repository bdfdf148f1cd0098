"""Demo: the settings of the 2019 round (deadline 10/12/2019, a Council of 15 members) and of
the current year (its deadline that of the bloc year's proposals step, still ahead), the 2019
regulation of Khối Nội chính allowing the two provincial flags its conference voted for, the 2019
journey through the real services (the conference's votes become proposals for Sở Nội vụ,
Tòa án nhân dân tỉnh and Cục THADS; Word dossiers; sent, received, voted by the Council, the
Government flag forwarded to the Ministry; decided by the provincial chairman and the Prime
Minister, so the three awards are in history), the 2019 year then closed, and one published
exemplary model citing an award from the history. Each step is dated as it happened in 2019/2020,
not on the loading day. Decision numbers and dates are invented for the demo."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.accounts.models import RoleGrant, User
from thidua.awards.models import AwardRecord
from thidua.conference.models import Conference
from thidua.cycles.choices import Stage
from thidua.cycles.models import StageTransition
from thidua.cycles.selectors import stage_of
from thidua.cycles.services import year_advance
from thidua.cycles.services.setup import settings_update
from thidua.documents.models import GeneratedDocument
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear, Person
from thidua.proposals import services
from thidua.proposals.demo_signed import load_signed_decision
from thidua.proposals.models import Decision, ExemplaryModel, Proposal, RoundSettings, Transition

TITLE = "Thẩm phán Lê Thị Mai: số hoá hồ sơ xét xử để người dân được phục vụ nhanh hơn"
STORY = (
    "Giữ vững kỷ cương công vụ, Tòa án nhân dân tỉnh đã giải quyết đúng hạn toàn bộ các vụ án được "
    "giao, số hoá hồ sơ xét xử và chia sẻ cách làm với các đơn vị trong Khối Nội chính. Cán bộ, công "
    "chức của đơn vị tích cực học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
)


# The 2019 journey: what happened on which day (the conference was on 03/12/2019).
DOSSIER_ON = dt.date(2019, 12, 5)
SUBMITTED_ON = dt.date(2019, 12, 6)
RECEIVED_ON = dt.date(2019, 12, 9)
COUNCIL_ON = dt.date(2020, 1, 8)
FORWARDED_ON = dt.date(2020, 1, 10)
CLOSED_AT = dt.datetime(2019, 12, 30, 16, 0)
COUNCIL_MEMBERS = 15
COUNCIL_YES = {"SNV": 14, "TAND": 13, "THADS": 13}
FORWARD_LETTER = "12/TTr-UBND"
# The Council's other members besides the organisations demo's ``hoidong`` (15 in all, the round
# settings' size), so that a Council e-vote session can be tried: logins hoidong02 … hoidong15.
COUNCIL_LOGINS = [
    ("hoidong02", "Nguyễn Thị Lan"),
    ("hoidong03", "Trần Văn Bình"),
    ("hoidong04", "Lê Minh Châu"),
    ("hoidong05", "Phạm Thị Dung"),
    ("hoidong06", "Hoàng Văn Đức"),
    ("hoidong07", "Vũ Thị Giang"),
    ("hoidong08", "Đặng Quốc Hưng"),
    ("hoidong09", "Bùi Thị Khánh"),
    ("hoidong10", "Đỗ Thành Long"),
    ("hoidong11", "Ngô Thị Mỹ"),
    ("hoidong12", "Dương Văn Nghĩa"),
    ("hoidong13", "Lý Thị Oanh"),
    ("hoidong14", "Mai Xuân Phong"),
    ("hoidong15", "Trịnh Thị Quyên"),
]
# number, date, signer, title, authority, authority name, units
DECISIONS = [
    (
        "186/QĐ-UBND",
        dt.date(2020, 1, 22),
        "Nguyễn Văn Hải",
        "Chủ tịch UBND tỉnh",
        "provincial_chairman",
        "Ủy ban nhân dân tỉnh",
        ["TAND", "THADS"],
    ),
    (
        "868/QĐ-TTg",
        dt.date(2020, 6, 15),
        "Nguyễn Xuân Phúc",
        "Thủ tướng Chính phủ",
        "prime_minister",
        "Thủ tướng Chính phủ",
        ["SNV"],
    ),
]


def load(*, context: dict, stdout=None) -> None:
    admin = context.get("admin")
    current = context.get("current_year") or timezone.localdate().year
    with transaction.atomic():
        RoundSettings.objects.get_or_create(
            year=2019, defaults={"bloc_deadline": dt.date(2019, 12, 10), "council_members": COUNCIL_MEMBERS}
        )
        if current != 2019:
            RoundSettings.objects.get_or_create(
                year=current, defaults={"bloc_deadline": _current_deadline(current), "council_members": 15}
            )
    _council_members(context)
    by = BlocYear.objects.filter(bloc__code="KNC", year=2019).first()
    if by is not None and admin is not None and get_settings(by).provincial_flags < 2:
        settings_update(actor=admin, bloc_year=by, data={**get_settings(by).to_json(), "provincial_flags": 2})
    if by is not None and admin is not None:
        _journey_2019(by, admin)
    person = Person.objects.filter(full_name="Lê Thị Mai").select_related("unit").first()
    if not ExemplaryModel.objects.exists() and person is not None:
        ExemplaryModel.objects.create(
            title=TITLE,
            person=person,
            year=2019,
            story=STORY,
            published=True,
            published_at=dt.datetime(2020, 1, 10, 9, 0, tzinfo=dt.UTC),
            created_by=admin,
        )
    _link_demo_award(person)
    load_signed_decision(stdout=stdout)  # issue 14: one sample decision signed by a demo CA
    if stdout:
        stdout.write(
            "Đã nạp: đợt xét khen thưởng 2019 (3 đề nghị, 2 quyết định khen thưởng) và thiết lập năm "
            "nay, 1 điển hình tiên tiến."
        )


def _council_members(context: dict) -> None:
    """The Council's members who have no login in the organisations demo, once each."""
    password = context.get("password") or "ThiDua@2019"
    with transaction.atomic():
        for username, full_name in COUNCIL_LOGINS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"full_name": full_name, "position": "Ủy viên Hội đồng TĐKT tỉnh"}
            )
            if created:
                user.set_password(password)
                user.save()
                RoleGrant.objects.get_or_create(user=user, role=Role.COUNCIL_MEMBER)
    context.setdefault("logins", []).append(
        ("hoidong02 … hoidong15", "14 thành viên khác của Hội đồng TĐKT tỉnh (biểu quyết điện tử)")
    )


def _link_demo_award(person) -> None:
    """The demo model cites the title her 2019 initiative earned (provincial emulation fighter
    2019, from the awards demo history), once; a model an officer has already linked is left alone."""

    model = ExemplaryModel.objects.filter(title=TITLE, person=person).first()
    if model is None or model.awards.exists():
        return
    record = AwardRecord.objects.filter(person=person, year=2019, award__code="cstd_tinh").first()
    if record is not None:
        model.awards.add(record)


def _current_deadline(year: int) -> dt.date:
    """The office's deadline for the current year's dossiers: the bloc year's proposals
    deadline (set by the cycles demo from the loading day), else 10/12."""
    by = BlocYear.objects.filter(bloc__code="KNC", year=year).first()
    own = get_settings(by).deadlines.get("proposals") if by is not None else None
    return dt.date.fromisoformat(own) if own else dt.date(year, 12, 10)


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _journey_2019(by, admin) -> None:
    """The 2019 conference's votes taken to decisions through the services (checked, audited),
    once; then the dates of each step are set to the story's."""
    if Proposal.objects.filter(bloc_year=by).exists() or not Conference.objects.filter(bloc_year=by).exists():
        return
    secretary = User.objects.get(username="thuky2019")
    office = User.objects.get(username="phongtdkt")
    with transaction.atomic():
        made = {p.unit.code: p for p in services.proposals_from_outcomes(actor=secretary, bloc_year=by)}
        for proposal in made.values():
            services.dossier_generate(actor=secretary, proposal=proposal, date=DOSSIER_ON, pdf=False)
            proposal = services.proposal_submit(actor=secretary, proposal=proposal, today=SUBMITTED_ON)
            services.proposal_receive(actor=office, proposal=proposal, note="Hồ sơ đầy đủ, đúng hạn.")
        voted = services.council_votes_record_many(
            actor=office,
            votes=[(Proposal.objects.get(pk=p.pk), COUNCIL_YES[code]) for code, p in made.items()],
            members=COUNCIL_MEMBERS,
            voted_on=COUNCIL_ON,
        )
        for proposal in voted:
            if proposal.is_central:
                services.proposal_forward(
                    actor=office, proposal=proposal, letter_number=FORWARD_LETTER, forwarded_on=FORWARDED_ON
                )
        for number, day, signer, title, authority, authority_name, codes in DECISIONS:
            services.decision_record(
                actor=office,
                number=number,
                date=day,
                signer_name=signer,
                signer_title=title,
                authority=authority,
                authority_name=authority_name,
                proposals=[Proposal.objects.with_related().get(pk=made[c].pk) for c in codes],
            )
        if stage_of(by) == Stage.PROPOSALS:
            row = year_advance(
                actor=secretary, bloc_year=by, action="close", reason="Đã gửi hồ sơ đề nghị khen thưởng."
            )
            StageTransition.objects.filter(pk=row.pk).update(created_at=timezone.make_aware(CLOSED_AT))
        _date_2019(made)


def _date_2019(made: dict) -> None:
    """Move the moments the services stamped with the loading time to the story's days."""
    step_day = {
        "draft": (dt.date(2019, 12, 4), 9),
        "submitted": (SUBMITTED_ON, 10),
        "received": (RECEIVED_ON, 8),
        "approved": (COUNCIL_ON, 15),
        "forwarded": (FORWARDED_ON, 9),
    }
    decided = {code: day for _, day, *_, codes in DECISIONS for code in codes}
    for code, proposal in made.items():
        for status, (day, hour) in step_day.items():
            Transition.objects.filter(proposal=proposal, to_status=status).update(at=_aware(day, hour))
        Transition.objects.filter(proposal=proposal, to_status="decided").update(at=_aware(decided[code], 14))
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=_aware(dt.date(2019, 12, 4), 9),
            updated_at=_aware(decided[code], 14),
            checked_at=_aware(SUBMITTED_ON, 10),
            dossier_generated_at=_aware(DOSSIER_ON, 16),
        )
    for number, day, *_ in DECISIONS:
        Decision.objects.filter(number=number).update(created_at=_aware(day, 14), updated_at=_aware(day, 14))
    GeneratedDocument.objects.filter(
        owner_type=Proposal._meta.label_lower, owner_id__in=[str(p.pk) for p in made.values()]
    ).update(created_at=_aware(DOSSIER_ON, 16), updated_at=_aware(DOSSIER_ON, 16))
