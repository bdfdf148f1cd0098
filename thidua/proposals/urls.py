from django.urls import path

from thidua.proposals import views, views_council, views_import

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("khoi/<str:code>/<int:year>/", views.bloc_year_proposals, name="bloc_year"),
    path("khoi/<str:code>/<int:year>/tu-hoi-nghi/", views.from_outcomes, name="from_outcomes"),
    path("khoi/<str:code>/<int:year>/them/", views.proposal_create, name="proposal_create"),
    path("khoi/<str:code>/<int:year>/nhap-excel/", views_import.import_start, name="import_start"),
    path(
        "khoi/<str:code>/<int:year>/nhap-excel/mau.xlsx", views_import.import_template, name="import_template"
    ),
    path("khoi/<str:code>/<int:year>/nhap-excel/<uuid:uid>/", views_import.import_job, name="import_job"),
    path(
        "khoi/<str:code>/<int:year>/nhap-excel/<uuid:uid>/tien-do/",
        views_import.import_progress,
        name="import_progress",
    ),
    path("khoi/<str:code>/<int:year>/danh-sach/", views.bloc_list, name="bloc_list"),
    path("khoi/<str:code>/<int:year>/ho-so/", views.dossier_batch, name="dossier_batch"),
    path("ho-so/<uuid:uid>/", views.dossier_job, name="dossier_job"),
    path("ho-so/<uuid:uid>/tien-do/", views.dossier_job_progress, name="dossier_job_progress"),
    path("tiep-nhan-lo/", views.receive_many, name="receive_many"),
    path("hoi-dong/<int:year>/", views.council_meeting, name="council_meeting"),
    path(
        "hoi-dong/<int:year>/phien-moi/", views_council.council_session_create, name="council_session_create"
    ),
    path("hoi-dong/phien/", views_council.council_sessions, name="council_sessions"),
    path("hoi-dong/phien/<uuid:key>/", views_council.council_session, name="council_session"),
    path("hoi-dong/phien/<uuid:key>/mo/", views_council.council_session_open, name="council_session_open"),
    path(
        "hoi-dong/phien/<uuid:key>/dong/", views_council.council_session_close, name="council_session_close"
    ),
    path("hoi-dong/phien/<uuid:key>/bieu-quyet/", views_council.council_ballot, name="council_ballot"),
    path("hoi-dong/phien/<uuid:key>/diem-danh/", views_council.council_check_in, name="council_check_in"),
    path(
        "hoi-dong/phien/<uuid:key>/bieu-quyet/<uuid:proposal>/",
        views_council.council_ballot_vote,
        name="council_ballot_vote",
    ),
    path("quyet-dinh/", views.decision_list, name="decision_list"),
    path("quyet-dinh/them/", views.decision_create, name="decision_create"),
    path("quyet-dinh/<uuid:key>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<uuid:key>/van-ban/", views.decision_document, name="decision_document"),
    path("bang-khen/<uuid:code>/", views.certificate, name="certificate"),
    path("bang-khen/<uuid:code>/van-ban/", views.certificate_document, name="certificate_document"),
    path("bao-cao/", views.reports, name="reports"),
    path("bao-cao/excel/", views.reports_excel, name="reports_excel"),
    path("toan-tinh/", views.province, name="province"),
    path("toan-tinh/<int:year>/ho-so.zip", views.dossier_archive, name="dossier_archive"),
    path("thiet-lap/<int:year>/", views.round_settings, name="round_settings"),
    path("dien-hinh/", views.exemplary_list, name="exemplary_list"),
    path("dien-hinh/them/", views.exemplary_create, name="exemplary_create"),
    path("dien-hinh/anh/<uuid:code>/", views.exemplary_photo, name="exemplary_photo"),
    path("dien-hinh/<uuid:key>/", views.exemplary_detail, name="exemplary_detail"),
    path("dien-hinh/<uuid:key>/anh/", views.exemplary_photo_add, name="exemplary_photo_add"),
    path("dien-hinh/<uuid:key>/cong-bo/", views.exemplary_publish, name="exemplary_publish"),
    path("dien-hinh/<uuid:key>/sua/", views.exemplary_edit, name="exemplary_edit"),
    path(
        "dien-hinh/<uuid:key>/anh/<uuid:code>/xoa/",
        views.exemplary_photo_remove,
        name="exemplary_photo_remove",
    ),
    path("<uuid:key>/", views.proposal_detail, name="proposal_detail"),
    path("<uuid:key>/sua/", views.proposal_edit, name="proposal_edit"),
    path("<uuid:key>/ho-so/", views.dossier_generate, name="dossier_generate"),
    path("<uuid:key>/trinh/", views.proposal_submit, name="proposal_submit"),
    path("<uuid:key>/tiep-nhan/", views.proposal_receive, name="proposal_receive"),
    path("<uuid:key>/gui-bo-noi-vu/", views.proposal_forward, name="proposal_forward"),
    path("<uuid:key>/tra-lai/", views.proposal_return, name="proposal_return"),
    path("<uuid:key>/hoi-dong/", views.council_vote, name="council_vote"),
]
