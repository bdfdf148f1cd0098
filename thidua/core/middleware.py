import uuid
from contextvars import ContextVar

current_request_id: ContextVar[uuid.UUID | None] = ContextVar("current_request_id", default=None)


class RequestIdMiddleware:
    """Gives every request an id that audit events carry, so one user action can be traced."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4()
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-Id"] = str(request_id)
        return response
