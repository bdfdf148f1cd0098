"""Statutory deadline reminders of the provincial office: a central award's dossier (approved by
the Council, not yet sent) must reach MoHA by the date of the rule pack (the Government flag by
30/06, the national emulation fighter by 31/12 of the next year) or the province's own earlier
one. Seven days and one day before, and the day after it passed, the provincial officers are told
once (``core.notifications.notify``); run by the periodic task ``proposals.moha_reminders``."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.core.notifications import notify
from thidua.proposals.choices import CENTRAL_AUTHORITIES, ProposalStatus
from thidua.proposals.models import Proposal
from thidua.proposals.services.rounds import central_deadline_for

WHEN = [("d7", -7, "còn 7 ngày"), ("d1", -1, "còn 1 ngày"), ("passed", 1, "đã quá hạn")]


def send_due(day: dt.date) -> int:
    waiting = Proposal.objects.with_related().filter(
        status=ProposalStatus.APPROVED, award__authority__in=CENTRAL_AUTHORITIES
    )
    office = list(User.objects.filter(is_active=True, role_grants__role=Role.PROVINCIAL_OFFICER).distinct())
    deadlines: dict[tuple[int, int], object] = {}
    sent = 0
    for p in waiting:
        if (p.award_id, p.year) not in deadlines:
            deadlines[(p.award_id, p.year)] = central_deadline_for(award=p.award, year=p.year)
        deadline = deadlines[(p.award_id, p.year)]
        if deadline is None:
            continue
        for when, offset, wording in WHEN:
            if deadline.day + dt.timedelta(days=offset) != day:
                continue
            title = (
                f"Gửi Bộ Nội vụ hồ sơ {p.award.name} – {p.subject_name} ({p.year}): {wording} "
                f"(hạn {deadline.day:%d/%m/%Y}, {deadline.basis})"
            )
            url = reverse("proposals:proposal_detail", args=[p.uuid])
            key = f"moha:{p.uuid}:{deadline.day.isoformat()}:{when}"
            sent += sum(notify(user=u, key=key, title=title, url=url) for u in office)
    return sent
