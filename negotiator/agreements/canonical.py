"""Canonical serialisation of agreement content, and the SHA-256 that signatures refer to.

The bytes must never depend on dict order, whitespace, the Python version or the platform,
so that a hash computed at signing can be recomputed years later from the stored content.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date, datetime
from typing import Any

# Written into every serialisation so that a stored hash says which rules produced it.
FORMAT = "negotiator.agreement/1"


def canonical_json(content: Any) -> bytes:
    """Serialise a Document or AgreementInput (or any dataclass of plain values) canonically."""
    if not dataclasses.is_dataclass(content) or isinstance(content, type):
        raise TypeError(f"expected a dataclass instance, got {type(content).__name__}")
    wrapped = {"format": FORMAT, "type": type(content).__name__, "content": _plain(content)}
    text = json.dumps(
        wrapped, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    # Text is deliberately not Unicode-normalised: NFC would rewrite some kanji in names.
    return text.encode("utf-8")


def content_hash(content: Any) -> str:
    """SHA-256 (hex) of the canonical serialisation."""
    return hashlib.sha256(canonical_json(content)).hexdigest()


def _plain(value: Any) -> Any:
    """Convert to JSON values, refusing anything whose text form is not exact and stable."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        # A datetime's meaning depends on its time zone; agreement content holds dates only.
        raise TypeError("datetimes are not agreement content; use a date")
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: _plain(item) for key, item in value.items()}
    # Floats in particular: amounts must arrive as exact text, never as binary fractions.
    raise TypeError(f"cannot serialise {type(value).__name__} canonically")
