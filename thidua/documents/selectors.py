from django.http import Http404

from thidua.documents.models import GeneratedDocument
from thidua.documents.services import can_download


def downloadable_or_404(user, key) -> GeneratedDocument:
    """The document with this UUID if ``user`` may download it; a 404 otherwise (hidden = absent)."""
    document = GeneratedDocument.objects.filter(uuid=key).first()
    if document is None or not can_download(user, document):
        raise Http404
    return document
