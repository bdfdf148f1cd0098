"""The shape of an official document (Decree 30/2020/NĐ-CP, Appendix I), independent of any
domain. Domain apps build an ``OfficialDocument`` and pass it to ``services.generate_docx``."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


@dataclass
class Paragraph:
    """A body paragraph. ``style``: "body" (justified, first-line indent), "heading" (bold),
    "center", "center_bold", "italic", "bullet" (printed "- text"; a leading dash in the text is
    dropped), "chapter" (centred bold lines of their own: ``"Chương I\nNHỮNG QUY ĐỊNH CHUNG"``, one
    line per ``\n``), "article" (``"Điều 1. Phạm vi điều chỉnh"`` bold; text after a ``\n`` is the
    article's body, one justified paragraph per line)."""

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
    ``name`` the full name, printed under the space for the hand signature. A final document names
    its signer: builders pass the name (``missing_signer`` tells the caller when it is unknown).
    ``note`` an optional italic line under the title; blank by default (Decree 30 prints none)."""

    title: str
    name: str = ""
    prefix: str = ""
    authority: str = ""
    deputy_of: str = ""  # for KT.: the principal's position ("CỤC TRƯỞNG"), printed above
    note: str = ""  # an italic line under the title; never the "(Ký, ghi rõ họ tên…)" placeholder


@dataclass
class OfficialDocument:
    issuer: str
    title: str
    issuer_parent: str = ""
    number: str = ""  # printed after "Số: "; blank prints "Số:      /…"
    # The ký hiệu after the number (Decree 30 Appendix III): "BC-KNC" prints "Số: 12/BC-KNC", or
    # "Số:      /BC-KNC" with no number. Blank keeps the legacy behaviour (``number`` printed as is).
    symbol: str = ""
    # For a text issued with a decision (a regulation): printed italic under the title, in
    # brackets: "(Ban hành kèm theo Quyết định số …/QĐ-… ngày … của …)". Such a text has no
    # "Số:" line and no place-and-date line of its own (Decree 30, Appendix I, form 1.4).
    issued_with: str = ""
    place: str = ""
    date: dt.date | None = None
    subtitle: str = ""
    blocks: list[Paragraph | Table] = field(default_factory=list)
    # "Nơi nhận:" lines without the leading "- " or the final ";"/"." (the renderer adds them);
    # the archive line "Lưu: VT, <holder>" is always printed last. ``archive`` is the holder
    # abbreviation used when no recipient starts with "Lưu" ("VP" prints "- Lưu: VT, VP.").
    recipients: list[str] = field(default_factory=list)
    archive: str = ""
    # One signer bottom right; two or more side by side, left to right in the given order
    # (minutes: [secretary, chair]), the "Nơi nhận:" block under them.
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


def missing_signer(spec: OfficialDocument) -> list[str]:
    """The titles of the signature blocks that name nobody (a final document names its signer):
    callers refuse to issue, or tell the user, rather than print a blank."""
    blocks = list(spec.signers) + ([spec.countersigner] if spec.countersigner else [])
    return [s.title for s in blocks if not s.name.strip()]


def _decimal(value, places: int) -> str:
    if value is None or value == "":
        return ""
    text = f"{float(value):.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",")


def format_points(value, places: int = 2) -> str:
    """A score in Vietnamese: decimal comma, no useless decimals: 90 → "90", 90.5 → "90,5",
    90.25 → "90,25" (at most ``places`` decimals, rounded). Write "… điểm" after it."""
    return _decimal(value, places)


def format_percent(value, places: int = 1) -> str:
    """A percentage (``value`` already in per cent): 75 → "75%", 66.666 → "66,7%"."""
    text = _decimal(value, places)
    return f"{text}%" if text else ""
