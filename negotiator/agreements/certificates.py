"""Certificates the administrator registers for members, for 当事者型 signatures."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from flask_babel import gettext as _

from negotiator.agreements.models import MemberCertificate
from negotiator.audit import services as audit
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.errors import FieldError
from negotiator.message import say


def register(member: Member, pem: bytes, user_id: int | None = None) -> MemberCertificate:
    """Register a PEM (or DER) certificate for the member; its signatures then count as theirs."""
    try:
        cert = x509.load_pem_x509_certificate(pem)
    except ValueError:
        try:
            cert = x509.load_der_x509_certificate(pem)
        except ValueError as exc:
            raise FieldError(_("PEMまたはDER形式のX.509証明書ではありません。"), "file") from exc
    if cert.not_valid_after_utc < dt.datetime.now(dt.UTC):
        raise FieldError(_("有効期限の切れた証明書です。"), "file")
    fingerprint = cert.fingerprint(hashes.SHA256()).hex()
    exists = db.session.scalar(
        sa.select(MemberCertificate).where(
            MemberCertificate.member_id == member.id,
            MemberCertificate.fingerprint_sha256 == fingerprint,
        )
    )
    if exists is not None:
        raise FieldError(_("この証明書はこの団体に登録済みです。"), "file")
    row = MemberCertificate(
        member_id=member.id,
        subject=cert.subject.rfc4514_string()[:500],
        fingerprint_sha256=fingerprint,
        pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        not_after=cert.not_valid_after_utc,
        registered_by_id=user_id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "member.certificate",
        row,
        say("%(member)sの電子証明書を登録: %(subject)s", member=member.name, subject=row.subject),
        consortium_id=member.consortium_id,
        after={"fingerprint_sha256": fingerprint, "not_after": row.not_after.isoformat()},
    )
    return row


def of_member(member: Member) -> list[MemberCertificate]:
    return list(
        db.session.scalars(
            sa.select(MemberCertificate)
            .where(MemberCertificate.member_id == member.id)
            .order_by(MemberCertificate.id)
        )
    )
