"""REST endpoints of the Council's e-vote: sessions (the office makes, opens and closes them),
a member's check-in and votes, the results and the minutes after closing. The same services as
the pages; sessions are seen by the office and the Council's members (404 for anybody else)."""

import datetime as dt
import io
import uuid

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from ninja import Field, Query, Router, Schema, Status

from thidua.core.api import ErrorOut
from thidua.core.errors import field_error
from thidua.core.idempotency import idempotent_operation
from thidua.core.sane import limited
from thidua.documents.services import can_download, read_bytes
from thidua.proposals import selectors, services
from thidua.proposals.models import CouncilSession, Proposal
from thidua.proposals.services.council_sessions import NOT_IN_SESSION, RESULTS_AFTER_CLOSING

router = Router(tags=["Hội đồng Thi đua – Khen thưởng: biểu quyết điện tử"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class CouncilSessionItemOut(Schema):
    proposal: uuid.UUID
    subject_name: str
    award: str
    award_name: str
    voted: int  # how many members voted on it (the counts only after closing)
    i_voted: bool


class CouncilSessionOut(Schema):
    uuid: uuid.UUID
    year: int
    title: str
    status: str
    status_label: str
    secret: bool
    quorum: str
    members_total: int
    present: int
    i_am_member: bool
    i_am_present: bool
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    quorum_met: bool | None
    items: list[CouncilSessionItemOut]


class CouncilSessionIn(Schema):
    year: int = Field(ge=1990, le=2100)
    proposals: list[uuid.UUID]
    title: limited("proposals.CouncilSession", "title") = ""


class CouncilBallotIn(Schema):
    proposal: uuid.UUID
    choice: str  # "agree" or "disagree"


class CouncilBallotOut(Schema):
    proposal: uuid.UUID
    voted: bool
    message: str


class CouncilResultOut(Schema):
    proposal: uuid.UUID
    subject_name: str
    award: str
    agree: int
    disagree: int
    not_voted: int
    ratio: str
    article: str
    passed: bool | None
    blocked: str = Field("", description="Lý do không xét khi đóng phiên (vụ việc đang mở ngày đó)")
    status: str
    agree_names: list[str] | None  # open sessions only
    disagree_names: list[str] | None


class CouncilResultsOut(Schema):
    session: uuid.UUID
    secret: bool
    members_total: int
    present: int
    quorum: str
    quorum_met: bool
    minutes_url: str | None
    results: list[CouncilResultOut]


def _session_out(request, session: CouncilSession) -> dict:
    member = selectors.council_member_of(session, request.user)
    turnout = selectors.council_turnout(session=session)
    mine = {c["item"].pk for c in selectors.council_ballot(session=session, user=request.user) if c["voted"]}
    return {
        "uuid": session.uuid,
        "year": session.year,
        "title": session.title,
        "status": session.status,
        "status_label": session.get_status_display(),
        "secret": session.secret,
        "quorum": session.quorum,
        "members_total": session.members_total,
        "present": turnout["present"],
        "i_am_member": member is not None,
        "i_am_present": bool(member and member.present),
        "opened_at": session.opened_at,
        "closed_at": session.closed_at,
        "quorum_met": session.quorum_met,
        "items": [
            {
                "proposal": it.proposal.uuid,
                "subject_name": it.proposal.subject_name,
                "award": it.proposal.award.code,
                "award_name": it.proposal.award.name,
                "voted": it.turnout,
                "i_voted": it.pk in mine,
            }
            for it in turnout["items"]
        ],
    }


def _session(request, key) -> CouncilSession:
    if not request.user.is_authenticated:
        raise Http404
    return selectors.council_session_for(request.user, key)


@router.get(
    "/council-sessions",
    response={200: list[CouncilSessionOut], **ERRORS},
    url_name="api_council_session_list",
    summary="Các phiên biểu quyết điện tử của Hội đồng TĐKT (Phòng TĐKT, thành viên Hội đồng)",
)
def council_session_list(request, year: int | None = Query(None, ge=1990, le=2100)):
    sessions = selectors.council_sessions_visible_to(user=request.user)
    if year is not None:
        sessions = sessions.filter(year=year)
    return [_session_out(request, s) for s in sessions[:100]]


@router.post(
    "/council-sessions",
    response={201: CouncilSessionOut, **ERRORS},
    url_name="api_council_session_create",
    summary="Tạo phiên biểu quyết điện tử với các đề nghị đã tiếp nhận (Phòng TĐKT)",
)
@idempotent_operation
def council_session_create(request, payload: CouncilSessionIn):
    found = {
        p.uuid: p
        for p in Proposal.objects.visible_to(request.user).filter(
            uuid__in=payload.proposals, year=payload.year
        )
    }
    missing = [str(k) for k in payload.proposals if k not in found]
    if missing:
        raise field_error("proposals", f"Không có đề nghị năm {payload.year}: {', '.join(missing)}.")
    session = services.council_session_create(
        actor=request.user,
        year=payload.year,
        proposals=[found[k] for k in payload.proposals],
        title=payload.title,
    )
    return Status(201, _session_out(request, session))


@router.get(
    "/council-sessions/{key}",
    response={200: CouncilSessionOut, **ERRORS},
    url_name="api_council_session_detail",
    summary="Một phiên biểu quyết: trạng thái, số thành viên có mặt, số lượt biểu quyết từng đề nghị",
)
def council_session_detail(request, key: uuid.UUID):
    return _session_out(request, _session(request, key))


@router.post(
    "/council-sessions/{key}/open",
    response={200: CouncilSessionOut, **ERRORS},
    url_name="api_council_session_open",
    summary="Mở biểu quyết (Phòng TĐKT)",
)
def council_session_open(request, key: uuid.UUID):
    session = services.council_session_open(actor=request.user, session=_session(request, key))
    return _session_out(request, session)


@router.post(
    "/council-sessions/{key}/close",
    response={200: CouncilResultsOut, **ERRORS},
    url_name="api_council_session_close",
    summary="Đóng phiên: kết quả được ghi vào các đề nghị và lập biên bản (Phòng TĐKT)",
)
def council_session_close(request, key: uuid.UUID):
    session = services.council_session_close(actor=request.user, session=_session(request, key))
    return _results_out(session)


@router.post(
    "/council-sessions/{key}/check-in",
    response={200: CouncilSessionOut, **ERRORS},
    url_name="api_council_session_check_in",
    summary="Thành viên điểm danh có mặt",
)
def council_session_check_in(request, key: uuid.UUID):
    session = _session(request, key)
    services.council_session_check_in(actor=request.user, session=session)
    return _session_out(request, session)


@router.post(
    "/council-sessions/{key}/votes",
    response={200: CouncilBallotOut, **ERRORS},
    url_name="api_council_vote_cast",
    summary="Thành viên biểu quyết một đề nghị: agree (đồng ý) hoặc disagree (không đồng ý); mỗi đề nghị một lần",
)
def council_vote_cast(request, key: uuid.UUID, payload: CouncilBallotIn):
    session = _session(request, key)
    item = session.items.select_related("proposal").filter(proposal__uuid=payload.proposal).first()
    if item is None:
        raise field_error("proposal", NOT_IN_SESSION)
    services.council_vote_cast(
        actor=request.user, session=session, proposal=item.proposal, choice=payload.choice
    )
    return {"proposal": item.proposal.uuid, "voted": True, "message": "Đã ghi nhận biểu quyết."}


def _results_out(session: CouncilSession) -> dict:
    minutes = selectors.council_minutes_of(session)
    return {
        "session": session.uuid,
        "secret": session.secret,
        "members_total": session.members_total,
        "present": session.present_count or 0,
        "quorum": session.quorum,
        "quorum_met": bool(session.quorum_met),
        "minutes_url": f"/api/v1/council-sessions/{session.uuid}/minutes" if minutes else None,
        "results": [
            {
                "proposal": r["proposal"].uuid,
                "subject_name": r["proposal"].subject_name,
                "award": r["proposal"].award.code,
                "agree": r["agree"],
                "disagree": r["disagree"],
                "not_voted": r["not_voted"],
                "ratio": r["ratio"],
                "article": r["article"],
                "passed": r["passed"],
                "blocked": r["blocked"],
                "status": r["proposal"].status,
                "agree_names": r["agree_names"],
                "disagree_names": r["disagree_names"],
            }
            for r in selectors.council_results(session=session) or []
        ],
    }


@router.get(
    "/council-sessions/{key}/results",
    response={200: CouncilResultsOut, **ERRORS},
    url_name="api_council_session_results",
    summary="Kết quả biểu quyết (chỉ sau khi đóng phiên)",
)
def council_session_results(request, key: uuid.UUID):
    session = _session(request, key)
    if not session.is_closed:
        raise PermissionDenied(RESULTS_AFTER_CLOSING)
    return _results_out(session)


@router.get(
    "/council-sessions/{key}/minutes",
    response={200: None, **ERRORS},
    url_name="api_council_session_minutes",
    summary="Biên bản họp Hội đồng (Word, Nghị định 30/2020) sau khi đóng phiên",
)
def council_session_minutes(request, key: uuid.UUID):
    session = _session(request, key)
    if not session.is_closed:
        raise PermissionDenied(RESULTS_AFTER_CLOSING)
    doc = selectors.council_minutes_of(session)
    if doc is None or not can_download(request.user, doc):
        raise Http404
    data = read_bytes(doc)
    if data is None:
        raise Http404
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=doc.file_name)
