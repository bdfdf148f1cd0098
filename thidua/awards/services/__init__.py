"""Writes of the awards app, one module per sub-domain. Every function checks permission,
validates with Vietnamese messages, runs in a transaction and writes an audit record."""

from thidua.awards.services.history import (
    award_record_create,
    flag_close,
    flag_create,
    initiative_create,
    rating_set,
    service_period_create,
)
from thidua.awards.services.imports import import_job_create, import_job_run
from thidua.awards.services.rules import (
    award_create,
    base_salary_create,
    rule_entry_create,
    rule_entry_update,
    rule_pack_copy,
    rule_pack_update,
)

__all__ = [
    "award_create",
    "award_record_create",
    "base_salary_create",
    "flag_close",
    "flag_create",
    "import_job_create",
    "import_job_run",
    "initiative_create",
    "rating_set",
    "rule_entry_create",
    "rule_entry_update",
    "rule_pack_copy",
    "rule_pack_update",
    "service_period_create",
]
