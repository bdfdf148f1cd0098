from django.urls import path

from thidua.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/<str:body>/", views.report, name="report"),
    path("<int:year>/<str:body>/o/", views.cell, name="cell"),
    path("<int:year>/<str:body>/xuat/", views.export, name="export"),
    path("<int:year>/<str:body>/xuat/chay-nen/", views.export_start, name="export_start"),
    path("xuat/<uuid:uid>/", views.export_job, name="export_job"),
    path("xuat/<uuid:uid>/tien-do/", views.export_progress, name="export_progress"),
    path("xuat/<uuid:uid>/tai/", views.export_download, name="export_download"),
    path("<int:year>/<str:body>/chot/", views.submit, name="submit"),
    path("<int:year>/<str:body>/dieu-chinh/", views.correct, name="correct"),
]
