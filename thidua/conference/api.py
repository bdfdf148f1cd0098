"""REST endpoints of the conference: record, attendance, voting passes, ballots, paper counts,
results after closing, receipts, outcomes, documents, and casting with a voter token.

Delegates vote without an account: the ``/vote`` operations take the token of their voting link
in the ``X-Voter-Token`` header (never in the URL, so it stays out of server logs)."""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from thidua.conference import documents, selectors, services
from thidua.conference.access import ballot_for, conference_for
from thidua.conference.choices import BallotKind, BallotStatus
from thidua.conference.models import Ballot, PaperBatch
from thidua.conference.rules import can_manage
from thidua.core.api import ErrorOut
from thidua.core.errors import field_error
from thidua.core.idempotency import idempotent_operation
from thidua.core.permissions import get_visible_or_404
from thidua.core.sane import limited
from thidua.organisations.models import BlocYear, Unit

router = Router(tags=["Hội nghị tổng kết"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
VOTER_ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _units(codes: list[str], field: str) -> list[Unit]:
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise field_error(field, f"Không có đơn vị mã: {', '.join(missing)}.")
    return [found[c] for c in codes]


def _unit(code: str | None, field: str) -> Unit | None:
    return _units([code], field)[0] if code else None


# Schemas -----------------------------------------------------------------------------------------


class AttendanceOut(Schema):
    unit: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    present: bool
    delegate_name: str
    delegate_title: str
    other_delegates: str


class CandidateOut(Schema):
    unit: str = Field(..., alias="unit.code")
    name: str = Field(..., alias="unit.name")
    position: int


class BallotOut(Schema):
    id: uuid.UUID
    kind: BallotKind
    title: str
    seats: int
    round: int
    status: BallotStatus
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    candidates: list[CandidateOut]

    @staticmethod
    def resolve_candidates(obj):
        return list(obj.candidates.select_related("unit"))


class TurnoutOut(Schema):
    members: int
    total_weight: int
    present: int
    voted: int
    phone: int
    paper: int
    voted_weight: int


class BallotDetailOut(BallotOut):
    turnout: TurnoutOut
    eligibility: dict[str, list[str]]

    @staticmethod
    def resolve_turnout(obj):
        return selectors.turnout(obj)

    @staticmethod
    def resolve_eligibility(obj):
        units = {c.unit_id: c.unit.code for c in obj.candidates.select_related("unit")}
        return {units[k]: v for k, v in selectors.candidate_eligibility(obj).items()}


class ConferenceOut(Schema):
    id: uuid.UUID
    bloc: str = Field(..., alias="bloc_year.bloc.code")
    year: int = Field(..., alias="bloc_year.year")
    held_on: dt.date
    starts_at: dt.time | None
    venue_unit: str | None = Field(None, alias="venue_unit.code")
    venue: str
    chair_name: str
    secretary_name: str


class ConferenceDetailOut(ConferenceOut):
    agenda: list[str]
    results: str
    limitations: str
    causes: str
    directions: str
    resolutions: str
    attendance: list[AttendanceOut]
    ballots: list[BallotOut]

    @staticmethod
    def resolve_attendance(obj):
        return list(obj.attendance.select_related("unit"))

    @staticmethod
    def resolve_ballots(obj):
        return list(selectors.ballots_of(obj))


class ConferenceIn(Schema):
    bloc: str
    year: int
    held_on: dt.date
    starts_at: dt.time | None = None
    venue_unit: str | None = None
    venue: limited("conference.Conference", "venue") = ""
    chair_name: limited("conference.Conference", "chair_name") = ""
    secretary_name: limited("conference.Conference", "secretary_name") = ""
    agenda: list[str] | None = None


class ConferencePatch(Schema):
    held_on: dt.date | None = None
    starts_at: dt.time | None = None
    venue_unit: str | None = None
    venue: limited("conference.Conference", "venue") | None = None
    chair_name: limited("conference.Conference", "chair_name") | None = None
    secretary_name: limited("conference.Conference", "secretary_name") | None = None
    agenda: list[str] | None = None
    results: str | None = None
    limitations: str | None = None
    causes: str | None = None
    directions: str | None = None
    resolutions: str | None = None


class PrefillIn(Schema):
    overwrite: bool = False


class AttendanceIn(Schema):
    unit: str
    present: bool
    delegate_name: str = ""
    delegate_title: str = ""
    other_delegates: str = ""


class PassOut(Schema):
    unit: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    token: str
    link: str

    @staticmethod
    def resolve_link(obj, context):
        # The token rides in the fragment: browsers never send it, so no access log records it.
        return context["request"].build_absolute_uri(reverse("conference:vote")) + "#" + obj.token


class PassesIn(Schema):
    reissue: list[str] = []


class BallotIn(Schema):
    kind: BallotKind
    title: limited("conference.Ballot", "title") = ""
    seats: int | None = None
    candidates: list[str] | None = Field(None, description="Mã đơn vị; bỏ trống để lấy theo xếp hạng")


class BallotPatch(Schema):
    title: limited("conference.Ballot", "title") = ""
    seats: int | None = None
    candidates: list[str] | None = None


class UnitsIn(Schema):
    units: list[str]


class BatchIn(Schema):
    number: int = Field(..., ge=1)
    ballots: int
    invalid: int = 0
    abstain: int = 0
    counts: dict[str, int] = {}


class RecountIn(Schema):
    ballots: int
    invalid: int = 0
    abstain: int = 0
    counts: dict[str, int] = {}


class BatchOut(Schema):
    number: int
    ballots: int
    invalid: int
    abstain: int
    counts: dict[str, int]
    status: str


class BallotResultRowOut(Schema):
    key: str
    name: str
    votes: int
    share: str
    percent: float
    reached: bool
    status: str
    tie: bool = Field(False, description="Bằng phiếu với ứng viên khác trong số vào vòng sau")


class BallotResultOut(Schema):
    quorum_met: bool
    decided: bool
    total_weight: int
    base: int
    returned: int
    valid: int
    invalid: int
    abstain: int
    paper_issued: int = 0
    rows: list[BallotResultRowOut]
    elected: list[str]
    tied: list[str]
    undecided_seats: int
    runoff: list[str]
    approved: bool | None = None
    ties: list[list[str]] = Field([], description="Các nhóm bằng phiếu (kể cả khi không ai đạt ngưỡng)")
    notes: list[str] = Field(
        [], description="Ghi chú bằng tiếng Việt, ví dụ “Không ai đạt ngưỡng; A và B bằng phiếu”"
    )


class ReceiptsOut(Schema):
    ballot: uuid.UUID
    receipts: list[str]


class ReceiptCheckIn(Schema):
    receipt: str = Field(..., max_length=16, description="Mã biên nhận, ví dụ ABCDE-23456")


class ReceiptCheckOut(Schema):
    receipt: str
    found: bool
    message: str


class TallyPaperOut(Schema):
    receipt: str
    choices: list[str]
    abstain: bool


class TallyOut(Schema):
    format: str
    ballot: dict
    rules: dict
    options: list[dict[str, str]]
    papers: list[TallyPaperOut]
    paper_batches: list[dict]
    result: dict


class BallotVoteIn(Schema):
    ballot: uuid.UUID
    choices: list[str] = []
    abstain: bool = False


class ReceiptOut(Schema):
    receipt: str
    message: str


class VoterBallotOut(Schema):
    id: uuid.UUID
    title: str
    kind: BallotKind
    seats: int
    round: int
    status: BallotStatus
    voted: bool
    options: list[dict[str, str]]


class VoterOut(Schema):
    unit: str
    unit_name: str
    conference: str
    ballots: list[VoterBallotOut]


class OutcomeOut(Schema):
    kind: BallotKind
    unit: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    votes: int
    base: int
    share: str
    ballot: uuid.UUID = Field(..., alias="ballot_id")


# Conference --------------------------------------------------------------------------------------


@router.get(
    "/conferences",
    response=list[ConferenceOut],
    url_name="api_conference_list",
    summary="Danh sách hội nghị tổng kết",
)
def conference_list(request):
    return list(selectors.conferences_visible_to(request.user))


@router.post(
    "/conferences",
    response={201: ConferenceDetailOut, **ERRORS},
    url_name="api_conference_create",
    summary="Tạo hội nghị tổng kết",
)
@idempotent_operation
def conference_create(request, payload: ConferenceIn):
    bloc_year = get_visible_or_404(BlocYear.objects, request.user, bloc__code=payload.bloc, year=payload.year)
    data = payload.dict(exclude={"bloc", "year"}, exclude_none=True)
    data["venue_unit"] = _unit(data.get("venue_unit"), "venue_unit")
    if data["venue_unit"] is None:
        data.pop("venue_unit")
    conference = services.conference_create(actor=request.user, bloc_year=bloc_year, **data)
    return Status(201, conference)


@router.get(
    "/conferences/{conference_id}",
    response={200: ConferenceDetailOut, **ERRORS},
    url_name="api_conference_detail",
)
def conference_detail(request, conference_id: uuid.UUID):
    return conference_for(request.user, conference_id)


@router.patch(
    "/conferences/{conference_id}",
    response={200: ConferenceDetailOut, **ERRORS},
    url_name="api_conference_update",
)
def conference_update(request, conference_id: uuid.UUID, payload: ConferencePatch):
    conference = conference_for(request.user, conference_id)
    data = {
        k: v
        for k, v in payload.dict(exclude_unset=True).items()
        if v is not None or k in ("starts_at", "venue_unit")
    }
    if "venue_unit" in data:
        data["venue_unit"] = _unit(data["venue_unit"], "venue_unit")
    return services.conference_update(actor=request.user, conference=conference, data=data)


@router.post(
    "/conferences/{conference_id}/prefill",
    response={200: ConferenceDetailOut, **ERRORS},
    url_name="api_conference_prefill",
    summary="Điền lại các phần từ kết quả chấm điểm",
)
def conference_prefill(request, conference_id: uuid.UUID, payload: PrefillIn):
    conference = conference_for(request.user, conference_id)
    return services.conference_prefill(actor=request.user, conference=conference, overwrite=payload.overwrite)


@router.put(
    "/conferences/{conference_id}/attendance",
    response={200: ConferenceDetailOut, **ERRORS},
    url_name="api_conference_attendance",
    summary="Điểm danh",
)
def conference_attendance(request, conference_id: uuid.UUID, payload: list[AttendanceIn]):
    conference = conference_for(request.user, conference_id)
    units = _units([r.unit for r in payload], "rows")
    rows = [r.dict() | {"unit": u} for r, u in zip(payload, units, strict=True)]
    services.attendance_update(actor=request.user, conference=conference, rows=rows)
    return conference_for(request.user, conference_id)


@router.get(
    "/conferences/{conference_id}/passes",
    response={200: list[PassOut], **ERRORS},
    url_name="api_conference_passes",
    summary="Thẻ bỏ phiếu của đại biểu",
)
def conference_passes(request, conference_id: uuid.UUID):
    conference = conference_for(request.user, conference_id)
    if not can_manage(request.user, conference):
        raise PermissionDenied(services.DENIED)
    return list(conference.passes.select_related("unit"))


@router.post(
    "/conferences/{conference_id}/passes",
    response={200: list[PassOut], **ERRORS},
    url_name="api_conference_passes_issue",
    summary="Cấp (lại) thẻ bỏ phiếu",
)
def conference_passes_issue(request, conference_id: uuid.UUID, payload: PassesIn):
    conference = conference_for(request.user, conference_id)
    return services.passes_issue(
        actor=request.user, conference=conference, reissue=_units(payload.reissue, "reissue")
    )


@router.get(
    "/conferences/{conference_id}/minutes.docx",
    response={200: None, **ERRORS},
    url_name="api_conference_minutes",
    summary="Biên bản hội nghị (Word)",
)
def conference_minutes(request, conference_id: uuid.UUID):
    return documents.minutes_response(conference_for(request.user, conference_id), request.user)


@router.get(
    "/conferences/{conference_id}/count-minutes.docx",
    response={200: None, **ERRORS},
    url_name="api_conference_count_minutes",
    summary="Biên bản kiểm phiếu (Word)",
)
def conference_count_minutes(request, conference_id: uuid.UUID):
    return documents.count_minutes_response(conference_for(request.user, conference_id), request.user)


@router.get(
    "/conference-outcomes/{bloc}/{year}",
    response={200: list[OutcomeOut], **ERRORS},
    url_name="api_conference_outcomes",
    summary="Kết quả biểu quyết của năm (đề nghị khen thưởng, trưởng khối)",
)
def conference_outcomes(request, bloc: str, year: int):
    bloc_year = get_visible_or_404(BlocYear.objects, request.user, bloc__code=bloc, year=year)
    return selectors.outcomes_for_year(bloc_year=bloc_year)


# Ballots -----------------------------------------------------------------------------------------


@router.post(
    "/conferences/{conference_id}/ballots",
    response={201: BallotDetailOut, **ERRORS},
    url_name="api_ballot_create",
    summary="Thêm nội dung biểu quyết",
)
@idempotent_operation
def ballot_create(request, conference_id: uuid.UUID, payload: BallotIn):
    conference = conference_for(request.user, conference_id)
    candidates = _units(payload.candidates, "candidates") if payload.candidates is not None else None
    ballot = services.ballot_create(
        actor=request.user,
        conference=conference,
        kind=payload.kind,
        title=payload.title,
        seats=payload.seats,
        candidates=candidates,
    )
    return Status(201, ballot)


@router.get("/ballots/{ballot_id}", response={200: BallotDetailOut, **ERRORS}, url_name="api_ballot_detail")
def ballot_detail(request, ballot_id: uuid.UUID):
    return ballot_for(request.user, ballot_id)


@router.patch("/ballots/{ballot_id}", response={200: BallotDetailOut, **ERRORS}, url_name="api_ballot_update")
def ballot_update(request, ballot_id: uuid.UUID, payload: BallotPatch):
    ballot = ballot_for(request.user, ballot_id)
    candidates = _units(payload.candidates, "candidates") if payload.candidates is not None else None
    return services.ballot_update(
        actor=request.user, ballot=ballot, title=payload.title, seats=payload.seats, candidates=candidates
    )


@router.post(
    "/ballots/{ballot_id}/open",
    response={200: BallotDetailOut, **ERRORS},
    url_name="api_ballot_open",
    summary="Mở bỏ phiếu",
)
def ballot_open(request, ballot_id: uuid.UUID):
    return services.ballot_open(actor=request.user, ballot=ballot_for(request.user, ballot_id))


@router.post(
    "/ballots/{ballot_id}/close",
    response={200: BallotResultOut, **ERRORS},
    url_name="api_ballot_close",
    summary="Kết thúc bỏ phiếu và kiểm phiếu",
)
def ballot_close(request, ballot_id: uuid.UUID):
    ballot = services.ballot_close(actor=request.user, ballot=ballot_for(request.user, ballot_id))
    return selectors.result_of(ballot)


@router.post(
    "/ballots/{ballot_id}/runoff",
    response={201: BallotDetailOut, **ERRORS},
    url_name="api_ballot_runoff",
    summary="Bầu vòng sau",
)
def ballot_runoff(request, ballot_id: uuid.UUID):
    return Status(201, services.ballot_runoff(actor=request.user, ballot=ballot_for(request.user, ballot_id)))


@router.post(
    "/ballots/{ballot_id}/paper-issue",
    response={200: BallotDetailOut, **ERRORS},
    url_name="api_ballot_paper_issue",
    summary="Phát phiếu giấy cho đơn vị",
)
def ballot_paper_issue(request, ballot_id: uuid.UUID, payload: UnitsIn):
    ballot = ballot_for(request.user, ballot_id)
    return services.paper_issue(actor=request.user, ballot=ballot, units=_units(payload.units, "units"))


@router.get(
    "/ballots/{ballot_id}/paper-batches",
    response={200: list[BatchOut], **ERRORS},
    url_name="api_ballot_paper_batches",
)
def ballot_paper_batches(request, ballot_id: uuid.UUID):
    ballot = ballot_for(request.user, ballot_id)
    if not can_manage(request.user, ballot.conference):
        raise PermissionDenied(services.DENIED)
    return list(ballot.paper_batches.all())


@router.post(
    "/ballots/{ballot_id}/paper-batches",
    response={201: BatchOut, **ERRORS},
    url_name="api_ballot_paper_count",
    summary="Nhập kết quả đếm một tập phiếu giấy",
)
def ballot_paper_count(request, ballot_id: uuid.UUID, payload: BatchIn):
    ballot = ballot_for(request.user, ballot_id)
    return Status(201, services.paper_batch_count(actor=request.user, ballot=ballot, **payload.dict()))


@router.post(
    "/ballots/{ballot_id}/paper-batches/{number}/recount",
    response={200: BatchOut, **ERRORS},
    url_name="api_ballot_paper_recount",
    summary="Kiểm lại một tập phiếu giấy",
)
def ballot_paper_recount(request, ballot_id: uuid.UUID, number: int, payload: RecountIn):
    ballot = ballot_for(request.user, ballot_id)
    batch = PaperBatch.objects.filter(ballot=ballot, number=number).first()
    if batch is None:
        raise Http404
    return services.paper_batch_recount(actor=request.user, batch=batch, **payload.dict())


@router.get(
    "/ballots/{ballot_id}/results",
    response={200: BallotResultOut, **ERRORS},
    url_name="api_ballot_results",
    summary="Kết quả (sau khi kết thúc)",
)
def ballot_results(request, ballot_id: uuid.UUID):
    return selectors.result_of(ballot_for(request.user, ballot_id))


@router.get(
    "/ballots/{ballot_id}/receipts",
    response={200: ReceiptsOut, **VOTER_ERRORS},
    auth=None,
    url_name="api_ballot_receipts",
    summary="Danh sách mã biên nhận đã được kiểm",
)
def ballot_receipts(request, ballot_id: uuid.UUID):
    ballot = Ballot.objects.filter(pk=ballot_id).first()
    if ballot is None:
        raise Http404
    return {"ballot": ballot.pk, "receipts": selectors.receipts_of(ballot)}


@router.post(
    "/ballots/{ballot_id}/receipts/check",
    response={200: ReceiptCheckOut, **VOTER_ERRORS},
    auth=None,
    url_name="api_ballot_receipt_check",
    summary="Kiểm tra một mã biên nhận (gửi trong thân yêu cầu, không trong URL)",
)
def ballot_receipt_check(request, ballot_id: uuid.UUID, payload: ReceiptCheckIn):
    ballot = Ballot.objects.filter(pk=ballot_id).first()
    if ballot is None:
        raise Http404
    code = payload.receipt.strip().upper()
    found = code in selectors.receipts_of(ballot)
    message = (
        f"Mã {code} có trong danh sách: phiếu của bạn đã được kiểm."
        if found
        else f"Không thấy mã {code}. Hãy báo ngay Ban kiểm phiếu."
    )
    return {"receipt": code, "found": found, "message": message}


@router.get(
    "/ballots/{ballot_id}/tally",
    response={200: TallyOut, **ERRORS},
    url_name="api_ballot_tally",
    summary="Tệp kiểm phiếu (sau khi kết thúc): mọi phiếu điện tử kèm mã biên nhận, để đếm lại",
)
def ballot_tally(request, ballot_id: uuid.UUID):
    return selectors.tally_file(ballot_for(request.user, ballot_id))


# Voting with a token -----------------------------------------------------------------------------


def _voter(request):
    return services.voter_pass_for(request.headers.get("X-Voter-Token", ""))


def _options(ballot) -> list[dict[str, str]]:
    if ballot.is_question:
        return [{"key": "yes", "label": "Đồng ý"}, {"key": "no", "label": "Không đồng ý"}]
    year = ballot.conference.bloc_year.year
    return [
        {"key": c.unit.code, "label": c.unit.name_in_year(year)}
        for c in ballot.candidates.select_related("unit")
    ]


@router.get(
    "/vote",
    response={200: VoterOut, **VOTER_ERRORS},
    auth=None,
    url_name="api_vote_ballots",
    summary="Đại biểu: các nội dung biểu quyết (header X-Voter-Token)",
)
def vote_ballots(request):
    voter = _voter(request)
    voted = set(
        voter.conference.ballots.filter(participations__unit_id=voter.unit_id).values_list("pk", flat=True)
    )
    ballots = [
        {
            "id": b.pk,
            "title": b.title,
            "kind": b.kind,
            "seats": b.seats,
            "round": b.round,
            "status": b.status,
            "voted": b.pk in voted,
            "options": _options(b),
        }
        for b in selectors.ballots_of(voter.conference).exclude(status=BallotStatus.DRAFT)
    ]
    return {
        "unit": voter.unit.code,
        "unit_name": voter.unit.name,
        "conference": str(voter.conference),
        "ballots": ballots,
    }


@router.post(
    "/vote",
    response={201: ReceiptOut, **VOTER_ERRORS},
    auth=None,
    url_name="api_vote_cast",
    summary="Đại biểu: bỏ phiếu (header X-Voter-Token)",
)
def vote_cast(request, payload: BallotVoteIn):
    voter = _voter(request)
    ballot = Ballot.objects.filter(pk=payload.ballot).select_related("conference__bloc_year").first()
    if ballot is None:
        raise Http404
    receipt = services.vote_cast(
        token=voter.token, ballot=ballot, choices=payload.choices, abstain=payload.abstain
    )
    return Status(
        201,
        {
            "receipt": receipt,
            "message": f"Đã ghi nhận phiếu. Mã biên nhận của bạn: {receipt}. Hãy giữ mã này để đối chiếu.",
        },
    )
