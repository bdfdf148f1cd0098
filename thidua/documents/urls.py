from django.urls import path

from thidua.documents import views

app_name = "documents"

urlpatterns = [
    path("<uuid:key>/tai-ve/", views.download, name="download"),
]
