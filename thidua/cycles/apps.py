from django.apps import AppConfig

from thidua.core.periodic import Periodic


class CyclesConfig(AppConfig):
    name = "thidua.cycles"
    verbose_name = "Năm thi đua"
    hooks = {
        "document_access": "thidua.cycles.hooks.document_access",
        "next_year_problems": "thidua.cycles.hooks.next_year_problems",
        "todo_items": "thidua.cycles.todo.todo_items",
    }
    panels = {"bloc_year": "thidua.cycles.panels.bloc_year_panel"}
    nav_items = [("Năm thi đua", "cycles:index")]
    demo_loader = "thidua.cycles.demo.load"
    # Run by the workers (manage.py run_worker): deadline reminders and stages closing at their
    # deadline, every THIDUA_REMINDER_INTERVAL seconds (each reminder and each closing once).
    periodic_tasks = [
        Periodic(
            "cycles.deadline_reminders",
            task="thidua.cycles.tasks.deadline_reminders",
            every_setting="THIDUA_REMINDER_INTERVAL",
        )
    ]
