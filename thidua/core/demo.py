"""Runs every app's demo loader in INSTALLED_APPS order.

An app takes part by naming a loader on its AppConfig: ``demo_loader = "thidua.x.demo.load"``.
Each loader receives the context filled by the loaders before it and must be safe to run twice."""

from django.apps import apps
from django.utils.module_loading import import_string


def run_demo_loaders(*, stdout=None) -> dict:
    context: dict = {}
    for config in apps.get_app_configs():
        loader = getattr(config, "demo_loader", None)
        if loader:
            import_string(loader)(context=context, stdout=stdout)
    return context
