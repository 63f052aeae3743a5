"""The minutes as a PDF, in the same embedded Mincho font and style as the agreement."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import render_template

from negotiator.pdf import render_pdf


def minutes_pdf(view: dict[str, Any]) -> bytes:
    """Render the meeting's minutes; the same minutes give the same bytes."""
    html = render_template("meetings/pdf/minutes.html", **view)
    # A content-derived identifier keeps the output reproducible.
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    return render_pdf(html, identifier=identifier)
