"""Internal approval (決裁) of a frozen agreement by each member, recorded by its liaison.

Where the council requires it (Consortium.approval_required), a party signs only once its 決裁
of exactly the frozen text (same content hash) is recorded: `missing` is the one answer the
signing service and the pages share.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator import events, fonts
from negotiator.agreements.era import era_year
from negotiator.agreements.models import Agreement, Approval, ApprovalStatus, Status
from negotiator.agreements.services import AgreementError, lock
from negotiator.agreements.signing_date import japan_today
from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.consortia.models import Consortium, Member
from negotiator.db import db, same_version, utcnow
from negotiator.message import N_, say
from negotiator.negotiation.queries import members_of

# Frozen versions whose text can be approved: it will not change any more.
# For the domains above (negotiator.events): payloads as named.
APPROVAL_RECORDED = "agreements.approval_recorded"  # agreement, member, approval, actor_id
APPROVALS_REQUESTED = "agreements.approvals_requested"  # agreement, member_ids

RECORDABLE = (Status.PREPARING.value, Status.OUT_FOR_SIGNATURE.value)
FIELDS = (
    "status",
    "drafted_on",
    "approved_on",
    "document_number",
    "approver_title",
    "note",
    "content_hash",
)
TEXTS = ("document_number", "approver_title", "note")
LIMITS = {"document_number": 100, "approver_title": 100, "note": 2000}  # the columns' sizes
# (approved, a correction): the summary of the audit entry.
SUMMARIES = {
    (True, False): N_("%(member)sが協定書 第%(n)s版の決裁を記録"),
    (False, False): N_("%(member)sが協定書 第%(n)s版の決裁は不要と記録"),
    (True, True): N_("%(member)sが協定書 第%(n)s版の決裁を記録(訂正)"),
    (False, True): N_("%(member)sが協定書 第%(n)s版の決裁は不要と記録(訂正)"),
}


def required(agreement: Agreement) -> bool:
    """Whether the agreement's council makes signing wait for each member's 決裁."""
    consortium = db.session.get(Consortium, agreement.negotiation.consortium_id)
    return bool(consortium and consortium.approval_required)


def of_agreement(agreement: Agreement) -> dict[int, Approval]:
    """member id -> its 決裁 record for this version (current or not: see `is_current`)."""
    rows = db.session.scalars(sa.select(Approval).where(Approval.agreement_id == agreement.id))
    return {row.member_id: row for row in rows}


def is_current(approval: Approval | None, agreement: Agreement) -> bool:
    """The record approves the text as frozen now (not an earlier freeze of this version)."""
    return approval is not None and approval.content_hash == agreement.content_hash


def missing(
    agreement: Agreement, member: Member, records: dict[int, Approval] | None = None
) -> str | None:
    """Why the member may not sign yet for want of a 決裁, or None when nothing is missing.

    Pass `records` (of_agreement) when already loaded: pages ask for every member."""
    if not required(agreement):
        return None
    approval = (of_agreement(agreement) if records is None else records).get(member.id)
    if approval is None:
        return _(
            "%(member)sの決裁がまだ記録されていません。この協議会では、署名の前に各団体の"
            "担当者が決裁(起案日・決裁日・文書番号・決裁者)を記録する必要があります。",
            member=member.name,
        )
    if not is_current(approval, agreement):
        return _(
            "%(member)sの決裁の記録は、現在の内容とは別の内容に対するものです。"
            "現在の内容について決裁を記録し直してください。",
            member=member.name,
        )
    return None


def closed(agreement: Agreement) -> str | None:
    """Why no 決裁 can be recorded on this version now, or None when it can."""
    if agreement.status in RECORDABLE:
        return None
    if agreement.status == Status.DRAFT:
        return _("草案には決裁を記録できません。内容を固定して署名に回した後に記録してください。")
    if agreement.status == Status.EXECUTED:
        return _("締結済みの協定書には決裁を記録できません。")
    return _("廃止された版には決裁を記録できません。")


def _check_recordable(agreement: Agreement, member: Member, shown_hash: str) -> None:
    if member.consortium_id != agreement.negotiation.consortium_id:
        raise AgreementError(_("この協定書の当事者ではありません。"))
    if message := closed(agreement):
        raise AgreementError(message)
    if shown_hash != agreement.content_hash:
        raise AgreementError(
            _("表示された内容と現在の内容が一致しません。読み込み直してください。")
        )
    if any(s.member_id == member.id for s in agreement.signatures):
        raise AgreementError(
            _("%(member)sは既に署名しているため、決裁の記録は変更できません。", member=member.name)
        )


def _check_dates(drafted: dt.date | None, approved: dt.date | None) -> None:
    for field, day in (("drafted_on", drafted), ("approved_on", approved)):
        if day is None:
            raise AgreementError(_("日付を入力してください。"), field)
        try:
            era_year(day)  # shown in the Japanese era
        except ValueError:
            raise AgreementError(
                _("平成より前(1989年1月7日以前)の日付は使えません。"), field
            ) from None
        if day > japan_today():
            raise AgreementError(_("未来の日付は入力できません。"), field)
    if drafted > approved:
        raise AgreementError(
            _("決裁日は起案日と同じか、それより後の日付にしてください。"), "approved_on"
        )


def cleaned(data: dict[str, Any]) -> dict[str, Any]:
    """The record's values from a form's data; a 'not required' record keeps only its note."""
    status = data.get("status")
    if status not in {s.value for s in ApprovalStatus}:
        raise AgreementError(_("決裁の状況を選んでください。"), "status")
    texts = {name: (data.get(name) or "").strip() for name in TEXTS}
    for name, text in texts.items():
        if len(text) > LIMITS[name]:
            raise AgreementError(_("%(n)d文字以内で入力してください。", n=LIMITS[name]), name)
        if message := fonts.problem(text):
            raise AgreementError(message, name)
    if status == ApprovalStatus.NOT_REQUIRED:
        empty = {"drafted_on": None, "approved_on": None, "document_number": ""}
        return {"status": status, **empty, "approver_title": "", "note": texts["note"]}
    _check_dates(data.get("drafted_on"), data.get("approved_on"))
    for name in ("document_number", "approver_title"):
        if not texts[name]:
            raise AgreementError(_("入力してください。"), name)
    return {
        "status": status,
        "drafted_on": data["drafted_on"],
        "approved_on": data["approved_on"],
        **texts,
    }


def record_approval(
    agreement: Agreement,
    member: Member,
    user: User,
    data: dict[str, Any],
    version: int | None,
    shown_hash: str,
) -> Approval:
    """Record (or correct) the member's 決裁 of the frozen text; `version` is 0 for a first one."""
    values = cleaned(data)
    lock(agreement)
    _check_recordable(agreement, member, shown_hash)
    approval = of_agreement(agreement).get(member.id)
    if not same_version(version, approval.version if approval else 0):
        raise AgreementError(
            _("他の人が先にこの団体の決裁を記録しました。読み込み直してください。")
        )
    before = audit.snapshot(approval, FIELDS) if approval else None
    if approval is None:
        approval = Approval(agreement_id=agreement.id, member_id=member.id)
        db.session.add(approval)
    for name, value in values.items():
        setattr(approval, name, value)
    approval.content_hash = agreement.content_hash
    approval.recorded_by_id, approval.recorded_at = user.id, utcnow()
    db.session.flush()
    approved = values["status"] == ApprovalStatus.APPROVED
    audit.record(
        "agreement.approval" if before is None else "agreement.approval_correct",
        approval,
        say(
            SUMMARIES[(approved, before is not None)],
            member=member.name,
            n=agreement.number,
        ),
        before=before,
        after=audit.snapshot(approval, FIELDS) | {"agreement_id": agreement.id},
        consortium_id=member.consortium_id,
    )
    events.emit(
        APPROVAL_RECORDED, agreement=agreement, member=member, approval=approval, actor_id=user.id
    )
    return approval


def request(agreement: Agreement) -> None:
    """Now signable: where 決裁 is required, ask the liaisons of members without one."""
    if not required(agreement):
        return
    records = of_agreement(agreement)
    lacking = [
        m.id
        for m in members_of(agreement.negotiation.consortium_id)
        if not is_current(records.get(m.id), agreement)
    ]
    events.emit(APPROVALS_REQUESTED, agreement=agreement, member_ids=lacking)


@dataclasses.dataclass(frozen=True)
class Progress:
    """What one frozen version still misses before execution."""

    agreement: Agreement
    approvals_missing: int  # members without a current 決裁 (0 where none is required)
    signatures_missing: int


def progress(
    agreement: Agreement,
    members: list[Member],
    records: dict[int, Approval],
    signed: set[int],
    need: bool,
) -> Progress:
    """Count, from loaded data, the members still missing a current 決裁 (where `need`ed) and
    a signature."""
    unsigned = [m for m in members if m.id not in signed]
    lacking = sum(1 for m in unsigned if need and not is_current(records.get(m.id), agreement))
    return Progress(agreement, lacking, len(unsigned))
