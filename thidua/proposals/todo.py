"""“Việc cần làm” of proposals: for the provincial office, the dossiers that blocs submitted (to
receive) and the central awards the Council approved (to send to the Ministry of Home Affairs,
with the central deadline); for a Council member, the open e-vote sessions still waiting for their
votes. A fixed number of queries per bloc year or award group, never per proposal."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from thidua.accounts.choices import Role
from thidua.awards.models import Award
from thidua.core.todo import TodoItem
from thidua.organisations.models import BlocYear
from thidua.proposals.choices import CENTRAL_AUTHORITIES, CouncilSessionStatus, ProposalStatus
from thidua.proposals.models import CouncilSession, Proposal
from thidua.proposals.permissions import can_process
from thidua.proposals.services import central_deadline_for


def _office_items() -> list[TodoItem]:
    items = []
    submitted = (
        Proposal.objects.filter(status=ProposalStatus.SUBMITTED)
        .values("bloc_year_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["bloc_year_id"]: row["n"] for row in submitted}
    years = BlocYear.objects.filter(pk__in=counts).select_related("bloc").order_by("year", "bloc__name_sort")
    for by in years:
        items.append(
            TodoItem(
                title=f"Tiếp nhận {counts[by.pk]} hồ sơ đề nghị khen thưởng",
                url=f"{reverse('proposals:proposal_list')}?status=submitted&bloc={by.bloc.code}&year={by.year}",
                deadline=None,
                context=f"{by} · khối đã trình, chờ Phòng TĐKT tiếp nhận",
                kind="proposals.receive",
            )
        )
    central = (
        Proposal.objects.filter(status=ProposalStatus.APPROVED, award__authority__in=CENTRAL_AUTHORITIES)
        .values("year", "award_id")
        .annotate(n=Count("id"))
        .order_by("year", "award_id")
    )
    groups = list(central)
    awards = Award.objects.in_bulk({g["award_id"] for g in groups})
    for group in groups:
        award, year = awards[group["award_id"]], group["year"]
        deadline = central_deadline_for(award=award, year=year)
        items.append(
            TodoItem(
                title=f"Gửi Bộ Nội vụ {group['n']} hồ sơ đề nghị {award.name}",
                url=f"{reverse('proposals:province')}?year={year}",
                deadline=deadline.day if deadline else None,
                context=f"Năm thành tích {year} · Hội đồng đã thông qua, chờ gửi Bộ Nội vụ trình Trung ương",
                kind="proposals.forward",
            )
        )
    return items


def _council_items(user) -> list[TodoItem]:
    sessions = (
        CouncilSession.objects.filter(status=CouncilSessionStatus.OPEN, members__user=user)
        .annotate(
            item_count=Count("items", distinct=True),
            voted=Count(
                "items__participations",
                filter=Q(items__participations__member__user=user),
                distinct=True,
            ),
        )
        .order_by("opened_at", "id")
    )
    return [
        TodoItem(
            title=f"Biểu quyết: {s.title}",
            url=reverse("proposals:council_ballot", args=[s.uuid]),
            deadline=None,
            context=(
                f"Phiên biểu quyết của Hội đồng TĐKT tỉnh, năm thành tích {s.year} · "
                f"đã biểu quyết {s.voted}/{s.item_count} đề nghị"
            ),
            kind="proposals.council_vote",
        )
        for s in sessions
        if s.voted < s.item_count or not s.item_count
    ]


def todo_items(*, user) -> list[TodoItem]:
    if not user.is_authenticated:
        return []
    items = []
    if can_process(user):
        items.extend(_office_items())
    if user.has_role(Role.COUNCIL_MEMBER):
        items.extend(_council_items(user))
    return items
