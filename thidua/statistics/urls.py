from django.urls import path

from thidua.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/<str:body>/", views.report, name="report"),
    path("<int:year>/<str:body>/o/", views.cell, name="cell"),
    path("<int:year>/<str:body>/xuat/", views.export, name="export"),
    path("<int:year>/<str:body>/chot/", views.submit, name="submit"),
    path("<int:year>/<str:body>/dieu-chinh/", views.correct, name="correct"),
]
