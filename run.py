#!/usr/bin/env python3
"""Bootstrap ThiDua and run the demo or the whole test suite.

    python3 run.py demo   # venv + deps + migrations + demo data, then serve 127.0.0.1:8000 and
                          # run the background worker beside it
    python3 run.py test   # venv + deps, then ruff, check, makemigrations --check, pytest

Only the standard library is used here so that the script works on a machine that has
nothing but Python 3.11+. Both commands are idempotent: the virtualenv is reused while
requirements.lock is unchanged, migrations and the demo loader are safe to repeat.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("THIDUA_VENV", ROOT / ".venv"))
LOCK = ROOT / "requirements.lock"  # runtime
DEV_LOCK = ROOT / "requirements-dev.lock"  # runtime + test and lint tools
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def say(msg: str) -> None:
    print(f"[run.py] {msg}", flush=True)


def sh(*args: str | Path, env: dict | None = None, check: bool = True) -> int:
    cmd = [str(a) for a in args]
    say("$ " + " ".join(cmd))
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})})
    if check and proc.returncode != 0:
        sys.exit(proc.returncode)
    return proc.returncode


def ensure_venv(*, dev: bool = False) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must explain itself on old Pythons
        sys.exit("ThiDua needs Python 3.11 or newer.")
    if not PY.exists():
        say(f"creating virtualenv in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    lock = DEV_LOCK if dev else LOCK
    digest = hashlib.sha256(
        LOCK.read_bytes() + DEV_LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()
    stamp = VENV / (".thidua-deps-dev" if dev else ".thidua-deps")
    if stamp.exists() and stamp.read_text() == digest:
        return
    sh(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", lock)
    sh(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-e", ".")
    stamp.write_text(digest)


_apt_updated = False


def apt_install(packages: list[str], *, recommends: bool = False) -> bool:
    """``apt-get install`` Debian packages when we are root on Debian; False when we cannot
    (say why with ``cannot_install()``). Package scripts must not start services (nginx on port
    80) here, nor ask questions."""
    global _apt_updated
    if cannot_install():
        return False
    if not _apt_updated:
        sh("apt-get", "update", "-qq", check=False)
        _apt_updated = True
    env = {"RUNLEVEL": "1", "DEBIAN_FRONTEND": "noninteractive"}
    options = [] if recommends else ["--no-install-recommends"]
    return sh("apt-get", "install", "-y", "-qq", *options, *packages, check=False, env=env) == 0


def cannot_install() -> str:
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return "not root"
    if not shutil.which("apt-get"):
        return "not Debian: no apt-get"
    return ""


def ensure_test_tools() -> None:
    """Browser tests drive Debian's chromium and tests/test_nginx.py runs the nginx recipe on
    Debian's nginx; install what is missing when we are root."""
    missing = [
        package
        for package, binary in (("chromium", "/usr/bin/chromium"), ("nginx-light", "/usr/sbin/nginx"))
        if not Path(binary).exists()
    ]
    if not missing:
        return
    if not cannot_install():
        say(f"installing Debian's {' and '.join(missing)} for the tests")
        apt_install(missing, recommends=True)
    if not Path("/usr/bin/chromium").exists():
        say("!! /usr/bin/chromium is missing and cannot be installed: browser tests will FAIL")
    if not Path("/usr/sbin/nginx").exists():
        say("!! nginx is missing and cannot be installed: the nginx recipe tests are SKIPPED")


# PDF copies of the generated Word files (thidua/documents/pdf.py): LibreOffice Writer without its
# GUI, and Liberation Serif 2 (Times New Roman's metrics with the Vietnamese letters; version 1,
# pulled in by chromium, lacks them and LibreOffice then mixes in another font).
PDF_PACKAGES = {
    "libreoffice-writer-nogui": lambda: shutil.which("soffice") or shutil.which("libreoffice"),
    "fonts-liberation2": lambda: Path(
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
    ).exists(),
}


def ensure_pdf_tools() -> None:
    """Install what PDF output needs when we are root on Debian; otherwise say in ONE line that PDFs
    are off, and why, and go on (Word and Excel files do not need it)."""
    if os.environ.get("THIDUA_PDF", "").strip().lower() in ("0", "false", "no", "off"):
        say("PDFs are off: THIDUA_PDF is false (Word and Excel files only)")
        return
    missing = [package for package, present in PDF_PACKAGES.items() if not present()]
    # The font package is Debian's: elsewhere LibreOffice and the system's fonts are enough.
    if not shutil.which("apt-get"):
        missing = [p for p in missing if p == "libreoffice-writer-nogui"]
    if not missing:
        return
    why = cannot_install()
    if not why:
        say(f"installing Debian's {' and '.join(missing)} for PDF copies of the documents")
        started = time.monotonic()
        if apt_install(missing):
            say(f"installed in {time.monotonic() - started:.0f} s")
        else:
            why = "apt-get install failed"
    soffice, fonts = (PDF_PACKAGES[p]() for p in PDF_PACKAGES)
    if not soffice:
        how = (
            f"as root: apt-get install --no-install-recommends {' '.join(PDF_PACKAGES)}"
            if shutil.which("apt-get")
            else "install LibreOffice so that soffice is on PATH"
        )
        say(
            f"!! PDFs are OFF ({why or 'not installed'}): no LibreOffice, documents in Word and Excel only; {how}"
        )
    elif not fonts and shutil.which("apt-get"):
        say(
            f"!! PDFs use a substitute font for Vietnamese letters ({why or 'not installed'}): "
            "apt-get install fonts-liberation2"
        )


def manage(*args: str, env: dict | None = None, check: bool = True) -> int:
    return sh(PY, "manage.py", *args, env=env, check=check)


def lan_address() -> str:
    """This computer's address on its local network (the one phones on the same Wi-Fi use);
    connecting a UDP socket sends nothing, it only picks the outgoing interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def demo() -> None:
    ensure_venv()
    ensure_pdf_tools()
    Path(os.environ.get("THIDUA_VAR_DIR") or ROOT / "var").mkdir(parents=True, exist_ok=True)
    manage("migrate", "--no-input")
    manage("createcachetable")
    manage("load_demo")
    manage("collectstatic", "--no-input", "-v", "0")
    port = os.environ.get("PORT", "8000")
    # THIDUA_DEMO_HOST=0.0.0.0 (or this computer's address) lets phones on the same network
    # reach the demo, e.g. to scan the conference's voting QR codes; this address is then
    # added to ALLOWED_HOSTS unless DJANGO_ALLOWED_HOSTS is set.
    host = os.environ.get("THIDUA_DEMO_HOST", "127.0.0.1")
    env = dict(os.environ)
    lan = lan_address() if host == "0.0.0.0" else host
    if lan not in ("127.0.0.1", "localhost") and "DJANGO_ALLOWED_HOSTS" not in env:
        env["DJANGO_ALLOWED_HOSTS"] = f"127.0.0.1,localhost,{lan}"
    say(f"ThiDua demo on http://{lan}:{port}/ with its background worker (Ctrl+C to stop)")
    if lan not in ("127.0.0.1", "localhost"):
        say("reachable from this network: development server, DEBUG on, demo passwords (README)")
    # The web server and one task worker (imports, dossiers, view counts, scheduled publishing);
    # a worker that dies is started again, and both stop when the server stops.
    server = subprocess.Popen([PY, "manage.py", "runserver", f"{host}:{port}"], cwd=ROOT, env=env)
    worker = subprocess.Popen([PY, "manage.py", "run_worker"], cwd=ROOT)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill` stops the children too
    try:
        while server.poll() is None:
            if worker.poll() not in (None, 0):
                say(f"the background worker stopped (exit {worker.returncode}); starting it again")
                time.sleep(2)
                worker = subprocess.Popen([PY, "manage.py", "run_worker"], cwd=ROOT)
            time.sleep(1)
    except KeyboardInterrupt:
        pass  # Ctrl+C reached the server and the worker too
    finally:
        for proc in (server, worker):
            if proc.poll() is None:
                proc.terminate()
        for proc in (server, worker):
            try:
                proc.wait(timeout=60)  # the worker finishes the task in hand
            except subprocess.TimeoutExpired:
                proc.kill()
    sys.exit(server.returncode or 0)


def test(extra: list[str]) -> None:
    ensure_venv(dev=True)
    ensure_test_tools()
    ensure_pdf_tools()
    Path(os.environ.get("THIDUA_VAR_DIR") or ROOT / "var").mkdir(parents=True, exist_ok=True)
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.test"}
    sh(BIN / "ruff", "check", ".")
    sh(BIN / "ruff", "format", "--check", ".")
    sh(BIN / "lint-imports", "--no-cache")  # the app layers declared in pyproject.toml
    manage("check", env=env)
    manage("makemigrations", "--check", "--dry-run", env=env)
    # One pytest worker per core (pytest-xdist); each worker has its own test database and loads
    # the demo world once. THIDUA_TEST_WORKERS=0 runs in one process.
    workers = os.environ.get("THIDUA_TEST_WORKERS", "auto")
    # loadgroup: tests sharing an outside resource (xdist_group) stay on one worker (where pytest
    # keeps the group in node ids; tests/test_multinode.py also takes a file lock).
    parallel = (
        []
        if workers == "0" or any(a.startswith("-n") for a in extra)
        else ["-n", workers, "--dist", "loadgroup"]
    )
    code = sh(PY, "-m", "pytest", *parallel, *extra, env=env, check=False)
    sys.exit(code)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"demo", "test"}:
        sys.exit(__doc__)
    if sys.argv[1] == "demo":
        demo()
    else:
        test(sys.argv[2:])


if __name__ == "__main__":
    main()
