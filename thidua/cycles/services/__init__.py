"""Writes of the bloc year. Every function checks permission, runs in one transaction and
writes an audit event. Grouped by sub-domain; import from here."""

from thidua.cycles.services.movements import (
    can_edit_movements_of,
    movement_create,
    movement_delete,
    movement_update,
    programme_create,
    programme_update,
)
from thidua.cycles.services.rubric import (
    rubric_amend,
    rubric_copy_from,
    rubric_discard_amendment,
    rubric_for_editing,
    rubric_import_xlsx,
    rubric_item_create,
    rubric_item_delete,
    rubric_item_update,
    rubric_publish,
    rubric_replace_rows,
    rubric_rows,
    rubric_set_total,
)
from thidua.cycles.services.setup import (
    agreement_update,
    key_content_create,
    key_content_delete,
    key_content_move,
    key_content_update,
    regulations_update,
    settings_update,
    signature_update,
)
from thidua.cycles.services.workflow import deadlines_update, launch_problems, year_advance, year_reopen

__all__ = [
    "agreement_update",
    "can_edit_movements_of",
    "deadlines_update",
    "key_content_create",
    "key_content_delete",
    "key_content_move",
    "key_content_update",
    "launch_problems",
    "movement_create",
    "movement_delete",
    "movement_update",
    "programme_create",
    "programme_update",
    "regulations_update",
    "rubric_amend",
    "rubric_copy_from",
    "rubric_discard_amendment",
    "rubric_for_editing",
    "rubric_import_xlsx",
    "rubric_item_create",
    "rubric_item_delete",
    "rubric_item_update",
    "rubric_publish",
    "rubric_replace_rows",
    "rubric_rows",
    "rubric_set_total",
    "settings_update",
    "signature_update",
    "year_advance",
    "year_reopen",
]
