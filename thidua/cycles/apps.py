from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "thidua.cycles"
    verbose_name = "Năm thi đua"
    hooks = {"document_access": "thidua.cycles.hooks.document_access"}
    panels = {"bloc_year": "thidua.cycles.panels.bloc_year_panel"}
    nav_items = [("Năm thi đua", "cycles:index")]
    demo_loader = "thidua.cycles.demo.load"
