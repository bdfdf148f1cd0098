"""REST endpoints for units, blocs, bloc years and people."""

import datetime as dt
from enum import Enum

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from thidua.accounts.models import User
from thidua.core.api import ErrorOut, page_params
from thidua.core.errors import field_error
from thidua.core.idempotency import REPLAYED_HEADER, idempotent_operation, once
from thidua.core.permissions import get_visible_or_404
from thidua.core.sane import limited
from thidua.organisations import handover, selectors, services
from thidua.organisations.access import bloc_year_for
from thidua.organisations.choices import BlocKind, BlocLevel, Gender, PersonCategory, UnitKind
from thidua.organisations.models import Bloc, Person, Unit

router = Router(tags=["Tổ chức"])
SECRETARY_REPLAYED = (
    "Thư ký khối đã được chỉ định ở lần gửi đầu tiên; mật khẩu dùng một lần chỉ hiển thị một lần "
    "nên không hiện lại. Nếu chưa lưu được, hãy nhờ quản trị hệ thống đặt lại mật khẩu."
)
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _units_by_code(codes: list[str], field: str = "units") -> list[Unit]:
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise field_error(field, f"Không có đơn vị mã: {', '.join(missing)}.")
    return [found[c] for c in codes]


def _unit_or_none(code: str | None, field: str) -> Unit | None:
    if not code:
        return None
    return _units_by_code([code], field)[0]


def _patch(payload, nullable: set[str] = frozenset()) -> dict:
    """Fields the client sent; an explicit null only clears fields that may be empty."""
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k in nullable}


def _leadership(payload, prefix: str = "") -> dict:
    return {
        f"{prefix}leader": _unit_or_none(payload.leader, "leader"),
        f"{prefix}deputy": _unit_or_none(payload.deputy, "deputy"),
        "reason": payload.reason,
    }


def _authenticated(request):
    if not request.user.is_authenticated:
        raise Http404


# Schemas -----------------------------------------------------------------------------------------


class NameRecordOut(Schema):
    name: str
    short_name: str
    valid_from: dt.date
    valid_to: dt.date | None
    event: str
    end_event: str
    decision_ref: str


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    parent_body: str
    kind: UnitKind
    established_on: dt.date | None
    dissolved_on: dt.date | None
    successor: str | None = Field(None, alias="successor.code")


class UnitDetailOut(UnitOut):
    name_history: list[NameRecordOut]


class UnitIn(Schema):
    code: limited("organisations.Unit", "code")
    name: limited("organisations.Unit", "name")
    short_name: limited("organisations.Unit", "short_name") = ""
    parent_body: limited("organisations.Unit", "parent_body") = ""
    kind: UnitKind = UnitKind.STATE
    established_on: dt.date | None = None


class UnitPatch(Schema):
    code: limited("organisations.Unit", "code") | None = None
    name: limited("organisations.Unit", "name") | None = None
    short_name: limited("organisations.Unit", "short_name") | None = None
    parent_body: limited("organisations.Unit", "parent_body") | None = None
    kind: UnitKind | None = None
    established_on: dt.date | None = None


class RenameIn(Schema):
    new_name: limited("organisations.UnitNameRecord", "name")
    effective_on: dt.date
    new_short_name: limited("organisations.UnitNameRecord", "short_name") | None = None
    decision_ref: limited("organisations.UnitNameRecord", "decision_ref") = ""
    reason: str = ""


class DissolveIn(Schema):
    effective_on: dt.date
    successor: str | None = None
    decision_ref: limited("organisations.UnitNameRecord", "decision_ref") = ""
    reason: str = ""


class MergeIn(Schema):
    units: list[str]
    into: str
    effective_on: dt.date
    decision_ref: limited("organisations.UnitNameRecord", "decision_ref") = ""
    reason: str = ""


class BlocOut(Schema):
    code: str
    name: str
    short_name: str
    kind: BlocKind
    sector: str
    level: BlocLevel
    organiser: str
    description: str
    is_active: bool
    rotation: list[str] = []

    @staticmethod
    def resolve_rotation(obj):
        return [slot.unit.code for slot in obj.rotation.all()]


class BlocIn(Schema):
    code: limited("organisations.Bloc", "code")
    name: limited("organisations.Bloc", "name")
    short_name: limited("organisations.Bloc", "short_name") = ""
    kind: BlocKind = BlocKind.BLOC
    sector: limited("organisations.Bloc", "sector") = ""
    level: BlocLevel = BlocLevel.PROVINCE
    organiser: limited("organisations.Bloc", "organiser") | None = None
    description: str = ""


class BlocPatch(Schema):
    code: limited("organisations.Bloc", "code") | None = None
    name: limited("organisations.Bloc", "name") | None = None
    short_name: limited("organisations.Bloc", "short_name") | None = None
    kind: BlocKind | None = None
    sector: limited("organisations.Bloc", "sector") | None = None
    level: BlocLevel | None = None
    organiser: limited("organisations.Bloc", "organiser") | None = None
    description: str | None = None
    is_active: bool | None = None


class RotationIn(Schema):
    units: list[str]
    reason: str = ""


class MemberOut(Schema):
    unit: str = Field(alias="unit.code")
    name: str
    head_name: str
    head_title: str

    @staticmethod
    def resolve_name(obj):
        return obj.unit.name_in_year(obj.year)


class BlocYearOut(Schema):
    bloc: str = Field(alias="bloc.code")
    year: int
    leader: str | None = Field(None, alias="leader.code")
    deputy: str | None = Field(None, alias="deputy.code")
    acting_leader: str | None = Field(None, alias="acting_leader.code")
    proposed_leader: str | None = Field(None, alias="proposed_leader.code")
    proposed_deputy: str | None = Field(None, alias="proposed_deputy.code")
    leader_source: str
    awaiting_confirmation: bool


class BlocYearDetailOut(BlocYearOut):
    members: list[MemberOut]
    settings: dict

    @staticmethod
    def resolve_members(obj):
        return list(obj.members.all())


class BlocYearStartedOut(BlocYearDetailOut):
    summary: str = Field(description="Một câu: những gì đã chép sang năm mới và những gì cần xem lại.")

    @staticmethod
    def resolve_summary(obj):
        return getattr(obj, "start_summary", "")


class SecretaryIn(Schema):
    username: limited("accounts.User", "username") = ""
    new_username: limited("accounts.User", "username") = ""
    full_name: limited("accounts.User", "full_name") = ""
    position: limited("accounts.User", "position") = ""
    email: limited("accounts.User", "email") = ""


class SecretaryOut(Schema):
    username: str
    full_name: str
    unit: str
    new_account: bool
    password: str | None = None


class BlocYearIn(Schema):
    year: int
    units: list[str]
    leader: str | None = None
    deputy: str | None = None
    notes: str = ""


class MembersIn(Schema):
    units: list[str]


class LeadershipIn(Schema):
    leader: str | None = None
    deputy: str | None = None
    reason: str = ""


class MemberHeadIn(Schema):
    head_name: limited("organisations.BlocYearMember", "head_name")
    head_title: limited("organisations.BlocYearMember", "head_title")


# The object category of a person in the award statistics, or "" (not classified yet).
PersonCategoryOrBlank = Enum(
    "PersonCategoryOrBlank", {"NONE": "", **{m.name: m.value for m in PersonCategory}}, type=str
)


class PersonOut(Schema):
    id: int
    full_name: str
    gender: Gender
    birth_date: dt.date | None
    unit: str = Field(alias="unit.code")
    position: str
    category: PersonCategoryOrBlank = PersonCategoryOrBlank.NONE
    is_active: bool
    publication_consent: bool


class PersonIn(Schema):
    full_name: limited("organisations.Person", "full_name")
    gender: Gender
    unit: str
    birth_date: dt.date | None = None
    position: limited("organisations.Person", "position") = ""
    category: PersonCategoryOrBlank = PersonCategoryOrBlank.NONE
    publication_consent: bool = False


class PersonPatch(Schema):
    full_name: limited("organisations.Person", "full_name") | None = None
    gender: Gender | None = None
    unit: str | None = None
    birth_date: dt.date | None = None
    position: limited("organisations.Person", "position") | None = None
    is_active: bool | None = None
    category: PersonCategoryOrBlank | None = None
    publication_consent: bool | None = None


# Units -------------------------------------------------------------------------------------------


@router.get("/units", response=list[UnitOut], url_name="api_unit_list", summary="Danh sách đơn vị")
def unit_list(request, q: str = "", include_dissolved: bool = True, page: int = 1, page_size: int = 50):
    _authenticated(request)
    start, end = page_params(page, page_size)
    return list(
        selectors.units_list(query=q, include_dissolved=include_dissolved).select_related("successor")[
            start:end
        ]
    )


@router.post(
    "/units",
    response={201: UnitDetailOut, **ERRORS},
    url_name="api_unit_create",
    summary="Thêm đơn vị",
)
@idempotent_operation
def unit_create(request, payload: UnitIn):
    unit = services.unit_create(actor=request.user, **payload.dict())
    return Status(201, selectors.unit_detail(code=unit.code))


@router.get("/units/{code}", response={200: UnitDetailOut, **ERRORS}, url_name="api_unit_detail")
def unit_detail(request, code: str):
    _authenticated(request)
    try:
        return selectors.unit_detail(code=code)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc


@router.patch("/units/{code}", response={200: UnitDetailOut, **ERRORS}, url_name="api_unit_update")
def unit_update(request, code: str, payload: UnitPatch):
    unit = get_object_or_404(Unit, code=code)
    unit = services.unit_update(actor=request.user, unit=unit, data=_patch(payload, {"established_on"}))
    return selectors.unit_detail(code=unit.code)


@router.post("/units/{code}/rename", response={200: UnitDetailOut, **ERRORS}, url_name="api_unit_rename")
def unit_rename(request, code: str, payload: RenameIn):
    unit = get_object_or_404(Unit, code=code)
    services.unit_rename(actor=request.user, unit=unit, **payload.dict())
    return selectors.unit_detail(code=code)


@router.post("/units/{code}/dissolve", response={200: UnitDetailOut, **ERRORS}, url_name="api_unit_dissolve")
def unit_dissolve(request, code: str, payload: DissolveIn):
    unit = get_object_or_404(Unit, code=code)
    data = payload.dict()
    successor = _unit_or_none(data.pop("successor"), "successor")
    services.unit_dissolve(actor=request.user, unit=unit, successor=successor, **data)
    return selectors.unit_detail(code=code)


@router.post("/units-merge", response={200: UnitDetailOut, **ERRORS}, url_name="api_unit_merge")
def unit_merge(request, payload: MergeIn):
    units = _units_by_code(payload.units)
    into = _units_by_code([payload.into], "into")[0]
    services.unit_merge(
        actor=request.user,
        units=units,
        into=into,
        effective_on=payload.effective_on,
        decision_ref=payload.decision_ref,
        reason=payload.reason,
    )
    return selectors.unit_detail(code=into.code)


# Blocs -------------------------------------------------------------------------------------------


@router.get("/blocs", response=list[BlocOut], url_name="api_bloc_list", summary="Danh sách khối, cụm")
def bloc_list(request, q: str = "", page: int = 1, page_size: int = 50):
    _authenticated(request)
    start, end = page_params(page, page_size)
    return list(selectors.blocs_list(query=q).prefetch_related("rotation__unit")[start:end])


@router.post("/blocs", response={201: BlocOut, **ERRORS}, url_name="api_bloc_create")
@idempotent_operation
def bloc_create(request, payload: BlocIn):
    data = payload.dict()
    if data["organiser"] is None:
        data.pop("organiser")
    bloc = services.bloc_create(actor=request.user, **data)
    return Status(201, selectors.bloc_detail(code=bloc.code))


@router.get("/blocs/{code}", response={200: BlocOut, **ERRORS}, url_name="api_bloc_detail")
def bloc_detail(request, code: str):
    _authenticated(request)
    try:
        return selectors.bloc_detail(code=code)
    except Bloc.DoesNotExist as exc:
        raise Http404 from exc


@router.patch("/blocs/{code}", response={200: BlocOut, **ERRORS}, url_name="api_bloc_update")
def bloc_update(request, code: str, payload: BlocPatch):
    bloc = get_object_or_404(Bloc, code=code)
    bloc = services.bloc_update(actor=request.user, bloc=bloc, data=_patch(payload))
    return selectors.bloc_detail(code=bloc.code)


@router.put("/blocs/{code}/rotation", response={200: BlocOut, **ERRORS}, url_name="api_bloc_rotation")
def bloc_rotation(request, code: str, payload: RotationIn):
    bloc = get_object_or_404(Bloc, code=code)
    services.bloc_set_rotation(
        actor=request.user, bloc=bloc, units=_units_by_code(payload.units), reason=payload.reason
    )
    return selectors.bloc_detail(code=code)


# Bloc years --------------------------------------------------------------------------------------


@router.get(
    "/bloc-years",
    response=list[BlocYearOut],
    url_name="api_bloc_year_all",
    summary="Các năm thi đua được xem",
)
def bloc_year_all(request, q: str = "", year: int | None = None, page: int = 1, page_size: int = 50):
    _authenticated(request)
    start, end = page_params(page, page_size)
    return list(selectors.bloc_years_visible(user=request.user, query=q, year=year)[start:end])


@router.get(
    "/blocs/{code}/years",
    response={200: list[BlocYearOut], **ERRORS},
    url_name="api_bloc_year_list",
)
def bloc_year_list(request, code: str):
    _authenticated(request)
    bloc = get_object_or_404(Bloc, code=code)
    return list(selectors.bloc_years_of(bloc=bloc, user=request.user))


@router.post(
    "/blocs/{code}/years",
    response={201: BlocYearDetailOut, **ERRORS},
    url_name="api_bloc_year_create",
)
@idempotent_operation
def bloc_year_create(request, code: str, payload: BlocYearIn):
    bloc = get_object_or_404(Bloc, code=code)
    by = services.bloc_year_create(
        actor=request.user,
        bloc=bloc,
        year=payload.year,
        units=_units_by_code(payload.units),
        leader=_unit_or_none(payload.leader, "leader"),
        deputy=_unit_or_none(payload.deputy, "deputy"),
        notes=payload.notes,
    )
    return Status(201, bloc_year_for(request.user, code, by.year, detail=True))


@router.get(
    "/blocs/{code}/years/{year}",
    response={200: BlocYearDetailOut, **ERRORS},
    url_name="api_bloc_year_detail",
)
def bloc_year_detail(request, code: str, year: int):
    return bloc_year_for(request.user, code, year, detail=True)


@router.post(
    "/blocs/{code}/years/{year}/members",
    response={200: BlocYearDetailOut, **ERRORS},
    url_name="api_bloc_year_add_members",
)
def bloc_year_add_members(request, code: str, year: int, payload: MembersIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    services.bloc_year_add_members(actor=request.user, bloc_year=by, units=_units_by_code(payload.units))
    return bloc_year_for(request.user, code, year, detail=True)


@router.delete(
    "/blocs/{code}/years/{year}/members/{unit_code}",
    response={200: BlocYearDetailOut, **ERRORS},
    url_name="api_bloc_year_remove_member",
)
def bloc_year_remove_member(request, code: str, year: int, unit_code: str, reason: str = ""):
    by = bloc_year_for(request.user, code, year, detail=True)
    unit = _units_by_code([unit_code], "unit")[0]
    services.bloc_year_remove_member(actor=request.user, bloc_year=by, unit=unit, reason=reason)
    return bloc_year_for(request.user, code, year, detail=True)


@router.put(
    "/blocs/{code}/years/{year}/members/{unit_code}",
    response={200: BlocYearDetailOut, **ERRORS},
    url_name="api_bloc_year_update_member",
)
def bloc_year_update_member(request, code: str, year: int, unit_code: str, payload: MemberHeadIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    unit = _units_by_code([unit_code], "unit")[0]
    services.bloc_year_update_member(actor=request.user, bloc_year=by, unit=unit, **payload.dict())
    return bloc_year_for(request.user, code, year, detail=True)


@router.put(
    "/blocs/{code}/years/{year}/leadership",
    response={200: BlocYearDetailOut, **ERRORS},
    url_name="api_bloc_year_leadership",
)
def bloc_year_leadership(request, code: str, year: int, payload: LeadershipIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    services.bloc_year_set_leadership(
        actor=request.user,
        bloc_year=by,
        **_leadership(payload),
    )
    return bloc_year_for(request.user, code, year, detail=True)


@router.post(
    "/blocs/{code}/years/{year}/election",
    response={200: BlocYearDetailOut, **ERRORS},
    url_name="api_bloc_year_election",
)
def bloc_year_election(request, code: str, year: int, payload: LeadershipIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    services.bloc_year_record_election(
        actor=request.user,
        bloc_year=by,
        **_leadership(payload, prefix="next_"),
    )
    return bloc_year_for(request.user, code, year, detail=True)


@router.post(
    "/blocs/{code}/years/{year}/start-next",
    response={201: BlocYearStartedOut, **ERRORS},
    url_name="api_bloc_year_start_next",
)
@idempotent_operation
def bloc_year_start_next(request, code: str, year: int):
    """Opens the next year; ``summary`` says in one Vietnamese sentence what was copied and what
    needs a look."""
    by = bloc_year_for(request.user, code, year, detail=True)
    new = services.bloc_year_start_next(actor=request.user, bloc_year=by)
    answer = bloc_year_for(request.user, code, new.year, detail=True)
    answer.start_summary = new.start_summary
    return Status(201, answer)


@router.post(
    "/blocs/{code}/years/{year}/secretary",
    response={200: SecretaryOut, 201: SecretaryOut, 409: ErrorOut, **ERRORS},
    url_name="api_bloc_year_secretary",
)
def bloc_year_secretary(request, code: str, year: int, payload: SecretaryIn):
    """Names the bloc secretary of the year's leader unit: ``username`` (an existing account of
    that unit) or ``new_username`` + ``full_name`` (a new account, 201, with its one-time
    ``password`` shown in this answer only). With ``Idempotency-Key`` a repeat creates nothing
    and answers without the password (it is stored nowhere)."""
    by = bloc_year_for(request.user, code, year, detail=True)

    def replay(pk):
        user = User.objects.filter(pk=pk).first()
        body = {"detail": SECRETARY_REPLAYED, "password": None}
        if user is not None:
            body.update(
                username=user.username, full_name=user.full_name, unit=by.leader.code, new_account=True
            )
        response = JsonResponse(body, status=200 if user is not None else 409)
        response[REPLAYED_HEADER] = "true"
        return response

    result = once(
        request,
        lambda: handover.bloc_year_name_secretary(actor=request.user, bloc_year=by, **payload.dict()),
        replay,
    )
    if not isinstance(result, tuple):
        return result
    user, password = result
    body = {
        "username": user.username,
        "full_name": user.full_name,
        "unit": user.unit.code,
        "new_account": bool(password),
        "password": password or None,
    }
    return Status(201 if password else 200, body)


@router.post(
    "/blocs/{code}/years/{year}/confirm-leadership",
    response={200: BlocYearDetailOut, **ERRORS},
    url_name="api_bloc_year_confirm",
)
def bloc_year_confirm(request, code: str, year: int, payload: LeadershipIn):
    by = bloc_year_for(request.user, code, year, detail=True)
    services.bloc_year_confirm_leadership(
        actor=request.user,
        bloc_year=by,
        **_leadership(payload),
    )
    return bloc_year_for(request.user, code, year, detail=True)


# People ------------------------------------------------------------------------------------------


@router.get("/people", response=list[PersonOut], url_name="api_person_list", summary="Danh sách cá nhân")
def person_list(request, q: str = "", unit: str = "", page: int = 1, page_size: int = 50):
    _authenticated(request)
    unit_obj = _unit_or_none(unit, "unit") if unit else None
    start, end = page_params(page, page_size)
    return list(selectors.people_list(user=request.user, query=q, unit=unit_obj)[start:end])


@router.post("/people", response={201: PersonOut, **ERRORS}, url_name="api_person_create")
@idempotent_operation
def person_create(request, payload: PersonIn):
    data = payload.dict()
    data["unit"] = _units_by_code([data["unit"]], "unit")[0]
    person = services.person_create(actor=request.user, **data)
    return Status(201, person)


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS}, url_name="api_person_detail")
def person_detail(request, person_id: int):
    return get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=person_id)


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS}, url_name="api_person_update")
def person_update(request, person_id: int, payload: PersonPatch):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=person_id)
    data = _patch(payload, {"birth_date"})
    if "unit" in data:
        data["unit"] = _units_by_code([data["unit"]], "unit")[0]
    return services.person_update(actor=request.user, person=person, data=data)
