"""Summaries written before they were kept as data, read back into messages to be translated.

The log is append-only, so old entries keep only their Japanese summary. Each domain registers
the message ids its summaries were written from (the same ids it writes new entries with); a
summary that one of them reproduces exactly becomes that message again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from negotiator.message import LIST_SEPARATOR, Message, Param, label

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclasses.dataclass(frozen=True)
class Legacy:
    template: str
    pattern: re.Pattern[str]
    labels: dict[str, frozenset[str]]
    lists: frozenset[str]


_LEGACY: dict[str, list[Legacy]] = {}


def register(
    action: str,
    templates: Iterable[str],
    *,
    labels: dict[str, Iterable[str]] | None = None,
    lists: Iterable[str] = (),
) -> None:
    """Summaries of `action` were written from these templates; `labels` names the parameters
    that were fixed words (translated again), `lists` those that were joined with 「、」."""
    known = {k: frozenset(v) for k, v in (labels or {}).items()}
    for template in templates:
        pattern = re.compile(_regex(template), re.DOTALL)
        _LEGACY.setdefault(action, []).append(Legacy(template, pattern, known, frozenset(lists)))
    # The most specific template first: "…: %(reason)s" must not swallow "(みなし同意: …)".
    _LEGACY[action].sort(key=lambda legacy: -len(PLACEHOLDER.findall(legacy.template)))


def _regex(template: str) -> str:
    parts = PLACEHOLDER.split(template.replace("%%", "%"))
    # Odd parts are parameter names, even parts literal text.
    return "".join(f"(?P<{part}>.*?)" if i % 2 else re.escape(part) for i, part in enumerate(parts))


def legacy_message(action: str, summary: str) -> Message | None:
    """The message `summary` was written from, if a registered template reproduces it."""
    for legacy in _LEGACY.get(action, ()):
        match = legacy.pattern.fullmatch(summary)
        if match is None:
            continue
        params = {k: _param(legacy, k, v) for k, v in match.groupdict().items()}
        message = Message(legacy.template, params)
        if message.text == summary and all(_fits(legacy, k, v) for k, v in params.items()):
            return message
    return None


def _param(legacy: Legacy, name: str, value: str) -> Param:
    if name in legacy.labels:
        return label(value)
    if name in legacy.lists:
        return value.split(LIST_SEPARATOR)
    return int(value) if value.isdigit() else value


def _fits(legacy: Legacy, name: str, value: Param) -> bool:
    """A fixed word must be one of the words it could have been."""
    if name in legacy.labels:
        return isinstance(value, Message) and value.template in legacy.labels[name]
    return True
