"""Hand-over of a bloc year's management to the new leader unit's bloc secretary.

A bloc secretary is a user of the leader unit holding the ``bloc_secretary`` role (rights follow
the year's leader: ``permissions.can_manage_bloc_year``). When the leader unit changes, the new
leader may have nobody with that role: the provincial office, or the outgoing secretary (the
secretary of the unit that led the year before), names an existing user of the new leader unit
or creates the account there and then, with a one-time password shown once."""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from thidua.accounts.choices import Role
from thidua.accounts.models import RoleGrant, User
from thidua.core import sane
from thidua.core.audit import audit
from thidua.core.errors import PermissionDenied, ValidationError, field_error
from thidua.organisations.models import BlocYear
from thidua.organisations.permissions import can_manage_bloc_year

OUTGOING_ROLES = (Role.BLOC_SECRETARY,)


def secretaries_of(unit_id: int | None) -> list[User]:
    """Active bloc secretaries of a unit (the people who run a year that unit leads)."""
    if unit_id is None:
        return []
    return list(
        User.objects.filter(unit_id=unit_id, is_active=True, role_grants__role=Role.BLOC_SECRETARY)
        .distinct()
        .order_by("full_name", "username")
    )


def previous_year(bloc_year: BlocYear) -> BlocYear | None:
    return (
        BlocYear.objects.filter(bloc_id=bloc_year.bloc_id, year=bloc_year.year - 1)
        .select_related("leader", "acting_leader")
        .first()
    )


def outgoing_leader_id(bloc_year: BlocYear) -> int | None:
    """The unit that led the bloc before this year (the year before's leader, else this year's
    acting leader)."""
    before = previous_year(bloc_year)
    if before is not None and before.effective_leader_id:
        return before.effective_leader_id
    return bloc_year.acting_leader_id


def handover_needed(bloc_year: BlocYear) -> bool:
    """The year's confirmed leader unit has no bloc secretary yet."""
    return bloc_year.leader_id is not None and not secretaries_of(bloc_year.leader_id)


def can_name_secretary(user, bloc_year: BlocYear) -> bool:
    """The provincial office, whoever manages the year, or the outgoing secretary."""
    if not user.is_authenticated:
        return False
    if can_manage_bloc_year(user, bloc_year):
        return True
    outgoing = outgoing_leader_id(bloc_year)
    return bool(user.has_role(*OUTGOING_ROLES) and user.unit_id is not None and user.unit_id == outgoing)


def handover_note(user, bloc_year: BlocYear) -> str:
    """For a secretary of another unit who no longer manages this year: one sentence saying to
    whom management passed (they keep reading the year and their own past years)."""
    if not (user.is_authenticated and user.has_role(Role.BLOC_SECRETARY)) or user.is_provincial:
        return ""
    if can_manage_bloc_year(user, bloc_year) or bloc_year.effective_leader_id is None:
        return ""
    if user.unit_id != outgoing_leader_id(bloc_year):
        return ""
    leader = bloc_year.effective_leader.name_in_year(bloc_year.year)
    people = ", ".join(u.get_full_name() for u in secretaries_of(bloc_year.effective_leader_id))
    return (
        f"Việc quản lý khối năm {bloc_year.year} đã chuyển cho {leader}"
        + (f" (thư ký khối: {people})" if people else "")
        + "; bạn vẫn xem được năm này và quản lý các năm đơn vị mình làm trưởng khối."
    )


def _one_time_password() -> str:
    return "Td-" + secrets.token_urlsafe(12)


def bloc_year_name_secretary(
    *,
    actor,
    bloc_year: BlocYear,
    username: str = "",
    new_username: str = "",
    full_name: str = "",
    position: str = "",
    email: str = "",
) -> tuple[User, str]:
    """Makes a user of the year's leader unit its bloc secretary: an existing account
    (``username``) is given the role, or a new one (``new_username``, ``full_name``) is created
    in the leader unit with a one-time password, returned (shown once, never stored in clear).
    Returns (user, password or "")."""
    if not can_name_secretary(actor, bloc_year):
        raise PermissionDenied(
            "Chỉ Phòng TĐKT, thư ký khối năm trước hoặc người quản lý năm này được chỉ định thư ký khối."
        )
    username = (username or "").strip()
    new_username = (new_username or "").strip()
    full_name = " ".join((full_name or "").split())
    if bool(username) == bool(new_username):
        raise field_error(
            "username",
            "Chọn một tài khoản có sẵn hoặc nhập tên đăng nhập cho tài khoản mới (chỉ một trong hai).",
        )
    with transaction.atomic():
        bloc_year = (
            BlocYear.objects.select_for_update(of=("self",)).select_related("leader").get(pk=bloc_year.pk)
        )
        leader = bloc_year.leader
        if leader is None:
            raise field_error("username", "Hãy xác nhận trưởng khối năm này trước khi chỉ định thư ký khối.")
        leader_name = leader.name_in_year(bloc_year.year)
        password = ""
        if username:
            user = User.objects.filter(username__iexact=username).first()
            if user is None:
                raise field_error("username", f"Không có tài khoản “{username}”.")
            if user.unit_id != leader.pk:
                raise field_error(
                    "username",
                    f"{user.get_full_name()} không thuộc {leader_name}; thư ký khối phải là cán bộ "
                    "của đơn vị trưởng khối.",
                )
            if not user.is_active:
                raise field_error("username", f"Tài khoản “{user.username}” đang bị khóa.")
            if user.has_role(Role.BLOC_SECRETARY):
                raise field_error("username", f"{user.get_full_name()} đã là thư ký khối của {leader_name}.")
            RoleGrant.objects.create(user=user, role=Role.BLOC_SECRETARY)
            user._role_cache = None
        else:
            if len(new_username) > 150 or not all(c.isalnum() or c in "@.+-_" for c in new_username):
                raise field_error(
                    "new_username", "Tên đăng nhập chỉ gồm chữ, số và @ . + - _; tối đa 150 ký tự."
                )
            if User.objects.filter(username__iexact=new_username).exists():
                raise field_error("new_username", f"Tên đăng nhập “{new_username}” đã được dùng.")
            if not full_name:
                raise field_error("full_name", "Họ và tên không được để trống.")
            sane.check_length("full_name", full_name, 150, "Họ và tên")
            sane.check_length("position", position.strip(), 150, "Chức vụ")
            user = User(
                username=new_username,
                full_name=full_name,
                unit=leader,
                position=position.strip(),
                email=(email or "").strip(),
            )
            password = _one_time_password()
            try:
                validate_password(password, user)
            except ValidationError:  # pragma: no cover - a random 19-character password passes
                password = _one_time_password()
            user.set_password(password)
            user.save()
            RoleGrant.objects.bulk_create(
                [RoleGrant(user=user, role=r) for r in (Role.BLOC_SECRETARY, Role.UNIT_OFFICER)]
            )
            audit(
                actor=actor,
                action="user.create",
                obj=user,
                after={
                    "username": user.username,
                    "full_name": user.full_name,
                    "unit": leader.pk,
                    "roles": [Role.BLOC_SECRETARY, Role.UNIT_OFFICER],
                },
                reason=f"Thư ký khối năm {bloc_year.year} của {leader_name}",
            )
        audit(
            actor=actor,
            action="bloc_year.name_secretary",
            obj=bloc_year,
            after={"secretary": user.username, "unit": leader.pk, "new_account": bool(password)},
            reason=f"Bàn giao quản lý khối năm {bloc_year.year} cho {leader_name}",
        )
    return user, password
