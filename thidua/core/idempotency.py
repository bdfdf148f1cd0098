"""A double click creates once.

Every POST form carries a hidden ``idempotency_key`` (a fresh UUID per rendered page:
``{% load idempotency %}{% idempotency_key %}``, also put in by ``includes/form.html``); API
clients send the header ``Idempotency-Key``. A create view wrapped in ``@idempotent`` (an API
operation in ``@idempotent_operation``) then runs in one transaction that first inserts the
(user, key, path) row of ``IdempotencyKey`` and at its end stores the answer (the redirect, or the
API's status and JSON body) in it. A second request with the same key waits for that transaction
(the unique constraint: PostgreSQL blocks the second insert until the first commits, SQLite's
IMMEDIATE transactions take turns), meets the IntegrityError and answers the stored response: it
lands where the first click landed, and nothing is created twice. A request that did not succeed
(the form shown again with its errors, a 4xx from the API) stores nothing, so that it may be sent
again. A request without a key works as before. Keys are forgotten after ``KEEP``
(the periodic task ``core.idempotency_prune``)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from ninja.decorators import decorate_view

from thidua.core.models import IdempotencyKey

logger = logging.getLogger(__name__)

FIELD = "idempotency_key"
HEADER = "Idempotency-Key"
KEEP = dt.timedelta(days=1)
MAX_KEY_LENGTH = 64
MAX_STORED_BODY = 1_000_000  # characters; a larger answer is not kept (the request is not replayed)
KEPT_HEADERS = ("Location", "Content-Type", "HX-Redirect", "HX-Location", "HX-Refresh")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
REPLAYED_HEADER = "Idempotent-Replayed"
REPLAY_MESSAGE = "Thao tác này đã được thực hiện (bấm hai lần); đây là kết quả của lần bấm đầu tiên."
TOKEN_REPLAYED = (
    "Mã truy cập này đã được tạo ở lần bấm (lần gửi) đầu tiên; mã chỉ hiển thị một lần nên không "
    "hiện lại. Nếu chưa lưu được mã, hãy thu hồi mã này và tạo mã mới."
)
BUSY_MESSAGE = "Yêu cầu giống hệt đang được xử lý; hãy tải lại trang sau giây lát."


class IdempotencyKeyForm(forms.Form):
    idempotency_key = forms.UUIDField(required=False)


class _Refused(Exception):
    """The create answered None: the key's row is rolled back with it."""


class _Taken(Exception):
    """Another request with the same key has committed (or holds) its row."""


def request_key(request, *, form: bool = True) -> str:
    """The key the request carries: the ``Idempotency-Key`` header (at most 64 characters), else
    the form's hidden ``idempotency_key`` (a UUID); "" when there is none or it is malformed.
    ``form=False`` (django-ninja operations, which read the body themselves: parsing a multipart
    body here would leave them none) looks at the header only."""
    header = request.headers.get(HEADER, "").strip()
    if header:
        return header if len(header) <= MAX_KEY_LENGTH and header.isprintable() else ""
    if not form or request.content_type not in FORM_CONTENT_TYPES:
        return ""
    form = IdempotencyKeyForm(request.POST)
    if form.is_valid() and form.cleaned_data[FIELD]:
        return str(form.cleaned_data[FIELD])
    return ""


def _succeeded(response, *, api: bool) -> bool:
    """A view succeeded when it redirects (HTMX: ``HX-Redirect``/``HX-Location``); a page answered
    with 200 is the form shown again with its errors. An API operation succeeded on any 2xx."""
    if getattr(response, "streaming", False):
        return False
    if 300 <= response.status_code < 400:
        return True
    if not 200 <= response.status_code < 300 or len(response.content) > MAX_STORED_BODY:
        return False
    return api or response.has_header("HX-Redirect") or response.has_header("HX-Location")


def _store(row: IdempotencyKey, response) -> None:
    row.status = response.status_code
    row.headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    row.body = response.content.decode(response.charset or "utf-8", errors="replace")
    row.save(update_fields=["status", "headers", "body"])


def _stored(user, key: str, path: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(user=user, key=key, path=path).first()


def _replay(request, row: IdempotencyKey, *, api: bool) -> HttpResponse:
    response = HttpResponse(row.body, status=row.status)
    for name, value in row.headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    if not api:
        messages.info(request, REPLAY_MESSAGE)
    return response


def _user(request, view):
    """The signed-in user; for an API operation (``view`` is ``Operation.run``) after the API's own
    authentication (a bearer token sets ``request.user`` only then)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    operation = getattr(view, "__self__", None)
    if operation is not None and hasattr(operation, "_run_authentication"):
        # django-ninja runs it again inside run(); a failure is answered there as usual.
        operation._run_authentication(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
    return None


def _idempotent(view, *, api: bool):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        key = request_key(request, form=not hasattr(getattr(view, "__self__", None), "_run_authentication"))
        user = _user(request, view) if key else None
        if user is None:
            return view(request, *args, **kwargs)
        path = request.path[: IdempotencyKey._meta.get_field("path").max_length]
        for _attempt in range(2):
            row = _stored(user, key, path)
            if row is not None:
                return _replay(request, row, api=api)
            try:
                with transaction.atomic():
                    try:
                        with transaction.atomic():
                            row = IdempotencyKey.objects.create(user=user, key=key, path=path)
                    except IntegrityError as exc:
                        raise _Taken from exc
                    response = view(request, *args, **kwargs)
                    if _succeeded(response, api=api):
                        _store(row, response)
                    else:
                        row.delete()
                return response
            except _Taken:
                continue  # the other request committed first: read its outcome
        logger.warning("idempotency key %s on %s: taken but no stored outcome", key, path)
        if api:
            return JsonResponse({"detail": BUSY_MESSAGE, "errors": {}}, status=409)
        return HttpResponse(BUSY_MESSAGE, status=409, content_type="text/plain; charset=utf-8")

    wrapper.idempotent = True  # found by the test that double-submits every create (tests/)
    return wrapper


def idempotent(view):
    """Decorator of a create view (put it below ``@login_required``): see the module's docstring."""
    return _idempotent(view, api=False)


def idempotent_json(view):
    """Decorator of a view that answers JSON like the API (the editor's image upload): any 2xx
    answer is stored and replayed, without the flash message."""
    return _idempotent(view, api=True)


def once(request, create, replay):
    """For a create whose answer may not be stored: the one-time secret of an API token. The row
    of ``IdempotencyKey`` keeps only the new object's primary key (``{"pk": ...}``), never the
    answer; ``create()`` returns the object (and may raise to refuse: nothing is stored), and a
    second request with the same key gets ``replay(pk)`` instead. Without a key: ``create()``. A
    create that answers None (refused) stores nothing."""
    key = request_key(request) if request.method == "POST" else ""
    user = getattr(request, "user", None)
    if not key or user is None or not user.is_authenticated:
        return create()
    path = request.path[: IdempotencyKey._meta.get_field("path").max_length]
    for _attempt in range(2):
        row = _stored(user, key, path)
        if row is not None and row.status:
            return replay(json.loads(row.body or "{}").get("pk"))
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        row = IdempotencyKey.objects.create(user=user, key=key, path=path)
                except IntegrityError as exc:
                    raise _Taken from exc
                result = create()
                if result is None:  # refused (``call_service`` put the errors on the form)
                    raise _Refused
                obj = result[0] if isinstance(result, tuple) else result
                row.status = 201
                row.body = json.dumps({"pk": obj.pk})
                row.save(update_fields=["status", "body"])
            return result
        except _Refused:
            return None
        except _Taken:
            continue
    logger.warning("idempotency key %s on %s: taken but no stored outcome", key, path)
    return replay(None)


def _idempotent_run(run):
    return _idempotent(run, api=True)


# Put below ``@router.post(...)``: wraps the operation's whole run (authentication, the call, the
# JSON answer), so the stored answer is the one the first client received.
idempotent_operation = decorate_view(_idempotent_run)


def prune(now: dt.datetime | None = None) -> int:
    """Forget keys older than ``KEEP``; the number of rows removed."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
