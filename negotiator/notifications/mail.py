"""Composing mail: the recipient's language, plain text plus HTML, links on the public URL.

User text reaches headers only through `header_text`, which removes line breaks and other
control characters, so a title such as "x\\r\\nBcc: y" can never add a header.
"""

from __future__ import annotations

import hashlib
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale

from negotiator.db import db
from negotiator.notifications.models import MailSettings

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
SUBJECT_LIMIT = 200


def header_text(text: str, limit: int = SUBJECT_LIMIT) -> str:
    """Text safe for one mail header: control characters become spaces, length bounded."""
    return _UNSAFE.sub(" ", text).strip()[:limit]


def settings() -> MailSettings:
    """The relay settings row (an unsaved blank one before the administrator saves any)."""
    return db.session.scalar(sa.select(MailSettings).where(MailSettings.id == 1)) or MailSettings(
        id=1, host="", port=25, security="none", username="", password="", sender="", version=0
    )


def public_url() -> str:
    """Where users open the app: PUBLIC_URL in the configuration (checked at start-up), the one
    source for every link that leaves the app (mails and calendar files), never a request's
    Host."""
    return current_app.config["PUBLIC_URL"].rstrip("/")


def path_for(endpoint: str, **values: Any) -> str:
    """A URL path without needing a request (jobs have none)."""
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return adapter.build(endpoint, values)


def render(
    template: str, language: str, context: dict[str, Any]
) -> tuple[str, str]:  # (text, html)
    """Render `notifications/mail/<template>.txt` and `.html` in the recipient's language."""
    with force_locale(language):
        text = render_template(f"notifications/mail/{template}.txt", **context)
        html = render_template(f"notifications/mail/{template}.html", **context)
    return text, html


def message_id(idempotency_key: str) -> str:
    """Stable per (event, recipient): a resent copy carries the same Message-ID."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
    return f"<{digest}@negotiator.invalid>"


def build(
    *,
    sender: str,
    to: str,
    to_name: str,
    subject: str,
    text: str,
    html: str,
    msg_id: str | None = None,
    attachment: tuple[str, str, bytes] | None = None,
) -> EmailMessage:
    """A plain text and HTML message; `attachment` is (filename, content type, data)."""
    msg = EmailMessage()
    msg["From"] = Address("negotiator", addr_spec=sender)
    msg["To"] = Address(header_text(to_name, 64), addr_spec=to)
    msg["Subject"] = header_text(subject)
    msg["Date"] = formatdate(localtime=False)
    if msg_id:
        msg["Message-ID"] = msg_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    if attachment is not None:
        _attach(msg, *attachment)
    return msg


def _attach(msg: EmailMessage, filename: str, content_type: str, data: bytes) -> None:
    """Attach as multipart/mixed; "text/calendar; method=REQUEST" keeps its method parameter
    (calendar clients read it to offer accepting or removing the meeting)."""
    kind, *rest = (part.strip() for part in content_type.split(";"))
    maintype, subtype = kind.split("/", 1)
    params = dict(p.split("=", 1) for p in rest if "=" in p)
    if maintype == "text":
        params.setdefault("charset", "utf-8")
    msg.add_attachment(
        data, maintype=maintype, subtype=subtype, filename=header_text(filename, 100), params=params
    )
