from django.urls import path

from thidua.organisations import views

app_name = "organisations"

urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<str:code>/sua/", views.unit_edit, name="unit_edit"),
    path("don-vi/<str:code>/doi-ten/", views.unit_rename, name="unit_rename"),
    path("don-vi/<str:code>/giai-the/", views.unit_dissolve, name="unit_dissolve"),
    path("khoi/", views.bloc_list, name="bloc_list"),
    path("khoi/them/", views.bloc_create, name="bloc_create"),
    path("khoi/<str:code>/", views.bloc_detail, name="bloc_detail"),
    path("khoi/<str:code>/sua/", views.bloc_edit, name="bloc_edit"),
    path("khoi/<str:code>/luan-phien/", views.bloc_rotation, name="bloc_rotation"),
    path("khoi/<str:code>/nam/them/", views.bloc_year_create, name="bloc_year_create"),
    path("khoi/<str:code>/<int:year>/", views.bloc_year_detail, name="bloc_year_detail"),
    path(
        "khoi/<str:code>/<int:year>/thanh-vien/them/",
        views.bloc_year_add_members,
        name="bloc_year_add_members",
    ),
    path(
        "khoi/<str:code>/<int:year>/thanh-vien/rut/",
        views.bloc_year_remove_member,
        name="bloc_year_remove_member",
    ),
    path(
        "khoi/<str:code>/<int:year>/nam-sau/",
        views.bloc_year_start_next,
        name="bloc_year_start_next",
    ),
    path(
        "khoi/<str:code>/<int:year>/xac-nhan-truong-khoi/",
        views.bloc_year_confirm,
        name="bloc_year_confirm",
    ),
    path(
        "khoi/<str:code>/<int:year>/thu-ky-khoi/",
        views.bloc_year_secretary,
        name="bloc_year_secretary",
    ),
    path(
        "khoi/<str:code>/<int:year>/truong-pho-khoi/",
        views.bloc_year_set_leadership,
        name="bloc_year_set_leadership",
    ),
    path("ca-nhan/", views.person_list, name="person_list"),
    path("ca-nhan/them/", views.person_create, name="person_create"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/sua/", views.person_edit, name="person_edit"),
]
