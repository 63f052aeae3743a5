"""Rendering HTML to PDF with WeasyPrint: shipped Japanese fonts, nothing fetched, same bytes.

The fonts (IPAex Mincho and Gothic) are loaded from the package by @font-face and embedded as
subsets, so a PDF looks the same on a machine with no Japanese fonts. The URL fetcher refuses
everything outside the package's static folder: text typed by users can never make the renderer
reach the network or read other files.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import weasyprint

STATIC_DIR = Path(__file__).resolve().parent / "static"
BASE_URL = STATIC_DIR.as_uri() + "/"


def weasyprint_module() -> Any:  # noqa: ANN401 - the module
    """WeasyPrint, imported on first use: about a second of start-up (fonts, Pango), which only
    the processes that render documents (the job consumer) should pay, not every server and CLI."""
    import weasyprint

    return weasyprint


@functools.cache
def _fetcher_class() -> type:
    class StaticOnlyFetcher(weasyprint_module().URLFetcher):
        """Fetch files from the app's static folder only."""

        def fetch(self, url: str, headers: dict | None = None):  # noqa: ANN202 - WeasyPrint's type
            if not url.startswith(BASE_URL) or ".." in url:
                raise ValueError(f"refused to fetch {url!r}: only the app's own static files")
            return super().fetch(url, headers)

    return StaticOnlyFetcher


def static_only_fetcher() -> Any:  # noqa: ANN401 - a weasyprint.URLFetcher
    """A URL fetcher that reads the app's static folder and refuses everything else."""
    return _fetcher_class()()


class MissingGlyphError(ValueError):
    """Some characters have no glyph in the shipped fonts."""

    def __init__(self, characters: list[str]) -> None:
        super().__init__("no glyph for: " + " ".join(characters))
        self.characters = characters


class _GlyphWatcher(logging.Handler):
    # WeasyPrint's only sign of a missing glyph is this warning (see STACK-NOTES.md).
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if ".notdef glyph" in message:
            self.missing.append(message.rsplit(":", 1)[-1].strip())


def _one_af_entry(_document: object, pdf: object) -> None:
    """WeasyPrint 70 lists each PDF/A-3 attachment twice in the catalog's /AF; keep one."""
    entries = pdf.catalog.get("AF")  # type: ignore[attr-defined]
    if entries:
        unique = list(dict.fromkeys(entries))
        entries.clear()
        entries.extend(unique)


@contextmanager
def _watch_glyphs() -> Iterator[_GlyphWatcher]:
    watcher = _GlyphWatcher()
    logger = weasyprint_module().LOGGER
    logger.addHandler(watcher)
    try:
        yield watcher
    finally:
        logger.removeHandler(watcher)


def render_pdf(
    html: str,
    *,
    identifier: bytes | None = None,
    attachments: Sequence[weasyprint.Attachment] = (),
    pdf_variant: str | None = "pdf/a-3b",
) -> bytes:
    """Render HTML to PDF bytes; raise MissingGlyphError rather than print empty boxes."""
    document = weasyprint_module().HTML(
        string=html, base_url=BASE_URL, url_fetcher=static_only_fetcher()
    )
    with _watch_glyphs() as watcher:
        pdf = document.write_pdf(
            pdf_variant=pdf_variant,
            pdf_identifier=identifier,
            attachments=list(attachments),
            uncompressed_pdf=False,
            finisher=_one_af_entry,
        )
    if watcher.missing:
        raise MissingGlyphError(watcher.missing)
    return pdf
