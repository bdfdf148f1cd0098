"""Hooks that cycles offers to the documents app."""

from thidua.cycles.choices import STAGE_ORDER, Stage
from thidua.cycles.selectors import stage_of
from thidua.organisations.models import BlocYear


def document_access(*, user, document):
    """Documents owned by a bloc year: whoever sees the year may download them."""
    if document.owner_type != "organisations.blocyear":
        return None
    return BlocYear.objects.visible_to(user).filter(pk=document.owner_id).exists()


def next_year_problems(*, bloc_year) -> list[str]:
    """The next year is started from the year-end conference on (it elects the next leader); a
    year still being drafted, launched or scored has no "next year" to start."""
    stage = stage_of(bloc_year)
    if STAGE_ORDER.index(stage) < STAGE_ORDER.index(Stage.CONFERENCE):
        return [
            f"Năm {bloc_year.year} đang ở giai đoạn “{Stage(stage).label}”: năm sau được bắt đầu "
            "từ hội nghị tổng kết trở đi."
        ]
    return []
