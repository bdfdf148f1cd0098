from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    verbose_name = "Khen thưởng"
    demo_loader = "thidua.awards.demo.load"
    panels = {"person": "thidua.awards.panels.person_panel", "unit": "thidua.awards.panels.unit_panel"}
    nav_items = [("Khen thưởng", "awards:history")]
