"""Importing a bloc year's list of proposals from Excel (.xlsx): all or nothing, with progress.

Blocs and units send their lists (hundreds of certificates of merit a year) as spreadsheets.
``proposal_import_create`` stores the upload as a ``ProposalImportJob`` and, once that
transaction commits, queues its task (``thidua.proposals.tasks.run_proposal_import``). In a
worker process the task reads the file, checks every row
by the rules of a proposal entered by hand (``services._validate_new``: subject kind, membership
of the bloc that year, duplicates, history, eligibility with the failed criteria and their
articles, quota — counting the rows above in the file), and only when every row passes creates
all the proposals in one transaction through ``services._create``; otherwise it creates nothing
and keeps a per-row Vietnamese error report. A job whose worker died is failed by the other
workers' sweeper within seconds (``thidua.core.jobs``)."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.awards.models import Award
from thidua.core import jobs
from thidua.core.audit import audit
from thidua.core.errors import error_messages, field_error
from thidua.core.spreadsheets import Row as SheetRow
from thidua.core.spreadsheets import (
    SpreadsheetError,
    Unreadable,
    cell_text,
    header_columns,
    open_spreadsheet,
    row_data,
)
from thidua.core.text import fold
from thidua.organisations.models import BlocYear, Person, Unit
from thidua.proposals import rules, services
from thidua.proposals.choices import ProposalGround
from thidua.proposals.forms_import import ProposalRowForm
from thidua.proposals.models import ProposalImportJob, ProposalImportStatus
from thidua.proposals.permissions import can_prepare

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
PROGRESS_EVERY = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNFINISHED = [ProposalImportStatus.PENDING, ProposalImportStatus.RUNNING]
SHEET = "Danh sách đề nghị"
NOT_XLSX = "Chỉ nhận tệp Excel (.xlsx). Hãy tải tệp mẫu, điền danh sách rồi lưu dạng .xlsx."
UNREADABLE = (
    "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải bảng tính Excel. "
    "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi tải lên."
)

# (key, header of the template, what to write)
COLUMNS = [
    ("number", "STT", "Số thứ tự; không bắt buộc, chỉ để đối chiếu."),
    ("kind", "Loại (tập thể/cá nhân)", "Bắt buộc: “tập thể” hoặc “cá nhân”."),
    (
        "unit",
        "Mã đơn vị",
        "Bắt buộc: mã đơn vị thành viên của khối năm này (trang “Danh mục”). Với cá nhân: đơn vị nơi "
        "người đó công tác.",
    ),
    (
        "person",
        "Họ và tên",
        "Với cá nhân: họ và tên đúng như trong danh sách cá nhân của đơn vị (trang “Cá nhân”; không "
        "phân biệt hoa thường, dấu). Để trống với tập thể.",
    ),
    (
        "award",
        "Hình thức khen thưởng",
        "Bắt buộc: mã (ví dụ bk_tinh_cn) hoặc tên trong danh mục khen thưởng (trang “Danh mục”).",
    ),
    (
        "vote_yes",
        "Số phiếu đồng ý",
        "Không bắt buộc; nếu ghi thì ghi cả tổng số phiếu. Với Bằng khen, số phiếu bình xét của khối là "
        "căn cứ “thành tích xuất sắc được bình xét trong phong trào thi đua” (Luật TĐKT 2022, Điều 74).",
    ),
    ("vote_base", "Tổng số phiếu", "Không bắt buộc; số phiếu đồng ý không vượt tổng số phiếu."),
    ("report", "Thành tích tóm tắt", "Bắt buộc: nội dung báo cáo thành tích của đối tượng."),
    ("note", "Ghi chú", "Không bắt buộc; được ghi vào bước tạo đề nghị trên dòng thời gian."),
]
REQUIRED = ("kind", "unit", "award", "report")
LABELS = {key: label for key, label, _ in COLUMNS}
# Headers are matched without case, diacritics, a trailing "(…)" or a "*" marking a required column.
HEADERS = {
    "stt": "number",
    "so thu tu": "number",
    "loai": "kind",
    "loai doi tuong": "kind",
    "doi tuong": "kind",
    "ma don vi": "unit",
    "don vi": "unit",
    "ho va ten": "person",
    "ho ten": "person",
    "hinh thuc khen thuong": "award",
    "hinh thuc": "award",
    "ma khen thuong": "award",
    "khen thuong": "award",
    "so phieu dong y": "vote_yes",
    "phieu dong y": "vote_yes",
    "so phieu tan thanh": "vote_yes",
    "tong so phieu": "vote_base",
    "thanh tich tom tat": "report",
    "tom tat thanh tich": "report",
    "bao cao thanh tich": "report",
    "thanh tich": "report",
    "ghi chu": "note",
}


class FileError(Exception):
    """The file as a whole cannot be used (not Excel, no header, no rows, too many rows)."""


def _header_key(text: str) -> str:
    text = re.sub(r"\(.*?\)", " ", fold(text).replace("*", " "))
    return " ".join(text.split())


# Reading ------------------------------------------------------------------------------------------


def read_rows(content: bytes) -> tuple[dict[str, int], list[SheetRow]]:
    """The header's columns ({key: index}) and the data rows as (Excel row number, values) from the
    shared reader (its limits apply); blank rows are skipped but keep their numbers, so errors
    point to the row the user sees."""
    try:
        book = open_spreadsheet(content, filename=".xlsx")
        rows = book.sheet(SHEET if SHEET in book.sheet_names else None).rows
    except Unreadable as exc:
        raise FileError(UNREADABLE) from exc
    except SpreadsheetError as exc:
        raise FileError(exc.message) from exc
    header, mapping = _header(rows)
    # A row with nothing but its number ("STT") is a blank line of the list.
    data = [r for r in rows if r.number > header.number and _filled(r, skip=mapping.get("number"))]
    if not data:
        raise FileError("Tệp không có dòng đề nghị nào dưới dòng tiêu đề.")
    if len(data) > MAX_ROWS:
        raise FileError(f"Tệp có hơn {MAX_ROWS:,} dòng đề nghị: hãy chia thành nhiều tệp.".replace(",", "."))
    return mapping, data


def _header(rows: list[SheetRow]) -> tuple[SheetRow, dict[str, int]]:
    """The header row (within the first ten, under an optional title) and its columns."""
    header = next((r for r in rows if r.number <= 10 and _header_map(r.values)), None)
    if header is None:
        raise FileError(
            "Không tìm thấy dòng tiêu đề (cần các cột: "
            + ", ".join(LABELS[k] for k in REQUIRED)
            + "). Hãy dùng tệp mẫu."
        )
    mapping = _header_map(header.values)
    missing = [LABELS[k] for k in REQUIRED if k not in mapping]
    if missing:
        raise FileError("Dòng tiêu đề thiếu cột: " + ", ".join(missing) + ". Hãy dùng tệp mẫu.")
    return header, mapping


def _filled(row: SheetRow, *, skip: int | None) -> bool:
    return any(v is not None for i, v in enumerate(row.values) if i != skip)


def _header_map(values) -> dict[str, int] | None:
    """{key: column index} if ``values`` look like the header row (at least two known columns)."""
    mapping = header_columns(values, HEADERS, normalize=_header_key)
    return mapping if len(mapping) >= 2 else None


# Checking -----------------------------------------------------------------------------------------


@dataclass
class Row:
    """One checked row, ready to become a proposal."""

    number: int
    subject: str
    award: object
    unit: object = None
    person: object = None
    vote_yes: int | None = None
    vote_base: int | None = None
    report: str = ""
    note: str = ""
    verdict: dict = field(default_factory=dict)
    ground: str = ProposalGround.CHECKABLE


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # [{"row", "subject", "messages"}]


class Lookups:
    """What a list refers to, read once: the catalogue, the units and people of the file."""

    def __init__(self, unit_codes: set[str]):
        self.awards = list(Award.objects.all())
        self.units = {u.code.upper(): u for u in Unit.objects.all() if u.code.upper() in unit_codes}
        self.people: dict[tuple[int, str], list] = {}
        if self.units:
            people = Person.objects.filter(unit_id__in=[u.pk for u in self.units.values()]).select_related(
                "unit"
            )
            for person in people:
                self.people.setdefault((person.unit_id, fold(person.full_name)), []).append(person)

    def award(self, text: str, kind: str | None):
        """The catalogue entry named by code or by name (without case or diacritics); a name
        shared by the collective and the individual entry is settled by the row's kind."""
        key = fold(text)
        found = [
            a
            for a in self.awards
            if key in (fold(a.code), fold(a.name), fold(re.sub(r"\s*\((tập thể|cá nhân)\)$", "", a.name)))
        ]
        if len(found) > 1 and kind:
            found = [a for a in found if a.subject == kind] or found
        if not found:
            raise ValueError(
                f"Không có hình thức khen thưởng “{text}” trong danh mục (xem trang “Danh mục” của tệp mẫu)."
            )
        if len(found) > 1:
            names = "; ".join(f"{a.code} – {a.name}" for a in found)
            raise ValueError(f"“{text}” chỉ nhiều hình thức khen thưởng ({names}): hãy ghi mã.")
        return found[0]

    def person(self, unit, name: str):
        found = self.people.get((unit.pk, fold(name)), [])
        active = [p for p in found if p.is_active]
        if not found:
            raise ValueError(f"Đơn vị {unit.code} không có cá nhân “{name}” trong danh sách cá nhân.")
        if not active:
            raise ValueError(f"“{name}” của đơn vị {unit.code} không còn công tác.")
        if len(active) > 1:
            raise ValueError(
                f"Đơn vị {unit.code} có {len(active)} người tên “{name}”: không biết là ai. Hãy đề nghị "
                "người này trực tiếp trên trang đề nghị của khối."
            )
        return active[0]


def check(
    mapping: dict[str, int],
    rows: list[tuple[int, tuple]],
    *,
    bloc_year,
    progress: Callable[[int], None] | None = None,
) -> Checked:
    """Check every row with ``ProposalRowForm``, then by the rules of a proposal entered by hand;
    rows that pass become ``Row`` objects, the others errors. The rows above that passed count
    against the quota of the rows below, as they will once created."""
    sheet_rows = [SheetRow(number, tuple(cells)) for number, cells in rows]
    look = Lookups({cell_text(row.get(mapping.get("unit"))).upper() for row in sheet_rows})
    seen: dict[tuple, int] = {}
    forms = [
        ProposalRowForm(row_data(row, mapping), number=row.number, look=look, seen=seen) for row in sheet_rows
    ]
    for form in forms:  # in order: a duplicate names the row above it
        form.is_valid()
    movement = {
        a.pk
        for a in {f.cleaned_data["award"] for f in forms if f.cleaned_data.get("award") is not None}
        if ProposalGround.MOVEMENT in rules.grounds_of(award=a, year=bloc_year.year)
    }
    for form in forms:
        data = form.cleaned_data
        voted = data.get("award") is not None and data.get("vote_yes") and data.get("vote_base")
        form.ground = (
            ProposalGround.MOVEMENT if voted and data["award"].pk in movement else ProposalGround.CHECKABLE
        )
    verdicts = _verdicts([f for f in forms if f.ground == ProposalGround.CHECKABLE], year=bloc_year.year)
    out = Checked()
    accepted: dict[int, int] = {}
    for done, form in enumerate(forms, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
        subject = form.subject(bloc_year.year)
        errs = form.messages() or _rule_errors(
            verdict=verdicts.get((form.cleaned_data["award"].code, *form.subject_key())),
            bloc_year=bloc_year,
            pending=accepted.get(form.cleaned_data["award"].pk, 0),
            out=out,
            subject=subject,
            **_proposal(form),
        )
        if errs:
            out.errors.append({"row": form.number, "subject": subject, "messages": errs})
        else:
            accepted[out.rows[-1].award.pk] = accepted.get(out.rows[-1].award.pk, 0) + 1
    if progress:
        progress(len(rows))
    return out


def _proposal(form: ProposalRowForm) -> dict:
    data = form.cleaned_data
    return {
        "number": form.number,
        "award": data["award"],
        "unit": data["unit"] if data["kind"] == "collective" else None,
        "person": data["person"],
        "vote_yes": data["vote_yes"],
        "vote_base": data["vote_base"],
        "report": data["report"],
        "note": data["note"],
        "ground": form.ground,
    }


def _verdicts(forms: list[ProposalRowForm], *, year: int) -> dict:
    """The engine's verdicts for every subject and award the file names, asked once set-wise per
    award (an 850-row list would otherwise load the facts 850 times), keyed like
    ``form.subject_key()``. The people of one award are judged as proposed together: those
    already in the round first, then the file's rows in order (a cap such as the 2019 grassroots
    fighters' counts them). Rows whose subject or award does not resolve are left to the row
    checks, which report them."""
    by_award: dict = {}
    for form in forms:
        key = form.subject_key()
        if key is None or form.cleaned_data.get("award") is None:
            continue
        award = form.cleaned_data["award"]
        units, people = by_award.setdefault(award, ([], []))
        (units if key[0] == "unit" else people).append(key[1])
    out = {}
    for award, (units, people) in by_award.items():
        together = [*rules.proposed_before(award=award, year=year), *people] if people else ()
        found = rules.check_eligibility_many(
            unit_ids=units, person_ids=people, award_codes={award.code}, year=year, proposed_together=together
        )
        for (code, kind, pk), verdict in found.items():
            out[(code, "unit" if kind == "u" else "person", pk)] = verdict
    return out


def _rule_errors(
    *, bloc_year, award, unit, person, vote_yes, vote_base, pending, out, verdict=None, ground, **row
) -> list[str]:
    """The rules of a proposal entered by hand (the same service code); on success the row is
    added to ``out.rows`` with the engine's verdict. A row with the bloc's vote for an award that
    offers the movement ground is judged on that ground (Law 06/2022 Art 74)."""
    try:
        services._vote_figures(vote_yes, vote_base)
        verdict = services._validate_new(
            bloc_year=bloc_year,
            award=award,
            unit=unit,
            person=person,
            year=bloc_year.year,
            pending=pending,
            verdict=verdict if ground == ProposalGround.CHECKABLE else None,
            ground=rules.ground_for(kind=ground, vote_yes=vote_yes, vote_base=vote_base),
        )
    except ValidationError as exc:
        return [m for ms in error_messages(exc).values() for m in ms]
    out.rows.append(
        Row(
            award=award,
            unit=unit,
            person=person,
            vote_yes=vote_yes,
            vote_base=vote_base,
            verdict=verdict,
            ground=ground,
            **row,
        )
    )
    return []


# The job ------------------------------------------------------------------------------------------


def proposal_import_create(*, actor, bloc_year, filename: str, content: bytes) -> ProposalImportJob:
    """Store an uploaded list and queue its checking after the commit. One unfinished list per
    bloc year: a second click or a second tab gets a message, not a second job."""
    if not can_prepare(actor, bloc_year):
        raise PermissionDenied(services.NOT_YOURS)
    name = (filename or "").strip()
    if not name.lower().endswith(".xlsx"):
        raise field_error("file", NOT_XLSX)
    if not content:
        raise field_error("file", "Tệp rỗng (0 byte): hãy chọn lại tệp danh sách.")
    if len(content) > MAX_BYTES:
        raise field_error("file", "Tệp lớn hơn 10 MB: hãy chia danh sách thành nhiều tệp.")
    if not content.startswith(b"PK"):
        # An .xlsx is a zip archive; an old .xls or a renamed file is not.
        raise field_error(
            "file", "Tệp không phải Excel .xlsx (có thể là .xls cũ hoặc tệp đổi đuôi). " + NOT_XLSX
        )
    busy = "Đang có một danh sách của khối năm này chờ kiểm tra; hãy đợi kết quả rồi tải lên lại nếu cần."
    try:
        with transaction.atomic():
            BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
            if ProposalImportJob.objects.filter(bloc_year=bloc_year, status__in=_UNFINISHED).exists():
                raise field_error("file", busy)
            job = ProposalImportJob.objects.create(
                created_by=actor,
                bloc_year=bloc_year,
                filename=name[:255],
                content=content,
                phase="Đang chờ kiểm tra",
            )
            audit(
                actor=actor,
                action="proposal_import.create",
                obj=job,
                after={"bloc_year": str(bloc_year), "filename": job.filename, "bytes": len(content)},
            )
            jobs.enqueue(job)
    except IntegrityError as exc:
        raise field_error("file", busy) from exc
    return job


def proposal_import_run(job_id: int, *, task_id: str = "") -> ProposalImportJob | None:
    """Check and write one job (the task's body); a job that is not pending (already run, or
    failed meanwhile) is left alone; None when it no longer exists."""
    job = jobs.claim(ProposalImportJob, job_id, phase="Đang đọc tệp", task_id=task_id)
    if job is None:
        return ProposalImportJob.objects.select_related("bloc_year__bloc").filter(pk=job_id).first()
    with jobs.running(job):
        _check_and_create(job)
    return ProposalImportJob.objects.select_related("bloc_year__bloc").filter(pk=job_id).first()


def _check_and_create(job: ProposalImportJob) -> None:
    actor = job.created_by
    bloc_year = services._fresh_year(job.bloc_year)
    if not can_prepare(actor, bloc_year):
        jobs.fail(job, services.NOT_YOURS)
        return
    try:
        mapping, rows = read_rows(bytes(job.content))
    except FileError as exc:
        jobs.fail(job, str(exc))
        return
    jobs.progress(job, total=len(rows), phase="Đang kiểm tra từng dòng")
    checked = check(mapping, rows, bloc_year=bloc_year, progress=lambda n: jobs.progress(job, done=n))
    if checked.errors:
        jobs.fail(
            job,
            f"Có {len(checked.errors)}/{len(rows)} dòng lỗi: chưa đề nghị nào được tạo. "
            "Hãy sửa các dòng dưới đây rồi tải tệp lên lại.",
            errors=checked.errors,
        )
        return
    jobs.progress(job, phase="Đang tạo đề nghị")
    current = None
    try:
        with transaction.atomic():
            locked = jobs.lock_running(job)
            created = []
            for current in checked.rows:
                created.append(_create(actor=actor, bloc_year=bloc_year, job=job, row=current))
            locked.created_count = len(created)
            locked.created_proposals = [str(p.uuid) for p in created]
            jobs.mark_finished(
                locked,
                status=ProposalImportStatus.SUCCEEDED,
                message=f"Đã tạo {len(created)} đề nghị (dự thảo) từ tệp “{job.filename}”.",
            )
            locked.save()
            audit(
                actor=actor,
                action="proposal_import.commit",
                obj=locked,
                after={"created": len(created), "filename": job.filename},
            )
    except (ValidationError, IntegrityError) as exc:
        # Something changed between the check and the write (a proposal entered meanwhile).
        messages = (
            [m for ms in error_messages(exc).values() for m in ms]
            if isinstance(exc, ValidationError)
            else ["Một đề nghị trùng vừa được tạo cùng lúc."]
        )
        jobs.fail(
            job,
            "Dữ liệu thay đổi trong lúc tạo đề nghị: chưa đề nghị nào được tạo. Hãy tải tệp lên lại.",
            errors=[{"row": current.number, "subject": current.subject, "messages": messages}],
        )


def _create(*, actor, bloc_year, job, row: Row):
    reason = f"Nhập từ tệp Excel “{job.filename}”, dòng {row.number}"
    if row.note:
        reason += f". Ghi chú: {row.note}"
    return services._create(
        actor=actor,
        bloc_year=bloc_year,
        award=row.award,
        unit=row.unit,
        person=row.person,
        vote_yes=row.vote_yes,
        vote_base=row.vote_base,
        verdict=row.verdict,
        achievement_report=row.report,
        reason=reason,
        ground=row.ground,
    )


def imports_of(*, bloc_year, limit: int = 20):
    """The bloc year's latest imports, newest first (without the stored files)."""
    return (
        ProposalImportJob.objects.filter(bloc_year=bloc_year)
        .defer("content")
        .select_related("created_by", "bloc_year__bloc")[:limit]
    )


# The template -------------------------------------------------------------------------------------


def template_workbook(*, bloc_year) -> bytes:
    """The list to fill (headers only, so an untouched template imports nothing), the catalogue
    and the bloc year's units, the people of those units, and a guide with an example."""
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    members = [m.unit for m in bloc_year.members.select_related("unit").order_by("unit__code")]
    awards = list(Award.objects.order_by("subject", "-rank", "code"))

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([label for _, label, _ in COLUMNS])
    widths = {"number": 6, "kind": 20, "unit": 12, "person": 26, "award": 28, "report": 60, "note": 30}
    for index, (key, label, _) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[cell.column_letter].width = widths.get(key, max(14, len(label) + 2))
    ws.freeze_panes = "A2"
    letters = {key: ws.cell(row=1, column=i).column_letter for i, (key, _, _) in enumerate(COLUMNS, start=1)}
    kinds = DataValidation(
        type="list",
        formula1='"tập thể,cá nhân"',
        allow_blank=True,
        errorTitle="Loại không hợp lệ",
        error="Chọn “tập thể” hoặc “cá nhân”.",
    )
    kinds.add(f"{letters['kind']}2:{letters['kind']}{MAX_ROWS + 1}")
    catalogue = DataValidation(
        type="list",
        formula1=f"'Danh mục'!$A$2:$A${len(awards) + 1}",
        allow_blank=True,
        errorStyle="warning",
        errorTitle="Hình thức khen thưởng",
        error="Không có mã này trong danh mục; có thể ghi tên đầy đủ của hình thức khen thưởng.",
    )
    catalogue.add(f"{letters['award']}2:{letters['award']}{MAX_ROWS + 1}")
    ws.add_data_validation(kinds)
    ws.add_data_validation(catalogue)

    lists = wb.create_sheet("Danh mục")
    lists.append(["Mã khen thưởng", "Tên hình thức khen thưởng", "Đối tượng", "", "Mã đơn vị", "Tên đơn vị"])
    for i in range(max(len(awards), len(members))):
        a = awards[i] if i < len(awards) else None
        u = members[i] if i < len(members) else None
        lists.append(
            [
                a.code if a else None,
                a.name if a else None,
                a.get_subject_display() if a else None,
                None,
                u.code if u else None,
                u.name_in_year(bloc_year.year) if u else None,
            ]
        )
    for cell in lists[1]:
        cell.font = bold
    for letter, width in zip("ABCDEF", (16, 60, 12, 3, 12, 50), strict=True):
        lists.column_dimensions[letter].width = width

    people = wb.create_sheet("Cá nhân")
    people.append(["Mã đơn vị", "Họ và tên", "Chức vụ"])
    for p in (
        Person.objects.filter(unit__in=members, is_active=True)
        .select_related("unit")
        .order_by("unit__code", "name_sort")
    ):
        people.append([p.unit.code, p.full_name, p.position])
    for cell in people[1]:
        cell.font = bold
    for letter, width in zip("ABC", (12, 32, 40), strict=True):
        people.column_dimensions[letter].width = width

    guide = wb.create_sheet("Hướng dẫn")
    guide.append([f"Danh sách đề nghị khen thưởng – {bloc_year.bloc.name} năm {bloc_year.year}"])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([])
    guide.append(["Cột", "Cách ghi"])
    for cell in guide[3]:
        cell.font = bold
    for _, label, help_text in COLUMNS:
        guide.append([label, help_text])
    guide.append([])
    for line in (
        "Mỗi dòng là một đề nghị; ghi từ dòng 2 của trang “Danh sách đề nghị”, không đổi dòng tiêu đề.",
        "Mọi dòng đều được kiểm tra như khi thêm đề nghị trực tiếp: đúng loại đối tượng của hình thức "
        "khen thưởng, đơn vị thuộc khối năm này, đủ tiêu chuẩn, còn chỉ tiêu (tính cả các dòng phía "
        "trên), không trùng trong tệp và với đề nghị đã có.",
        "Chỉ cần một dòng lỗi thì chưa đề nghị nào được tạo; trang kết quả liệt kê lỗi theo từng dòng.",
        "Ví dụ: 1 | cá nhân | <mã đơn vị> | Nguyễn Văn A | bk_tinh_cn | 7 | 8 | Hai năm liền hoàn thành "
        "xuất sắc nhiệm vụ… | Đơn vị đề nghị",
    ):
        guide.append(["Lưu ý", line])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 110
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_filename(bloc_year) -> str:
    return f"mau-danh-sach-de-nghi-{bloc_year.bloc.code.lower()}-{bloc_year.year}.xlsx"
