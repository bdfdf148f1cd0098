"""REST endpoints for proposals, dossiers, the Council's vote, decisions, exemplary models and
reports. Every write calls the same service as the pages."""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from thidua.awards.models import Award, AwardRecord
from thidua.core import sane
from thidua.core.api import ErrorOut, page_params
from thidua.core.errors import field_error
from thidua.core.idempotency import idempotent_operation
from thidua.core.permissions import get_visible_or_404
from thidua.core.sane import limited
from thidua.cycles.models import Movement
from thidua.organisations.access import bloc_year_for
from thidua.organisations.models import Person, Unit
from thidua.proposals import jobs, selectors, services
from thidua.proposals.api_council import router as council_router
from thidua.proposals.api_import import BlocYearJobOut
from thidua.proposals.api_import import router as import_router
from thidua.proposals.certificate_document import (
    certificate_documents_create,
    certificate_state,
    certificates_issued_at,
)
from thidua.proposals.choices import ProposalGround
from thidua.proposals.models import Decision, DecisionItem, DossierJob, ExemplaryModel, Proposal
from thidua.proposals.permissions import can_edit_exemplary, can_process, can_see_reports

router = Router(tags=["Đề nghị khen thưởng"])
router.add_router("/", import_router)  # the Excel import of a bloc year's proposals
router.add_router("/", council_router)  # the Council's e-vote
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _authenticated(request):
    if not request.user.is_authenticated:
        raise Http404


def _proposal(request, key) -> Proposal:
    return get_visible_or_404(Proposal.objects.with_related(), request.user, uuid=key)


# Schemas -----------------------------------------------------------------------------------------


class CriterionOut(Schema):
    code: str
    label: str
    passed: bool
    facts: str
    article: str


class TransitionOut(Schema):
    from_status: str
    to_status: str
    actor_name: str
    reason: str
    at: dt.datetime


class ProposalOut(Schema):
    uuid: uuid.UUID
    year: int
    bloc: str
    award: str
    award_name: str
    unit: str | None
    person_id: int | None
    subject_name: str
    status: str
    status_label: str
    source: str
    vote_yes: int | None
    vote_base: int | None
    led_bloc: str
    submitted_late: bool
    forward_letter: str
    forwarded_on: dt.date | None
    forwarded_late: bool
    council_yes: int | None
    council_members: int | None
    council_ratio: str
    council_channel: str  # "paper" (typed tally), "electronic" (e-vote session) or "" (not voted)
    ground: str
    ground_label: str

    @staticmethod
    def resolve_ground_label(obj):
        return obj.get_ground_display()

    @staticmethod
    def resolve_bloc(obj):
        return obj.bloc_year.bloc.code

    @staticmethod
    def resolve_award(obj):
        return obj.award.code

    @staticmethod
    def resolve_award_name(obj):
        return obj.award.name

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class ProposalDetailOut(ProposalOut):
    achievement_report: str
    ground_justification: str
    ground_movement: int | None = Field(None, description="Phong trào thi đua (căn cứ phong trào)")

    @staticmethod
    def resolve_ground_movement(obj):
        return obj.ground_movement_id

    eligibility: list[CriterionOut]
    timeline: list[TransitionOut]

    @staticmethod
    def resolve_timeline(obj):
        return selectors.timeline(obj)


GROUND_HELP = (
    "Căn cứ đề nghị (Luật TĐKT 2022, Điều 73, 74): checkable (theo tiêu chuẩn, kiểm tra từ dữ liệu), "
    "movement (kết quả bình xét của khối: số phiếu, hoặc phong trào kèm kết quả), contribution, "
    "extraordinary (cần giải trình, Hội đồng xem xét)"
)


class ProposalIn(Schema):
    award: str
    unit: str | None = None
    person: int | None = None
    vote_yes: int | None = None
    vote_base: int | None = None
    vote_note: limited("proposals.Proposal", "vote_note") = ""
    ground: ProposalGround = Field(ProposalGround.CHECKABLE, description=GROUND_HELP)
    ground_justification: limited("proposals.Proposal", "ground_justification") = ""
    ground_movement: int | None = None


class ProposalPatch(Schema):
    achievement_report: str
    vote_yes: int | None = None
    vote_base: int | None = None
    vote_note: limited("proposals.Proposal", "vote_note") = ""
    ground: ProposalGround | None = Field(None, description=GROUND_HELP + "; bỏ trống: giữ nguyên")
    ground_justification: limited("proposals.Proposal", "ground_justification") = ""
    ground_movement: int | None = None


class FileOut(Schema):
    file_format: str
    url: str


class DossierItemOut(Schema):
    kind: str
    label: str
    ok: bool
    missing: str
    article: str
    files: list[FileOut]


class DossierOut(Schema):
    complete: bool
    items: list[DossierItemOut]


class DossierJobItemOut(Schema):
    proposal: uuid.UUID
    subject_name: str
    award: str
    state: str
    state_label: str
    message: str


class DossierJobOut(BlocYearJobOut):
    with_pdf: bool
    total_steps: int
    done_steps: int
    percent: int
    is_finished: bool
    items: list[DossierJobItemOut]

    @staticmethod
    def resolve_total_steps(obj):
        return obj.total

    @staticmethod
    def resolve_done_steps(obj):
        return obj.done

    @staticmethod
    def resolve_items(obj):
        return [
            {
                "proposal": r["proposal"].uuid,
                "subject_name": r["proposal"].subject_name,
                "award": r["proposal"].award.code,
                "state": r["state"],
                "state_label": r["label"],
                "message": r["message"],
            }
            for r in jobs.dossier_job_rows(obj)
        ]


class SubmitIn(Schema):
    late_reason: str = ""


class ReasonIn(Schema):
    reason: str = ""


class CouncilVoteIn(Schema):
    yes: int
    members: int | None = None
    voted_on: dt.date | None = None


class DecisionItemOut(Schema):
    proposal: uuid.UUID
    subject_name: str
    award: str
    coefficient: str
    amount: int
    certificate_url: str
    certificate_code: uuid.UUID
    # When the certificate was issued: with signatures required, by its verified signed PDF.
    certificate_issued_at: dt.datetime | None


class DecisionOut(Schema):
    uuid: uuid.UUID
    number: str
    date: dt.date
    signer_name: str
    signer_title: str
    authority: str
    authority_name: str
    base_salary: int
    # Issued (ban hành): at once when recorded, or, with signatures required, when the signed PDF
    # of its document verified (issue 14); null while it waits.
    issued_at: dt.datetime | None
    items: list[DecisionItemOut]

    @staticmethod
    def resolve_items(obj):
        items = selectors.decision_items_of(obj)
        issued = certificates_issued_at(items)
        return [
            {
                "proposal": i.proposal.uuid,
                "subject_name": i.proposal.subject_name,
                "award": i.proposal.award.code,
                "coefficient": str(i.coefficient),
                "amount": i.amount,
                "certificate_url": i.get_absolute_url(),
                "certificate_code": i.certificate_code,
                "certificate_issued_at": issued[i.pk],
            }
            for i in items
        ]


class CertificateOut(Schema):
    """A certificate (Bằng khen, Giấy khen) and its signing state (issue 14)."""

    code: uuid.UUID
    award: str
    award_name: str
    subject_name: str
    year: int
    decision: uuid.UUID
    decision_number: str
    decision_issued: bool
    signatures_required: bool
    issued: bool
    issued_at: dt.datetime | None
    signed: bool
    signer_name: str
    signed_at: dt.datetime | None
    document: uuid.UUID | None  # the PDF to sign (or the signed one)
    signing_url: str
    report_url: str
    print_url: str


def _certificate_out(item) -> dict:
    state = certificate_state(item)
    p = item.proposal
    return {
        "code": item.certificate_code,
        "award": p.award.code,
        "award_name": p.award.name,
        "subject_name": p.subject_name,
        "year": p.year,
        "decision": item.decision.uuid,
        "decision_number": item.decision.number,
        "decision_issued": state.decision_issued,
        "signatures_required": state.required,
        "issued": state.issued,
        "issued_at": state.issued_at,
        "signed": state.signed is not None,
        "signer_name": state.signed.signer_name if state.signed else "",
        "signed_at": state.signed.signed_at if state.signed else None,
        "document": state.pdf.uuid if state.pdf else None,
        "signing_url": state.pdf.get_signing_url() if state.pdf else "",
        "report_url": state.signed.get_absolute_url() if state.signed else "",
        "print_url": item.get_absolute_url(),
    }


class DecisionIn(Schema):
    number: limited("proposals.Decision", "number")
    date: dt.date
    signer_name: limited("proposals.Decision", "signer_name")
    signer_title: limited("proposals.Decision", "signer_title") = ""
    authority: limited("proposals.Decision", "authority")
    authority_name: limited("proposals.Decision", "authority_name") = ""
    proposals: list[uuid.UUID]


class LinkedAwardOut(Schema):
    id: int
    award: str
    award_name: str
    year: int
    decision_number: str
    decision_date: dt.date

    @staticmethod
    def resolve_award(obj):
        return obj.award.code

    @staticmethod
    def resolve_award_name(obj):
        return obj.award.name


class PhotoOut(Schema):
    code: uuid.UUID
    url: str
    caption: str
    width: int
    height: int

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ExemplaryOut(Schema):
    uuid: uuid.UUID
    title: str
    year: int
    unit: str | None
    person_id: int | None
    subject_name: str
    story: str
    published: bool
    published_at: dt.datetime | None
    awards: list[LinkedAwardOut]
    photos: list[PhotoOut]

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_awards(obj):
        return list(obj.awards.select_related("award").order_by("-year", "-decision_date"))

    @staticmethod
    def resolve_photos(obj):
        return list(obj.photos.all())


class ExemplaryIn(Schema):
    title: limited("proposals.ExemplaryModel", "title")
    year: int
    story: str
    unit: str | None = None
    person: int | None = None
    awards: list[int] = []


class ExemplaryPatch(Schema):
    """Fields left out keep their value; ``awards`` (ids of the subject's award records)
    replaces the linked awards when given."""

    title: limited("proposals.ExemplaryModel", "title") | None = None
    year: int | None = None
    story: str | None = None
    awards: list[int] | None = None


class PublishIn(Schema):
    published: bool


class DeadlineOut(Schema):
    award: str
    day: dt.date
    basis: str


class RoundOut(Schema):
    year: int
    bloc_deadline: dt.date
    council_members: int
    central_deadline: dt.date | None = Field(
        None,
        description="Hạn của tỉnh (sớm hơn hạn luật định) gửi Bộ Nội vụ; trống: theo hạn của từng hình thức",
    )
    central_deadlines: list[DeadlineOut]
    notes: str

    @staticmethod
    def resolve_central_deadlines(obj):
        return [
            {"award": name, "day": d.day, "basis": d.basis}
            for name, d in services.central_deadlines(obj.year)
        ]


class RoundIn(Schema):
    bloc_deadline: dt.date
    council_members: int
    central_deadline: dt.date | None = None
    notes: str = ""


class CountOut(Schema):
    key: str
    label: str
    count: int


class AwardsReportOut(Schema):
    total: int
    by_form: list[CountOut]
    by_year: list[CountOut]
    by_unit: list[CountOut]
    by_bloc: list[CountOut]
    proposals_by_status: list[CountOut]
    cash_per_year: list[dict]


class ProvinceRowOut(Schema):
    bloc: str
    bloc_name: str
    stage: str
    stage_label: str
    leader: str
    total: int
    waiting: int
    counts: dict[str, int]


# Proposals ---------------------------------------------------------------------------------------


@router.get(
    "/proposals",
    response=list[ProposalOut],
    url_name="api_proposal_list",
    summary="Đề nghị khen thưởng (theo quyền)",
)
def proposal_list(
    request,
    year: int | None = None,
    status: str = "",
    bloc: str = "",
    q: str = "",
    page: int = 1,
    page_size: int = 50,
):
    _authenticated(request)
    start, end = page_params(page, page_size)
    return list(
        selectors.proposals_visible_to(user=request.user, year=year, status=status, bloc=bloc, query=q)[
            start:end
        ]
    )


@router.get("/proposals/{key}", response={200: ProposalDetailOut, **ERRORS}, url_name="api_proposal_detail")
def proposal_detail(request, key: uuid.UUID):
    return _proposal(request, key)


@router.post(
    "/proposal-years/{code}/{year}/from-outcomes",
    response={201: list[ProposalOut], **ERRORS},
    url_name="api_proposals_from_outcomes",
    summary="Tạo đề nghị từ kết quả biểu quyết của hội nghị",
)
def from_outcomes(request, code: str, year: int):
    by = bloc_year_for(request.user, code, year)
    return Status(201, services.proposals_from_outcomes(actor=request.user, bloc_year=by))


class BlocListOut(Schema):
    files: list[FileOut]


def _list_out(files: dict) -> dict:
    return {
        "files": [
            {"file_format": fmt, "url": doc.get_absolute_url()}
            for fmt, doc in sorted(files.items())
            if doc is not None
        ]
    }


@router.get(
    "/proposal-years/{code}/{year}/list",
    response={200: BlocListOut, **ERRORS},
    url_name="api_bloc_list",
    summary="Danh sách tập thể, cá nhân đề nghị khen thưởng của khối (tệp mới nhất)",
)
def bloc_list(request, code: str, year: int):
    by = bloc_year_for(request.user, code, year)
    return _list_out(selectors.bloc_list_files(by))


@router.post(
    "/proposal-years/{code}/{year}/list",
    response={201: BlocListOut, **ERRORS},
    url_name="api_bloc_list_generate",
    summary="Lập danh sách tập thể, cá nhân đề nghị khen thưởng (Word, Excel)",
)
@idempotent_operation
def bloc_list_generate(request, code: str, year: int):
    by = bloc_year_for(request.user, code, year)
    return Status(201, _list_out(services.bloc_list_generate(actor=request.user, bloc_year=by)))


@router.post(
    "/proposal-years/{code}/{year}/proposals",
    response={201: ProposalDetailOut, **ERRORS},
    url_name="api_proposal_create",
    summary="Thêm đề nghị trực tiếp",
)
@idempotent_operation
def proposal_create(request, code: str, year: int, payload: ProposalIn):

    by = bloc_year_for(request.user, code, year)
    award = Award.objects.filter(code=payload.award).first()
    if award is None:
        raise field_error("award", f"Không có hình thức khen thưởng mã “{payload.award}”.")
    unit = Unit.objects.filter(code=payload.unit).first() if payload.unit else None
    if payload.unit and unit is None:
        raise field_error("unit", f"Không có đơn vị mã “{payload.unit}”.")
    person = Person.objects.filter(pk=payload.person).first() if payload.person else None
    if payload.person and person is None:
        raise field_error("person", "Không có cá nhân này.")
    proposal = services.proposal_create(
        actor=request.user,
        bloc_year=by,
        award=award,
        unit=unit,
        person=person,
        vote_yes=payload.vote_yes,
        vote_base=payload.vote_base,
        vote_note=payload.vote_note,
        ground=payload.ground,
        ground_justification=payload.ground_justification,
        ground_movement=_movement(by, payload.ground_movement),
    )
    return Status(201, proposal)


def _movement(bloc_year, pk: int | None):
    if pk is None:
        return None
    movement = Movement.objects.filter(pk=pk, bloc_year=bloc_year).first()
    if movement is None:
        raise field_error("ground_movement", "Không có phong trào này trong năm của khối.")
    return movement


@router.patch(
    "/proposals/{key}",
    response={200: ProposalDetailOut, **ERRORS},
    url_name="api_proposal_update",
    summary="Sửa báo cáo thành tích, phiếu bầu",
)
def proposal_update(request, key: uuid.UUID, payload: ProposalPatch):
    proposal = _proposal(request, key)
    data = payload.dict()
    data["ground_movement"] = _movement(proposal.bloc_year, data["ground_movement"])
    return services.proposal_update(actor=request.user, proposal=proposal, **data)


def _dossier(proposal) -> dict:
    status = selectors.dossier_status(proposal)
    for item in status["items"]:
        item["files"] = [{"file_format": f, "url": d.get_absolute_url()} for f, d in item["files"].items()]
    return status


@router.get(
    "/proposals/{key}/dossier",
    response={200: DossierOut, **ERRORS},
    url_name="api_dossier_status",
    summary="Hồ sơ: danh mục thành phần (Luật TĐKT, Điều 84.1 hoặc căn cứ của năm) và các tệp",
)
def dossier_status(request, key: uuid.UUID):
    return _dossier(_proposal(request, key))


@router.post(
    "/proposals/{key}/dossier",
    response={202: DossierJobOut, **ERRORS},
    url_name="api_dossier_generate",
    summary="Lập hồ sơ (Word; PDF nếu có LibreOffice) trong nền: trả về lượt lập hồ sơ để theo dõi",
)
@idempotent_operation
def dossier_generate(request, key: uuid.UUID):
    job = jobs.dossier_job_start(actor=request.user, proposals=[_proposal(request, key)])
    return Status(202, _job(request, job.uid))


@router.post(
    "/proposal-years/{code}/{year}/dossier",
    response={202: DossierJobOut, **ERRORS},
    url_name="api_dossier_batch",
    summary="Lập hồ sơ tất cả đề nghị dự thảo hoặc bị trả lại của khối trong năm (trong nền)",
)
@idempotent_operation
def dossier_batch(request, code: str, year: int):
    job = jobs.dossier_batch_start(actor=request.user, bloc_year=bloc_year_for(request.user, code, year))
    return Status(202, _job(request, job.uid))


def _job(request, uid) -> DossierJob:
    return get_visible_or_404(DossierJob.objects.select_related("bloc_year__bloc"), request.user, uid=uid)


@router.get(
    "/dossier-jobs/{uid}",
    response={200: DossierJobOut, **ERRORS},
    url_name="api_dossier_job",
    summary="Tiến độ và kết quả một lượt lập hồ sơ",
)
def dossier_job(request, uid: uuid.UUID):
    _authenticated(request)
    return _job(request, uid)


@router.post(
    "/proposals/{key}/submit",
    response={200: ProposalDetailOut, **ERRORS},
    url_name="api_proposal_submit",
    summary="Khối trình đề nghị",
)
def proposal_submit(request, key: uuid.UUID, payload: SubmitIn):
    return services.proposal_submit(
        actor=request.user, proposal=_proposal(request, key), late_reason=payload.late_reason
    )


@router.post(
    "/proposals/{key}/receive",
    response={200: ProposalDetailOut, **ERRORS},
    url_name="api_proposal_receive",
    summary="Phòng TĐKT tiếp nhận",
)
def proposal_receive(request, key: uuid.UUID, payload: ReasonIn):
    return services.proposal_receive(
        actor=request.user, proposal=_proposal(request, key), note=payload.reason
    )


@router.post(
    "/proposals/{key}/return",
    response={200: ProposalDetailOut, **ERRORS},
    url_name="api_proposal_return",
    summary="Phòng TĐKT trả lại (cần lý do)",
)
def proposal_return(request, key: uuid.UUID, payload: ReasonIn):
    return services.proposal_return(
        actor=request.user, proposal=_proposal(request, key), reason=payload.reason
    )


@router.post(
    "/proposals/{key}/council-vote",
    response={200: ProposalDetailOut, **ERRORS},
    url_name="api_council_vote",
    summary="Ghi biểu quyết của Hội đồng TĐKT",
)
def council_vote(request, key: uuid.UUID, payload: CouncilVoteIn):
    return services.council_vote_record(
        actor=request.user,
        proposal=_proposal(request, key),
        yes=payload.yes,
        members=payload.members,
        voted_on=payload.voted_on,
    )


class CouncilVoteItemIn(Schema):
    proposal: uuid.UUID
    yes: int


class CouncilMeetingIn(Schema):
    members: int | None = None
    voted_on: dt.date | None = None
    votes: list[CouncilVoteItemIn]


@router.post(
    "/proposal-years/{year}/council-votes",
    response={200: list[ProposalOut], **ERRORS},
    url_name="api_council_votes",
    summary="Ghi biểu quyết của Hội đồng TĐKT cho nhiều đề nghị (một phiên họp; tất cả hoặc không)",
)
def council_votes(request, year: int, payload: CouncilMeetingIn):
    _authenticated(request)
    keys = [v.proposal for v in payload.votes]
    found = {
        p.uuid: p
        for p in Proposal.objects.visible_to(request.user).with_related().filter(uuid__in=keys, year=year)
    }
    missing = [str(k) for k in keys if k not in found]
    if missing:
        raise field_error("votes", f"Không có đề nghị năm {year}: {', '.join(missing)}.")
    return services.council_votes_record_many(
        actor=request.user,
        votes=[(found[v.proposal], v.yes) for v in payload.votes],
        members=payload.members,
        voted_on=payload.voted_on,
    )


class ForwardIn(Schema):
    letter_number: limited("proposals.Proposal", "forward_letter")
    forwarded_on: dt.date | None = None
    late_reason: str = ""


@router.post(
    "/proposals/{key}/forward",
    response={200: ProposalDetailOut, **ERRORS},
    url_name="api_proposal_forward",
    summary="Ghi nhận tỉnh đã gửi hồ sơ khen thưởng cấp Nhà nước về Bộ Nội vụ",
)
def proposal_forward(request, key: uuid.UUID, payload: ForwardIn):
    return services.proposal_forward(
        actor=request.user,
        proposal=_proposal(request, key),
        letter_number=payload.letter_number,
        forwarded_on=payload.forwarded_on,
        late_reason=payload.late_reason,
    )


# Decisions ---------------------------------------------------------------------------------------


@router.get(
    "/decisions", response=list[DecisionOut], url_name="api_decision_list", summary="Quyết định khen thưởng"
)
def decision_list(request, page: int = 1, page_size: int = 50):
    _authenticated(request)
    start, end = page_params(page, page_size)
    return list(selectors.decisions_visible_to(user=request.user)[start:end])


@router.get("/decisions/{key}", response={200: DecisionOut, **ERRORS}, url_name="api_decision_detail")
def decision_detail(request, key: uuid.UUID):
    return get_visible_or_404(Decision.objects.all(), request.user, uuid=key)


@router.post(
    "/decisions",
    response={201: DecisionOut, **ERRORS},
    url_name="api_decision_create",
    summary="Nhập quyết định khen thưởng (ghi vào lịch sử)",
)
@idempotent_operation
def decision_create(request, payload: DecisionIn):
    if not can_process(request.user):
        raise PermissionDenied(services.OFFICE_ONLY)
    found = {
        p.uuid: p
        for p in Proposal.objects.visible_to(request.user).with_related().filter(uuid__in=payload.proposals)
    }
    missing = [str(k) for k in payload.proposals if k not in found]
    if missing:
        raise field_error("proposals", f"Không tìm thấy đề nghị: {', '.join(missing)}.")
    decision = services.decision_record(
        actor=request.user,
        number=payload.number,
        date=payload.date,
        signer_name=payload.signer_name,
        signer_title=payload.signer_title,
        authority=payload.authority,
        authority_name=payload.authority_name,
        proposals=[found[k] for k in payload.proposals],
    )
    return Status(201, decision)


# Certificates (issue 14) ---------------------------------------------------------------------------


def _certificate(request, code) -> DecisionItem:
    _authenticated(request)
    item = (
        DecisionItem.objects.select_related(
            "decision", "proposal__award", "proposal__unit", "proposal__person__unit"
        )
        .filter(certificate_code=code, proposal__in=Proposal.objects.visible_to(request.user).values("pk"))
        .first()
    )
    if item is None:
        raise Http404
    return item


@router.get(
    "/certificates/{code}",
    response={200: CertificateOut, **ERRORS},
    url_name="api_certificate_detail",
    summary="Bằng khen, giấy khen: trạng thái ký số và ban hành",
)
def certificate_detail(request, code: uuid.UUID):
    return _certificate_out(_certificate(request, code))


@router.post(
    "/certificates/{code}/document",
    response={201: CertificateOut, **ERRORS},
    url_name="api_certificate_document",
    summary="Tạo văn bản bằng khen, giấy khen (Word; PDF để ký số nếu có LibreOffice)",
)
@idempotent_operation
def certificate_document(request, code: uuid.UUID):
    item = _certificate(request, code)
    certificate_documents_create(actor=request.user, item=item)
    return Status(201, _certificate_out(item))


# Exemplary models --------------------------------------------------------------------------------


def _exemplary(request, key) -> ExemplaryModel:
    return get_visible_or_404(
        ExemplaryModel.objects.select_related("unit", "person__unit"), request.user, uuid=key
    )


def _require_exemplary_editor(request, model: ExemplaryModel) -> None:
    """Checked before the input is read: a user who may not edit learns nothing from it."""
    if not can_edit_exemplary(request.user, unit_id=model.unit_id or model.person.unit_id):
        raise PermissionDenied("Chỉ cán bộ thi đua của đơn vị hoặc Phòng TĐKT được sửa điển hình của đơn vị.")


def _award_records(ids: list[int]) -> list:

    found = AwardRecord.objects.select_related("award").in_bulk(ids)
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise field_error(
            "awards", f"Không có khen thưởng mã {', '.join(missing)} trong lịch sử khen thưởng."
        )
    return [found[i] for i in dict.fromkeys(ids)]


@router.get(
    "/exemplary-models",
    response=list[ExemplaryOut],
    url_name="api_exemplary_list",
    summary="Điển hình tiên tiến",
    auth=None,
)
def exemplary_list(request, page: int = 1, page_size: int = 50):
    start, end = page_params(page, page_size)
    return list(selectors.exemplary_visible_to(user=request.user)[start:end])


@router.get(
    "/exemplary-models/{key}",
    response={200: ExemplaryOut, **ERRORS},
    url_name="api_exemplary_detail",
    auth=None,
)
def exemplary_detail(request, key: uuid.UUID):
    return _exemplary(request, key)


@router.post(
    "/exemplary-models",
    response={201: ExemplaryOut, **ERRORS},
    url_name="api_exemplary_create",
    summary="Thêm điển hình tiên tiến",
)
@idempotent_operation
def exemplary_create(request, payload: ExemplaryIn):
    unit = Unit.objects.filter(code=payload.unit).first() if payload.unit else None
    if payload.unit and unit is None:
        raise field_error("unit", f"Không có đơn vị mã “{payload.unit}”.")
    person = Person.objects.filter(pk=payload.person).first() if payload.person else None
    if payload.person and person is None:
        raise field_error("person", "Không có cá nhân này.")
    model = services.exemplary_create(
        actor=request.user,
        title=payload.title,
        year=payload.year,
        story=payload.story,
        unit=unit,
        person=person,
        award_records=_award_records(payload.awards),
    )
    return Status(201, model)


@router.patch(
    "/exemplary-models/{key}",
    response={200: ExemplaryOut, **ERRORS},
    url_name="api_exemplary_update",
    summary="Sửa điển hình: tiêu đề, năm, câu chuyện, khen thưởng liên quan",
)
def exemplary_update(request, key: uuid.UUID, payload: ExemplaryPatch):
    model = _exemplary(request, key)
    _require_exemplary_editor(request, model)
    records = list(model.awards.all()) if payload.awards is None else _award_records(payload.awards)
    return services.exemplary_update(
        actor=request.user,
        model=model,
        title=model.title if payload.title is None else payload.title,
        year=payload.year,
        story=model.story if payload.story is None else payload.story,
        award_records=records,
    )


@router.post(
    "/exemplary-models/{key}/publish",
    response={200: ExemplaryOut, **ERRORS},
    url_name="api_exemplary_publish",
    summary="Công bố / thôi công bố",
)
def exemplary_publish(request, key: uuid.UUID, payload: PublishIn):
    model = _exemplary(request, key)
    return services.exemplary_publish(actor=request.user, model=model, published=payload.published)


@router.post(
    "/exemplary-models/{key}/photos",
    response={201: PhotoOut, **ERRORS},
    url_name="api_exemplary_photo_add",
    summary="Thêm ảnh (JPEG hoặc PNG, kiểm tra và mã hoá lại)",
)
@idempotent_operation
def exemplary_photo_add(request, key: uuid.UUID, image: File[UploadedFile] = None, caption: Form[str] = ""):
    model = _exemplary(request, key)
    _require_exemplary_editor(request, model)
    return Status(
        201, services.exemplary_photo_add(actor=request.user, model=model, upload=image, caption=caption)
    )


@router.delete(
    "/exemplary-models/{key}/photos/{code}",
    response={204: None, **ERRORS},
    url_name="api_exemplary_photo_remove",
    summary="Xoá ảnh",
)
def exemplary_photo_remove(request, key: uuid.UUID, code: uuid.UUID):
    model = _exemplary(request, key)
    _require_exemplary_editor(request, model)
    photo = model.photos.filter(code=code).first()
    if photo is None:
        raise Http404
    services.exemplary_photo_remove(actor=request.user, photo=photo)
    return Status(204, None)


# Settings and reports ----------------------------------------------------------------------------


@router.get(
    "/proposal-rounds/{year}",
    response={200: RoundOut, **ERRORS},
    url_name="api_round_detail",
    summary="Thiết lập đợt xét: hạn nộp, số thành viên Hội đồng",
)
def round_detail(request, year: int):
    _authenticated(request)
    sane.check("year", sane.year_problem(year, "Năm xét", earliest=1990, ahead=5))  # 422, not a date error
    return services.round_settings_for(year)


@router.put("/proposal-rounds/{year}", response={200: RoundOut, **ERRORS}, url_name="api_round_update")
def round_update(request, year: int, payload: RoundIn):
    if not can_process(request.user):
        raise Http404
    return services.round_settings_save(actor=request.user, year=year, **payload.dict())


def _counts(pairs) -> list[dict]:
    return [{"key": str(k), "label": str(k), "count": v} for k, v in pairs]


@router.get(
    "/proposal-reports/awards",
    response={200: AwardsReportOut, **ERRORS},
    url_name="api_report_awards",
    summary="Báo cáo: khen thưởng theo hình thức, năm, đơn vị, khối; đề nghị theo trạng thái; tiền thưởng",
)
def report_awards(request, year: int | None = None, bloc: str = ""):
    if not can_see_reports(request.user):
        raise Http404
    data = selectors.awards_report(bloc=bloc)
    return {
        "total": data["total"],
        "by_form": _counts(data["by_form"]),
        "by_year": _counts(data["by_year"]),
        "by_unit": _counts(data["by_unit"]),
        "by_bloc": _counts(data["by_bloc"]),
        "proposals_by_status": [
            {"key": k, "label": label, "count": n}
            for k, label, n in selectors.proposals_by_status(user=request.user, year=year)
        ],
        "cash_per_year": [{"year": y, "total": t, "subjects": n} for y, t, n in selectors.cash_per_year()],
    }


@router.get(
    "/proposal-reports/province/{year}/dossiers.zip",
    response={200: None, **ERRORS},
    url_name="api_dossier_archive",
    summary="Toàn bộ hồ sơ đã tiếp nhận trong năm (ZIP; khoi=mã khối để lọc)",
)
def dossier_archive(request, year: int, khoi: str = ""):

    if not (can_process(request.user) or can_see_reports(request.user)):
        raise Http404
    archive, count = selectors.dossier_archive(user=request.user, year=year, bloc=khoi[:40])
    if not count:
        archive.close()
        raise Http404
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"ho-so-de-nghi-khen-thuong-{year}.zip",
        content_type="application/zip",
    )


@router.get(
    "/proposal-reports/province/{year}",
    response={200: list[ProvinceRowOut], **ERRORS},
    url_name="api_report_province",
    summary="Toàn tỉnh: các khối trong năm",
)
def report_province(request, year: int):
    if not can_see_reports(request.user):
        raise Http404
    return [
        {
            "bloc": r["bloc_year"].bloc.code,
            "bloc_name": r["bloc_year"].bloc.name,
            "stage": r["stage"],
            "stage_label": r["stage_label"],
            "leader": r["leader"],
            "total": r["total"],
            "waiting": r["waiting"],
            "counts": {k: n for k, _, n in r["counts"]},
        }
        for r in selectors.province_overview(year=year)
    ]
