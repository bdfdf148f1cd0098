from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    verbose_name = "Chấm điểm"
    demo_loader = "thidua.scoring.demo.load"
    hooks = {
        "launch_problems": "thidua.scoring.hooks.launch_problems",
        "on_transition": "thidua.scoring.hooks.on_transition",
        "rubric_published": "thidua.scoring.hooks.rubric_published",
        "todo_items": "thidua.scoring.todo.todo_items",
    }
    nav_items = [("Chấm điểm", "scoring:index")]
    # Where rows name files (manage.py check_files, thidua.core.files).
    file_stores = ["thidua.scoring.files.file_stores"]
    panels = {
        "bloc_year": "thidua.scoring.panels.bloc_year_panel",
        "unit": "thidua.scoring.panels.unit_panel",
    }
