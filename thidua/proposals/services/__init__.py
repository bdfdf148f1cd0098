"""Writes of proposals, dossiers, the Council's vote, decisions and exemplary models, grouped by
sub-domain (one module each); import from here.

Each transition is one guarded service: permission, validation, a conditional update of the
status (a second click finds the status already moved and changes nothing), a Transition row
for the timeline and an audit record, all in one transaction. The allowed moves are the table
``thidua.proposals.workflow.TRANSITIONS``."""

from thidua.proposals.services._common import NOT_YOURS, OFFICE_ONLY, _editable
from thidua.proposals.services.council import council_vote_record, council_votes_record_many
from thidua.proposals.services.council_sessions import (
    council_minutes_generate,
    council_session_check_in,
    council_session_close,
    council_session_create,
    council_session_open,
    council_vote_cast,
)

# Building blocks shared with the Excel list import (thidua.proposals.importer), which checks rows
# with exactly the rules of proposal_create.
from thidua.proposals.services.creation import (
    _create,
    _fresh_year,
    _validate_new,
    _vote_figures,
    proposal_create,
    proposal_update,
    proposals_from_outcomes,
)
from thidua.proposals.services.decisions import award_record_add, decision_record
from thidua.proposals.services.dossiers import (
    bloc_list_generate,
    dossier_generate,
)
from thidua.proposals.services.exemplary import (
    EXEMPLARY_FIELDS,
    MAX_PHOTO_BYTES,
    MAX_PHOTO_SIDE,
    WITHDRAWN,
    exemplary_create,
    exemplary_photo_add,
    exemplary_photo_remove,
    exemplary_publish,
    exemplary_update,
)
from thidua.proposals.services.rounds import (
    central_deadline_for,
    central_deadlines,
    deadline_for,
    round_settings_for,
    round_settings_save,
)
from thidua.proposals.services.workflow import (
    proposal_forward,
    proposal_receive,
    proposal_return,
    proposal_submit,
    proposals_receive_many,
)

__all__ = [
    "EXEMPLARY_FIELDS",
    "MAX_PHOTO_BYTES",
    "MAX_PHOTO_SIDE",
    "NOT_YOURS",
    "OFFICE_ONLY",
    "WITHDRAWN",
    "_create",
    "_editable",
    "_fresh_year",
    "_validate_new",
    "_vote_figures",
    "award_record_add",
    "bloc_list_generate",
    "central_deadline_for",
    "central_deadlines",
    "council_minutes_generate",
    "council_session_check_in",
    "council_session_close",
    "council_session_create",
    "council_session_open",
    "council_vote_cast",
    "council_vote_record",
    "council_votes_record_many",
    "deadline_for",
    "decision_record",
    "dossier_generate",
    "exemplary_create",
    "exemplary_photo_add",
    "exemplary_photo_remove",
    "exemplary_publish",
    "exemplary_update",
    "proposal_create",
    "proposal_forward",
    "proposal_receive",
    "proposal_return",
    "proposal_submit",
    "proposal_update",
    "proposals_from_outcomes",
    "proposals_receive_many",
    "round_settings_for",
    "round_settings_save",
]
