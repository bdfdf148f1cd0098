"""The QR code printed on a certificate (Bằng khen, Giấy khen, issue 14): it opens the public
record of the award on the portal (``portal:award_record``, keyed by the certificate code), which
shows only what the recipient's publication consent allows and says so when the award has been
revoked.

The absolute address is built from the request, as the conference's voting cards build theirs
(``thidua.conference.views.vote_link``). The SVG is inlined in the page: the CSP allows no
remote image, and an inline SVG prints sharp at any size."""

import segno
from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()


def record_url(request, code) -> str:
    """The public record page of the certificate ``code``: absolute when a request is known."""
    path = reverse("portal:award_record", args=[code])
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag(takes_context=True)
def certificate_qr_url(context, item) -> str:
    return record_url(context.get("request"), item.certificate_code)


@register.simple_tag(takes_context=True)
def certificate_qr(context, item, scale: int = 3):
    """Inline SVG of the QR code of ``item`` (a ``DecisionItem``)."""
    url = record_url(context.get("request"), item.certificate_code)
    svg = segno.make(url, error="m").svg_inline(
        scale=scale, border=2, omitsize=True, title="Mã QR xác thực khen thưởng trên cổng thông tin"
    )
    return mark_safe(svg)  # segno's own SVG: the URL is encoded as modules, never as text
