from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "thidua.conference"
    verbose_name = "Hội nghị tổng kết"
    demo_loader = "thidua.conference.demo.load"
    nav_items = [("Hội nghị tổng kết", "conference:index")]
    hooks = {
        "document_access": "thidua.conference.documents.document_access",
        "ranking_votes": "thidua.conference.hooks.ranking_votes",
        "document_signing": "thidua.conference.hooks.document_signing",
    }
    panels = {"bloc_year": "thidua.conference.panels.bloc_year_panel"}
