"""The assembled document read in order: as plain text, and as passages for the style checks."""

from __future__ import annotations

from negotiator.agreements.assembly import Document
from negotiator.agreements.wording import Passage


def passages(doc: Document) -> list[Passage]:
    """Every sentence of the document in reading order, with where it stands."""
    found = [Passage("前文", doc.preamble)]
    for article in doc.articles:
        for p in article.paragraphs:
            where = article.heading + (f"第{p.number}項" if p.number else "")
            found.append(Passage(where, p.text))
    for annex in doc.annexes:
        found += [Passage(annex.heading, text) for text in (annex.title, *annex.notes)]
    return found


def plain_text(doc: Document) -> str:
    """The document as plain text lines, in reading order (for previews and text checks).

    The annexes come after the signatures, as in printed agreements, which refer to them by number.
    """
    lines = [doc.title, "", doc.preamble, ""]
    for article in doc.articles:
        lines.append(article.caption)
        for p in article.paragraphs:
            lines.append(f"{p.number or article.heading}\u3000{p.text}")
    lines += ["", doc.closing, "", doc.date_line]
    for block in doc.signature_blocks:
        lines += ["", *([block.label] if block.label else []), block.address, block.name]
        person = f"{block.representative_title}\u3000{block.representative_name}"
        lines.append(f"{person}\u3000{block.seal}" if block.seal else person)
    for annex in doc.annexes:
        lines += ["", f"{annex.heading}{annex.related}\u3000{annex.title}".rstrip("\u3000")]
        lines += ["\t".join(annex.columns), *("\t".join(row) for row in annex.rows)]
        lines += list(annex.notes)
    return "\n".join(lines) + "\n"
