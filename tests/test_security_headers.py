"""Security headers on every answer (issue 17 item 7) and templates that need no inline script.

The CSP allows scripts from the site's own files only; these tests hold the two halves of that
promise: every kind of answer carries the header (pages, the API, error pages, the portal), and
no template carries an inline ``<script>`` or an ``on…=`` handler that such a policy would block
(the browser sweeps in ``tests/browser`` fail on any violation Chromium reports)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from thidua.core.headers import CSP

ROOT = Path(settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def _templates():
    for base in [ROOT / "templates", *sorted((ROOT / "thidua").glob("*/templates"))]:
        yield from sorted(base.rglob("*.html"))


def test_the_policy_allows_scripts_from_the_site_only():
    script_src = next(d for d in CSP.split("; ") if d.startswith("script-src"))
    assert script_src == "script-src 'self'"
    assert "frame-ancestors 'none'" in CSP and "object-src 'none'" in CSP


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/ung-dung/", "/api/v1/portal/articles", "/khong-co-trang-nay/", "/api/v1/units"]
)
def test_every_answer_carries_the_headers(client, path):
    response = client.get(path)
    assert response["Content-Security-Policy"] == CSP, path
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_an_inline_script_or_event_handler():
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern, what in ((INLINE_SCRIPT, "inline <script>"), (HANDLER, "on…= handler")):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert len(list(_templates())) > 100
    assert not found, "blocked by the CSP (use static/thidua/forms.js attributes):\n" + "\n".join(found)
