"""The dossier of a proposal and the bloc's list of proposed subjects (Decree 30 documents)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import audit
from thidua.core.errors import field_error
from thidua.documents import services as documents
from thidua.documents.spec import Sheet
from thidua.proposals import dossier
from thidua.proposals.choices import (
    LIST_KIND,
    DossierKind,
    ProposalStatus,
)
from thidua.proposals.models import (
    Proposal,
)
from thidua.proposals.permissions import (
    can_prepare,
    can_process,
)
from thidua.proposals.services._common import NOT_YOURS, _editable


def dossier_generate(*, actor, proposal: Proposal, date: dt.date | None = None, pdf: bool = True) -> dict:
    """Generate the four files of the dossier (Word; PDF too when LibreOffice is installed and
    ``pdf`` is true: the background job asks for Word only, then converts file by file): the
    bloc's Tờ trình for all its proposals of the year, the subject's achievement report on the
    form of the decree in force for it (with its initiatives for a fighter title), the review
    minutes, and the list "kèm theo" the Tờ trình."""

    proposal = Proposal.objects.with_related().get(pk=proposal.pk)
    _editable(actor, proposal)
    if not proposal.achievement_report.strip():
        raise field_error("achievement_report", "Cần báo cáo thành tích trước khi lập hồ sơ.")
    date = date or timezone.localdate()
    siblings = list(
        Proposal.objects.with_related()
        .filter(bloc_year=proposal.bloc_year)
        .exclude(status=ProposalStatus.NOT_APPROVED)
    )
    # The bloc's ONE Tờ trình for its whole list: every proposal's dossier carries the same
    # letter and the same list (same inputs, same file content), never a letter per subject.
    specs = {
        DossierKind.LETTER: dossier.letter_spec(proposal, date=date, proposals=siblings),
        DossierKind.REPORT: dossier.report_spec(proposal, date=date),
        DossierKind.MINUTES: dossier.minutes_spec(proposal, date=date),
        DossierKind.LIST: dossier.list_spec(proposal, date=date, proposals=siblings),
    }
    slug = (
        proposal.unit.code if proposal.unit_id else f"ca-nhan-{proposal.person_id}"
    ) + f"-{proposal.award.code}-{proposal.year}"
    files = {}
    with transaction.atomic():
        for kind, spec in specs.items():
            doc = documents.generate_docx(
                actor=actor,
                owner=proposal,
                kind=kind.value,
                spec=spec,
                template_version="1",
                file_name=f"{kind.value}-{slug}",
            )
            files[kind.value] = {"docx": doc, "pdf": None}
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        locked.dossier_generated_at = timezone.now()
        locked.save(update_fields=["dossier_generated_at", "updated_at"])
        audit(
            actor=actor,
            action="proposal.dossier",
            obj=locked,
            after={"files": [f["docx"].file_name for f in files.values()]},
        )
    if pdf and documents.pdf_available():
        pairs = list(files.values())
        for pair, copy in zip(
            pairs, documents.generate_pdfs(actor=actor, documents=[p["docx"] for p in pairs]), strict=True
        ):
            pair["pdf"] = copy
    return files


# The bloc's list of proposed subjects -------------------------------------------------------------


def bloc_list_generate(*, actor, bloc_year, date: dt.date | None = None) -> dict:
    """The bloc year's list of proposed collectives and individuals as one Word file and one Excel
    workbook, owned by the bloc year (every proposal's dossier carries the same list)."""

    if not (can_prepare(actor, bloc_year) or can_process(actor)):
        raise PermissionDenied(NOT_YOURS)
    proposals = list(
        Proposal.objects.with_related()
        .filter(bloc_year=bloc_year)
        .exclude(status=ProposalStatus.NOT_APPROVED)
    )
    if not proposals:
        raise field_error(
            "proposals", f"{bloc_year.bloc.name} chưa có đề nghị khen thưởng nào năm {bloc_year.year}."
        )
    date = date or timezone.localdate()
    spec = dossier.bloc_list_spec(bloc_year, date=date, proposals=proposals)
    name = f"danh-sach-de-nghi-{bloc_year.bloc.code}-{bloc_year.year}"
    rows = [
        [
            i,
            "Tập thể" if p.is_collective else "Cá nhân",
            p.subject_name,
            p.award.name,
            p.vote_yes,
            p.vote_base,
            p.get_status_display(),
        ]
        for i, p in enumerate(
            dossier.ordered_subjects([p for p in proposals if p.is_collective])
            + dossier.ordered_subjects([p for p in proposals if not p.is_collective]),
            start=1,
        )
    ]
    with transaction.atomic():
        word = documents.generate_docx(
            actor=actor, owner=bloc_year, kind=LIST_KIND, spec=spec, template_version="1", file_name=name
        )
        excel = documents.generate_xlsx(
            actor=actor,
            owner=bloc_year,
            kind=LIST_KIND,
            title=spec.subtitle,
            sheets=[
                Sheet(
                    title="Danh sách đề nghị",
                    caption=f"{bloc_year.bloc.name}: {spec.subtitle.lower()}",
                    headers=[
                        "TT",
                        "Loại",
                        "Tập thể, cá nhân",
                        "Hình thức đề nghị",
                        "Phiếu tán thành",
                        "Tổng số phiếu",
                        "Trạng thái",
                    ],
                    rows=rows,
                    widths=[6, 10, 48, 40, 12, 12, 26],
                )
            ],
            file_name=name,
        )
        audit(
            actor=actor,
            action="proposal_list.generate",
            obj=bloc_year,
            after={"proposals": len(proposals), "files": [word.file_name, excel.file_name]},
        )
    return {"docx": word, "xlsx": excel}
