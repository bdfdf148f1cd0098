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
  ranking_votes(bloc_year) -> dict[int, int] | None  conference votes per unit id (the "vote" tie-break)
  rubric_published(bloc_year, rubric, actor)   an amendment of the rubric is now in force; runs
                                                inside the publishing transaction
  public_content_changed()                      content shown to the public changed (called after
                                                commit, e.g. an exemplary model published, edited
                                                or withdrawn): drop cached public pages
"""

from django.apps import apps
from django.utils.module_loading import import_string


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
