"""Every official Word document the project generates, read back with python-docx and checked
against Decree 30/2020/NĐ-CP (issue 14): short rules under the issuer and the title, "Số:" with a
ký hiệu, "Nơi nhận:" punctuation ending on "- Lưu: VT, …", Vietnamese numbers, no placeholder,
a named signer, minutes signed side by side (secretary left, chair right), regulations with their
chapters and articles, and a signature block that never starts a page alone.

The documents are built once for the module from the demo world, through the spec builders the
services use (``thidua.cycles.official``, ``thidua.conference.documents``,
``thidua.proposals.dossier``, ``thidua.proposals.council_minutes``) and the renderer
``render.build_docx`` that ``documents.services.generate_docx`` calls. Any data the demo lacks (a
closed Council session) is made inside a transaction rolled back before the tests run.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from thidua.documents import render
from thidua.documents.spec import missing_signer

# Documents that are not a body's letter: a personal report has no issuer block, a regulation
# issued with a decision carries the decision's number.
# The module's tests only read the built files; the marker makes pytest-django set up the database.
pytestmark = pytest.mark.django_db

SYMBOL = re.compile(r"^Số: (\d+|\s+)/[A-ZĐ][A-Za-zĐđ]*-[A-ZĐ0-9][A-ZĐa-zđ0-9.]*$")


def _build_all() -> dict[str, SimpleNamespace]:
    # cycle-breaker: the builders live in apps above documents; imported when the fixture runs.
    from thidua.conference import documents as conference_documents
    from thidua.conference.models import Conference
    from thidua.cycles import official, selectors
    from thidua.organisations.models import BlocYear
    from thidua.proposals import council_minutes, dossier
    from thidua.proposals.models import CouncilSession, CouncilSessionItem, CouncilSessionMember, Proposal

    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    specs = {
        "agreement": official.agreement_spec(by),
        "regulations": official.regulations_spec(by),
        "rubric": official.rubric_spec(by, selectors.current_rubric(by) or selectors.working_rubric(by)),
    }
    conference = Conference.objects.get(bloc_year=by)
    specs["conference_minutes"] = conference_documents.minutes_spec(conference)
    specs["vote_count_minutes"] = conference_documents.count_minutes_spec(conference)
    proposals = list(Proposal.objects.with_related().filter(bloc_year=by).order_by("pk"))
    assert proposals, "the demo proposes subjects for 2019"
    day = dt.date(2019, 12, 20)
    for p in proposals:
        key = f"{p.award.code}-{p.unit.code if p.unit_id else p.person_id}"
        specs[f"letter {key}"] = dossier.letter_spec(p, date=day)
        specs[f"report {key}"] = dossier.report_spec(p, date=day)
        specs[f"proposal_minutes {key}"] = dossier.minutes_spec(p, date=day)
        specs[f"list {key}"] = dossier.list_spec(p, date=day, proposals=proposals)
    specs["bloc_list"] = dossier.bloc_list_spec(by, date=day, proposals=proposals)
    # A closed Council session over the 2019 proposals (the demo records the Council's vote
    # without a session); rolled back below.
    from thidua.accounts.models import User

    closed = timezone.make_aware(dt.datetime(2020, 1, 8, 10, 30))
    session = CouncilSession.objects.create(
        year=2019,
        title="Phiên họp xét khen thưởng năm 2019",
        status="closed",
        secret=True,
        quorum="2/3",
        members_total=3,
        present_count=3,
        quorum_met=True,
        opened_at=closed - dt.timedelta(hours=1),
        closed_at=closed,
    )
    for user in User.objects.filter(username__startswith="hoidong").order_by("username")[:3]:
        CouncilSessionMember.objects.create(session=session, user=user, present=True)
    for i, p in enumerate(proposals):
        CouncilSessionItem.objects.create(
            session=session, proposal=p, position=i, agree=3, disagree=0, passed=True
        )
    specs["council_minutes"] = council_minutes.minutes_spec(session)
    out = {}
    dump = os.environ.get("THIDUA_LAYOUT_DUMP")  # a folder: write the files there to look at them
    for name, spec in specs.items():
        data = render.build_docx(spec)
        if dump:
            Path(dump, re.sub(r"[^\w-]+", "_", name) + ".docx").write_bytes(data)
        out[name] = SimpleNamespace(spec=spec, doc=Document(io.BytesIO(data)))
    return out


@pytest.fixture(scope="module")
def built(_demo_context, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = _build_all()
        transaction.set_rollback(True)
    return out


def kinds(*prefixes: str):
    """Parametrise over the document names starting with one of ``prefixes`` (resolved lazily)."""
    return pytest.mark.parametrize("prefix", prefixes)


def _of(built, prefix):
    found = [v for k, v in built.items() if k == prefix or k.startswith(prefix + " ")]
    assert found, f"no generated document {prefix!r}"
    return found


ALL = [
    "agreement",
    "regulations",
    "rubric",
    "conference_minutes",
    "vote_count_minutes",
    "letter",
    "report",
    "proposal_minutes",
    "list",
    "bloc_list",
    "council_minutes",
]
WITH_NUMBER = [k for k in ALL if k != "regulations"]
MINUTES = ["conference_minutes", "vote_count_minutes", "proposal_minutes", "council_minutes"]


def _all_paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _text(doc) -> str:
    return "\n".join(p.text for p in _all_paragraphs(doc))


def _signature_table(doc):
    return doc.tables[-1]


@pytest.mark.parametrize("prefix", ALL)
def test_short_rule_under_the_issuer_and_under_the_title(built, prefix):
    for item in _of(built, prefix):
        doc, spec = item.doc, item.spec
        if spec.show_issuer:
            left = doc.tables[0].rows[0].cells[0].paragraphs
            issuer = next(i for i, p in enumerate(left) if p.text == spec.issuer.upper())
            assert render.has_rule(left[issuer + 1]), f"{prefix}: no rule under the issuer"
        paragraphs = doc.paragraphs
        title = next(i for i, p in enumerate(paragraphs) if p.text == spec.title.upper())
        after = paragraphs[title + 1 : title + 5]
        assert any(render.has_rule(p) and not p.text for p in after), f"{prefix}: no rule under the title"


@pytest.mark.parametrize("prefix", WITH_NUMBER)
def test_number_line_carries_a_symbol(built, prefix):
    for item in _of(built, prefix):
        if not item.spec.show_issuer:
            continue  # a personal report (an individual's): no issuing body, no number
        if item.spec.issued_with:
            # An attachment (the list with the bloc's Tờ trình) or a text issued with a decision:
            # no number of its own, the reference under its title instead.
            header = [p.text for p in item.doc.tables[0].rows[0].cells[0].paragraphs]
            assert not [t for t in header if t.startswith("Số:")], prefix
            continue
        header = [p.text for p in item.doc.tables[0].rows[0].cells[0].paragraphs]
        numbers = [t for t in header if t.startswith("Số:")]
        assert len(numbers) == 1 and SYMBOL.match(numbers[0]), f"{prefix}: {numbers}"


@pytest.mark.parametrize("prefix", ALL)
def test_recipients_punctuation_and_archive_line(built, prefix):
    for item in _of(built, prefix):
        cells = [c for row in _signature_table(item.doc).rows for c in row.cells]
        holder = next((c for c in cells if c.paragraphs[0].text == "Nơi nhận:"), None)
        if holder is None:
            # Only a personal report (countersigned) or a text issued with a decision has none.
            assert item.spec.countersigner is not None or item.spec.issued_with, f"{prefix}: no Nơi nhận"
            continue
        lines = [p.text for p in holder.paragraphs[1:] if p.text.strip()]
        assert lines and all(line.startswith("- ") for line in lines), lines
        assert all(line.endswith(";") for line in lines[:-1]), lines
        assert lines[-1].startswith("- Lưu: VT") and lines[-1].endswith("."), lines
        assert sum(1 for line in lines if line.startswith("- Lưu")) == 1, lines


@pytest.mark.parametrize("prefix", ALL)
def test_no_double_dash_no_english_decimals_no_doubled_brackets_no_placeholder(built, prefix):
    for item in _of(built, prefix):
        text = _text(item.doc)
        assert "- –" not in text and "- -" not in text, f"{prefix}: double dash"
        assert not re.search(r"\d+\.\d+ điểm", text), f"{prefix}: English decimal score"
        assert "))" not in text, f"{prefix}: doubled bracket"
        assert "(Ký, ghi rõ họ tên" not in text and "(Ký, đóng dấu)" not in text, f"{prefix}: placeholder"


@pytest.mark.parametrize("prefix", ALL)
def test_every_signer_is_named(built, prefix):
    for item in _of(built, prefix):
        assert missing_signer(item.spec) == [], f"{prefix}: unnamed {missing_signer(item.spec)}"
        text = "\n".join(c.text for row in _signature_table(item.doc).rows for c in row.cells)
        for signer in item.spec.signers:
            assert signer.name in text


@pytest.mark.parametrize("prefix", MINUTES)
def test_minutes_are_signed_side_by_side_secretary_left_chair_right(built, prefix):
    for item in _of(built, prefix):
        row = _signature_table(item.doc).rows[0]
        assert len(row.cells) == 2, f"{prefix}: {len(row.cells)} cells"
        left, right = (c.text.upper() for c in row.cells)
        # The chair: "CHỦ TRÌ" / "CHỦ TỌA" / "CHỦ TỊCH", or the bloc leader chairing its meeting.
        assert "THƯ KÝ" in left and ("CHỦ" in right or "TRƯỞNG KHỐI" in right), (
            f"{prefix}: {left!r} | {right!r}"
        )


@pytest.mark.parametrize("name", ["conference_minutes", "vote_count_minutes"])
def test_conference_minutes_record_time_place_quorum_and_end(built, name):
    text = _text(built[name].doc)
    assert "Thời gian:" in text and "Địa điểm:" in text
    assert re.search(r"Có mặt \d+/\d+ đơn vị", text) and "tối thiểu" in text
    # The demo's ballots closed on the conference's afternoon: the end time is known.
    assert re.search(r"kết thúc lúc \d{2} giờ \d{2} cùng ngày", text)


def test_same_wording_for_the_bloc_everywhere(built):
    """One body signs with one wording: "TM. KHỐI THI ĐUA …" with the bloc's name in full."""
    authorities = set()
    for name in ALL:
        for item in _of(built, name):
            for signer in [*item.spec.signers, item.spec.countersigner]:
                if signer is not None and "KHỐI" in signer.authority.upper():
                    authorities.add(f"{signer.prefix} {signer.authority.upper()}")
    assert authorities == {"TM. KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH"}


def test_regulations_are_issued_with_a_decision_in_chapters_and_articles(built):
    doc, spec = built["regulations"].doc, built["regulations"].spec
    paragraphs = doc.paragraphs
    lines = [p.text for p in paragraphs]
    kem = next(p for p in paragraphs if p.text.startswith("(Ban hành kèm theo Quyết định số"))
    assert all(r.italic for r in kem.runs) and kem.text.endswith(")")
    chapters = [i for i, t in enumerate(lines) if re.fullmatch(r"Chương [IVX]+", t)]
    assert len(chapters) >= 2
    for i in chapters:
        for p in paragraphs[i : i + 2]:  # "Chương I" and its title, each on its own line
            assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs), p.text
        assert paragraphs[i + 1].text and paragraphs[i + 1].text == paragraphs[i + 1].text.upper()
    articles = [p for p in paragraphs if re.match(r"Điều \d+\. \S", p.text)]
    assert len(articles) >= 3
    assert all(all(r.bold for r in p.runs) for p in articles)
    assert spec.issued_with and "Số:" not in "\n".join(lines)


def _body_before(doc, table) -> list:
    """The body items (paragraphs and tables) before ``table``, in order."""
    out = []
    for child in doc.element.body.iterchildren():
        if child is table._tbl:
            return out
        if child.tag == qn("w:p"):
            out.append(DocxParagraph(child, doc))
        elif child.tag == qn("w:tbl"):
            out.append(DocxTable(child, doc))
    return out


@pytest.mark.parametrize("prefix", ALL)
def test_closing_paragraph_keeps_with_the_signature_block(built, prefix):
    for item in _of(built, prefix):
        doc = item.doc
        signature = _signature_table(doc)
        for row in signature.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        before = _body_before(doc, signature)
        # Walk back over the empty spacers (each keeps with the next) to the closing content.
        for element in reversed(before):
            if isinstance(element, DocxTable):
                last = element.rows[-1]
                assert all(p.paragraph_format.keep_with_next for c in last.cells for p in c.paragraphs)
                break
            assert element.paragraph_format.keep_with_next, f"{prefix}: {element.text[:60]!r}"
            if element.text.strip():
                break


def test_minutes_without_the_secretarys_name_are_refused_not_blank(world, client_for):
    """A final document names its signer: with no secretary recorded, the minutes are refused with
    a Vietnamese message (page and API alike) instead of a blank signature."""
    from thidua.conference.models import Conference

    conference = Conference.objects.get(bloc_year__bloc__code="KNC", bloc_year__year=2019)
    Conference.objects.filter(pk=conference.pk).update(secretary_name="")
    response = client_for("secretary").get(f"/api/v1/conferences/{conference.pk}/minutes.docx")
    assert response.status_code == 422
    assert "Chưa ghi họ tên thư ký hội nghị" in response.content.decode()
