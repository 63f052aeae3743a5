"""The one kind of refusal services raise: a message for the user, and the field it is about."""

from __future__ import annotations

from negotiator.message import Message


class FieldError(ValueError):
    """A refused change; `field` names the form field the message belongs to, if any.

    A pure module raises it with a `Message` (translated where shown, negotiator.i18n); a
    service may pass text already in the user's language. `message` is always text: the
    Japanese of a `Message`.
    """

    def __init__(self, message: str | Message, field: str | None = None) -> None:
        self.msg = message if isinstance(message, Message) else Message(str(message))
        self.message = self.msg.text if isinstance(message, Message) else message
        super().__init__(self.message)
        self.field = field
