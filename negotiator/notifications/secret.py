"""The relay's login password, kept encrypted at rest with a key derived from SECRET_KEY.

The application has to send it to the relay, so it cannot be hashed; encrypting it keeps it out
of database dumps, backups and the audit log. The key is derived from SECRET_KEY (HKDF-SHA256,
its own context string), so changing SECRET_KEY makes the stored password unreadable: the
administrator enters it again, and deliveries say why they fail until then.
"""

from __future__ import annotations

import base64
import smtplib

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

CONTEXT = b"negotiator mail relay password"


class Unreadable(smtplib.SMTPException):
    """The stored password was encrypted under another SECRET_KEY (a transient failure: the
    mails wait and retry until the administrator enters it again)."""


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=CONTEXT).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(password: str, secret_key: str | None = None) -> str:
    """The stored form of `password` ("" stays "": no login)."""
    if not password:
        return ""
    key = secret_key or current_app.config["SECRET_KEY"]
    return _fernet(key).encrypt(password.encode()).decode()


def unseal(stored: str) -> str:
    if not stored:
        return ""
    try:
        return _fernet(current_app.config["SECRET_KEY"]).decrypt(stored.encode()).decode()
    except InvalidToken:
        raise Unreadable(
            "the stored SMTP password cannot be read (SECRET_KEY changed?): enter it again"
        ) from None
