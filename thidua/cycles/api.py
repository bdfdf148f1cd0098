"""REST endpoints of the bloc year: workflow, regulations and settings, agreement, rubric,
movements, programme catalogue and the year's documents."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from thidua.core.api import ErrorOut
from thidua.core.errors import field_error
from thidua.core.idempotency import idempotent_operation
from thidua.core.sane import limited
from thidua.core.spreadsheets import check_upload
from thidua.cycles import official, selectors, services
from thidua.cycles.choices import LaunchLevel, MovementKind, MovementScope, RubricItemKind, Stage
from thidua.cycles.models import AgreementSignature, KeyContent, Movement, Programme, Rubric, RubricItem
from thidua.cycles.views import _private_file
from thidua.documents.api import DocumentOut
from thidua.documents.services import documents_for
from thidua.organisations.access import bloc_year_for
from thidua.organisations.bloc_settings import (
    AGGREGATIONS,
    APPROVAL_BASES,
    AUTO_CLOSE_STAGES,
    CLOSE_OUT_MODES,
    RATINGS,
    REVIEWER_MODES,
    TIE_BREAKS,
    get_settings,
)
from thidua.organisations.models import BlocYear, Unit

router = Router(tags=["Năm thi đua"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Y = "/cycles/{code}/{year}"


def _patch(payload) -> dict:
    return payload.dict(exclude_unset=True)


# Schemas -----------------------------------------------------------------------------------------


class TransitionOut(Schema):
    id: int
    from_stage: Stage
    to_stage: Stage
    kind: str
    actor_name: str
    reason: str
    created_at: dt.datetime


class TimelineOut(Schema):
    stage: Stage
    label: str
    done: bool
    current: bool
    deadline: dt.date | None
    days_left: int | None


class YearOut(Schema):
    bloc: str
    year: int
    stage: Stage
    stage_label: str
    timeline: list[TimelineOut]
    transitions: list[TransitionOut]
    launch_problems: list[str]


class AdvanceIn(Schema):
    action: str
    reason: str = ""


class ReasonIn(Schema):
    reason: str


class RegulationsOut(Schema):
    text: str
    file_name: str
    file_url: str | None


class RegulationsIn(Schema):
    text: str


def _codes(mapping: dict) -> str:
    """The codes an integrator sends, each with the Vietnamese meaning the pages show."""
    return "; ".join(f"`{code}`: {label}" for code, label in mapping.items())


class BandSchema(Schema):
    code: str = Field(description="Mức xếp loại: " + _codes(RATINGS) + ".")
    label: str = Field("", description="Tên mức xếp loại (để trống: tên chuẩn của mã).")
    min_total: float = Field(description="Tổng điểm tối thiểu, theo thang `scoring_total`.")
    min_each_ratio: float = Field(
        description="Mỗi tiêu chí phải đạt tối thiểu tỉ lệ này của điểm tối đa, từ 0 đến 1 (0.85 là 85%)."
    )


SETTINGS_HELP = {
    "scoring_total": "Tổng điểm chấm (ví dụ 100 hoặc 1000).",
    "reviewer_mode": "Cách chấm điểm: " + _codes(REVIEWER_MODES) + ".",
    "aggregation": "Tổng hợp điểm của nhiều người chấm: " + _codes(AGGREGATIONS) + ".",
    "trim_ratio": "Tỉ lệ bỏ đi ở mỗi đầu khi dùng `trimmed_mean`, từ 0 đến dưới 0.5 (ví dụ 0.2).",
    "disagreement_threshold": (
        "Chênh lệch giữa những người chấm phải thống nhất điểm (có lý do) trước khi chốt, tính theo phần điểm "
        "tối đa của tiêu chí (ví dụ 0.15)."
    ),
    "blind_review": "Chấm độc lập: người chấm chỉ thấy điểm của nhau khi tất cả đã chấm xong.",
    "close_out_mode": "Đơn vị không nộp bảng điểm khi thư ký khối kết thúc: " + _codes(CLOSE_OUT_MODES) + ".",
    "auto_close": "Các bước tự đóng vào ngày sau hạn (năm thi đua chuyển sang bước sau): "
    + _codes(AUTO_CLOSE_STAGES)
    + ".",
    "bands": "Các mức xếp loại từ cao xuống thấp; mức cao hơn cần điểm tối thiểu cao hơn.",
    "fallback_band": "Xếp loại của đơn vị không đạt mức nào: " + _codes(RATINGS) + ".",
    "tie_break": (
        "Thứ tự phân định khi bằng điểm, mỗi phần tử một mã, xét từ đầu danh sách: "
        + _codes(TIE_BREAKS)
        + "."
    ),
    "ballot_secret": "Bỏ phiếu kín.",
    "quorum": "Tỉ lệ thành viên tối thiểu dự họp, dạng phân số (ví dụ `2/3`).",
    "approval_base": "Tỉ lệ tán thành tính: " + _codes(APPROVAL_BASES) + ".",
    "approval_ratio": "Tỉ lệ tán thành, dạng phân số (ví dụ `1/2`).",
    "approval_strict": "Phải vượt (không chỉ bằng) tỉ lệ tán thành.",
    "unit_weights": "Số phiếu của từng đơn vị theo mã đơn vị; để trống: mỗi đơn vị một phiếu.",
    "provincial_flags": "Số Cờ thi đua cấp tỉnh khối được đề nghị.",
    "deadlines": (
        "Hạn của từng bước theo mã bước, ngày dạng `2026-11-30`: "
        + _codes({stage.value: stage.label for stage in Stage if stage != Stage.DRAFT})
        + "."
    ),
}


class SettingsOut(Schema):
    """The bloc's settings as stored in ``BlocYear.settings``, every key filled in."""

    scoring_total: float = Field(description=SETTINGS_HELP["scoring_total"])
    reviewer_mode: str = Field(description=SETTINGS_HELP["reviewer_mode"])
    aggregation: str = Field(description=SETTINGS_HELP["aggregation"])
    trim_ratio: float = Field(description=SETTINGS_HELP["trim_ratio"])
    disagreement_threshold: float = Field(description=SETTINGS_HELP["disagreement_threshold"])
    blind_review: bool = Field(description=SETTINGS_HELP["blind_review"])
    close_out_mode: str = Field(description=SETTINGS_HELP["close_out_mode"])
    auto_close: list[str] = Field(description=SETTINGS_HELP["auto_close"])
    bands: list[BandSchema] = Field(description=SETTINGS_HELP["bands"])
    fallback_band: str = Field(description=SETTINGS_HELP["fallback_band"])
    tie_break: list[str] = Field(description=SETTINGS_HELP["tie_break"])
    ballot_secret: bool = Field(description=SETTINGS_HELP["ballot_secret"])
    quorum: str = Field(description=SETTINGS_HELP["quorum"])
    approval_base: str = Field(description=SETTINGS_HELP["approval_base"])
    approval_ratio: str = Field(description=SETTINGS_HELP["approval_ratio"])
    approval_strict: bool = Field(description=SETTINGS_HELP["approval_strict"])
    unit_weights: dict[str, int] = Field(description=SETTINGS_HELP["unit_weights"])
    provincial_flags: int = Field(description=SETTINGS_HELP["provincial_flags"])
    deadlines: dict[str, str] = Field(description=SETTINGS_HELP["deadlines"])


class SettingsIn(Schema):
    """A change of the settings: keys left out keep their value; an unknown key is refused (422)."""

    model_config = ConfigDict(extra="forbid")

    scoring_total: float | None = Field(None, description=SETTINGS_HELP["scoring_total"])
    reviewer_mode: str | None = Field(None, description=SETTINGS_HELP["reviewer_mode"])
    aggregation: str | None = Field(None, description=SETTINGS_HELP["aggregation"])
    trim_ratio: float | None = Field(None, description=SETTINGS_HELP["trim_ratio"])
    disagreement_threshold: float | None = Field(None, description=SETTINGS_HELP["disagreement_threshold"])
    blind_review: bool | None = Field(None, description=SETTINGS_HELP["blind_review"])
    close_out_mode: str | None = Field(None, description=SETTINGS_HELP["close_out_mode"])
    auto_close: list[str] | None = Field(None, description=SETTINGS_HELP["auto_close"])
    bands: list[BandSchema] | None = Field(None, description=SETTINGS_HELP["bands"])
    fallback_band: str | None = Field(None, description=SETTINGS_HELP["fallback_band"])
    tie_break: list[str] | None = Field(None, description=SETTINGS_HELP["tie_break"])
    ballot_secret: bool | None = Field(None, description=SETTINGS_HELP["ballot_secret"])
    quorum: str | None = Field(None, description=SETTINGS_HELP["quorum"])
    approval_base: str | None = Field(None, description=SETTINGS_HELP["approval_base"])
    approval_ratio: str | None = Field(None, description=SETTINGS_HELP["approval_ratio"])
    approval_strict: bool | None = Field(None, description=SETTINGS_HELP["approval_strict"])
    unit_weights: dict[str, int] | None = Field(None, description=SETTINGS_HELP["unit_weights"])
    provincial_flags: int | None = Field(None, description=SETTINGS_HELP["provincial_flags"])
    deadlines: dict[str, str] | None = Field(None, description=SETTINGS_HELP["deadlines"])


class KeyContentOut(Schema):
    id: int
    position: int
    title: str
    description: str
    criteria: list[str]


class KeyContentIn(Schema):
    title: limited("cycles.KeyContent", "title")
    description: str = ""


class KeyContentPatch(Schema):
    title: limited("cycles.KeyContent", "title") | None = None
    description: str | None = None
    move: int | None = None


class SignatureOut(Schema):
    unit: str
    unit_name: str
    head_name: str
    head_title: str
    signed: bool
    signed_on: dt.date | None
    has_scan: bool


class SignatureIn(Schema):
    head_name: limited("organisations.BlocYearMember", "head_name")
    head_title: limited("organisations.BlocYearMember", "head_title") = ""
    signed: bool = False
    signed_on: dt.date | None = None


class AgreementOut(Schema):
    signed_on: dt.date | None
    signed_place: str
    preamble: str
    key_contents: list[KeyContentOut]
    signatures: list[SignatureOut]
    contents_without_criterion: list[int]


class AgreementIn(Schema):
    signed_on: dt.date | None = None
    signed_place: limited("cycles.Agreement", "signed_place") = ""
    preamble: str = ""


class ItemOut(Schema):
    id: int
    code: str
    parent: str | None
    kind: RubricItemKind
    title: str
    guidance: str
    max_points: Decimal
    evidence_required: bool
    key_contents: list[int]
    depth: int = 0


class ItemIn(Schema):
    kind: RubricItemKind
    code: limited("cycles.RubricItem", "code")
    title: limited("cycles.RubricItem", "title")
    parent: str | None = None
    max_points: Decimal = Decimal(0)
    guidance: str = ""
    evidence_required: bool = False
    key_contents: list[int] = []


class ItemPatch(Schema):
    code: limited("cycles.RubricItem", "code") | None = None
    title: limited("cycles.RubricItem", "title") | None = None
    parent: str | None = None
    max_points: Decimal | None = None
    guidance: str | None = None
    evidence_required: bool | None = None
    key_contents: list[int] | None = None


class RubricOut(Schema):
    id: int
    version: int
    total: Decimal
    frozen_at: dt.datetime | None
    amendment_reason: str
    versions: list[int]
    items: list[ItemOut]
    problems: list[str]
    leaf_total: Decimal
    bonus_cap: Decimal
    deduction_cap: Decimal


class TotalIn(Schema):
    total: Decimal


class CopyIn(Schema):
    source_id: int


class MovementOut(Schema):
    id: int
    unit: str
    unit_name: str
    title: str
    kind: MovementKind
    launch_level: LaunchLevel
    scope: MovementScope
    starts_on: dt.date | None
    ends_on: dt.date | None
    programmes: list[int]
    targets: str


class MovementIn(Schema):
    title: limited("cycles.Movement", "title")
    kind: MovementKind
    launch_level: LaunchLevel = LaunchLevel.AGENCY
    scope: MovementScope = MovementScope.AGENCY
    unit: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    programmes: list[int] = []
    targets: str = ""


class MovementPatch(Schema):
    title: limited("cycles.Movement", "title") | None = None
    kind: MovementKind | None = None
    launch_level: LaunchLevel | None = None
    scope: MovementScope | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    programmes: list[int] | None = None
    targets: str | None = None


class ProgrammeOut(Schema):
    id: int
    name: str
    description: str
    position: int
    is_active: bool


class ProgrammeIn(Schema):
    name: limited("cycles.Programme", "name")
    description: str = ""
    position: int = 0


class ProgrammePatch(Schema):
    name: limited("cycles.Programme", "name") | None = None
    description: str | None = None
    position: int | None = None
    is_active: bool | None = None


# Serialisers ------------------------------------------------------------------------------------


def _year_out(by) -> dict:
    stage = selectors.stage_of(by)
    return {
        "bloc": by.bloc.code,
        "year": by.year,
        "stage": stage,
        "stage_label": str(Stage(stage).label),
        "timeline": selectors.timeline(by),
        "transitions": selectors.transitions(by),
        "launch_problems": services.launch_problems(by) if stage == Stage.DRAFT else [],
    }


def _regs_out(by) -> dict:
    regs = selectors.regulations_of(by)
    has_file = bool(regs and regs.file)
    return {
        "text": regs.text if regs else "",
        "file_name": regs.file_name if has_file else "",
        "file_url": f"/api/v1/cycles/{by.bloc.code}/{by.year}/regulations/file" if has_file else None,
    }


def _content_out(content, rubric) -> dict:
    criteria = [i.code for i in content.rubric_items.all() if rubric and i.rubric_id == rubric.pk]
    return {
        "id": content.pk,
        "position": content.position,
        "title": content.title,
        "description": content.description,
        "criteria": criteria,
    }


def _agreement_out(by) -> dict:
    agr = selectors.agreement_of(by)
    rubric = selectors.current_rubric(by) or selectors.working_rubric(by)
    contents = by.key_contents.order_by("position").prefetch_related("rubric_items")
    return {
        "signed_on": agr.signed_on if agr else None,
        "signed_place": agr.signed_place if agr else "",
        "preamble": agr.preamble if agr else "",
        "key_contents": [_content_out(c, rubric) for c in contents],
        "signatures": [_signature_out(row, by.year) for row in selectors.signatures_of(by)],
        "contents_without_criterion": [c.position for c in selectors.contents_without_criterion(by, rubric)],
    }


def _signature_out(row, year: int) -> dict:
    sig = row["signature"]
    return {
        "unit": row["unit"].code,
        "unit_name": row["unit"].name_in_year(year),
        "head_name": row["member"].head_name,
        "head_title": row["member"].head_title,
        "signed": bool(sig and sig.signed),
        "signed_on": sig.signed_on if sig else None,
        "has_scan": bool(sig and sig.scan),
    }


def _item_out(item) -> dict:
    return {
        "id": item.pk,
        "code": item.code,
        "parent": item.parent.code if item.parent_id else None,
        "kind": item.kind,
        "title": item.title,
        "guidance": item.guidance,
        "max_points": item.max_points,
        "evidence_required": item.evidence_required,
        "key_contents": [k.position for k in item.key_contents.all()],
        "depth": getattr(item, "depth", 0),
    }


def _rubric_out(rubric: Rubric) -> dict:
    summary = selectors.rubric_summary(rubric)
    return {
        "id": rubric.pk,
        "version": rubric.version,
        "total": rubric.total,
        "frozen_at": rubric.frozen_at,
        "amendment_reason": rubric.amendment_reason,
        "versions": list(
            Rubric.objects.filter(bloc_year_id=rubric.bloc_year_id).values_list("version", flat=True)
        ),
        "items": [_item_out(i) for i in selectors.rubric_items(rubric)],
        "problems": selectors.rubric_problems(rubric),
        "leaf_total": summary["leaf_total"],
        "bonus_cap": summary["bonus_cap"],
        "deduction_cap": summary["deduction_cap"],
    }


def _movement_out(m, year: int) -> dict:
    return {
        "id": m.pk,
        "unit": m.unit.code,
        "unit_name": m.unit.name_in_year(year),
        "title": m.title,
        "kind": m.kind,
        "launch_level": m.launch_level,
        "scope": m.scope,
        "starts_on": m.starts_on,
        "ends_on": m.ends_on,
        "programmes": [p.pk for p in m.programmes.all()],
        "targets": m.targets,
    }


# Workflow ---------------------------------------------------------------------------------------


@router.get(
    Y, response={200: YearOut, **ERRORS}, url_name="api_cycle_detail", summary="Tiến trình năm thi đua"
)
def cycle_detail(request, code: str, year: int):
    return _year_out(bloc_year_for(request.user, code, year, detail=True))


@router.post(
    Y + "/transitions",
    response={201: TransitionOut, **ERRORS},
    url_name="api_cycle_advance",
    summary="Chuyển sang bước tiếp theo (launch, open_self_assessment, open_review, open_conference, "
    "open_proposals, close)",
)
def cycle_advance(request, code: str, year: int, payload: AdvanceIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    return Status(
        201,
        services.year_advance(actor=request.user, bloc_year=by, action=payload.action, reason=payload.reason),
    )


@router.post(
    Y + "/reopen",
    response={201: TransitionOut, **ERRORS},
    url_name="api_cycle_reopen",
    summary="Mở lại bước trước (bắt buộc lý do)",
)
def cycle_reopen(request, code: str, year: int, payload: ReasonIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    return Status(201, services.year_reopen(actor=request.user, bloc_year=by, reason=payload.reason))


# Regulations and settings -------------------------------------------------------------------------


@router.get(
    Y + "/regulations",
    response={200: RegulationsOut, **ERRORS},
    url_name="api_regulations_detail",
    summary="Quy chế hoạt động",
)
def regulations_detail(request, code: str, year: int):
    return _regs_out(bloc_year_for(request.user, code, year, detail=True))


@router.put(
    Y + "/regulations",
    response={200: RegulationsOut, **ERRORS},
    url_name="api_regulations_update",
    summary="Sửa nội dung quy chế",
)
def regulations_update(request, code: str, year: int, payload: RegulationsIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    services.regulations_update(actor=request.user, bloc_year=by, text=payload.text)
    return _regs_out(by)


@router.post(
    Y + "/regulations/file",
    response={200: RegulationsOut, **ERRORS},
    url_name="api_regulations_upload",
    summary="Tải lên tệp quy chế (PDF, Word)",
)
def regulations_upload(request, code: str, year: int, file: File[UploadedFile]):
    by = bloc_year_for(request.user, code, year, detail=True)
    services.regulations_update(actor=request.user, bloc_year=by, upload=file)
    return _regs_out(by)


@router.get(
    Y + "/regulations/file",
    response={200: None, **ERRORS},
    url_name="api_regulations_file",
    summary="Tải về tệp quy chế",
)
def regulations_file(request, code: str, year: int):

    regs = selectors.regulations_of(bloc_year_for(request.user, code, year, detail=True))
    if regs is None or not regs.file:
        raise Http404
    return _private_file(regs.file, regs.file_name)


@router.get(
    Y + "/settings",
    response={200: SettingsOut, **ERRORS},
    url_name="api_settings_detail",
    summary="Thiết lập chấm điểm, bình xét, thời hạn của khối",
)
def settings_detail(request, code: str, year: int):
    return get_settings(bloc_year_for(request.user, code, year, detail=True)).to_json()


@router.put(
    Y + "/settings",
    response={200: SettingsOut, **ERRORS},
    url_name="api_settings_update",
    summary="Sửa thiết lập (các khóa không gửi giữ nguyên)",
)
def settings_update(request, code: str, year: int, payload: SettingsIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    sent = {k: v for k, v in payload.dict(exclude_none=True).items() if k in payload.model_fields_set}
    merged = {**get_settings(by).to_json(), **sent}
    return get_settings(services.settings_update(actor=request.user, bloc_year=by, data=merged)).to_json()


# Agreement --------------------------------------------------------------------------------------


@router.get(
    Y + "/agreement",
    response={200: AgreementOut, **ERRORS},
    url_name="api_agreement_detail",
    summary="Giao ước thi đua: nội dung trọng tâm, chữ ký",
)
def agreement_detail(request, code: str, year: int):
    return _agreement_out(bloc_year_for(request.user, code, year, detail=True))


@router.put(
    Y + "/agreement",
    response={200: AgreementOut, **ERRORS},
    url_name="api_agreement_update",
    summary="Ngày, địa điểm ký giao ước",
)
def agreement_update(request, code: str, year: int, payload: AgreementIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    services.agreement_update(actor=request.user, bloc_year=by, **payload.dict())
    return _agreement_out(by)


@router.post(
    Y + "/key-contents",
    response={201: KeyContentOut, **ERRORS},
    url_name="api_key_content_create",
    summary="Thêm nội dung trọng tâm",
)
@idempotent_operation
def key_content_create(request, code: str, year: int, payload: KeyContentIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    content = services.key_content_create(actor=request.user, bloc_year=by, **payload.dict())
    return Status(201, _content_out(content, None))


def _content(by, pk) -> KeyContent:
    content = KeyContent.objects.filter(bloc_year=by, pk=pk).select_related("bloc_year").first()
    if content is None:
        raise Http404
    return content


@router.patch(
    Y + "/key-contents/{pk}",
    response={200: KeyContentOut, **ERRORS},
    url_name="api_key_content_update",
    summary="Sửa hoặc chuyển thứ tự (move: -1 lên, 1 xuống)",
)
def key_content_update(request, code: str, year: int, pk: int, payload: KeyContentPatch):
    by = bloc_year_for(request.user, code, year, detail=True)
    content = _content(by, pk)
    data = _patch(payload)
    if "title" in data or "description" in data:
        content = services.key_content_update(
            actor=request.user,
            content=content,
            title=data.get("title", content.title),
            description=data.get("description", content.description) or "",
        )
    if data.get("move"):
        content = services.key_content_move(actor=request.user, content=content, offset=data["move"])
    return _content_out(content, None)


@router.delete(
    Y + "/key-contents/{pk}",
    response={204: None, **ERRORS},
    url_name="api_key_content_delete",
    summary="Xóa nội dung trọng tâm",
)
def key_content_delete(request, code: str, year: int, pk: int):
    by = bloc_year_for(request.user, code, year, detail=True)
    services.key_content_delete(actor=request.user, content=_content(by, pk))
    return Status(204, None)


def _member(by, unit_code) -> Unit:
    unit = Unit.objects.filter(code=unit_code, memberships__bloc_year=by).first()
    if unit is None:
        raise Http404
    return unit


@router.put(
    Y + "/signatures/{unit_code}",
    response={200: SignatureOut, **ERRORS},
    url_name="api_signature_update",
    summary="Thủ trưởng, chữ ký giao ước của một đơn vị",
)
def signature_update(request, code: str, year: int, unit_code: str, payload: SignatureIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    unit = _member(by, unit_code)
    services.signature_update(actor=request.user, bloc_year=by, unit=unit, **payload.dict())
    row = next(r for r in selectors.signatures_of(by) if r["unit"].pk == unit.pk)
    return _signature_out(row, by.year)


@router.post(
    Y + "/signatures/{unit_code}/scan",
    response={200: SignatureOut, **ERRORS},
    url_name="api_signature_scan_upload",
    summary="Tải lên bản quét giao ước đã ký",
)
def signature_scan_upload(request, code: str, year: int, unit_code: str, file: File[UploadedFile]):
    by = bloc_year_for(request.user, code, year, detail=True)
    unit = _member(by, unit_code)
    member = by.members.get(unit=unit)
    sig = next(r for r in selectors.signatures_of(by) if r["unit"].pk == unit.pk)["signature"]
    services.signature_update(
        actor=request.user,
        bloc_year=by,
        unit=unit,
        head_name=member.head_name,
        head_title=member.head_title,
        signed=bool(sig and sig.signed),
        signed_on=sig.signed_on if sig else None,
        scan=file,
    )
    row = next(r for r in selectors.signatures_of(by) if r["unit"].pk == unit.pk)
    return _signature_out(row, by.year)


@router.get(
    Y + "/signatures/{unit_code}/scan",
    response={200: None, **ERRORS},
    url_name="api_signature_scan",
    summary="Tải về bản quét giao ước đã ký",
)
def signature_scan(request, code: str, year: int, unit_code: str):

    by = bloc_year_for(request.user, code, year, detail=True)
    sig = AgreementSignature.objects.filter(bloc_year=by, unit=_member(by, unit_code)).first()
    if sig is None or not sig.scan:
        raise Http404
    return _private_file(sig.scan, sig.scan_name)


# Rubric -----------------------------------------------------------------------------------------


@router.get(
    Y + "/rubric",
    response={200: RubricOut, **ERRORS},
    url_name="api_rubric_detail",
    summary="Bộ tiêu chí chấm điểm (mới nhất, hoặc ?version=)",
)
def rubric_detail(request, code: str, year: int, version: int | None = None):
    by = bloc_year_for(request.user, code, year, detail=True)
    qs = Rubric.objects.filter(bloc_year=by).order_by("-version")
    rubric = qs.filter(version=version).first() if version else qs.first()
    if rubric is None:
        raise Http404
    return _rubric_out(rubric)


def _draft(request, by) -> Rubric:
    return selectors.working_rubric(by) or services.rubric_for_editing(actor=request.user, bloc_year=by)


def _parent(rubric, code) -> RubricItem | None:
    if not code:
        return None
    parent = RubricItem.objects.filter(rubric=rubric, code=code).first()
    if parent is None:
        raise field_error("parent", f"Không có mục mã “{code}”.")
    return parent


def _contents(by, positions) -> list[KeyContent]:
    found = list(KeyContent.objects.filter(bloc_year=by, position__in=positions))
    if len(found) != len(set(positions)):
        raise field_error("key_contents", "Có số thứ tự nội dung trọng tâm không có trong giao ước.")
    return found


@router.post(
    Y + "/rubric/items",
    response={201: ItemOut, **ERRORS},
    url_name="api_rubric_item_create",
    summary="Thêm mục vào bộ tiêu chí dự thảo (key_contents: số thứ tự nội dung giao ước)",
)
@idempotent_operation
def rubric_item_create(request, code: str, year: int, payload: ItemIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    rubric = _draft(request, by)
    data = payload.dict()
    item = services.rubric_item_create(
        actor=request.user,
        rubric=rubric,
        kind=data["kind"],
        code=data["code"],
        title=data["title"],
        parent=_parent(rubric, data["parent"]),
        max_points=data["max_points"],
        guidance=data["guidance"],
        evidence_required=data["evidence_required"],
        key_contents=_contents(by, data["key_contents"]),
    )
    return Status(201, _item_out(item))


def _item(by, pk) -> RubricItem:
    item = (
        RubricItem.objects.filter(rubric__bloc_year=by, pk=pk)
        .select_related("rubric__bloc_year", "parent")
        .first()
    )
    if item is None:
        raise Http404
    return item


@router.patch(
    Y + "/rubric/items/{pk}",
    response={200: ItemOut, **ERRORS},
    url_name="api_rubric_item_update",
    summary="Sửa một mục",
)
def rubric_item_update(request, code: str, year: int, pk: int, payload: ItemPatch):
    by = bloc_year_for(request.user, code, year, detail=True)
    item = _item(by, pk)
    data = _patch(payload)
    if "parent" in data:
        data["parent"] = _parent(item.rubric, data["parent"])
    if "key_contents" in data:
        data["key_contents"] = _contents(by, data["key_contents"] or [])
    data = {k: v for k, v in data.items() if v is not None or k == "parent"}
    return _item_out(services.rubric_item_update(actor=request.user, item=item, data=data))


class MoveIn(Schema):
    direction: str


@router.post(
    Y + "/rubric/items/{pk}/move",
    response={200: ItemOut, **ERRORS},
    url_name="api_rubric_item_move",
    summary="Chuyển một mục lên (up) hoặc xuống (down) trong nhóm",
)
def rubric_item_move(request, code: str, year: int, pk: int, payload: MoveIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    return _item_out(
        services.rubric_item_move(actor=request.user, item=_item(by, pk), direction=payload.direction)
    )


@router.delete(
    Y + "/rubric/items/{pk}",
    response={204: None, **ERRORS},
    url_name="api_rubric_item_delete",
    summary="Xóa một mục (và các mục con)",
)
def rubric_item_delete(request, code: str, year: int, pk: int):
    by = bloc_year_for(request.user, code, year, detail=True)
    services.rubric_item_delete(actor=request.user, item=_item(by, pk))
    return Status(204, None)


@router.put(
    Y + "/rubric/total",
    response={200: RubricOut, **ERRORS},
    url_name="api_rubric_total",
    summary="Tổng điểm khai báo",
)
def rubric_total(request, code: str, year: int, payload: TotalIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    return _rubric_out(
        services.rubric_set_total(actor=request.user, rubric=_draft(request, by), total=payload.total)
    )


@router.post(
    Y + "/rubric/copy",
    response={200: RubricOut, **ERRORS},
    url_name="api_rubric_copy",
    summary="Sao chép bộ tiêu chí của năm khác hoặc khối khác",
)
def rubric_copy(request, code: str, year: int, payload: CopyIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    source = Rubric.objects.filter(
        pk=payload.source_id, bloc_year__in=BlocYear.objects.visible_to(request.user)
    ).first()
    if source is None:
        raise field_error("source_id", "Không tìm thấy bộ tiêu chí nguồn.")
    return _rubric_out(
        services.rubric_copy_from(actor=request.user, rubric=_draft(request, by), source=source)
    )


@router.post(
    Y + "/rubric/import",
    response={200: RubricOut, **ERRORS},
    url_name="api_rubric_import",
    summary="Nhập bộ tiêu chí từ Excel (tất cả hoặc không; lỗi theo từng dòng)",
)
@idempotent_operation
def rubric_import(request, code: str, year: int, file: File[UploadedFile]):
    by = bloc_year_for(request.user, code, year, detail=True)
    check_upload(file)
    return _rubric_out(
        services.rubric_import_xlsx(actor=request.user, rubric=_draft(request, by), upload=file)
    )


@router.post(
    Y + "/rubric/amendments",
    response={201: RubricOut, **ERRORS},
    url_name="api_rubric_amend",
    summary="Lập bản sửa đổi bộ tiêu chí sau khi phát động (bắt buộc lý do)",
)
def rubric_amend(request, code: str, year: int, payload: ReasonIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    return Status(
        201, _rubric_out(services.rubric_amend(actor=request.user, bloc_year=by, reason=payload.reason))
    )


@router.post(
    Y + "/rubric/publish",
    response={200: RubricOut, **ERRORS},
    url_name="api_rubric_publish",
    summary="Ban hành bản sửa đổi (khóa phiên bản mới)",
)
def rubric_publish(request, code: str, year: int):
    by = bloc_year_for(request.user, code, year, detail=True)
    rubric = selectors.working_rubric(by)
    if rubric is None:
        raise Http404
    return _rubric_out(services.rubric_publish(actor=request.user, rubric=rubric))


# Movements and programmes -------------------------------------------------------------------------


@router.get(
    Y + "/movements",
    response={200: list[MovementOut], **ERRORS},
    url_name="api_movement_list",
    summary="Phong trào thi đua của các đơn vị",
)
def movement_list(request, code: str, year: int):
    return [
        _movement_out(m, year)
        for m in selectors.movements_of(bloc_year_for(request.user, code, year, detail=True))
    ]


@router.post(
    Y + "/movements",
    response={201: MovementOut, **ERRORS},
    url_name="api_movement_create",
    summary="Đăng ký phong trào (mặc định cho đơn vị của người dùng)",
)
@idempotent_operation
def movement_create(request, code: str, year: int, payload: MovementIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    data = payload.dict()
    unit_code = data.pop("unit")
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise field_error("unit", f"Không có đơn vị mã {unit_code}.")
    elif request.user.unit_id:
        unit = request.user.unit
    else:
        raise field_error("unit", "Cần chỉ rõ đơn vị đăng ký.")
    movement = services.movement_create(actor=request.user, bloc_year=by, unit=unit, **data)
    return Status(201, _movement_out(movement, by.year))


def _movement(by, pk) -> Movement:
    movement = Movement.objects.filter(bloc_year=by, pk=pk).select_related("unit", "bloc_year").first()
    if movement is None:
        raise Http404
    return movement


@router.patch(
    Y + "/movements/{pk}",
    response={200: MovementOut, **ERRORS},
    url_name="api_movement_update",
    summary="Sửa phong trào của đơn vị mình",
)
def movement_update(request, code: str, year: int, pk: int, payload: MovementPatch):
    by = bloc_year_for(request.user, code, year, detail=True)
    data = {k: v for k, v in _patch(payload).items() if v is not None or k in ("starts_on", "ends_on")}
    return _movement_out(
        services.movement_update(actor=request.user, movement=_movement(by, pk), data=data), by.year
    )


@router.delete(
    Y + "/movements/{pk}",
    response={204: None, **ERRORS},
    url_name="api_movement_delete",
    summary="Xóa phong trào của đơn vị mình",
)
def movement_delete(request, code: str, year: int, pk: int):
    by = bloc_year_for(request.user, code, year, detail=True)
    services.movement_delete(actor=request.user, movement=_movement(by, pk))
    return Status(204, None)


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], **ERRORS},
    url_name="api_programme_list",
    summary="Danh mục chương trình, phong trào chung",
)
def programme_list(request):
    return list(Programme.objects.all())


@router.post(
    "/programmes",
    response={201: ProgrammeOut, **ERRORS},
    url_name="api_programme_create",
    summary="Thêm chương trình (Phòng TĐKT)",
)
@idempotent_operation
def programme_create(request, payload: ProgrammeIn):
    return Status(201, services.programme_create(actor=request.user, **payload.dict()))


@router.patch(
    "/programmes/{pk}",
    response={200: ProgrammeOut, **ERRORS},
    url_name="api_programme_update",
    summary="Sửa chương trình (Phòng TĐKT)",
)
def programme_update(request, pk: int, payload: ProgrammePatch):
    programme = Programme.objects.filter(pk=pk).first()
    if programme is None:
        raise Http404
    data = {k: v for k, v in _patch(payload).items() if v is not None}
    return services.programme_update(actor=request.user, programme=programme, data=data)


# Documents --------------------------------------------------------------------------------------


@router.get(
    Y + "/documents",
    response={200: list[DocumentOut], **ERRORS},
    url_name="api_cycle_documents",
    summary="Các văn bản đã tạo của năm thi đua",
)
def cycle_documents(request, code: str, year: int):
    return documents_for(bloc_year_for(request.user, code, year, detail=True))


@router.post(
    Y + "/documents/{kind}",
    response={201: DocumentOut, **ERRORS},
    url_name="api_cycle_document_create",
    summary="Tạo văn bản: agreement, regulations, rubric (Word; ?pdf=true: PDF) hoặc rubric_xlsx (Excel)",
)
@idempotent_operation
def cycle_document_create(request, code: str, year: int, kind: str, pdf: bool = False):
    by = bloc_year_for(request.user, code, year, detail=True)
    if kind not in official.KINDS:
        raise Http404
    return Status(201, official.generate(actor=request.user, bloc_year=by, kind=kind, pdf=pdf))
