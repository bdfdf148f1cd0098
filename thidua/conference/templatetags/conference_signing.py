"""The signing state of a conference's minutes (issue 14), for its page: for the minutes and the
vote-count minutes, the newest generated file (its PDF when made), whether a signed PDF of it
verified, and whether the user may open its signing page to upload one (the ``document_signing``
hook: whoever manages the conference)."""

from django import template

from thidua.documents.models import SignedCopy
from thidua.documents.services import documents_for
from thidua.documents.signing import can_sign

register = template.Library()

KINDS = [("conference_minutes", "Biên bản hội nghị"), ("vote_count_minutes", "Biên bản kiểm phiếu")]


@register.simple_tag(takes_context=True)
def minutes_signing(context, conference) -> list[dict]:
    user = context["request"].user
    files = documents_for(conference)
    rows = []
    for kind, label in KINDS:
        mine = [f for f in files if f.kind == kind]  # newest first
        if not mine:
            rows.append({"kind": kind, "label": label, "document": None})
            continue
        newest = mine[0]
        pdfs = [f for f in mine if f.file_format == "pdf" and f.inputs_hash == newest.inputs_hash]
        document = pdfs[0] if pdfs else newest
        issued = next((f for f in mine if f.issued_at is not None), None)
        signed = SignedCopy.objects.filter(document=issued).first() if issued else None
        rows.append(
            {
                "kind": kind,
                "label": label,
                "document": document,
                "signed": signed,
                # A signed copy of an earlier version: the record changed after signing.
                "outdated": issued is not None and issued.inputs_hash != newest.inputs_hash,
                "may_sign": can_sign(user, document),
            }
        )
    return rows
