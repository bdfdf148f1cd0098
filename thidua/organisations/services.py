"""Writes to units, blocs, bloc years and people. Every function checks permission, runs in one
transaction and writes an audit event."""

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core import sane
from thidua.core.audit import audit, snapshot
from thidua.core.errors import PermissionDenied, field_error
from thidua.core.hooks import call_hooks
from thidua.organisations.choices import LeaderSource, NameEvent, PersonCategory
from thidua.organisations.handover import secretaries_of
from thidua.organisations.models import (
    Bloc,
    BlocYear,
    BlocYearMember,
    Person,
    RotationSlot,
    Unit,
    UnitNameRecord,
)
from thidua.organisations.permissions import (
    can_edit_person,
    can_manage_bloc_year,
    can_manage_registry,
)

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_\-.]{0,29}$")
UNIT_FIELDS = ["code", "name", "short_name", "parent_body", "kind", "established_on"]
BLOC_FIELDS = [
    "code",
    "name",
    "short_name",
    "kind",
    "sector",
    "level",
    "organiser",
    "description",
    "is_active",
]
PERSON_FIELDS = [
    "full_name",
    "gender",
    "birth_date",
    "unit",
    "position",
    "category",
    "is_active",
    "publication_consent",
]


def _deny(message: str = "Bạn không có quyền thực hiện thao tác này.") -> PermissionDenied:
    return PermissionDenied(message)


def _clean_code(code: str, field: str = "code") -> str:
    code = (code or "").strip().upper()
    if not CODE_RE.match(code):
        raise field_error(field, "Mã chỉ gồm chữ in hoa không dấu, số, gạch ngang; tối đa 30 ký tự.")
    return code


def _require_text(value: str, field: str, label: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise field_error(field, f"{label} không được để trống.")
    return value


def _apply(obj, data: dict, allowed: list[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise field_error(sorted(unknown)[0], "Trường này không được phép thay đổi.")
    for key, value in data.items():
        setattr(obj, key, value)


# Units ------------------------------------------------------------------------------------------


def unit_create(
    *,
    actor,
    code: str,
    name: str,
    short_name: str = "",
    parent_body: str = "",
    kind: str = "state",
    established_on: dt.date | None = None,
) -> Unit:
    if not can_manage_registry(actor):
        raise _deny()
    code = _clean_code(code)
    name = _require_text(name, "name", "Tên đơn vị")
    sane.check_length("name", name, 255, "Tên đơn vị")
    sane.check("established_on", sane.past_date_problem(established_on, "Ngày thành lập"))
    if Unit.objects.filter(code=code).exists():
        raise field_error("code", f"Mã đơn vị “{code}” đã tồn tại.")
    with transaction.atomic():
        unit = Unit.objects.create(
            code=code,
            name=name,
            short_name=short_name.strip(),
            parent_body=parent_body.strip(),
            kind=kind,
            established_on=established_on,
        )
        UnitNameRecord.objects.create(
            unit=unit,
            name=name,
            short_name=unit.short_name,
            valid_from=established_on or dt.date(1945, 9, 2),
            event=NameEvent.ESTABLISHED,
        )
        audit(actor=actor, action="unit.create", obj=unit, after=snapshot(unit, UNIT_FIELDS))
    return unit


def unit_update(*, actor, unit: Unit, data: dict) -> Unit:
    """Corrects a unit's details. A change of name in the real world is ``unit_rename``."""
    if not can_manage_registry(actor):
        raise _deny()
    data = dict(data)
    if "code" in data:
        data["code"] = _clean_code(data["code"])
        if Unit.objects.filter(code=data["code"]).exclude(pk=unit.pk).exists():
            raise field_error("code", f"Mã đơn vị “{data['code']}” đã tồn tại.")
    if "name" in data:
        data["name"] = _require_text(data["name"], "name", "Tên đơn vị")
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit, UNIT_FIELDS)
        _apply(unit, data, UNIT_FIELDS)
        unit.save()
        # A correction of the current name also corrects the open period of the history.
        UnitNameRecord.objects.filter(unit=unit, valid_to__isnull=True).update(
            name=unit.name, short_name=unit.short_name, name_sort=unit.name_sort
        )
        audit(
            actor=actor,
            action="unit.update",
            obj=unit,
            before=before,
            after=snapshot(unit, UNIT_FIELDS),
        )
    return unit


def _close_current_name(unit: Unit, effective: dt.date, end_event: str) -> None:
    current = unit.name_history.filter(valid_to__isnull=True).order_by("-valid_from").first()
    if current is None:
        return
    if effective <= current.valid_from:
        raise field_error(
            "effective_on",
            f"Ngày hiệu lực phải sau ngày {current.valid_from:%d/%m/%Y} của tên hiện tại.",
        )
    current.valid_to = effective - dt.timedelta(days=1)
    current.end_event = end_event
    current.save(update_fields=["valid_to", "end_event"])


def unit_rename(
    *,
    actor,
    unit: Unit,
    new_name: str,
    effective_on: dt.date,
    new_short_name: str | None = None,
    decision_ref: str = "",
    reason: str = "",
) -> Unit:
    """Records that the unit is called ``new_name`` from ``effective_on``; older records keep the old name."""
    if not can_manage_registry(actor):
        raise _deny()
    new_name = _require_text(new_name, "new_name", "Tên mới")
    sane.check_length("new_name", new_name, 255, "Tên mới")
    sane.check("effective_on", sane.period_end_problem(effective_on, "Ngày hiệu lực"))
    if unit.is_dissolved:
        raise field_error("new_name", "Đơn vị đã giải thể, không thể đổi tên.")
    if new_name == unit.name:
        raise field_error("new_name", "Tên mới trùng với tên hiện tại.")
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit, UNIT_FIELDS)
        _close_current_name(unit, effective_on, NameEvent.RENAMED)
        unit.name = new_name
        if new_short_name is not None:
            unit.short_name = new_short_name.strip()
        unit.save()
        UnitNameRecord.objects.create(
            unit=unit,
            name=new_name,
            short_name=unit.short_name,
            valid_from=effective_on,
            event=NameEvent.RENAMED,
            decision_ref=decision_ref,
            note=reason,
        )
        audit(
            actor=actor,
            action="unit.rename",
            obj=unit,
            before=before,
            after=snapshot(unit, UNIT_FIELDS),
            reason=reason or decision_ref,
        )
    return unit


def unit_dissolve(
    *,
    actor,
    unit: Unit,
    effective_on: dt.date,
    successor: Unit | None = None,
    decision_ref: str = "",
    reason: str = "",
    merged: bool = False,
) -> Unit:
    """Ends a unit on ``effective_on`` (dissolution, or merger into ``successor``)."""
    if not can_manage_registry(actor):
        raise _deny()
    sane.check("effective_on", sane.period_end_problem(effective_on, "Ngày giải thể / sáp nhập"))
    if unit.is_dissolved:
        raise field_error("effective_on", f"Đơn vị đã giải thể từ ngày {unit.dissolved_on:%d/%m/%Y}.")
    if successor is not None and successor.pk == unit.pk:
        raise field_error("successor", "Đơn vị kế thừa phải khác đơn vị bị giải thể.")
    if merged and successor is None:
        raise field_error("successor", "Sáp nhập cần chọn đơn vị kế thừa.")
    if BlocYearMember.objects.filter(unit=unit, year__gt=effective_on.year).exists():
        raise field_error(
            "effective_on",
            "Đơn vị còn là thành viên khối ở năm sau ngày giải thể; hãy rút khỏi các năm đó trước.",
        )
    event = NameEvent.MERGED if merged else NameEvent.DISSOLVED
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit, [*UNIT_FIELDS, "dissolved_on", "successor"])
        current = unit.name_history.filter(valid_to__isnull=True).first()
        if current is not None:
            if effective_on < current.valid_from:
                raise field_error("effective_on", "Ngày giải thể phải sau ngày hiệu lực của tên hiện tại.")
            current.valid_to = effective_on
            current.end_event = event
            current.note = (current.note + "\n" + reason).strip()
            if decision_ref:
                current.decision_ref = decision_ref
            current.save()
        unit.dissolved_on = effective_on
        unit.successor = successor
        unit.save()
        audit(
            actor=actor,
            action="unit.merge" if merged else "unit.dissolve",
            obj=unit,
            before=before,
            after=snapshot(unit, [*UNIT_FIELDS, "dissolved_on", "successor"]),
            reason=reason or decision_ref,
        )
    return unit


def unit_merge(
    *,
    actor,
    units: list[Unit],
    into: Unit,
    effective_on: dt.date,
    decision_ref: str = "",
    reason: str = "",
) -> Unit:
    """Merges ``units`` into ``into``: each merged unit ends the day before ``effective_on``."""
    if not units:
        raise field_error("units", "Chọn ít nhất một đơn vị được sáp nhập.")
    if any(u.pk == into.pk for u in units):
        raise field_error("units", "Đơn vị tiếp nhận không thể tự sáp nhập vào chính nó.")
    with transaction.atomic():
        for unit in units:
            unit_dissolve(
                actor=actor,
                unit=unit,
                effective_on=effective_on - dt.timedelta(days=1),
                successor=into,
                decision_ref=decision_ref,
                reason=reason,
                merged=True,
            )
    return into


# Blocs ------------------------------------------------------------------------------------------


def bloc_create(*, actor, code: str, name: str, **fields) -> Bloc:
    if not can_manage_registry(actor):
        raise _deny()
    code = _clean_code(code)
    name = _require_text(name, "name", "Tên khối")
    if Bloc.objects.filter(code=code).exists():
        raise field_error("code", f"Mã khối “{code}” đã tồn tại.")
    bloc = Bloc(code=code, name=name)
    _apply(bloc, fields, BLOC_FIELDS)
    if not bloc.organiser.strip():
        raise field_error("organiser", "Cơ quan tổ chức không được để trống.")
    with transaction.atomic():
        bloc.save()
        audit(actor=actor, action="bloc.create", obj=bloc, after=snapshot(bloc, BLOC_FIELDS))
    return bloc


def bloc_update(*, actor, bloc: Bloc, data: dict) -> Bloc:
    if not can_manage_registry(actor):
        raise _deny()
    data = dict(data)
    if "code" in data:
        data["code"] = _clean_code(data["code"])
        if Bloc.objects.filter(code=data["code"]).exclude(pk=bloc.pk).exists():
            raise field_error("code", f"Mã khối “{data['code']}” đã tồn tại.")
    if "name" in data:
        data["name"] = _require_text(data["name"], "name", "Tên khối")
    if "organiser" in data and data["organiser"] != bloc.organiser and bloc.years.exists():
        raise field_error("organiser", "Khối đã có năm thi đua; không thể đổi cơ quan tổ chức.")
    with transaction.atomic():
        bloc = Bloc.objects.select_for_update().get(pk=bloc.pk)
        before = snapshot(bloc, BLOC_FIELDS)
        _apply(bloc, data, BLOC_FIELDS)
        bloc.save()
        audit(
            actor=actor,
            action="bloc.update",
            obj=bloc,
            before=before,
            after=snapshot(bloc, BLOC_FIELDS),
        )
    return bloc


def bloc_set_rotation(*, actor, bloc: Bloc, units: list[Unit], reason: str = "") -> Bloc:
    """Replaces the bloc's written rotation order for the leader role."""
    if not can_manage_registry(actor):
        raise _deny()
    ids = [u.pk for u in units]
    if len(ids) != len(set(ids)):
        raise field_error("units", "Một đơn vị chỉ xuất hiện một lần trong thứ tự luân phiên.")
    if any(u.is_dissolved for u in units):
        raise field_error("units", "Không đưa đơn vị đã giải thể vào thứ tự luân phiên.")
    with transaction.atomic():
        before = list(bloc.rotation.values_list("unit_id", flat=True))
        bloc.rotation.all().delete()
        RotationSlot.objects.bulk_create(
            [RotationSlot(bloc=bloc, unit=u, position=i + 1) for i, u in enumerate(units)]
        )
        audit(
            actor=actor,
            action="bloc.rotation",
            obj=bloc,
            before={"rotation": before},
            after={"rotation": ids},
            reason=reason,
        )
    return bloc


# Bloc years -------------------------------------------------------------------------------------


def _check_can_join(unit: Unit, bloc_year: BlocYear) -> None:
    if unit.dissolved_on is not None and unit.dissolved_on < dt.date(bloc_year.year, 1, 1):
        raise field_error(
            "units",
            f"{unit.name} đã giải thể ngày {unit.dissolved_on:%d/%m/%Y}, không thể tham gia năm {bloc_year.year}.",
        )
    clash = (
        BlocYearMember.objects.filter(unit=unit, year=bloc_year.year, organiser=bloc_year.bloc.organiser)
        .exclude(bloc_year=bloc_year)
        .select_related("bloc_year__bloc")
        .first()
    )
    if clash is not None:
        raise field_error(
            "units",
            f"{unit.name} đã thuộc {clash.bloc_year.bloc.name} năm {bloc_year.year}; "
            "mỗi đơn vị chỉ ở một khối của cùng cơ quan tổ chức trong một năm.",
        )


def _check_leadership(
    bloc_year: BlocYear, leader: Unit | None, deputy: Unit | None, member_ids: set[int]
) -> None:
    if leader is not None and leader.pk not in member_ids:
        raise field_error(
            "leader",
            f"Trưởng khối ({leader.name}) phải là thành viên của khối năm {bloc_year.year}.",
        )
    if deputy is not None and deputy.pk not in member_ids:
        raise field_error(
            "deputy", f"Phó khối ({deputy.name}) phải là thành viên của khối năm {bloc_year.year}."
        )
    if leader is not None and deputy is not None and leader.pk == deputy.pk:
        raise field_error("deputy", "Trưởng khối và phó khối phải là hai đơn vị khác nhau.")


def _add_members(bloc_year: BlocYear, units: list[Unit]) -> list[BlocYearMember]:
    existing = set(bloc_year.members.values_list("unit_id", flat=True))
    created = []
    for unit in units:
        if unit.pk in existing:
            raise field_error("units", f"{unit.name} đã là thành viên của khối năm {bloc_year.year}.")
        _check_can_join(unit, bloc_year)
        created.append(
            BlocYearMember(
                bloc_year=bloc_year,
                unit=unit,
                year=bloc_year.year,
                organiser=bloc_year.bloc.organiser,
            )
        )
        existing.add(unit.pk)
    try:
        with transaction.atomic():
            BlocYearMember.objects.bulk_create(created)
    except IntegrityError as exc:
        raise field_error(
            "units", "Một đơn vị đã thuộc khối khác của cùng cơ quan tổ chức trong năm này."
        ) from exc
    return created


def _year_snapshot(bloc_year: BlocYear) -> dict:
    data = snapshot(
        bloc_year,
        [
            "year",
            "leader",
            "deputy",
            "acting_leader",
            "proposed_leader",
            "proposed_deputy",
            "leader_source",
        ],
    )
    data["members"] = sorted(bloc_year.members.values_list("unit_id", flat=True))
    return data


def bloc_year_create(
    *,
    actor,
    bloc: Bloc,
    year: int,
    units: list[Unit],
    leader: Unit | None = None,
    deputy: Unit | None = None,
    notes: str = "",
) -> BlocYear:
    if not can_manage_registry(actor):
        raise _deny()
    if not 1990 <= int(year) <= 2200:
        raise field_error("year", "Năm không hợp lệ.")
    sane.check("year", sane.year_problem(int(year), "Năm", earliest=1990, ahead=sane.PERIOD_YEARS_AHEAD))
    if BlocYear.objects.filter(bloc=bloc, year=year).exists():
        raise field_error("year", f"{bloc.name} đã có năm {year}.")
    if not bloc.is_active:
        raise field_error("bloc", "Khối đã ngừng hoạt động.")
    with transaction.atomic():
        bloc_year = BlocYear.objects.create(bloc=bloc, year=year, notes=notes)
        _add_members(bloc_year, units)
        _check_leadership(bloc_year, leader, deputy, {u.pk for u in units})
        if leader is not None or deputy is not None:
            bloc_year.leader, bloc_year.deputy = leader, deputy
            bloc_year.leader_source = LeaderSource.MANUAL
            bloc_year.leader_confirmed_at = timezone.now() if leader else None
            bloc_year.save()
        audit(actor=actor, action="bloc_year.create", obj=bloc_year, after=_year_snapshot(bloc_year))
    return bloc_year


def bloc_year_add_members(*, actor, bloc_year: BlocYear, units: list[Unit]) -> BlocYear:
    if not can_manage_bloc_year(actor, bloc_year):
        raise _deny()
    if not units:
        raise field_error("units", "Chọn ít nhất một đơn vị.")
    with transaction.atomic():
        before = _year_snapshot(bloc_year)
        _add_members(bloc_year, units)
        audit(
            actor=actor,
            action="bloc_year.add_members",
            obj=bloc_year,
            before=before,
            after=_year_snapshot(bloc_year),
        )
    return bloc_year


def bloc_year_remove_member(*, actor, bloc_year: BlocYear, unit: Unit, reason: str = "") -> BlocYear:
    if not can_manage_bloc_year(actor, bloc_year):
        raise _deny()
    with transaction.atomic():
        bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        if unit.pk in {bloc_year.leader_id, bloc_year.deputy_id, bloc_year.proposed_leader_id}:
            raise field_error(
                "unit", f"{unit.name} đang là trưởng/phó khối; hãy đổi trưởng, phó khối trước khi rút."
            )
        before = _year_snapshot(bloc_year)
        deleted, _ = BlocYearMember.objects.filter(bloc_year=bloc_year, unit=unit).delete()
        if not deleted:
            raise field_error("unit", f"{unit.name} không phải thành viên của khối năm {bloc_year.year}.")
        audit(
            actor=actor,
            action="bloc_year.remove_member",
            obj=bloc_year,
            before=before,
            after=_year_snapshot(bloc_year),
            reason=reason,
        )
    return bloc_year


def bloc_year_set_leadership(
    *, actor, bloc_year: BlocYear, leader: Unit | None, deputy: Unit | None, reason: str = ""
) -> BlocYear:
    """Sets leader and deputy directly (a decision of the council or a correction)."""
    if not can_manage_registry(actor):
        raise _deny("Chỉ Phòng TĐKT hoặc quản trị được chỉ định trưởng, phó khối.")
    with transaction.atomic():
        bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        member_ids = set(bloc_year.members.values_list("unit_id", flat=True))
        _check_leadership(bloc_year, leader, deputy, member_ids)
        before = _year_snapshot(bloc_year)
        bloc_year.leader, bloc_year.deputy = leader, deputy
        bloc_year.leader_source = LeaderSource.MANUAL
        bloc_year.leader_confirmed_at = timezone.now() if leader else None
        bloc_year.save()
        audit(
            actor=actor,
            action="bloc_year.set_leadership",
            obj=bloc_year,
            before=before,
            after=_year_snapshot(bloc_year),
            reason=reason,
        )
    return bloc_year


def bloc_year_record_election(
    *,
    actor,
    bloc_year: BlocYear,
    next_leader: Unit | None,
    next_deputy: Unit | None,
    reason: str = "",
) -> BlocYear:
    """Stores who the year-end conference elected to lead the bloc next year."""
    if not can_manage_bloc_year(actor, bloc_year):
        raise _deny()
    member_ids = set(bloc_year.members.values_list("unit_id", flat=True))
    if next_leader is not None and next_leader.pk not in member_ids:
        raise field_error("next_leader", "Trưởng khối được bầu phải là thành viên của khối.")
    if next_deputy is not None and next_deputy.pk not in member_ids:
        raise field_error("next_deputy", "Phó khối được bầu phải là thành viên của khối.")
    if next_leader is not None and next_deputy is not None and next_leader.pk == next_deputy.pk:
        raise field_error("next_deputy", "Trưởng khối và phó khối phải là hai đơn vị khác nhau.")
    with transaction.atomic():
        before = snapshot(bloc_year, ["elected_next_leader", "elected_next_deputy"])
        bloc_year.elected_next_leader, bloc_year.elected_next_deputy = next_leader, next_deputy
        bloc_year.save(update_fields=["elected_next_leader", "elected_next_deputy", "updated_at"])
        # A next year opened before the vote and still unconfirmed now proposes the elected units.
        following = (
            BlocYear.objects.select_for_update()
            .filter(bloc=bloc_year.bloc, year=bloc_year.year + 1, leader__isnull=True)
            .first()
        )
        if following is not None and next_leader is not None:
            eligible = set(following.members.values_list("unit_id", flat=True))
            leader, deputy, source = propose_next_leadership(bloc_year, eligible)
            if source == LeaderSource.CONFERENCE:
                following.proposed_leader, following.proposed_deputy = leader, deputy
                following.leader_source = source
                following.save(
                    update_fields=["proposed_leader", "proposed_deputy", "leader_source", "updated_at"]
                )
        audit(
            actor=actor,
            action="bloc_year.record_election",
            obj=bloc_year,
            before=before,
            after=snapshot(bloc_year, ["elected_next_leader", "elected_next_deputy"]),
            reason=reason,
        )
    return bloc_year


def _next_in_rotation(
    bloc: Bloc, after_unit_id: int | None, eligible_ids: set[int], skip: set[int]
) -> Unit | None:
    slots = [
        s for s in bloc.rotation.select_related("unit") if s.unit_id in eligible_ids and s.unit_id not in skip
    ]
    if not slots:
        return None
    positions = [s.unit_id for s in bloc.rotation.all()]
    if after_unit_id in positions:
        start = positions.index(after_unit_id)
        ordered = sorted(slots, key=lambda s: (s.position - 2 - start) % len(positions))
        return ordered[0].unit
    return slots[0].unit


def propose_next_leadership(
    bloc_year: BlocYear, eligible_ids: set[int]
) -> tuple[Unit | None, Unit | None, str]:
    """Who should lead next year: the units elected at the conference, else the rotation order.
    When the conference elected only the leader, the deputy is the rotation's next unit after it
    (a proposal the secretariat is asked to look at)."""
    if bloc_year.elected_next_leader_id and bloc_year.elected_next_leader_id in eligible_ids:
        leader = bloc_year.elected_next_leader
        if bloc_year.elected_next_deputy_id in eligible_ids:
            deputy = bloc_year.elected_next_deputy
        else:
            deputy = _next_in_rotation(bloc_year.bloc, leader.pk, eligible_ids, {leader.pk})
        return leader, deputy, LeaderSource.CONFERENCE
    leader = _next_in_rotation(
        bloc_year.bloc, bloc_year.leader_id or bloc_year.acting_leader_id, eligible_ids, set()
    )
    deputy = None
    if leader is not None:
        deputy = _next_in_rotation(bloc_year.bloc, leader.pk, eligible_ids, {leader.pk})
    return leader, deputy, LeaderSource.ROTATION


def shift_date(day: dt.date, years: int) -> dt.date:
    """``day`` moved by ``years`` whole years; 29/02 becomes 28/02 in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def shift_deadlines(deadlines: dict, years: int) -> dict[str, str]:
    """Every stage deadline (ISO date) moved by ``years`` years, unreadable ones left out."""
    shifted = {}
    for stage, value in (deadlines or {}).items():
        try:
            shifted[stage] = shift_date(dt.date.fromisoformat(str(value)), years).isoformat()
        except ValueError:
            continue
    return shifted


def _copied_sentence(
    new: BlocYear,
    previous: BlocYear,
    *,
    members: int,
    heads: int,
    deadlines: int,
    dropped: list[str],
    source: str,
    deputy_elected: bool,
) -> str:
    """One Vietnamese sentence: what starting the year copied and what needs a look."""
    year = new.year
    copied = [f"{members} đơn vị thành viên"]
    if heads:
        copied.append(f"thủ trưởng, chức vụ của {heads} đơn vị")
    copied.append(
        f"thiết lập của khối với {deadlines} thời hạn dời sang năm {year}"
        if deadlines
        else "thiết lập của khối"
    )
    leader = new.leader or new.proposed_leader
    if leader is None:
        who = "chưa có trưởng khối"
    elif source == LeaderSource.CONFERENCE:
        who = f"trưởng khối {leader.name_in_year(year)} theo kết quả bầu tại hội nghị năm {previous.year}"
    else:
        who = f"đề xuất trưởng khối {leader.name_in_year(year)} theo luân phiên (chưa có kết quả bầu)"
    look = []
    if heads:
        look.append("xác nhận thủ trưởng các đơn vị")
    if leader is None or source != LeaderSource.CONFERENCE:
        look.append("xác nhận trưởng khối")
    if new.deputy_id or new.proposed_deputy_id:
        if not deputy_elected:
            look.append("phó khối (đề xuất theo luân phiên)")
    else:
        look.append("chọn phó khối")
    if leader is not None and leader.pk != previous.effective_leader_id and not secretaries_of(leader.pk):
        look.append(f"chỉ định thư ký khối của {leader.name_in_year(year)} (đơn vị chưa có thư ký khối)")
    if dropped:
        look.append("đơn vị đã giải thể không được chép: " + ", ".join(dropped))
    return (
        f"Đã bắt đầu năm {year}: chép {', '.join(copied)}; {who}; cần xem lại: "
        + ("; ".join(look) if look else "không có")
        + "."
    )


def bloc_year_start_next(*, actor, bloc_year: BlocYear) -> BlocYear:
    """Opens the following year: members are copied (dissolved units left out) with their heads'
    names and titles (to be confirmed), the leader and deputy elected at the conference are set,
    otherwise the rotation proposes them, and the current leader stays acting until the new one
    is confirmed.

    Deadlines. ``settings["deadlines"]`` holds one ISO date per stage. They are copied shifted by
    the difference of years (whole years, so that "15/03" stays 15/03 and a dossier due on
    10/01 of the following year stays 10/01 of the year after the new one); 29/02 becomes 28/02
    when the new year has no 29 February. Shifting at the copy was chosen over storing rules
    ("day/month of the year"): every reader of the settings (the timeline, the forms, the API,
    other apps) keeps reading plain dates, and a date the secretary moved last year keeps its
    place relative to the year. The returned year carries ``start_summary``: one Vietnamese
    sentence of what was copied and what needs a look."""
    if not can_manage_bloc_year(actor, bloc_year):
        raise _deny()
    year = bloc_year.year + 1
    bloc = bloc_year.bloc
    if BlocYear.objects.filter(bloc=bloc, year=year).exists():
        raise field_error("year", f"{bloc.name} đã có năm {year}.")
    old_members = list(bloc_year.members.select_related("unit"))
    start = dt.date(year, 1, 1)
    kept = [m for m in old_members if m.unit.dissolved_on is None or m.unit.dissolved_on >= start]
    dropped = [m.unit.name_in_year(bloc_year.year) for m in old_members if m not in kept]
    units = [m.unit for m in kept]
    eligible = {u.pk for u in units}
    leader, deputy, source = propose_next_leadership(bloc_year, eligible)
    settings = dict(bloc_year.settings or {})
    deadlines = shift_deadlines(settings.get("deadlines") or {}, 1)
    if "deadlines" in settings:
        settings["deadlines"] = deadlines
    with transaction.atomic():
        new = BlocYear.objects.create(
            bloc=bloc,
            year=year,
            acting_leader=bloc_year.effective_leader if bloc_year.effective_leader_id in eligible else None,
            proposed_leader=leader,
            proposed_deputy=deputy,
            leader_source=source,
            settings=settings,
        )
        _add_members(new, units)
        heads = {m.unit_id: (m.head_name, m.head_title) for m in kept if m.head_name or m.head_title}
        for unit_id, (head_name, head_title) in heads.items():
            BlocYearMember.objects.filter(bloc_year=new, unit_id=unit_id).update(
                head_name=head_name, head_title=head_title
            )
        if source == LeaderSource.CONFERENCE and leader is not None:
            new.leader, new.deputy, new.leader_confirmed_at = leader, deputy, timezone.now()
            new.save()
        summary = _copied_sentence(
            new,
            bloc_year,
            members=len(units),
            heads=len(heads),
            deadlines=len(deadlines),
            dropped=dropped,
            source=source,
            deputy_elected=bool(
                source == LeaderSource.CONFERENCE
                and deputy is not None
                and deputy.pk == bloc_year.elected_next_deputy_id
            ),
        )
        after = _year_snapshot(new)
        after["heads_copied"] = len(heads)
        after["deadlines"] = deadlines
        audit(
            actor=actor,
            action="bloc_year.start_next",
            obj=new,
            after=after,
            reason=f"Bắt đầu từ năm {bloc_year.year}. {summary}",
        )
    new.start_summary = summary
    return new


def bloc_year_confirm_leadership(
    *,
    actor,
    bloc_year: BlocYear,
    leader: Unit | None = None,
    deputy: Unit | None = None,
    reason: str = "",
) -> BlocYear:
    """Confirms the proposed (or another chosen) leader and deputy; the acting leader steps down."""
    if not can_manage_bloc_year(actor, bloc_year):
        raise _deny()
    leader = leader or bloc_year.proposed_leader
    deputy = deputy if deputy is not None else bloc_year.proposed_deputy
    if leader is None:
        raise field_error("leader", "Chưa có trưởng khối để xác nhận; hãy chọn một đơn vị.")
    with transaction.atomic():
        bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        if bloc_year.leader_id is not None:
            raise field_error("leader", f"Trưởng khối năm {bloc_year.year} đã được xác nhận.")
        member_ids = set(bloc_year.members.values_list("unit_id", flat=True))
        _check_leadership(bloc_year, leader, deputy, member_ids)
        before = _year_snapshot(bloc_year)
        if leader.pk != bloc_year.proposed_leader_id:
            bloc_year.leader_source = LeaderSource.MANUAL
        bloc_year.leader, bloc_year.deputy = leader, deputy
        bloc_year.leader_confirmed_at = timezone.now()
        bloc_year.save()
        audit(
            actor=actor,
            action="bloc_year.confirm_leadership",
            obj=bloc_year,
            before=before,
            after=_year_snapshot(bloc_year),
            reason=reason,
        )
    return bloc_year


def bloc_year_update_member(
    *, actor, bloc_year: BlocYear, unit: Unit, head_name: str, head_title: str
) -> BlocYearMember:
    if not can_manage_bloc_year(actor, bloc_year):
        raise _deny()
    with transaction.atomic():
        member = BlocYearMember.objects.select_for_update().filter(bloc_year=bloc_year, unit=unit).first()
        if member is None:
            raise field_error("unit", f"{unit.name} không phải thành viên của khối năm {bloc_year.year}.")
        before = snapshot(member, ["head_name", "head_title"])
        member.head_name, member.head_title = head_name.strip(), head_title.strip()
        member.save(update_fields=["head_name", "head_title"])
        audit(
            actor=actor,
            action="bloc_year.update_member",
            obj=member,
            before=before,
            after=snapshot(member, ["head_name", "head_title"]),
        )
    return member


# People -----------------------------------------------------------------------------------------


def _clean_person(data: dict) -> dict:
    data = dict(data)
    if "full_name" in data:
        data["full_name"] = _require_text(data["full_name"], "full_name", "Họ và tên")
        sane.check_length("full_name", data["full_name"], 150, "Họ và tên")
    if data.get("position"):
        sane.check_length("position", data["position"], 150, "Chức vụ")
    if "gender" in data and data["gender"] not in {"nam", "nu"}:
        raise field_error("gender", "Giới tính phải là “nam” hoặc “nu”.")
    if "category" in data:
        data["category"] = getattr(data["category"], "value", data["category"]) or ""
        if data["category"] and data["category"] not in PersonCategory.values:
            raise field_error("category", "Đối tượng thống kê của cá nhân không hợp lệ.")
    birth = data.get("birth_date")
    if birth is not None and not (dt.date(1900, 1, 1) <= birth <= dt.date.today()):
        raise field_error("birth_date", "Ngày sinh không hợp lệ.")
    unit = data.get("unit")
    if unit is not None and unit.is_dissolved:
        raise field_error("unit", f"{unit.name} đã giải thể.")
    return data


def person_create(
    *,
    actor,
    full_name: str,
    gender: str,
    unit: Unit,
    birth_date: dt.date | None = None,
    position: str = "",
    publication_consent: bool = False,
    category: str = "",
) -> Person:
    if not can_edit_person(actor, unit.pk):
        raise _deny()
    data = _clean_person(
        {
            "full_name": full_name,
            "gender": gender,
            "unit": unit,
            "birth_date": birth_date,
            "position": position.strip(),
            "category": category,
        }
    )
    data["publication_consent"] = bool(publication_consent)
    with transaction.atomic():
        person = Person.objects.create(**data)
        audit(actor=actor, action="person.create", obj=person, after=snapshot(person, PERSON_FIELDS))
        if person.publication_consent:
            _consent_changed(actor, person, before=False)
    return person


def _consent_changed(actor, person: Person, *, before: bool) -> None:
    """The person's consent to publish their awards changed: its own audit event (the portal's
    register, record pages and certificates' QR follow it), and the public pages are rebuilt."""
    audit(
        actor=actor,
        action="person.publication_consent",
        obj=person,
        before={"publication_consent": before},
        after={"publication_consent": person.publication_consent},
    )
    transaction.on_commit(lambda: call_hooks("public_content_changed"))


def person_update(*, actor, person: Person, data: dict) -> Person:
    if not can_edit_person(actor, person.unit_id):
        raise _deny()
    data = _clean_person(data)
    if "unit" in data and not can_edit_person(actor, data["unit"].pk):
        raise field_error("unit", "Bạn không thể chuyển cá nhân sang đơn vị khác.")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(person, PERSON_FIELDS)
        _apply(person, data, PERSON_FIELDS)
        person.save()
        audit(
            actor=actor,
            action="person.update",
            obj=person,
            before=before,
            after=snapshot(person, PERSON_FIELDS),
        )
        if before.get("publication_consent") != person.publication_consent:
            _consent_changed(actor, person, before=bool(before.get("publication_consent")))
    return person
