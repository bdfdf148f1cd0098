from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    verbose_name = "Văn bản"
