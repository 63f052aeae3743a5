"""Messages as data: a Japanese message id with parameters, translated only when shown.

Pure: no Flask. The core and the services build a :class:`Message`; the web layer turns it into
the reader's language (negotiator/i18n.py). Parameters are user data (names, titles, typed text:
shown as typed, marked lang="ja"), numbers, lists of user data, or other messages (labels such as
a stance, translated in turn). ``text`` is the Japanese rendering, which the audit log hashes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Union

Param = Union[str, int, "Message", list[str]]
# Joins a list parameter; translated as a message id of its own.
LIST_SEPARATOR = "、"


def N_(message: str) -> str:
    """Mark a message id for extraction (pybabel -k N_); translated where it is shown."""
    return message


@dataclasses.dataclass(frozen=True)
class Message:
    template: str
    params: Mapping[str, Param] = dataclasses.field(default_factory=dict)

    @property
    def text(self) -> str:
        """The Japanese text (the message id filled in)."""
        return fill(self.template, {k: _japanese(v) for k, v in self.params.items()})

    def to_json(self) -> dict[str, Any]:
        return {"t": self.template, "p": {k: _encode(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        return cls(data["t"], {k: _decode(v) for k, v in data.get("p", {}).items()})


def say(template: str, **params: Param) -> Message:
    """A message with parameters; the template is extracted for translation (pybabel -k say)."""
    return Message(template, params)


def concat(*parts: Message | str) -> Message:
    """Messages (or user data) one after the other, each translated on its own."""
    template = "".join(f"%(p{i})s" for i in range(len(parts)))
    return Message(template, {f"p{i}": part for i, part in enumerate(parts)})


def label(msgid: str) -> Message:
    """A fixed word to be translated where shown (a stance, a state); extracted (-k label)."""
    return Message(msgid)


def fill(template: str, values: Mapping[str, object]) -> str:
    """`template % values` as gettext does it: no parameters, no formatting (a bare % stays)."""
    return template % values if values else template


def _japanese(value: Param) -> str | int:
    if isinstance(value, Message):
        return value.text
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value


def _encode(value: Param) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    return list(value) if isinstance(value, list | tuple) else value


def _decode(value: Any) -> Param:
    if isinstance(value, dict):
        return Message.from_json(value)
    return value
