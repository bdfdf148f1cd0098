from django.urls import path
from django.views.generic import RedirectView

app_name = "portal"

# The public portal (issue 7) replaces this redirect with its home page.
urlpatterns = [path("", RedirectView.as_view(pattern_name="core:dashboard"), name="home")]
