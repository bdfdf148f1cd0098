from django.urls import path

from thidua.cycles import views

app_name = "cycles"

Y = "<str:code>/<int:year>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("chuong-trinh/", views.programmes, name="programmes"),
    path("chuong-trinh/<int:pk>/sua/", views.programme_edit, name="programme_edit"),
    path(Y, views.year_detail, name="year_detail"),
    path(Y + "chuyen-buoc/", views.year_advance, name="year_advance"),
    path(Y + "mo-lai/", views.year_reopen, name="year_reopen"),
    path(Y + "van-ban/<str:kind>/", views.generate_document, name="generate_document"),
    path(Y + "quy-che/", views.regulations, name="regulations"),
    path(Y + "quy-che/tep/", views.regulations_file, name="regulations_file"),
    path(Y + "thiet-lap/", views.settings_edit, name="settings_edit"),
    path(Y + "giao-uoc/", views.agreement, name="agreement"),
    path(Y + "giao-uoc/noi-dung/them/", views.key_content_add, name="key_content_add"),
    path(Y + "giao-uoc/noi-dung/<int:pk>/sua/", views.key_content_edit, name="key_content_edit"),
    path(Y + "giao-uoc/noi-dung/<int:pk>/xoa/", views.key_content_delete, name="key_content_delete"),
    path(Y + "giao-uoc/noi-dung/<int:pk>/di-chuyen/", views.key_content_move, name="key_content_move"),
    path(Y + "giao-uoc/ky/<str:unit_code>/", views.signature_edit, name="signature_edit"),
    path(Y + "giao-uoc/ky/<str:unit_code>/ban-quet/", views.signature_scan, name="signature_scan"),
    path(Y + "tieu-chi/", views.rubric, name="rubric"),
    path(Y + "tieu-chi/bat-dau/", views.rubric_start, name="rubric_start"),
    path(Y + "tieu-chi/them/", views.rubric_item_add, name="rubric_item_add"),
    path(Y + "tieu-chi/<int:pk>/sua/", views.rubric_item_edit, name="rubric_item_edit"),
    path(Y + "tieu-chi/<int:pk>/xoa/", views.rubric_item_delete, name="rubric_item_delete"),
    path(Y + "tieu-chi/<int:pk>/di-chuyen/", views.rubric_item_move, name="rubric_item_move"),
    path(Y + "tieu-chi/tong-diem/", views.rubric_total, name="rubric_total"),
    path(Y + "tieu-chi/sao-chep/", views.rubric_copy, name="rubric_copy"),
    path(Y + "tieu-chi/nhap-excel/", views.rubric_import, name="rubric_import"),
    path(Y + "tieu-chi/sua-doi/", views.rubric_amend, name="rubric_amend"),
    path(Y + "tieu-chi/ban-hanh/", views.rubric_publish, name="rubric_publish"),
    path(Y + "tieu-chi/huy-sua-doi/", views.rubric_discard, name="rubric_discard"),
    path(Y + "phong-trao/", views.movements, name="movements"),
    path(Y + "phong-trao/<int:pk>/sua/", views.movement_edit, name="movement_edit"),
    path(Y + "phong-trao/<int:pk>/xoa/", views.movement_delete, name="movement_delete"),
]
