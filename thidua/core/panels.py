"""Panels let later apps add sections to earlier apps' pages without being imported by them.

An app names its panels on its AppConfig, e.g.
    panels = {"bloc_year": "thidua.cycles.panels.bloc_year_panel"}
A panel is ``callable(request, obj) -> str | None`` returning rendered HTML (or nothing). Pages
of organisations (``bloc_year``, ``unit``, ``person``) render the panels of every installed app
in INSTALLED_APPS order, so dependencies keep pointing from later apps to earlier ones."""

from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe


def render_panels(kind: str, request, obj) -> list[str]:
    html = []
    for config in apps.get_app_configs():
        path = (getattr(config, "panels", None) or {}).get(kind)
        if path:
            fragment = import_string(path)(request, obj)
            if fragment:
                html.append(mark_safe(fragment))
    return html
