from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api
from thidua.organisations.views import dashboard

# A database error raised outside the views (the session saved on the way out) is a 503 too.
handler500 = "thidua.core.handlers.server_error"

urlpatterns = [
    path("ung-dung/", dashboard, name="dashboard"),
    path("ung-dung/", include("thidua.core.urls")),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("to-chuc/", include("thidua.organisations.urls")),
    path("nam-thi-dua/", include("thidua.cycles.urls")),
    path("cham-diem/", include("thidua.scoring.urls")),
    path("khen-thuong/", include("thidua.awards.urls")),
    path("hoi-nghi/", include("thidua.conference.urls")),
    path("de-nghi/", include("thidua.proposals.urls")),
    path("van-ban/", include("thidua.documents.urls")),
    path("bao-cao-thong-ke/", include("thidua.statistics.urls")),
    path("api/v1/", api.urls),
    # The admin site signs in through ThiDua's throttled login page.
    path("quan-tri/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("quan-tri/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("thidua/favicon.svg"))),
    path("", include("thidua.portal.urls")),
]
