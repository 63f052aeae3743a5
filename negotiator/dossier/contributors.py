"""Where other domains add to the dossier: lists of functions, filled by the dossier itself.

The dossier sits above every domain (negotiator.LAYERS), so it imports what it gathers; a
domain added later (documents, item comments) adds its function to a list here:

- ITEM_SECTIONS: item -> HTML (Markup) printed in the item's PDF record after the positions,
  e.g. the item's discussion (comments) or its 修正案; escaped and self-contained.
- EXTRA_FILES: negotiation -> (path, bytes) pairs put in the ZIP as they are, e.g. the
  documents (資料) as 「資料/第1号/見積書.pdf」. Called when the dossier is asked for (hashed)
  and again when it is built (the bytes whose hash was taken). Never a member's own notes.
- AUDIT_SCOPES: negotiation -> (object_type, ids) pairs whose audit entries belong in the
  excerpt, e.g. ("comment", ids of the negotiation's comments).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from negotiator.negotiation.models import AgendaItem, Negotiation

ITEM_SECTIONS: list[Callable[[AgendaItem], Markup]] = []
EXTRA_FILES: list[Callable[[Negotiation], Iterable[tuple[str, bytes]]]] = []
AUDIT_SCOPES: list[Callable[[Negotiation], Iterable[tuple[str, Iterable[int]]]]] = []
