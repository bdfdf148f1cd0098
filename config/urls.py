from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("thidua.core.urls")),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("to-chuc/", include("thidua.organisations.urls")),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
]
