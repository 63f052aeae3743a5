"""The one kind of refusal services raise: a message for the user, and the field it is about."""

from __future__ import annotations


class FieldError(ValueError):
    """A refused change; `field` names the form field the message belongs to, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
