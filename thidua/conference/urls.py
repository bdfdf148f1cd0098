from django.urls import path

from thidua.conference import views

app_name = "conference"

urlpatterns = [
    path("", views.index, name="index"),
    path("khoi/<str:code>/<int:year>/tao/", views.create, name="create"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/sua/", views.edit, name="edit"),
    path("<uuid:pk>/dien-lai/", views.prefill, name="prefill"),
    path("<uuid:pk>/diem-danh/", views.attendance, name="attendance"),
    path("<uuid:pk>/the-bo-phieu/", views.passes, name="passes"),
    path("<uuid:pk>/the-bo-phieu/<str:code>.svg", views.pass_qr, name="pass_qr"),
    path("<uuid:pk>/bien-ban.docx", views.minutes, name="minutes"),
    path("<uuid:pk>/bien-ban-kiem-phieu.docx", views.count_minutes, name="count_minutes"),
    path("<uuid:pk>/bieu-quyet/them/", views.ballot_create, name="ballot_create"),
    path("bieu-quyet/<uuid:pk>/", views.ballot_detail, name="ballot_detail"),
    path("bieu-quyet/<uuid:pk>/sua/", views.ballot_edit, name="ballot_edit"),
    path("bieu-quyet/<uuid:pk>/mo/", views.ballot_open, name="ballot_open"),
    path("bieu-quyet/<uuid:pk>/ket-thuc/", views.ballot_close, name="ballot_close"),
    path("bieu-quyet/<uuid:pk>/vong-sau/", views.ballot_runoff, name="ballot_runoff"),
    path("bieu-quyet/<uuid:pk>/phat-phieu-giay/", views.paper_issue, name="paper_issue"),
    path("bieu-quyet/<uuid:pk>/tap-phieu/", views.paper_count, name="paper_count"),
    path("bieu-quyet/<uuid:pk>/tap-phieu/<int:number>/kiem-lai/", views.paper_recount, name="paper_recount"),
    path("bieu-quyet/<uuid:pk>/trinh-chieu/", views.projector, name="projector"),
    path("bieu-quyet/<uuid:pk>/bien-nhan/", views.receipts, name="receipts"),
    path("bieu-quyet/<uuid:pk>/kiem-phieu.json", views.tally, name="tally"),
    # The delegate's phone: no token in any path or query (see access.py).
    path("bo-phieu/", views.vote, name="vote"),
    path("bo-phieu/vao/", views.vote_enter, name="vote_enter"),
]
