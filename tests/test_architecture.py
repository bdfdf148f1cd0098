"""The architecture as tests: the declared layers hold, imports sit at module top, and every
extension point an app names (hooks, panels, menu predicates, demo loaders) resolves to a callable
of its contract."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core import checks

from thidua.core.hooks import check_extension_points

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    """lint-imports reads the contracts in pyproject.toml (also run by run.py test before pytest)."""
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 2 kept, 0 broken." in proc.stdout


def test_a_back_pointing_import_breaks_the_contract(tmp_path):
    """Copy the package, make core import proposals, and the layers contract fails."""
    import shutil

    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "thidua", copy / "thidua", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    bad = copy / "thidua" / "core" / "bad.py"
    bad.write_text("from thidua.proposals import choices  # a layer pointing back\n")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode != 0
    assert "thidua.core.bad -> thidua.proposals.choices" in proc.stdout


def _function_level_imports():
    for path in sorted((ROOT / "thidua").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        lines = text.splitlines()
        tree = ast.parse(text)
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    here = lines[node.lineno - 1] + (lines[node.lineno - 2] if node.lineno > 1 else "")
                    if "cycle-breaker" not in here.lower():
                        yield f"{path.relative_to(ROOT)}:{node.lineno}"


def test_imports_sit_at_module_top():
    """An import inside a function hides a dependency from readers and tools; the only ones left
    say why with a ``cycle-breaker`` comment."""
    assert list(_function_level_imports()) == []


def test_every_extension_point_resolves():
    assert check_extension_points() == []


def test_a_broken_hook_path_is_a_system_check_error(monkeypatch):
    config = apps.get_app_config("scoring")
    monkeypatch.setattr(config, "hooks", {**config.hooks, "launch_problems": "thidua.scoring.hooks.nope"})
    errors = check_extension_points()
    assert [e.id for e in errors] == ["thidua.E001"]
    assert all(isinstance(e, checks.Error) for e in errors)


def test_a_hook_with_other_parameters_breaks_its_contract(monkeypatch):
    config = apps.get_app_config("portal")
    monkeypatch.setattr(config, "hooks", {"public_content_changed": "thidua.core.text.fold"})
    assert [e.id for e in check_extension_points()] == ["thidua.E003"]


@pytest.mark.parametrize("attr,value", [("hooks", {"no_such_hook": "thidua.core.text.fold"})])
def test_an_unknown_hook_name_is_refused(monkeypatch, attr, value):
    monkeypatch.setattr(apps.get_app_config("cycles"), attr, value)
    assert [e.id for e in check_extension_points()] == ["thidua.E004"]
