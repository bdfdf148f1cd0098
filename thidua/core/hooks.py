"""Hooks let later apps take part in earlier apps' work without being imported by them.

An app names its hooks on its AppConfig, e.g.
    hooks = {"launch_problems": "thidua.scoring.hooks.launch_problems"}
``call_hooks(name, **kwargs)`` calls each installed app's hook of that name, in INSTALLED_APPS
order, and returns the list of results. Names in use (keyword arguments):
  launch_problems(bloc_year) -> list[str]       Vietnamese reasons the year cannot be launched yet
  on_transition(bloc_year, transition, actor)   runs inside the transition's transaction
  candidate_eligibility(bloc_year, kind, unit) -> list[str] | None
                                                Vietnamese eligibility notes shown on ballots
  document_access(user, document) -> bool | None  may this user download a generated document
  document_signing(user, document) -> bool | None  may this user upload a signed PDF of a generated
                                                document of this app (issue 14)
  document_issued(document, signed_copy, actor)  a verified signed PDF of a generated document of
                                                this app was accepted: it is issued now; runs inside
                                                the upload's transaction (ignore others' documents)
  ranking_votes(bloc_year) -> dict[int, int] | None  conference votes per unit id (the "vote" tie-break)
  rubric_published(bloc_year, rubric, actor)   an amendment of the rubric is now in force; runs
                                                inside the publishing transaction
  next_year_problems(bloc_year) -> list[str]    Vietnamese reasons not to offer "start the next
                                                year" yet (e.g. the year is still a draft)
  public_content_changed()                      content shown to the public changed (called after
                                                commit, e.g. an exemplary model published, edited
                                                or withdrawn): drop cached public pages
  todo_items(user) -> list[TodoItem] | None     the user's own tasks (thidua.core.todo.TodoItem) for
                                                the home page's "Việc cần làm"; a fixed number of
                                                queries whatever the number of rows
"""

from __future__ import annotations

import inspect
from typing import Any, Protocol

from django.apps import apps
from django.core import checks
from django.utils.module_loading import import_string


# The contracts (typing.Protocol): what each hook is called with and returns. The system check
# below refuses a hook whose dotted path does not resolve or whose parameters differ.
class LaunchProblems(Protocol):
    def __call__(self, *, bloc_year) -> list[str]: ...


class OnTransition(Protocol):
    def __call__(self, *, bloc_year, transition, actor) -> None: ...


class CandidateEligibility(Protocol):
    def __call__(self, *, bloc_year, kind: str, unit) -> list[str] | None: ...


class DocumentAccess(Protocol):
    def __call__(self, *, user, document) -> bool | None: ...


class DocumentSigning(Protocol):
    def __call__(self, *, user, document) -> bool | None: ...


class DocumentIssued(Protocol):
    def __call__(self, *, document, signed_copy, actor) -> None: ...


class RankingVotes(Protocol):
    def __call__(self, *, bloc_year) -> dict[int, int] | None: ...


class RubricPublished(Protocol):
    def __call__(self, *, bloc_year, rubric, actor) -> None: ...


class NextYearProblems(Protocol):
    def __call__(self, *, bloc_year) -> list[str]: ...


class PublicContentChanged(Protocol):
    def __call__(self) -> None: ...


class TodoItems(Protocol):
    def __call__(self, *, user) -> list | None: ...


class Panel(Protocol):
    def __call__(self, request, obj) -> str | None: ...


class DemoLoader(Protocol):
    def __call__(self, *, context: dict, stdout) -> Any: ...


HOOKS: dict[str, type] = {
    "launch_problems": LaunchProblems,
    "on_transition": OnTransition,
    "candidate_eligibility": CandidateEligibility,
    "document_access": DocumentAccess,
    "document_signing": DocumentSigning,
    "document_issued": DocumentIssued,
    "ranking_votes": RankingVotes,
    "rubric_published": RubricPublished,
    "public_content_changed": PublicContentChanged,
    "next_year_problems": NextYearProblems,
    "todo_items": TodoItems,
}
PANEL_KINDS = {"bloc_year", "unit", "person"}


def call_hooks(name: str, **kwargs) -> list:
    results = []
    for config in apps.get_app_configs():
        path = (getattr(config, "hooks", None) or {}).get(name)
        if path:
            results.append(import_string(path)(**kwargs))
    return results


def nav_items(user=None) -> list[tuple[str, str]]:
    """(label, url name) pairs that apps add to the main menu via ``AppConfig.nav_items``. An entry
    may carry a third element, the dotted path of a predicate ``f(user) -> bool``: the entry is
    shown only to users for whom it is true (a link nobody else could open is not shown)."""
    items = []
    for config in apps.get_app_configs():
        for entry in getattr(config, "nav_items", None) or []:
            label, url_name, *rest = entry
            if rest and user is not None and not import_string(rest[0])(user):
                continue
            items.append((label, url_name))
    return items


def _parameters(func) -> set[str]:
    return {
        name
        for name, p in inspect.signature(func).parameters.items()
        if name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    }


def _resolve(app, attr: str, key: str, path: str, contract, errors: list) -> None:
    where = f"{app.name}: {attr}[{key!r}] = {path!r}"
    try:
        func = import_string(path)
    except ImportError as exc:
        errors.append(checks.Error(f"{where} does not resolve ({exc}).", id="thidua.E001"))
        return
    if not callable(func):
        errors.append(checks.Error(f"{where} is not callable.", id="thidua.E002"))
        return
    if contract is not None:
        expected, found = _parameters(contract.__call__), _parameters(func)
        if contract is Panel:  # called positionally: (request, obj)
            expected, found = len(expected), len(found)
        if found != expected:
            errors.append(
                checks.Error(
                    f"{where} takes {sorted(_parameters(func))}, the contract "
                    f"{contract.__name__} says {sorted(_parameters(contract.__call__))}.",
                    id="thidua.E003",
                )
            )


@checks.register()
def check_extension_points(app_configs=None, **kwargs) -> list:
    """Every hook, panel, menu predicate and demo loader an app names resolves to a callable with
    the parameters of its contract; an unknown hook or panel name is an error too."""
    errors: list = []
    for app in apps.get_app_configs():
        for name, path in (getattr(app, "hooks", None) or {}).items():
            if name not in HOOKS:
                errors.append(checks.Error(f"{app.name}: unknown hook {name!r}.", id="thidua.E004"))
                continue
            _resolve(app, "hooks", name, path, HOOKS[name], errors)
        for kind, path in (getattr(app, "panels", None) or {}).items():
            if kind not in PANEL_KINDS:
                errors.append(checks.Error(f"{app.name}: unknown panel kind {kind!r}.", id="thidua.E004"))
                continue
            _resolve(app, "panels", kind, path, Panel, errors)
        for entry in getattr(app, "nav_items", None) or []:
            if len(entry) > 2:
                _resolve(app, "nav_items", entry[1], entry[2], None, errors)
        if getattr(app, "demo_loader", None):
            _resolve(app, "demo_loader", "load", app.demo_loader, DemoLoader, errors)
    return errors
