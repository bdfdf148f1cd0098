from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "thidua.cycles"
    verbose_name = "Năm thi đua"
