"""PDF copies read back page by page: real documents of the demo world (a Tờ trình and a biên bản
of a 2019 proposal) converted in ONE LibreOffice run, as archive copies (PDF/A-2b).

The conversion tests are marked ``pdf``: skipped loudly without LibreOffice, failures in CI
(conftest.py). The tests of what happens without LibreOffice, or when it hangs, need none."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import stat
import threading

import pytest
from django.test import override_settings
from pypdf import PdfReader

from thidua.core import processes
from thidua.documents import pdf, render
from thidua.documents.spec import OfficialDocument, Paragraph
from thidua.proposals import dossier
from thidua.proposals.models import Proposal

# The demo world is read by the module's batch: the test database must exist even when this module
# runs alone; its tests stay on one xdist worker so that the batch is converted once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("pdf-batch")]  # one batch, one worker

DATE = dt.date(2019, 12, 20)
A4 = (595.28, 841.89)  # points: 210 × 297 mm
# The Tờ trình again with 0…PADDINGS-1 extra criteria lines before its closing paragraph: the body
# then ends at every height of a page, so one of them ends where a signature block would be pushed
# alone onto the next page unless it is kept with the closing paragraph.
PADDINGS = 16


def _pages(data: bytes) -> list[str]:
    """The text of each page, whitespace collapsed (a phrase may wrap across lines)."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages]


def _padded(spec, extra: int):
    blocks = list(spec.blocks)
    filler = [
        Paragraph(f"– Tiêu chí bổ sung số {i + 1}: hoàn thành xuất sắc nhiệm vụ được giao.", style="bullet")
        for i in range(extra)
    ]
    return dataclasses.replace(spec, blocks=[*blocks[:-1], *filler, blocks[-1]])


@pytest.fixture(scope="module")
def converted(_demo_context, django_db_blocker):
    """{"letter": spec, "minutes": spec, "pdfs": {name: bytes}, "runs": [LibreOffice commands]}."""
    if pdf.unavailable_reason(check_setting=False):
        pytest.skip(pdf.unavailable_reason(check_setting=False))  # conftest fails it in CI
    with django_db_blocker.unblock():
        proposal = (
            Proposal.objects.with_related().filter(year=2019, unit__isnull=False).order_by("pk").first()
        )
        letter = dossier.letter_spec(proposal, date=DATE)
        minutes = dossier.minutes_spec(proposal, date=DATE)
    specs = {"letter": letter, "minutes": minutes}
    specs |= {f"letter+{k}": _padded(letter, k) for k in range(1, PADDINGS)}
    runs = []
    real_run = processes.run
    with pytest.MonkeyPatch.context() as mp, override_settings(THIDUA_PDF=True):
        mp.setattr(processes, "run", lambda cmd, **kw: runs.append(cmd) or real_run(cmd, **kw))
        datas = pdf.convert_many([render.build_docx(s) for s in specs.values()], pdfa=True)
    return {"letter": letter, "minutes": minutes, "pdfs": dict(zip(specs, datas, strict=True)), "runs": runs}


@pytest.mark.pdf
def test_all_documents_convert_in_one_libreoffice_run_with_a_profile_of_its_own(converted):
    assert all(data is not None for data in converted["pdfs"].values())
    [command] = converted["runs"]
    profile = next(a for a in command if a.startswith("-env:UserInstallation=file://"))
    # The profile lives in the run's own temporary folder (removed with it), not in $HOME.
    assert "/pdf-" in profile and profile.endswith("/profile")
    assert command.count("--convert-to") == 1 and sum(a.endswith(".docx") for a in command) == PADDINGS + 1


@pytest.mark.pdf
def test_vietnamese_text_comes_back_intact_in_times_metrics(converted):
    letter, minutes = (" ".join(_pages(converted["pdfs"][k])) for k in ("letter", "minutes"))
    for text in (letter, minutes):
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập" in text and "Hạnh phúc" in text
    assert "TỜ TRÌNH" in letter and "Kính gửi: Hội đồng Thi đua – Khen thưởng tỉnh" in letter
    assert "Căn cứ Luật Thi đua, khen thưởng" in letter and "kính đề nghị" in letter
    assert "BIÊN BẢN" in minutes and "Hội nghị tổng kết công tác thi đua năm 2019" in minutes
    assert converted["letter"].signers[0].name in letter
    # Every glyph from Times New Roman or its metric twin Liberation Serif (2.x has ạ, ệ, ờ…):
    # a fallback font for the Vietnamese letters would change line breaks and the look.
    for key in ("letter", "minutes"):
        fonts = set()
        for page in PdfReader(io.BytesIO(converted["pdfs"][key])).pages:
            resources = page["/Resources"].get("/Font", {})
            fonts |= {str(resources[f].get_object()["/BaseFont"]).split("+")[-1] for f in resources}
        assert fonts and all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in fonts), fonts


@pytest.mark.pdf
def test_pages_are_a4_portrait(converted):
    for key in ("letter", "minutes"):
        for page in PdfReader(io.BytesIO(converted["pdfs"][key])).pages:
            box = page.mediabox
            assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=1), key


@pytest.mark.pdf
def test_the_archive_copy_is_pdf_a_2b(converted):
    data = converted["pdfs"]["letter"]
    xmp = PdfReader(io.BytesIO(data)).xmp_metadata
    assert xmp is not None
    description = xmp.rdf_root.getElementsByTagNameNS("http://www.aiim.org/pdfa/ns/id/", "part")
    assert [node.firstChild.data for node in description] == ["2"]
    conformance = xmp.rdf_root.getElementsByTagNameNS("http://www.aiim.org/pdfa/ns/id/", "conformance")
    assert [node.firstChild.data for node in conformance] == ["B"]
    assert pdf.pdfa_part(data) == "2"


@pytest.mark.pdf
def test_the_signature_block_of_a_to_trinh_never_stands_alone_on_its_last_page(converted):
    """Issue 14, rule 5: the closing paragraph comes with the signature (keep-with-next), whatever
    the length of the letter. The letter is padded line by line until it spills onto a second page.
    (Before the fix, 3 to 8 extra lines left the signature, or part of it, alone on page 2.)"""
    closing = converted["letter"].blocks[-1].text.split()
    signer = converted["letter"].signers[0].name
    spilled = 0
    for k in range(PADDINGS):
        pages = _pages(converted["pdfs"]["letter" if k == 0 else f"letter+{k}"])
        assert signer in pages[-1]
        if len(pages) > 1:
            spilled += 1
            # The closing paragraph's last words are on the signature's page.
            assert " ".join(closing[-4:]) in pages[-1], f"{k} extra lines: the signature stands alone"
    # Some variants fit on one page and the others spill: the end of the body crossed a page break.
    assert 0 < spilled < PADDINGS, "the padding no longer sweeps the letter's end across a page break"


def test_without_libreoffice_pdf_is_off_and_says_why(settings, monkeypatch):
    settings.THIDUA_PDF = False
    assert "THIDUA_PDF" in pdf.unavailable_reason() and not pdf.available()
    assert pdf.convert_many([b"PK"]) == [None]
    settings.THIDUA_PDF = True
    monkeypatch.setenv("PATH", "/nonexistent")
    reason = pdf.unavailable_reason()
    assert "LibreOffice is not installed" in reason and "libreoffice-writer-nogui" in reason
    assert "fonts-liberation2" in reason
    assert pdf.convert([b"PK"]) is None and pdf.convert_many([]) == []


HANGING_SOFFICE = """#!/bin/sh
echo $$ >> "$FAKE_SOFFICE_LOG"
exec sleep 600
"""


def test_a_libreoffice_that_hangs_is_stopped_and_leaves_nothing(settings, monkeypatch, tmp_path, caplog):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(HANGING_SOFFICE)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(tmp_path / "log"))
    settings.THIDUA_PDF = True
    assert pdf.convert_many([b"PK1", b"PK2"], timeout=0.5) == [None, None]
    [pid] = (tmp_path / "log").read_text().split()  # one start for both files
    assert "within 0.5 s" in caplog.text
    assert not list(processes.work_dir().glob("pdf-*"))  # its folder and profile are gone
    assert not processes.alive(int(pid))


@pytest.mark.pdf
def test_two_conversions_at_once_do_not_collide(settings):
    """Two workers (or two test processes) converting at the same moment each get their copy."""
    spec = OfficialDocument(
        issuer="KHỐI KINH TẾ", title="Thông báo", blocks=[Paragraph("Nội dung thử nghiệm đồng thời.")]
    )
    data = render.build_docx(spec)
    results = [None, None]

    def convert(i):
        results[i] = pdf.convert(data)

    threads = [threading.Thread(target=convert, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r is not None and "Nội dung thử nghiệm đồng thời." in _pages(r)[0] for r in results)
