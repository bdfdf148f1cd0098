from django.urls import path

from thidua.documents import views

app_name = "documents"

urlpatterns = [
    path("<uuid:key>/tai-ve/", views.download, name="download"),
    path("<uuid:key>/ky-so/", views.signing_page, name="signing"),
    path("<uuid:key>/ky-so/tao-pdf/", views.signing_pdf, name="signing_pdf"),
    path("ban-ky/<uuid:key>/", views.signed_copy, name="signed_copy"),
    path("ban-ky/<uuid:key>/tai-ve/", views.signed_copy_file, name="signed_copy_file"),
]
