from django.urls import path

from thidua.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("xac-thuc-hai-buoc/", views.otp_setup, name="otp_setup"),
    path("xac-thuc-hai-buoc/nhap-ma/", views.otp_verify, name="otp_verify"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("ho-so/", views.profile, name="profile"),
    path("ho-so/ma-api/<int:token_id>/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("quan-ly/", views.user_list, name="user_list"),
    path("quan-ly/them/", views.user_create, name="user_create"),
    path("quan-ly/<int:user_id>/", views.user_edit, name="user_edit"),
]
