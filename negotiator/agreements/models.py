"""Agreements (協定書): versions, their articles and annexes, and signatures."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negotiator.db import db, enum_check, utcnow


class Status(enum.StrEnum):
    DRAFT = "draft"
    # Frozen and sent: the signing original is being rendered and certified (a job); it is
    # signable once that is done, and back to draft, with the reason, if it fails.
    PREPARING = "preparing"
    OUT_FOR_SIGNATURE = "out_for_signature"
    EXECUTED = "executed"
    SUPERSEDED = "superseded"


# Versions whose content is frozen and which hold their items (nothing may change them).
LIVE = (Status.PREPARING.value, Status.OUT_FOR_SIGNATURE.value, Status.EXECUTED.value)


class SignatureKind(enum.StrEnum):
    ELECTRONIC = "electronic"  # signed in the app after re-entering the password (立会人型)
    PARTY = "party"  # signed with the member's own certificate and uploaded (当事者型)
    PAPER = "paper"  # 記名押印 done on paper, recorded by a facilitator


class ExecutionMethod(enum.StrEnum):
    """How the parties execute the agreement, chosen while it is a draft."""

    WITNESS = "witness"  # 電子署名(立会人型): the installation signs on each signatory's word
    PARTY = "party"  # 電子署名(当事者型): each signatory signs with their own certificate
    PAPER = "paper"  # 書面: printed originals, 記名押印


class AmendmentStyle(enum.StrEnum):
    """How an amendment agreement (変更協定) states its changes: the council's choice."""

    KAIMEBUN = "kaimebun"  # 改め文: 「第4条中「A」を「B」に改める。」
    TABLE = "table"  # 新旧対照表: the old and the new text side by side


# An amendment in progress: not yet executed, not retired. One per original at a time.
IN_PROGRESS = (Status.DRAFT.value, Status.PREPARING.value, Status.OUT_FOR_SIGNATURE.value)
IN_PROGRESS_SQL = "status IN ('draft', 'preparing', 'out_for_signature')"


class Agreement(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(sa.ForeignKey("negotiation.id"), index=True)
    number: Mapped[int]  # version of the agreement within its negotiation: 1, 2, …
    status: Mapped[str] = mapped_column(sa.String(24), default=Status.DRAFT.value)
    title: Mapped[str] = mapped_column(sa.String(200))
    subject: Mapped[str] = mapped_column(sa.String(300))
    effective_date: Mapped[dt.date | None]
    term: Mapped[str] = mapped_column(sa.String(300), default="")
    signing_date: Mapped[dt.date | None]
    include_consultation: Mapped[bool] = mapped_column(default=True)
    execution_method: Mapped[str] = mapped_column(
        sa.String(16), default=ExecutionMethod.WITNESS.value
    )
    # Set when sent for signature: the canonical JSON of the document and its SHA-256.
    content_json: Mapped[str | None] = mapped_column(sa.Text)
    content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    sent_at: Mapped[dt.datetime | None]
    executed_at: Mapped[dt.datetime | None]
    superseded_at: Mapped[dt.datetime | None]
    superseded_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # The sealed PDF, produced once when executed; every download returns these bytes.
    executed_pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    executed_pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    # Rendered once when sent (certified for electronic methods); each electronic signature
    # appends an incremental update, so these bytes are the partly signed agreement.
    current_pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    current_pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # 書面: the scanned executed original, uploaded by the facilitator.
    original_scan: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    original_scan_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    original_scan_name: Mapped[str] = mapped_column(sa.String(200), default="")
    # A 変更協定: the executed original it changes (always the original, however many
    # amendments came before), how it states the changes, and why it was started.
    amends_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agreement.id"), index=True)
    amendment_style: Mapped[str | None] = mapped_column(sa.String(16))
    amendment_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    negotiation = relationship("Negotiation")
    amends: Mapped[Agreement | None] = relationship(remote_side=[id], foreign_keys=[amends_id])
    released: Mapped[list[AmendmentItem]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="AmendmentItem.item_id"
    )
    articles: Mapped[list[AgreementArticle]] = relationship(
        back_populates="agreement",
        order_by="AgreementArticle.position",
        cascade="all, delete-orphan",
    )
    annexes: Mapped[list[AgreementAnnex]] = relationship(
        back_populates="agreement",
        order_by="AgreementAnnex.position",
        cascade="all, delete-orphan",
    )
    signatures: Mapped[list[Signature]] = relationship(
        back_populates="agreement", order_by="Signature.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("negotiation_id", "number"),
        enum_check("status", Status),
        enum_check("execution_method", ExecutionMethod),
        sa.CheckConstraint(
            "(status = 'draft') OR (signing_date IS NOT NULL)", name="sent_has_signing_date"
        ),
        sa.CheckConstraint(
            "(original_scan IS NULL) = (original_scan_sha256 IS NULL)", name="scan_has_hash"
        ),
        sa.CheckConstraint(
            "(status = 'draft') OR (content_hash IS NOT NULL AND content_json IS NOT NULL)",
            name="frozen_has_hash",
        ),
        sa.CheckConstraint(
            "(status <> 'executed') OR (executed_pdf_sha256 IS NOT NULL)",
            name="executed_has_pdf",
        ),
        enum_check("amendment_style", AmendmentStyle),
        sa.CheckConstraint(
            "(amends_id IS NULL) = (amendment_style IS NULL)", name="amendment_has_style"
        ),
        sa.CheckConstraint("amends_id IS NULL OR amends_id <> id", name="amends_other"),
        # At most one amendment in progress per original.
        sa.Index(
            "uq_agreement_amendment_in_progress",
            "amends_id",
            unique=True,
            sqlite_where=sa.text(IN_PROGRESS_SQL),
            postgresql_where=sa.text(IN_PROGRESS_SQL),
        ),
    )

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None


class AmendmentItem(db.Model):
    """An agenda item released (reopened for negotiation) by an amendment in progress."""

    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), primary_key=True)

    agreement: Mapped[Agreement] = relationship(back_populates="released")
    item = relationship("AgendaItem")


def article_key(article: AgreementArticle) -> str:
    """The identity of an article across versions (for 改め文 and 新旧対照表)."""
    if article.origin_key:
        return article.origin_key
    return f"item:{article.item_id}" if article.item_id else f"article:{article.id}"


class AgreementArticle(db.Model):
    """An article: an agreed item's text, or a standard article added by the facilitator."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id"), index=True)
    position: Mapped[int]
    caption: Mapped[str] = mapped_column(sa.String(100))
    body: Mapped[str] = mapped_column(sa.Text)
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id"))
    revision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("proposal_revision.id"))
    # The wording as generated from the agreed revision (or as first added): the facilitator's
    # later edits are shown to every party as the difference from it.
    original_caption: Mapped[str | None] = mapped_column(sa.String(100))
    original_body: Mapped[str | None] = mapped_column(sa.Text)
    # Carried from the article this one was copied from (see article_key): the same article
    # in every version, so an amendment can say what changed.
    origin_key: Mapped[str | None] = mapped_column(sa.String(64))

    agreement: Mapped[Agreement] = relationship(back_populates="articles")
    item = relationship("AgendaItem")

    __table_args__ = (
        sa.CheckConstraint("(item_id IS NULL) = (revision_id IS NULL)", name="item_with_revision"),
    )

    @property
    def edited(self) -> bool:
        """The wording differs from the agreed (or first added) text."""
        return (self.caption, self.body) != (
            self.original_caption or self.caption,
            self.body if self.original_body is None else self.original_body,
        )


class AgreementAnnex(db.Model):
    """A table annexed to the agreement (別表), e.g. a frozen cost-split table."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    columns: Mapped[list[Any]] = mapped_column(sa.JSON)
    rows: Mapped[list[Any]] = mapped_column(sa.JSON)
    notes: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)

    agreement: Mapped[Agreement] = relationship(back_populates="annexes")


class Signature(db.Model):
    """One party's signature on one frozen version; never changed once written."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"))
    kind: Mapped[str] = mapped_column(sa.String(16))
    signer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    signed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    paper_date: Mapped[dt.date | None]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    # The person and their title as printed in the signature record, frozen when signed; the
    # title comes from the document as frozen when it was sent.
    signer_name: Mapped[str] = mapped_column(sa.String(100), default="")
    signer_title: Mapped[str] = mapped_column(sa.String(100), default="")

    agreement: Mapped[Agreement] = relationship(back_populates="signatures")
    member = relationship("Member")
    signer = relationship("User", foreign_keys=[signer_id])
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])

    __table_args__ = (
        sa.UniqueConstraint("agreement_id", "member_id"),
        enum_check("kind", SignatureKind),
        sa.CheckConstraint(
            "(kind IN ('electronic', 'party') AND signer_id IS NOT NULL AND paper_date IS NULL) OR "
            "(kind = 'paper' AND paper_date IS NOT NULL)",
            name="kind_fields",
        ),
    )


class MemberCertificate(db.Model):
    """A certificate the administrator registered for a member: 当事者型 signatures by it count."""

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"), index=True)
    subject: Mapped[str] = mapped_column(sa.String(500))
    fingerprint_sha256: Mapped[str] = mapped_column(sa.String(64))
    pem: Mapped[str] = mapped_column(sa.Text)
    not_after: Mapped[dt.datetime]
    registered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    registered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    member = relationship("Member")

    __table_args__ = (sa.UniqueConstraint("member_id", "fingerprint_sha256"),)


class ApprovalStatus(enum.StrEnum):
    APPROVED = "approved"  # 決裁済み: drafted (起案) and decided (決裁) inside the member
    NOT_REQUIRED = "not_required"  # the member's rules ask for no 決裁 for this agreement


class Approval(db.Model):
    """A member's internal approval (決裁) of one frozen agreement version, by its liaison.

    It approves exactly the text whose hash it holds: a version frozen again with other content
    needs a new record. A correction replaces the row (version checked, audited before/after).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"))
    status: Mapped[str] = mapped_column(sa.String(16))
    drafted_on: Mapped[dt.date | None]  # 起案日
    approved_on: Mapped[dt.date | None]  # 決裁日
    document_number: Mapped[str] = mapped_column(sa.String(100), default="")  # 文書番号
    approver_title: Mapped[str] = mapped_column(sa.String(100), default="")  # 決裁者の職
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    agreement: Mapped[Agreement] = relationship()
    member = relationship("Member")
    recorded_by = relationship("User")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("agreement_id", "member_id"),
        enum_check("status", ApprovalStatus),
        sa.CheckConstraint(
            "(status <> 'approved') OR (drafted_on IS NOT NULL AND approved_on IS NOT NULL"
            " AND document_number <> '' AND approver_title <> '')",
            name="approved_complete",
        ),
        sa.CheckConstraint(
            "(status <> 'not_required') OR (drafted_on IS NULL AND approved_on IS NULL"
            " AND document_number = '' AND approver_title = '')",
            name="not_required_empty",
        ),
        sa.CheckConstraint(
            "drafted_on IS NULL OR approved_on IS NULL OR drafted_on <= approved_on",
            name="drafted_before_approved",
        ),
        sa.CheckConstraint("length(content_hash) = 64", name="content_hash_length"),
    )
