from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "thidua.organisations"
    verbose_name = "Tổ chức"
    demo_loader = "thidua.organisations.demo.load"
    hooks = {"todo_items": "thidua.organisations.todo.todo_items"}
