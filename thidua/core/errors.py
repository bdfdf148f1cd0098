"""Errors raised by services. Messages are Vietnamese and name the field they concern."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["NotFound", "PermissionDenied", "ValidationError", "field_error"]


class NotFound(Exception):
    """The object does not exist or is not visible to the actor (both answer 404)."""


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def error_messages(exc: ValidationError) -> dict[str, list[str]]:
    """Flatten a ValidationError into {field: [messages]} with "__all__" for non-field errors."""
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}
