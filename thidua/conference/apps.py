from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "thidua.conference"
    verbose_name = "Hội nghị tổng kết"
