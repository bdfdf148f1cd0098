"""PDF copies of generated Word files, through LibreOffice Writer run headless.

LibreOffice is an operating-system package, not a Python one: ``python3 run.py demo`` and
``python3 run.py test`` install it as root on Debian (``libreoffice-writer-nogui`` and
``fonts-liberation2``: Liberation Serif 2 has Times New Roman's metrics AND the Vietnamese letters;
Liberation 1.x lacks ạ, ệ, ờ… and LibreOffice then mixes in DejaVu Serif). Without it PDF is off
and ``unavailable_reason()`` says why; Word and Excel files are unaffected.

Every run converts any number of files in ONE LibreOffice start-up (most of a conversion's cost),
with a user profile of its own (two conversions at once, in two workers or two test processes,
never share LibreOffice's profile lock) inside a temporary folder of ``thidua.core.processes``: a
worker killed mid-conversion leaves neither files nor a running LibreOffice. An archive copy is
PDF/A-2b (ISO 19005-2, level B: fonts embedded, colours defined, no encryption), which LibreOffice
7.4 and newer export on request; an older LibreOffice gives a plain PDF (``pdfa_part`` tells).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

from thidua.core import processes

log = logging.getLogger(__name__)

# Debian's packages for PDF output (run.py installs them; docs/deployment.md).
PACKAGES = ("libreoffice-writer-nogui", "fonts-liberation2")
# A first start with an empty profile is about 0.5 s, each further file a fraction of that.
TIMEOUT_BASE = 120
TIMEOUT_PER_FILE = 20
# writer_pdf_Export's options as JSON (LibreOffice 7.4+): SelectPdfVersion 2 = PDF/A-2b.
PDFA_OPTIONS = {"SelectPdfVersion": {"type": "long", "value": "2"}}
PLAIN_FILTER = "pdf:writer_pdf_Export"
PDFA_FILTER = f"{PLAIN_FILTER}:{json.dumps(PDFA_OPTIONS, separators=(',', ':'))}"
# The XMP packet of a PDF/A file names its part; LibreOffice writes the packet uncompressed
# (PDF/A readers must be able to read it without decoding), as an element or an attribute.
_PDFA_PART = re.compile(rb"pdfaid:part(?:>\s*|\s*=\s*[\"'])(\d)")


def soffice() -> str | None:
    """LibreOffice's binary on PATH (``soffice``, or ``libreoffice``), whatever the settings say."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def unavailable_reason(*, check_setting: bool = True) -> str:
    """Why PDF copies cannot be made here, in one sentence; "" when they can. ``check_setting``
    False asks about the machine only (the test settings switch PDF off outside PDF tests)."""
    if check_setting and not getattr(settings, "THIDUA_PDF", True):
        return "PDF output is switched off (THIDUA_PDF=false)."
    if soffice() is None:
        return (
            "LibreOffice is not installed (no soffice on PATH): as root on Debian, "
            f"apt-get install --no-install-recommends {' '.join(PACKAGES)} "
            "(python3 run.py demo and run.py test do it)."
        )
    return ""


def available() -> bool:
    return not unavailable_reason()


def pdfa_part(data: bytes | None) -> str | None:
    """The PDF/A part ("1", "2", "3") a PDF declares in its XMP metadata, or None."""
    match = _PDFA_PART.search(data or b"")
    return match.group(1).decode() if match else None


def convert(data: bytes, *, pdfa: bool = False, timeout: float | None = None) -> bytes | None:
    """PDF bytes of one Word file (PDF/A-2b with ``pdfa``), or None (see ``convert_many``)."""
    return convert_many([data], pdfa=pdfa, timeout=timeout)[0]


def convert_many(
    datas: list[bytes], *, pdfa: bool = False, timeout: float | None = None
) -> list[bytes | None]:
    """PDF bytes of several Word files through ONE LibreOffice run, aligned with ``datas``:
    ``None`` for a file that did not convert, and for all of them when PDF output is unavailable
    (``unavailable_reason()``), LibreOffice failed or did not finish within ``timeout`` seconds
    (its whole process group is killed then). With ``pdfa`` every copy is PDF/A-2b."""
    if not datas:
        return []
    binary = soffice() if available() else None
    if binary is None:
        return [None] * len(datas)
    if timeout is None:
        timeout = TIMEOUT_BASE + TIMEOUT_PER_FILE * (len(datas) - 1)
    # The temporary folder is this process's (thidua.core.processes): swept if we are killed.
    with processes.temp_dir("pdf-") as tmp:
        sources = []
        for i, data in enumerate(datas):
            source = tmp / f"document-{i}.docx"
            source.write_bytes(data)
            sources.append(source)
        command = [
            binary,
            # A profile of this run's own: parallel runs never wait on another's profile lock.
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            PDFA_FILTER if pdfa else PLAIN_FILTER,
            "--outdir",
            str(tmp),
            *[str(s) for s in sources],
        ]
        try:
            processes.run(command, timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("LibreOffice did not convert %d file(s) within %s s", len(datas), timeout)
        except subprocess.CalledProcessError as exc:
            log.warning("LibreOffice failed (exit %s): %s", exc.returncode, (exc.stderr or b"")[-500:])
        except OSError as exc:
            log.warning("LibreOffice could not be started: %s", exc)
        out = [_read(source.with_suffix(".pdf")) for source in sources]
    if pdfa and any(data is not None and pdfa_part(data) is None for data in out):
        log.warning("LibreOffice at %s exported plain PDF, not PDF/A (LibreOffice 7.4+ needed)", binary)
    return out


def _read(path: Path) -> bytes | None:
    if not path.is_file():
        return None
    data = path.read_bytes()
    # A file LibreOffice was still writing when it was stopped has no end-of-file marker.
    return data if data.startswith(b"%PDF") and b"%%EOF" in data[-1024:] else None
