"""The province's round settings for a year: the blocs' deadline, the Council's size and the
province's own target for sending central awards to MoHA; and each award's legal deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua.awards import quotas
from thidua.awards.models import Award
from thidua.core.audit import audit, snapshot
from thidua.core.errors import field_error
from thidua.organisations.bloc_settings import get_settings
from thidua.proposals.choices import CENTRAL_AUTHORITIES
from thidua.proposals.models import (
    RoundSettings,
    default_deadline,
)
from thidua.proposals.permissions import (
    can_process,
)
from thidua.proposals.services._common import OFFICE_ONLY

# Round settings -----------------------------------------------------------------------------------


def round_settings_for(year: int) -> RoundSettings:
    """The year's settings, or unsaved defaults (deadline 10/12, 15 Council members)."""
    return RoundSettings.objects.filter(year=year).first() or RoundSettings(
        year=year, bloc_deadline=default_deadline(year)
    )


def round_settings_save(
    *,
    actor,
    year: int,
    bloc_deadline: dt.date,
    council_members: int,
    notes: str = "",
    central_deadline: dt.date | None = None,
) -> RoundSettings:
    if not can_process(actor):
        raise PermissionDenied(OFFICE_ONLY)
    if not 1990 <= year <= 2200:
        raise field_error("year", f"Năm {year} không hợp lệ.")
    if not 1 <= council_members <= 200:
        raise field_error("council_members", "Số thành viên Hội đồng phải từ 1 đến 200.")
    if bloc_deadline.year not in (year, year + 1):
        raise field_error("bloc_deadline", f"Hạn nộp hồ sơ phải trong năm {year} hoặc năm {year + 1}.")
    if central_deadline is not None and not year < central_deadline.year <= year + 2:
        raise field_error(
            "central_deadline", f"Hạn gửi Bộ Nội vụ phải trong năm {year + 1} hoặc năm {year + 2}."
        )
    with transaction.atomic():
        row = RoundSettings.objects.select_for_update().filter(year=year).first()
        before = snapshot(row) if row else None
        row = row or RoundSettings(year=year)
        row.bloc_deadline = bloc_deadline
        row.council_members = council_members
        row.central_deadline = central_deadline
        row.notes = notes
        row.save()
        audit(actor=actor, action="round_settings.save", obj=row, before=before, after=snapshot(row))
    return row


def deadline_for(bloc_year) -> dt.date:
    """The bloc's own deadline ("dossier" in its settings) if set, else the office's for the year."""

    own = get_settings(bloc_year).deadlines.get("dossier")
    if own:
        try:
            return dt.date.fromisoformat(own)
        except ValueError:
            pass
    return round_settings_for(bloc_year.year).bloc_deadline


@dataclass(frozen=True)
class CentralDeadline:
    """When a central award's dossier must reach MoHA, and on what basis."""

    day: dt.date
    basis: str  # the article of the rule pack, or the province's own round setting


def central_deadline_for(*, award, year: int) -> CentralDeadline | None:
    """The deadline of one central award for achievement year ``year``: the legal one of the pack
    that judges the year (the Government flag by 30/06 and the national fighter by 31/12 of the
    next year: Decree 98/2023 Art 32.1; no fixed date for the others), or the province's own
    earlier target for the year when it set one; None when neither says a date."""
    legal = quotas.submission_deadline(award=award, year=year)
    own = round_settings_for(year).central_deadline
    if own is not None and (legal is None or own < legal.day):
        return CentralDeadline(own, f"Hạn của tỉnh cho đợt xét năm {year}")
    if legal is not None:
        return CentralDeadline(legal.day, legal.article)
    return None


def central_deadlines(year: int) -> list[tuple[str, CentralDeadline]]:
    """(award name, deadline) for the central awards of ``year`` that have one (the province
    view); the others have no fixed date."""
    central = Award.objects.filter(authority__in=CENTRAL_AUTHORITIES).order_by("-rank", "name")
    found = ((a.name, central_deadline_for(award=a, year=year)) for a in central)
    return [(name, deadline) for name, deadline in found if deadline is not None]
