"""Transitions of the bloc year: one guarded service per step, each stored as a row and audited.
Other apps join in through the ``launch_problems`` and ``on_transition`` hooks."""

from django.db import transaction
from django.utils import timezone

from thidua.core.audit import audit
from thidua.core.errors import PermissionDenied, ValidationError
from thidua.core.hooks import call_hooks
from thidua.cycles import selectors
from thidua.cycles.choices import ADVANCE_ACTIONS, STAGE_ORDER, Stage, TransitionKind
from thidua.cycles.models import Rubric, StageTransition
from thidua.cycles.services._common import locked_cycle, require_manager
from thidua.cycles.services.setup import settings_update


def launch_problems(bloc_year) -> list[str]:
    """Everything that must be complete before the year can be launched (Vietnamese)."""

    problems: list[str] = []
    agreement = selectors.agreement_of(bloc_year)
    if not bloc_year.key_contents.exists():
        problems.append("Giao ước thi đua chưa có nội dung trọng tâm nào.")
    if agreement is None or agreement.signed_on is None:
        problems.append("Giao ước thi đua chưa có ngày ký.")
    if agreement is None or not agreement.signed_place.strip():
        problems.append("Giao ước thi đua chưa có địa điểm ký.")
    regulations = selectors.regulations_of(bloc_year)
    if regulations is None or not regulations.is_present:
        problems.append("Chưa có quy chế hoạt động của khối (nội dung hoặc tệp đính kèm).")
    rubric = selectors.working_rubric(bloc_year)
    if rubric is None:
        problems.append("Chưa có bộ tiêu chí chấm điểm.")
    else:
        problems.extend(f"Bộ tiêu chí: {p}" for p in selectors.rubric_problems(rubric))
    if not bloc_year.members.exists():
        problems.append("Khối chưa có thành viên nào trong năm.")
    for result in call_hooks("launch_problems", bloc_year=bloc_year):
        problems.extend(result or [])
    return problems


def _record(*, bloc_year, cycle, to_stage, kind, actor, reason="") -> StageTransition:
    before = {"stage": cycle.stage}
    row = StageTransition.objects.create(
        bloc_year=bloc_year,
        from_stage=cycle.stage,
        to_stage=to_stage,
        kind=kind,
        actor=actor,
        actor_name=(actor.get_full_name() or actor.username) if actor is not None else SYSTEM_ACTOR,
        reason=reason,
    )
    cycle.stage = to_stage
    cycle.save(update_fields=["stage", "updated_at"])
    audit(
        actor=actor,
        action=f"bloc_year.{'reopen' if kind == TransitionKind.REOPEN else 'advance'}",
        obj=bloc_year,
        before=before,
        after={"stage": to_stage, "transition": row.pk},
        reason=reason,
    )
    call_hooks("on_transition", bloc_year=bloc_year, transition=row, actor=actor)
    return row


def year_advance(*, actor, bloc_year, action: str, reason: str = "") -> StageTransition:
    """Move the year one step forward. ``action`` is a key of ``ADVANCE_ACTIONS``."""
    if action not in ADVANCE_ACTIONS:
        raise ValidationError({"action": ["Bước chuyển không hợp lệ."]})
    require_manager(actor, bloc_year)
    from_stage, to_stage, label = ADVANCE_ACTIONS[action]
    reason = (reason or "").strip()
    with transaction.atomic():
        cycle = locked_cycle(bloc_year)
        if cycle.stage != from_stage:
            raise ValidationError(
                {
                    "action": [
                        f"Không thể “{label}”: năm thi đua đang ở giai đoạn "
                        f"“{Stage(cycle.stage).label}”, cần ở giai đoạn “{Stage(from_stage).label}”."
                    ]
                }
            )
        if action == "launch":
            problems = launch_problems(bloc_year)
            if problems:
                raise ValidationError({"__all__": ["Chưa thể phát động năm thi đua:", *problems]})
            _freeze_first_rubric(bloc_year, actor)
        return _record(
            bloc_year=bloc_year,
            cycle=cycle,
            to_stage=to_stage,
            kind=TransitionKind.ADVANCE,
            actor=actor,
            reason=reason,
        )


SYSTEM_ACTOR = "Hệ thống (tự đóng khi đến hạn)"
AUTO_ACTIONS = {"self_assessment": "open_review", "review": "open_conference"}


def year_auto_close(*, bloc_year, stage: str, deadline) -> StageTransition | None:
    """The stage closes by itself the day after its deadline when the bloc's settings say so
    (``auto_close``): the year moves to the next stage, recorded as the system's transition with
    the deadline as its reason. Nothing happens if the year is no longer at that stage (a person
    moved it, or an earlier run did), so calling it again is harmless."""
    if stage not in AUTO_ACTIONS:
        return None
    from_stage, to_stage, _label = ADVANCE_ACTIONS[AUTO_ACTIONS[stage]]
    with transaction.atomic():
        cycle = locked_cycle(bloc_year)
        if cycle.stage != from_stage:
            return None
        return _record(
            bloc_year=bloc_year,
            cycle=cycle,
            to_stage=to_stage,
            kind=TransitionKind.ADVANCE,
            actor=None,
            reason=f"Tự đóng bước “{Stage(stage).label}” khi hết hạn {deadline:%d/%m/%Y} (thiết lập của khối).",
        )


def _freeze_first_rubric(bloc_year, actor) -> None:
    rubric = Rubric.objects.select_for_update().filter(bloc_year=bloc_year).order_by("-version").first()
    if rubric and rubric.frozen_at is None:
        rubric.frozen_at = timezone.now()
        rubric.save(update_fields=["frozen_at", "updated_at"])
        audit(
            actor=actor, action="rubric.freeze", obj=rubric, after={"version": rubric.version, "frozen": True}
        )


def year_reopen(*, actor, bloc_year, reason: str) -> StageTransition:
    """Go back one step (e.g. reopen self-assessment from review). A launched year cannot go back
    to draft: the agreement is signed; the rubric is changed by an amendment instead."""
    require_manager(actor, bloc_year)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": ["Cần ghi lý do mở lại bước trước."]})
    with transaction.atomic():
        cycle = locked_cycle(bloc_year)
        index = STAGE_ORDER.index(cycle.stage)
        if index <= 1:
            raise ValidationError(
                {
                    "__all__": [
                        "Năm thi đua chưa qua bước nào có thể mở lại (giao ước đã ký không quay về dự thảo)."
                    ]
                }
            )
        if cycle.stage == Stage.CLOSED and not actor.is_provincial:
            raise PermissionDenied("Chỉ Phòng Thi đua – Khen thưởng mới mở lại được năm thi đua đã kết thúc.")
        return _record(
            bloc_year=bloc_year,
            cycle=cycle,
            to_stage=STAGE_ORDER[index - 1],
            kind=TransitionKind.REOPEN,
            actor=actor,
            reason=reason,
        )


def deadlines_update(*, actor, bloc_year, deadlines: dict) -> dict:
    """Set the deadline (ISO date or empty) of each stage in the bloc settings."""

    current = dict(bloc_year.settings or {})
    merged = {k: v for k, v in (deadlines or {}).items() if v}
    return settings_update(actor=actor, bloc_year=bloc_year, data={**current, "deadlines": merged}).settings
