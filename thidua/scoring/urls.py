from django.urls import path

from thidua.scoring import views

app_name = "scoring"

Y = "<str:code>/<int:year>/"
U = Y + "don-vi/<str:unit>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("minh-chung/<uuid:pk>/", views.evidence_download, name="evidence_download"),
    path("minh-chung/<uuid:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path("don-vi/<str:unit>/qua-cac-nam/", views.unit_years, name="unit_years"),
    path(Y, views.year, name="year"),
    path(Y + "xep-hang/", views.ranking, name="ranking"),
    path(Y + "bang-diem.xlsx", views.table_xlsx, name="table_xlsx"),
    path(Y + "phan-cong/", views.assign, name="assign"),
    path(Y + "phan-cong/<int:pk>/doi/", views.assignment_change, name="assignment_change"),
    path(Y + "cong-bo/", views.publish, name="publish"),
    path(U, views.sheet, name="sheet"),
    path(U + "luu/", views.score_save, name="score_save"),
    path(U + "minh-chung/", views.evidence_upload, name="evidence_upload"),
    path(U + "nop/", views.submit, name="submit"),
    path(U + "lich-su/", views.history, name="history"),
    path(U + "mau.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
    path(U + "nhap-excel/", views.sheet_import, name="sheet_import"),
    path(U + "tham-dinh/", views.review, name="review"),
    path(U + "tham-dinh/luu/", views.review_save, name="review_save"),
    path(U + "tham-dinh/xong/", views.review_complete, name="review_complete"),
    path(U + "tra-lai/", views.send_back, name="send_back"),
    path(U + "chot/", views.finalise, name="finalise"),
    path(U + "thong-nhat-diem/", views.moderate, name="moderate"),
    path(U + "ket-thuc/", views.close_out, name="close_out"),
    path(U + "ket-thuc/mo-lai/", views.close_out_reopen, name="close_out_reopen"),
]
