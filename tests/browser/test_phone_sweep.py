"""The phone sweep: every page of the page walk opened at 360x740 in Chromium.

A page fails on any visible element that reaches past the right edge of the screen (also inside
a scroll container: a table that scrolls sideways hides columns) and on any visible form control
smaller than a 44x44 touch target. Screenshots of a few key pages go to test-artefacts/."""

from __future__ import annotations

import pytest

from conftest import ARTEFACTS, watch_csp
from tests.browser.walk import by_persona, signed_in_context, walk_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
TOUCH = 44  # px: the smallest touch target (WCAG 2.5.5, Apple HIG)

# Pages whose full-page screenshot is saved (matrix key -> file name).
SHOTS = {
    "scoring:sheet": "phone-self-assessment",
    "scoring:ranking": "phone-ranking",
    "conference:attendance": "phone-attendance",
    "awards:history": "phone-award-history",
    "awards:catalogue": "phone-catalogue",
    "core:audit_list": "phone-audit",
}

# One evaluate per page: offenders as {kind, path, size}.
MEASURE = """
(touch) => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  // Clipped away for screen readers only (visually hidden, e.g. a stacked table's header row).
  const clipped = new Map();
  const isClipped = (el) => {
    if (!el || el === document.body) return false;
    if (clipped.has(el)) return clipped.get(el);
    const s = getComputedStyle(el);
    const value = (s.clip !== 'auto' && s.clip !== '') || s.clipPath !== 'none' || isClipped(el.parentElement);
    clipped.set(el, value);
    return value;
  };
  const visible = (el, r) => {
    if (r.width === 0 && r.height === 0) return false;
    if (isClipped(el)) return false;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') return false;
    if (el.closest('[hidden], .visually-hidden, .visually-hidden-focusable:not(:focus)')) return false;
    if (el.closest('.dropdown-menu:not(.show), .collapse:not(.show), .modal:not(.show)')) return false;
    return true;
  };
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 5; e = e.parentElement) {
      let p = e.tagName.toLowerCase();
      if (e.id) { p += '#' + e.id; parts.unshift(p); break; }
      const cls = [...e.classList].slice(0, 2).join('.');
      if (cls) p += '.' + cls;
      const name = e.getAttribute('name');
      if (name) p += `[name=${name}]`;
      parts.unshift(p);
    }
    return parts.join(' > ');
  };
  const size = (r) => `${Math.round(r.width)}x${Math.round(r.height)} at x=${Math.round(r.left)}`;
  const reported = new Set();
  const wide = (el) => { for (let e = el.parentElement; e; e = e.parentElement) if (reported.has(e)) return true; return false; };
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'TEMPLATE', 'OPTION', 'BR'].includes(el.tagName)) continue;
    const r = el.getBoundingClientRect();
    if (!visible(el, r)) continue;
    // Past the right edge of the screen, or a box that scrolls sideways (hidden columns).
    if (r.right > vw + 1 && !wide(el)) {
      reported.add(el);
      out.push({kind: 'wider than the screen', path: path(el), size: size(r)});
    } else if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
               && el.tagName !== 'TEXTAREA' && el.tagName !== 'SELECT' && !wide(el)) {
      reported.add(el);
      out.push({kind: 'scrolls sideways', path: path(el), size: `${el.scrollWidth} px of content in ${el.clientWidth}`});
    }
    const control = el.matches(
      'input:not([type=hidden]), select, textarea, button, a.btn, [role=button], label.btn'
    );
    if (!control) continue;
    // A visually hidden input driven by its label (btn-check, custom file input) is measured through the label.
    if (el.matches('.btn-check')) continue;
    // A checkbox or radio is touched through its label too: measure the two together.
    let t = r;
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
      for (const label of el.labels || []) {
        const b = label.getBoundingClientRect();
        if (!b.width || !b.height) continue;
        left = Math.min(left, b.left); top = Math.min(top, b.top);
        right = Math.max(right, b.right); bottom = Math.max(bottom, b.bottom);
      }
      t = {left, width: right - left, height: bottom - top};
    }
    if (t.width < touch - 0.5 || t.height < touch - 0.5) {
      out.push({kind: 'control smaller than 44x44', path: path(el), size: size(t)});
    }
  }
  return out;
}
"""


def _sweep(context, pages, shot_taken):
    problems = []
    tab = context.new_page()
    tab.set_default_timeout(20000)
    violations = watch_csp(tab)
    for walk_page in pages:
        tab.goto(walk_page.url, wait_until="load")
        found = tab.evaluate(MEASURE, TOUCH)
        if walk_page.key in SHOTS and walk_page.key not in shot_taken:
            shot_taken.add(walk_page.key)
            tab.screenshot(path=str(ARTEFACTS / f"{SHOTS[walk_page.key]}.png"), full_page=True)
        for item in found:
            problems.append(
                f"{walk_page.url} ({walk_page.persona}): {item['kind']}: {item['path']} [{item['size']}]"
            )
    tab.close()
    return problems + [f"CSP: {v}" for v in violations]


def test_every_page_fits_a_360px_phone(world, browser, live_server):
    pages = walk_pages(world)
    assert len(pages) > 100, "the page walk found too few pages"
    ARTEFACTS.mkdir(exist_ok=True)
    problems = []
    shot_taken = set()
    for persona, group in by_persona(pages).items():
        context = signed_in_context(browser, live_server, world, persona, viewport=PHONE)
        try:
            problems.extend(_sweep(context, group, shot_taken))
        finally:
            context.close()
    assert not problems, f"{len(problems)} problems at 360 px:\n" + "\n".join(problems)
