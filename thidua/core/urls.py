from django.urls import path

from thidua.core import views

app_name = "core"

urlpatterns = [
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
