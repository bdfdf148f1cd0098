from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    """The baseline: the full middleware stack and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), path("", include("config.urls"))]
