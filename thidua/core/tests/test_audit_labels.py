"""The audit log reads in Vietnamese (issue 19, item 5): every action has a phrase, objects are
named by their model, and "before/after" is a list of changed fields with labels."""

import re
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from thidua.core.audit import audit, snapshot
from thidua.core.audit_labels import action_label, describe, registry
from thidua.core.models import AuditEvent
from thidua.organisations.models import BlocYear, Unit

ROOT = Path(__file__).resolve().parents[2]
ACTION = re.compile(r"""\baction="([a-z_]+\.[a-z_]+)\"""")


def written_actions() -> set[str]:
    """Every literal ``action="app.verb"`` in the code that writes audit records."""
    found = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "audit(" not in text and "fail(" not in text:
            continue
        found |= set(ACTION.findall(text))
    return found


def test_the_scan_finds_the_services_actions():
    actions = written_actions()
    assert {"bloc_year.settings", "unit.rename", "ballot.open", "rule_pack.update"} <= actions


def test_every_action_written_by_a_service_has_a_vietnamese_label():
    missing = sorted(a for a in written_actions() if action_label(a) is None)
    assert missing == []


def test_every_action_of_the_demo_has_a_vietnamese_label(world):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert "bloc_year.advance" in actions
    assert sorted(a for a in actions if action_label(a) is None) == []


def test_every_app_registers_its_labels():
    actions = registry()[0]
    # Actions whose code is built at run time (f-strings) are described too.
    assert {"bloc_year.reopen", "proposal.submitted", "article.publish", "dossier_job.finish"} <= set(actions)
    for prefix in ("unit.", "bloc_year.advance", "score.", "rule_pack.", "ballot.", "proposal.", "article."):
        assert any(a.startswith(prefix) for a in actions), prefix


def test_a_rename_is_described_with_changed_fields(world):
    unit = Unit.objects.get(code="TTR")
    with transaction.atomic():
        before = snapshot(unit, ["name", "short_name", "dissolved_on"])
        after = {**before, "name": "Thanh tra tỉnh (mới)", "dissolved_on": "2025-07-01"}
        event = audit(actor=world.admin, action="unit.rename", obj=unit, before=before, after=after)
    (entry,) = describe([event])
    assert entry.phrase == "đổi tên đơn vị"
    assert entry.type_label == "đơn vị"
    assert entry.sentence.endswith("đổi tên đơn vị: đơn vị “Thanh tra tỉnh”")
    changes = {c.label: (c.old, c.new) for c in entry.changes}
    assert changes == {
        "Tên đầy đủ": ("Thanh tra tỉnh", "Thanh tra tỉnh (mới)"),
        "Ngày giải thể / sáp nhập": ("—", "01/07/2025"),
    }


def test_foreign_keys_and_choices_are_shown_by_name(world):
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    thads, snv = Unit.objects.get(code="THADS"), Unit.objects.get(code="SNV")
    with transaction.atomic():
        event = audit(
            actor=world.admin,
            action="bloc_year.set_leadership",
            obj=by,
            before={"leader_id": thads.pk, "leader_source": ""},
            after={"leader_id": snv.pk, "leader_source": "rotation"},
        )
    changes = {c.label: (c.old, c.new) for c in describe([event])[0].changes}
    assert changes["Trưởng khối"] == (str(thads), "Sở Nội vụ")
    assert changes["Cách chọn trưởng khối"][0] == "—"
    assert changes["Cách chọn trưởng khối"][1] != "rotation"


@pytest.mark.parametrize("action", ["bloc_year.advance"])
def test_the_audit_page_reads_in_vietnamese(world, client_for, action):
    event = AuditEvent.objects.filter(action=action).first()
    html = client_for("admin").get(reverse("core:audit_list"), {"action": action}).content.decode()
    row = re.search(rf'<tr data-action="{re.escape(action)}">.*?</tr>', html, re.S).group(0)
    assert "Chuyển năm thi đua sang giai đoạn tiếp theo" in row
    assert "năm thi đua của khối" in row
    assert action not in row.split(">", 1)[1]  # the code is never shown, only kept as an attribute
    assert f"#{event.object_id}" not in row
    assert "{" not in row and "'" not in row  # no Python dictionary
    if event.before or event.after:
        assert "→" in row
