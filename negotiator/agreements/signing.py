"""Signing a frozen agreement, and executing it once every party has signed (all audited).

Signatures are accepted only up to the 締結日 (see signing_date.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from flask_babel import gettext as _

from negotiator import events
from negotiator.agreements import approvals, certificates, execution
from negotiator.agreements.models import (
    Agreement,
    Approval,
    ExecutionMethod,
    Signature,
    SignatureKind,
    Status,
)
from negotiator.agreements.services import AgreementError, lock, record
from negotiator.agreements.signing_date import JAPAN, check_signing_day, japan_today
from negotiator.auth import services as accounts
from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db, utcnow
from negotiator.message import N_, label, say
from negotiator.negotiation.queries import members_of

# For the domains above (negotiator.events): payloads as named.
AGREEMENT_SIGNED = "agreements.signed"  # agreement, member, actor_id
AGREEMENT_EXECUTED = "agreements.executed"  # agreement

SCAN_TYPES = {b"%PDF-": "application/pdf", b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def check_password(user: User, password: str) -> None:
    """The signatory's re-entered password, counted in the throttle every password check shares.

    It commits (see auth.services.verify_password), so it runs before the agreement is locked.
    """
    try:
        right = accounts.verify_password(user, password, "signing")
    except accounts.PasswordLocked as exc:
        raise AgreementError(exc.message, "password") from None
    if not right:
        raise AgreementError(_("パスワードが正しくありません。"), "password")


def refusal(
    agreement: Agreement, member: Member, records: dict[int, Approval] | None = None
) -> str | None:
    """Why the member cannot sign (or have its paper signature recorded) now; None if it can.

    The one answer the signing services and the pages share; `records` are the version's 決裁
    records when already loaded (see approvals.missing)."""
    if member.consortium_id != agreement.negotiation.consortium_id:
        return _("この協定書の当事者ではありません。")
    if agreement.status != Status.OUT_FOR_SIGNATURE:
        return _("この協定書は署名を受け付けていません。")
    if any(s.member_id == member.id for s in agreement.signatures):
        return _("%(member)sは既に署名しています。", member=member.name)
    return approvals.missing(agreement, member, records)


def _check_signable(agreement: Agreement, member: Member, method: ExecutionMethod) -> None:
    if message := refusal(agreement, member):
        raise AgreementError(message)
    if agreement.execution_method != method:
        raise AgreementError(_("この協定書は別の方法で締結します。"))


def _signing_pdf(agreement: Agreement) -> None:
    # Sent before execution methods existed: make the signing original now.
    if agreement.current_pdf is None:
        execution.prepare(agreement)


def sign(agreement: Agreement, member: Member, user: User, password: str, shown_hash: str) -> None:
    """立会人型: the member's signatory re-entered their password; the installation signs."""
    # Refuse what is not signable before the password is counted; again under the lock.
    _check_signable(agreement, member, ExecutionMethod.WITNESS)
    check_password(user, password)
    lock(agreement)
    _check_signable(agreement, member, ExecutionMethod.WITNESS)
    if shown_hash != agreement.content_hash:
        raise AgreementError(
            _("表示された内容と現在の内容が一致しません。読み込み直してください。")
        )
    check_signing_day(agreement, japan_today())
    _signing_pdf(agreement)
    title = execution.frozen_party(agreement, member).get("representative_title", "")
    execution.witness_sign(agreement, member, user.display_name, title)
    _add_signature(agreement, _electronic(agreement, member, user, SignatureKind.ELECTRONIC, title))


def sign_with_certificate(agreement: Agreement, member: Member, user: User, upload: bytes) -> None:
    """当事者型: the signatory uploads the current PDF signed with a registered certificate."""
    lock(agreement)
    _check_signable(agreement, member, ExecutionMethod.PARTY)
    check_signing_day(agreement, japan_today())
    _signing_pdf(agreement)
    signed = execution.check_party_upload(
        agreement.current_pdf or b"",
        upload,
        certificates.of_member(member),
        execution.party_field(member),
    )
    execution.set_current_pdf(agreement, upload)
    title = execution.frozen_party(agreement, member).get("representative_title", "")
    signature = _electronic(agreement, member, user, SignatureKind.PARTY, title)
    signature.note = _("証明書: %(subject)s", subject=signed.signer_name)
    _add_signature(agreement, signature)


def _electronic(
    agreement: Agreement, member: Member, user: User, kind: SignatureKind, title: str
) -> Signature:
    return Signature(
        member_id=member.id,
        kind=kind.value,
        signer_id=user.id,
        recorded_by_id=user.id,
        content_hash=agreement.content_hash,
        signer_name=user.display_name,
        signer_title=title,
    )


def record_paper_signature(
    agreement: Agreement, member: Member, user: User, paper_date: dt.date, note: str
) -> None:
    """A facilitator records a 記名押印 made on paper, marked as such."""
    lock(agreement)
    _check_signable(agreement, member, ExecutionMethod.PAPER)
    if paper_date > japan_today():
        raise AgreementError(_("記名押印した日に未来の日付は入力できません。"), "paper_date")
    sent = agreement.sent_at.astimezone(JAPAN).date() if agreement.sent_at else paper_date
    if paper_date < sent:
        raise AgreementError(_("署名に回す前の日付は入力できません。"), "paper_date")
    check_signing_day(agreement, paper_date)
    block = execution.frozen_party(agreement, member)
    _add_signature(
        agreement,
        Signature(
            member_id=member.id,
            kind=SignatureKind.PAPER.value,
            recorded_by_id=user.id,
            paper_date=paper_date,
            note=note,
            content_hash=agreement.content_hash,
            signer_name=block.get("representative_name", ""),
            signer_title=block.get("representative_title", ""),
        ),
    )


def _add_signature(agreement: Agreement, signature: Signature) -> None:
    agreement.signatures.append(signature)
    db.session.flush()
    member = db.session.get(Member, signature.member_id)
    kinds = {"paper": N_("書面(記名押印)"), "party": N_("電子署名(当事者型)")}
    record(
        "agreement.sign",
        agreement,
        say(
            "%(member)sが署名(%(kind)s)",
            member=member.name,
            kind=label(kinds.get(signature.kind, N_("電子署名"))),
        ),
        after={
            "signature_id": signature.id,
            "member_id": member.id,
            "member": member.name,
            "kind": signature.kind,
            "signer_id": signature.signer_id,
            "signer": f"{signature.signer_title} {signature.signer_name}".strip(),
            "paper_date": signature.paper_date,
            "content_hash": signature.content_hash,
            "pdf_sha256": agreement.current_pdf_sha256,
        },
    )
    parties = {m.id for m in members_of(agreement.negotiation.consortium_id)}
    if parties <= {s.member_id for s in agreement.signatures}:
        _execute(agreement)  # its notice, to everybody, also tells of this last signature
    else:
        events.emit(
            AGREEMENT_SIGNED, agreement=agreement, member=member, actor_id=signature.recorded_by_id
        )


def _execute(agreement: Agreement) -> None:
    """All parties signed: the signed bytes (or, on paper, the sealed original) are executed."""
    with db.session.no_autoflush:
        if agreement.execution_method == ExecutionMethod.PAPER:
            final = agreement.current_pdf or b""
        else:
            final = execution.finish(agreement)
    agreement.status = Status.EXECUTED.value
    agreement.executed_at = utcnow()
    agreement.executed_pdf = final
    agreement.executed_pdf_sha256 = hashlib.sha256(final).hexdigest()
    db.session.flush()
    record(
        "agreement.execute",
        agreement,
        say("協定書 第%(n)s版が締結された", n=agreement.number),
        after={"pdf_sha256": agreement.executed_pdf_sha256},
    )
    events.emit(AGREEMENT_EXECUTED, agreement=agreement)


def attach_scan(agreement: Agreement, user: User, data: bytes, filename: str) -> None:
    """書面: keep the scanned executed original (PDF, PNG or JPEG) with its SHA-256, once."""
    lock(agreement)
    if agreement.execution_method != ExecutionMethod.PAPER or agreement.status != Status.EXECUTED:
        raise AgreementError(_("スキャンした原本は、書面で締結した後に登録できます。"), "file")
    if agreement.original_scan_sha256 is not None:
        raise AgreementError(_("スキャンした原本は登録済みです。"), "file")
    if not any(data.startswith(magic) for magic in SCAN_TYPES):
        raise AgreementError(_("PDF、PNGまたはJPEGのファイルを選んでください。"), "file")
    agreement.original_scan = data
    agreement.original_scan_sha256 = hashlib.sha256(data).hexdigest()
    agreement.original_scan_name = filename[:200]
    db.session.flush()
    record(
        "agreement.scan",
        agreement,
        say("協定書 第%(n)s版の原本(スキャン)を登録", n=agreement.number),
        after={"sha256": agreement.original_scan_sha256, "name": agreement.original_scan_name},
    )
