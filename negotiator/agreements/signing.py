"""Signing a frozen agreement, and executing it once every party has signed (all audited)."""

from __future__ import annotations

import datetime as dt
import hashlib

from flask_babel import gettext as _

from negotiator.agreements import document, seal
from negotiator.agreements.models import Agreement, Signature, SignatureKind, Status
from negotiator.agreements.services import AgreementError, lock, record
from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db, utcnow
from negotiator.negotiation.queries import members_of


def _check_signable(agreement: Agreement, member: Member) -> None:
    if member.consortium_id != agreement.negotiation.consortium_id:
        raise AgreementError(_("この協定書の当事者ではありません。"))
    if agreement.status != Status.OUT_FOR_SIGNATURE:
        raise AgreementError(_("この協定書は署名を受け付けていません。"))
    if any(s.member_id == member.id for s in agreement.signatures):
        raise AgreementError(_("%(member)sは既に署名しています。", member=member.name))


def sign(agreement: Agreement, member: Member, user: User, password: str, shown_hash: str) -> None:
    """An electronic signature by the member's signatory, who re-entered their password."""
    lock(agreement)
    _check_signable(agreement, member)
    if not user.check_password(password):
        raise AgreementError(_("パスワードが正しくありません。"), "password")
    if shown_hash != agreement.content_hash:
        raise AgreementError(
            _("表示された内容と現在の内容が一致しません。読み込み直してください。")
        )
    _add_signature(
        agreement,
        Signature(
            member_id=member.id,
            kind=SignatureKind.ELECTRONIC.value,
            signer_id=user.id,
            recorded_by_id=user.id,
            content_hash=agreement.content_hash,
        ),
    )


def record_paper_signature(
    agreement: Agreement, member: Member, user: User, paper_date: dt.date, note: str
) -> None:
    """A facilitator records a 記名押印 made on paper, marked as such."""
    lock(agreement)
    _check_signable(agreement, member)
    _add_signature(
        agreement,
        Signature(
            member_id=member.id,
            kind=SignatureKind.PAPER.value,
            recorded_by_id=user.id,
            paper_date=paper_date,
            note=note,
            content_hash=agreement.content_hash,
        ),
    )


def _add_signature(agreement: Agreement, signature: Signature) -> None:
    agreement.signatures.append(signature)
    db.session.flush()
    member = db.session.get(Member, signature.member_id)
    kind = "書面(記名押印)" if signature.kind == SignatureKind.PAPER else "電子署名"
    record(
        "agreement.sign",
        agreement,
        f"{member.name}が署名({kind})",
        after={
            "signature_id": signature.id,
            "member_id": member.id,
            "member": member.name,
            "kind": signature.kind,
            "signer_id": signature.signer_id,
            "paper_date": signature.paper_date,
            "content_hash": signature.content_hash,
        },
    )
    parties = {m.id for m in members_of(agreement.negotiation.consortium_id)}
    if parties <= {s.member_id for s in agreement.signatures}:
        _execute(agreement)


def _execute(agreement: Agreement) -> None:
    """All parties signed: render the PDF once, seal it and keep the bytes."""
    agreement.status = Status.EXECUTED.value
    agreement.executed_at = utcnow()
    # Rendered before the flush: the database refuses an executed agreement without its PDF.
    with db.session.no_autoflush:
        sealed = seal.seal_pdf(document.render_agreement_pdf(agreement))
    agreement.executed_pdf = sealed
    agreement.executed_pdf_sha256 = hashlib.sha256(sealed).hexdigest()
    db.session.flush()
    record(
        "agreement.execute",
        agreement,
        f"協定書 第{agreement.number}版が締結された",
        after={"pdf_sha256": agreement.executed_pdf_sha256},
    )
