from django.http import Http404

from thidua.documents.models import GeneratedDocument, SignedCopy
from thidua.documents.services import can_download


def downloadable_or_404(user, key) -> GeneratedDocument:
    """The document with this UUID if ``user`` may download it; a 404 otherwise (hidden = absent)."""
    document = GeneratedDocument.objects.filter(uuid=key).first()
    if document is None or not can_download(user, document):
        raise Http404
    return document


def signed_copy_or_404(user, key) -> SignedCopy:
    """A signed copy is seen by whoever may download its document."""
    copy = SignedCopy.objects.select_related("document", "uploaded_by").filter(uuid=key).first()
    if copy is None or not can_download(user, copy.document):
        raise Http404
    return copy
