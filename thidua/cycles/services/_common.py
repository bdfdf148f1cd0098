from thidua.core.errors import PermissionDenied, ValidationError
from thidua.cycles.choices import Stage
from thidua.cycles.models import YearCycle
from thidua.organisations.permissions import can_manage_bloc_year

DENIED = (
    "Chỉ thư ký khối (đơn vị trưởng khối) hoặc Phòng Thi đua – Khen thưởng mới thực hiện được thao tác này."
)


def require_manager(actor, bloc_year) -> None:
    if not can_manage_bloc_year(actor, bloc_year):
        raise PermissionDenied(DENIED)


def locked_cycle(bloc_year) -> YearCycle:
    """The year's cycle row, created in draft if missing, locked for the rest of the transaction."""
    YearCycle.objects.get_or_create(bloc_year=bloc_year)
    return YearCycle.objects.select_for_update().get(bloc_year=bloc_year)


def require_draft(bloc_year, what: str) -> None:
    """Launch artefacts (agreement contents, rubric v1) are fixed once the year is launched."""
    stage = YearCycle.objects.filter(bloc_year=bloc_year).values_list("stage", flat=True).first()
    if stage and stage != Stage.DRAFT:
        raise ValidationError({"__all__": [f"Năm thi đua đã phát động: không sửa được {what} nữa."]})


def clean_text(value, field: str, label: str, *, max_length: int | None = None) -> str:
    value = " ".join(str(value or "").split())
    if not value:
        raise ValidationError({field: [f"{label} không được để trống."]})
    if max_length and len(value) > max_length:
        raise ValidationError({field: [f"{label} dài quá {max_length} ký tự."]})
    return value
