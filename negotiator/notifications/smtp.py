"""Talking to the relay, with a hook just before the end of DATA (the point of no return).

Until the final "." the relay holds nothing: a connection that dies earlier delivers nothing, so
the message can safely be sent again. From the "." on, the relay may have accepted the message
even if we never read its reply; the caller records that moment first (see delivery.py).
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from email import policy
from email.message import EmailMessage

from negotiator.notifications import secret
from negotiator.notifications.models import MailSettings, Security


class PermanentError(Exception):
    """The relay refused the message for good (5xx); retrying will not help."""


def _payload(message: EmailMessage) -> bytes:
    data = message.as_bytes(policy=policy.SMTP)
    data = re.sub(rb"(?m)^\.", b"..", data)  # dot-stuffing (RFC 5321 4.5.2)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _check(code: int, response: bytes, expected: tuple[int, ...]) -> None:
    if code in expected:
        return
    if code >= 500:
        raise PermanentError(f"{code} {response.decode(errors='replace')}")
    raise smtplib.SMTPResponseException(code, response)


def send(
    settings: MailSettings,
    message: EmailMessage,
    *,
    timeout: float,
    before_end_of_data: Callable[[], None] = lambda: None,
) -> None:
    """Deliver one message to the relay; raise PermanentError or a transient error."""
    sender = message["From"].addresses[0].addr_spec
    recipient = message["To"].addresses[0].addr_spec
    with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as conn:
        # The end of DATA goes out as its own small write after the body: without this, Nagle's
        # algorithm holds it until the relay's delayed ACK (about 40 ms per mail on Linux).
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn.ehlo()
        if settings.security == Security.STARTTLS:
            conn.starttls(context=ssl.create_default_context())
            conn.ehlo()
        if settings.username:
            conn.login(settings.username, secret.unseal(settings.password))
        _check(*conn.mail(sender), (250,))
        _check(*conn.rcpt(recipient), (250, 251))
        conn.putcmd("data")
        _check(*conn.getreply(), (354,))
        conn.send(_payload(message))
        before_end_of_data()
        conn.send(b".\r\n")
        _check(*conn.getreply(), (250,))
