"""The minutes as a PDF, in the same embedded Mincho font and style as the agreement.

Rendered from the HTML taken when it was asked for; a long one by the job consumer while the
page shows its progress (negotiator.renders), and kept by content: the same minutes give the
same bytes, at once the second time.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import render_template, url_for
from flask_login import current_user

from negotiator.meetings.common import readable_meeting, template_labels
from negotiator.meetings.models import Meeting
from negotiator.pdf import render_pdf
from negotiator.renders import kinds, services
from negotiator.renders.models import RenderJob

KIND = "minutes.pdf"


def minutes_html(view: dict[str, Any]) -> str:
    return render_template("meetings/pdf/minutes.html", **(template_labels() | view))


def pdf_from_html(html: str) -> bytes:
    # A content-derived identifier keeps the output reproducible.
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    return render_pdf(html, identifier=identifier)


def minutes_pdf(view: dict[str, Any]) -> bytes:
    """Render the meeting's minutes here and now; the same minutes give the same bytes."""
    return pdf_from_html(minutes_html(view))


def request_minutes_pdf(meeting: Meeting, view: dict[str, Any]) -> RenderJob:
    html = minutes_html(view)
    return services.request(
        KIND,
        meeting.id,
        services.digest(html),
        user_id=current_user.id,
        filename=f"minutes-{meeting.id}.pdf",
        source=html,
    )


kinds.register(
    kinds.RenderKind(
        name=KIND,
        readable=readable_meeting,
        back=lambda meeting_id: url_for("meetings.meeting", meeting_id=meeting_id),
        load=lambda job: job.source or "",
        make=lambda html, _step: pdf_from_html(html),
    )
)
