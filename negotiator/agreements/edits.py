"""What every party sees before signing: where the wording differs from the agreed texts."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from negotiator.agreements.models import Agreement, AgreementArticle
from negotiator.i18n import translated
from negotiator.negotiation.diff import DIFF_HEADERS, diff_texts, render_diff_html


@dataclass(frozen=True)
class Edit:
    article: AgreementArticle
    added: bool  # not from an agreed item: the facilitator added it
    diff: Markup | None  # caption and body against the text generated from the agreed revision


def _text(caption: str, body: str) -> str:
    return f"（{caption}）\n{body}"


def edits(agreement: Agreement) -> list[Edit]:
    """Articles whose wording is not the agreed text, in document order."""
    found = []
    for article in agreement.articles:
        if article.item_id is None:
            found.append(Edit(article, True, None))
        elif article.edited:
            old = _text(article.original_caption or article.caption, article.original_body or "")
            new = _text(article.caption, article.body)
            diff = render_diff_html(diff_texts(old, new), translated(DIFF_HEADERS))
            found.append(Edit(article, False, diff))
    return found
