"""Public pages of the award history (issues 14 and 20): the register ("Tra cứu khen thưởng"),
the record page a certificate's QR code opens, and the open statistics with their charts.
The rules (in force only, individuals only with consent) live in ``public_awards``."""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET

from thidua.core.views_helpers import query_string_without_page
from thidua.portal import public_awards
from thidua.portal.views import _fill, _render_public, _serve

REGISTER_PAGE_SIZE = 50


def _year(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and 1945 <= int(value) <= 2200 else None


@require_GET
def award_register(request):
    """Awards in force, collectives always, individuals only with their consent. Not cached:
    the answer depends on the query (like the article search)."""
    query = request.GET.get("q", "").strip()[:100]
    year = _year(request.GET.get("year", ""))
    award = request.GET.get("award", "").strip()[:30]
    page = Paginator(
        public_awards.register(query=query, year=year, award=award), REGISTER_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    html = _render_public(
        "portal/award_register.html",
        {
            "page_obj": page,
            "rows": public_awards.entries(page.object_list),
            "register_query": query,
            "year": year or "",
            "award": award,
            "awards": public_awards.award_choices(),
            "qs": query_string_without_page(request),
        },
    )
    return _fill(request, html)


@require_GET
def award_record(request, code):
    """The public record of one certificate (its QR code opens it). Not cached: a revocation or
    a withdrawn consent shows at once."""
    record = public_awards.record_by_code(code)
    if record is None:
        raise Http404
    return _fill(request, _render_public("portal/award_record.html", {"r": record}))


@require_GET
def open_statistics(request):
    """Charts and tables of the awards in force by year, award and bloc (counts only)."""
    today = timezone.localdate()

    def build():
        groups = {g: public_awards.open_statistics(g, today) for g in public_awards.GROUPS}
        charts = {
            g: {
                "labels": [r.label for r in rows],
                "collective": [r.collective for r in rows],
                "individual": [r.individual for r in rows],
            }
            for g, rows in groups.items()
        }
        html = _render_public(
            "portal/open_statistics.html",
            {
                "groups": [(g, public_awards.GROUPS[g], groups[g]) for g in public_awards.GROUPS],
                "charts": charts,
                "total": sum(r.total for r in groups["year"]),
                "as_of": today,
            },
        )
        return html, None

    return _serve(request, f"open-statistics:{today.isoformat()}", build)
