from django.urls import path

from thidua.awards import views, views_ratings, views_revocation

app_name = "awards"

urlpatterns = [
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("danh-muc/them/", views.award_create, name="award_create"),
    path("bo-quy-tac/", views.pack_list, name="pack_list"),
    path("bo-quy-tac/<slug:code>/", views.pack_detail, name="pack_detail"),
    path("bo-quy-tac/<slug:code>/sao-chep/", views.pack_copy, name="pack_copy"),
    path("bo-quy-tac/<slug:code>/tham-so/", views.pack_edit, name="pack_edit"),
    path("bo-quy-tac/<slug:code>/them-quy-tac/", views.entry_create, name="entry_create"),
    path("bo-quy-tac/<slug:code>/quy-tac/<slug:award>/", views.entry_edit, name="entry_edit"),
    path("luong-co-so/", views.salary_list, name="salary_list"),
    path("lich-su/", views.history, name="history"),
    path("lich-su/xuat/", views.history_export, name="history_export"),
    path("lich-su/nhap/", views.import_start, name="import_start"),
    path("lich-su/nhap/mau.xlsx", views.import_template, name="import_template"),
    path("lich-su/nhap/<uuid:uid>/", views.import_job, name="import_job"),
    path("lich-su/nhap/<uuid:uid>/tien-do/", views.import_progress, name="import_progress"),
    # Revocation of awards (Law 06/2022 Art 93.2)
    path("lich-su/<int:pk>/", views_revocation.record_detail, name="record_detail"),
    path("lich-su/<int:pk>/thu-hoi/", views_revocation.revoke, name="record_revoke"),
    path("thu-hoi/", views_revocation.revocation_list, name="revocation_list"),
    path("thu-hoi/<int:pk>/", views_revocation.revocation_detail, name="revocation_detail"),
    path("thu-hoi/<int:pk>/nop-tien/", views_revocation.payment_create, name="revocation_payment"),
    path("thu-hoi/<int:pk>/hien-vat/", views_revocation.certificate_recovered, name="revocation_certificate"),
    path("xet-dieu-kien/ca-nhan/<int:pk>/", views.eligibility_person, name="eligibility_person"),
    path(
        "xet-dieu-kien/ca-nhan/<int:pk>/cong-tac/",
        views.service_period_create,
        name="service_period_create",
    ),
    path("xet-dieu-kien/don-vi/<str:code>/", views.eligibility_unit, name="eligibility_unit"),
    path("xep-loai/khoi/<str:code>/<int:year>/", views_ratings.collective, name="ratings_collective"),
    path(
        "xep-loai/khoi/<str:code>/<int:year>/xac-nhan/",
        views_ratings.collective_confirm,
        name="ratings_collective_confirm",
    ),
    path("xep-loai/don-vi/<str:code>/<int:year>/", views_ratings.unit_grid, name="ratings_unit"),
]
