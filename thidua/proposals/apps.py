from django.apps import AppConfig

from thidua.core.periodic import Periodic


class ProposalsConfig(AppConfig):
    name = "thidua.proposals"
    verbose_name = "Đề nghị khen thưởng"
    demo_loader = "thidua.proposals.demo.load"
    hooks = {
        "document_access": "thidua.proposals.hooks.document_access",
        "document_signing": "thidua.proposals.hooks.document_signing",
        "document_issued": "thidua.proposals.hooks.document_issued",
        "todo_items": "thidua.proposals.todo.todo_items",
    }
    nav_items = [("Đề nghị khen thưởng", "proposals:proposal_list")]
    # The office's reminders of the MoHA deadlines of central awards (run by the workers).
    periodic_tasks = [
        Periodic(
            "proposals.moha_reminders",
            task="thidua.proposals.tasks.moha_reminders",
            every_setting="THIDUA_REMINDER_INTERVAL",
        )
    ]
    panels = {
        "unit": "thidua.proposals.panels.unit_panel",
        "bloc_year": "thidua.proposals.panels.bloc_year_panel",
    }
