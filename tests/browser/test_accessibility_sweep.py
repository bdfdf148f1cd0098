"""The accessibility sweep: axe-core on every page of the page walk, at a desktop viewport.

Every page reached by ``walk_pages`` is opened in Chromium as the persona that opens it, axe-core
(shipped by axe-playwright-python) runs with its default rules, and the test fails listing every
violation of impact "serious" or "critical": the page, the rule, its impact and the offending
nodes. No rule is disabled; a vendored library's markup is labelled from our side instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.walk import by_persona, signed_in_context, walk_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = ("serious", "critical")
DESKTOP = {"width": 1366, "height": 900}
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"


def _node_lines(node: dict) -> list[str]:
    target = " ".join(str(t) for t in node.get("target", []))
    html = " ".join(node.get("html", "").split())[:200]
    summary = " ".join(node.get("failureSummary", "").split())[:300]
    return [f"      - {target}", f"        {html}", f"        {summary}"]


def test_every_walked_page_has_no_serious_or_critical_axe_violation(world, browser, live_server):
    pages = walk_pages(world)
    assert len(pages) > 100, "the page walk should reach every page of the matrices"
    axe = Axe()
    found: list[dict] = []
    not_opened: list[str] = []
    for persona, persona_pages in by_persona(pages).items():
        context = signed_in_context(browser, live_server, world, persona, viewport=DESKTOP)
        page = context.new_page()
        page.set_default_timeout(20000)
        try:
            for walked in persona_pages:
                response = page.goto(walked.url, wait_until="load")
                if response is None or response.status != 200:
                    not_opened.append(
                        f"{walked.url} ({walked.key}, {persona}): HTTP {response and response.status}"
                    )
                    continue
                page.wait_for_load_state("networkidle")
                results = axe.run(page)
                for violation in results.response["violations"]:
                    if violation.get("impact") not in BLOCKING:
                        continue
                    found.append(
                        {
                            "key": walked.key,
                            "persona": persona,
                            "url": walked.url,
                            "rule": violation["id"],
                            "impact": violation["impact"],
                            "help": violation.get("help", ""),
                            "nodes": violation["nodes"],
                        }
                    )
        finally:
            context.close()

    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / "accessibility-sweep.json").write_text(
        json.dumps({"pages": len(pages), "violations": found}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    assert not not_opened, "pages the walk reached did not open in Chromium:\n" + "\n".join(not_opened)
    if found:
        by_rule: dict[str, int] = {}
        lines = []
        for item in found:
            by_rule[item["rule"]] = by_rule.get(item["rule"], 0) + len(item["nodes"])
            lines.append(
                f"{item['url']} ({item['key']}, {item['persona']}): "
                f"{item['rule']} [{item['impact']}] {item['help']}"
            )
            for node in item["nodes"]:
                lines.extend(_node_lines(node))
        totals = ", ".join(f"{rule}: {count}" for rule, count in sorted(by_rule.items()))
        pytest.fail(
            f"{len(found)} serious/critical axe violations on {len({i['url'] for i in found})} "
            f"of {len(pages)} pages (nodes by rule: {totals})\n" + "\n".join(lines),
            pytrace=False,
        )
