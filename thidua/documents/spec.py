"""The shape of an official document (Decree 30/2020/NĐ-CP, Appendix I), independent of any
domain. Domain apps build an ``OfficialDocument`` and pass it to ``services.generate_docx``."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


@dataclass
class Paragraph:
    """A body paragraph. ``style``: "body" (justified, first-line indent), "heading" (bold),
    "center", "center_bold", "italic", "bullet"."""

    text: str
    style: str = "body"


@dataclass
class Table:
    """A table with a bold header row. ``widths_mm`` optional; ``align`` per column ("left",
    "center", "right"); ``bold_rows`` are row indexes (of ``rows``) printed bold."""

    headers: list[str]
    rows: list[list[str]]
    widths_mm: list[float] = field(default_factory=list)
    align: list[str] = field(default_factory=list)
    bold_rows: list[int] = field(default_factory=list)
    borders: bool = True


@dataclass
class Signer:
    """A signature block: ``prefix`` is "TM.", "KT.", "TL.", "Q." or ""; ``authority`` the body
    signed for ("KHỐI THI ĐUA NỘI CHÍNH"), ``title`` the signer's position ("TRƯỞNG KHỐI"),
    ``name`` the full name (left blank for a hand signature above it)."""

    title: str
    name: str = ""
    prefix: str = ""
    authority: str = ""
    deputy_of: str = ""  # for KT.: the principal's position ("CỤC TRƯỞNG"), printed above
    note: str = "(Ký, ghi rõ họ tên, đóng dấu)"  # the italic line under the title


@dataclass
class OfficialDocument:
    issuer: str
    title: str
    issuer_parent: str = ""
    number: str = ""  # printed after "Số: "; blank prints "Số:      /…"
    place: str = ""
    date: dt.date | None = None
    subtitle: str = ""
    blocks: list[Paragraph | Table] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)
    landscape: bool = False
    # A form's label printed at the top right ("Mẫu số 05"); a signer printed at the bottom left
    # instead of the recipients (e.g. the head of unit confirming a personal report); whether the
    # issuer block (issuer and "Số: …") is printed at all — a personal report has none.
    form_label: str = ""
    countersigner: Signer | None = None
    show_issuer: bool = True

    def to_json(self) -> dict:
        data = asdict(self)
        data["blocks"] = [{"type": type(b).__name__, **asdict(b)} for b in self.blocks]
        data["date"] = self.date.isoformat() if self.date else None
        return data


@dataclass
class Sheet:
    """One worksheet for ``services.generate_xlsx``."""

    title: str
    headers: list[str]
    rows: list[list]
    widths: list[float] = field(default_factory=list)
    caption: str = ""


def place_and_date(place: str, date: dt.date | None) -> str:
    """The italic place-and-date line, e.g. "Hà Nội, ngày 03 tháng 12 năm 2019". Decree 30 writes
    a leading zero for days below 10 and for months below 3."""
    if date is None:
        return f"{place}, ngày      tháng      năm      " if place else ""
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    text = f"ngày {day} tháng {month} năm {date.year}"
    return f"{place}, {text}" if place else text.capitalize()
