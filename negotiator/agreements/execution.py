"""The PDF side of executing an agreement: the signing original, each party's signature on it,
and checking a PDF a party signed with its own certificate (当事者型).

電子署名(立会人型, `witness`) and 当事者型 (`party`): when the agreement is sent, its PDF is
rendered once and certified by the installation (DocMDP: only further signatures allowed), with
an empty signature field for each party. Each signature is an incremental update to those
bytes, so the partly signed PDF already carries real signatures; the last one makes the
executed PDF. 書面 (`paper`): the PDF rendered once is sealed and printed; the parties sign on
paper and the facilitator uploads the scanned executed original.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable

from flask_babel import gettext as _

from negotiator import untrusted
from negotiator.agreements import document, seal
from negotiator.agreements.models import Agreement, ExecutionMethod, MemberCertificate
from negotiator.consortia.models import Member
from negotiator.errors import FieldError
from negotiator.negotiation.queries import members_of
from negotiator.negotiation.rules import N_
from negotiator.pdf import MissingGlyphError


class ExecutionError(FieldError):
    """The signing PDF could not be made, signed or accepted; nothing was changed."""


def party_field(member: Member) -> str:
    """The name of the member's signature field in the signing original."""
    return f"party-{member.id}"


def set_current_pdf(agreement: Agreement, data: bytes) -> None:
    agreement.current_pdf = data
    agreement.current_pdf_sha256 = hashlib.sha256(data).hexdigest()


@dataclasses.dataclass(frozen=True)
class SigningSource:
    """Everything the signing original is made of, read from the database beforehand."""

    html: str
    raw: str
    paper: bool
    fields: tuple[str, ...]


def signing_source(agreement: Agreement) -> SigningSource:
    """The frozen agreement as sent (no 草案 mark), and the parties' signature fields."""
    html, raw = document.pdf_source(agreement, provisional=False)
    parties = members_of(agreement.negotiation.consortium_id)
    return SigningSource(
        html,
        raw,
        agreement.execution_method == ExecutionMethod.PAPER,
        tuple(party_field(m) for m in parties),
    )


# Steps of the signing original, shown on the agreement page while it is made.
RENDERING = N_("署名用のPDFを作成しています")
SEALING = N_("電子印を付けています")


def make_signing_pdf(source: SigningSource, step: Callable[[str], None] = lambda _s: None) -> bytes:
    """Render once and certify (or, for paper, seal): no database, the slow part."""
    step(RENDERING)
    try:
        pdf = document.pdf_from_source(source.html, source.raw)
    except MissingGlyphError as exc:
        raise ExecutionError(
            _(
                "印刷できない文字があるため署名用のPDFを作成できません: %(chars)s",
                chars=" ".join(exc.characters),
            )
        ) from exc
    except Exception as exc:  # noqa: BLE001 - the renderer's errors are many; report, never 500
        raise ExecutionError(
            _("署名用のPDFを作成できませんでした: %(error)s", error=str(exc))
        ) from exc
    step(SEALING)
    try:
        if source.paper:
            return seal.seal_pdf(pdf)
        return seal.certify_pdf(pdf, list(source.fields))
    except Exception as exc:  # noqa: BLE001 - a missing or broken key must not strand the draft
        raise ExecutionError(_("電子印を付けられませんでした: %(error)s", error=str(exc))) from exc


def prepare(agreement: Agreement) -> None:
    """Render the frozen agreement once and certify (or, for paper, seal) it, here and now."""
    set_current_pdf(agreement, make_signing_pdf(signing_source(agreement)))


def frozen_party(agreement: Agreement, member: Member) -> dict[str, str]:
    """The member's signature block as frozen when the agreement was sent."""
    for block in document.content(agreement).get("signature_blocks", []):
        if block.get("name") == member.name.strip():
            return block
    return {
        "name": member.name,
        "representative_title": member.representative_title,
        "representative_name": member.representative_name,
    }


def witness_sign(agreement: Agreement, member: Member, person: str, title: str) -> None:
    """Append the party's approval signature (installation key) to the current PDF."""
    # Part of the signed document, so in Japanese whatever the signatory's UI language.
    document_name = f"「{agreement.title}」(第{agreement.number}版)"
    reason = f"{member.name}の{title} {person}が{document_name}に合意し署名"
    try:
        data = seal.approve_pdf(
            agreement.current_pdf or b"",
            party_field(member),
            name=f"{title} {person}".strip(),
            location=member.name,
            reason=reason,
        )
    except Exception as exc:  # noqa: BLE001 - refuse the signature, keep the agreement signable
        raise ExecutionError(
            _("電子署名を付けられませんでした: %(error)s", error=str(exc))
        ) from exc
    set_current_pdf(agreement, data)


def finish(agreement: Agreement) -> bytes:
    """The executed PDF: the fully signed bytes, with a document timestamp when configured."""
    try:
        return seal.timestamp_pdf(agreement.current_pdf or b"")
    except Exception as exc:  # noqa: BLE001 - an unreachable timestamp server must not lose a signature
        raise ExecutionError(
            _("タイムスタンプを付けられませんでした: %(error)s", error=str(exc))
        ) from exc


# An upload is two parses and two signature validations (with pyHanko's difference analysis):
# more than /verify's budget, but still bounded, and only a registered signatory can send one.
UPLOAD_LIMITS = untrusted.Limits(memory=256 * untrusted.MB, cpu=5.0)


@dataclasses.dataclass(frozen=True)
class PartySignature:
    certificate: MemberCertificate
    signer_name: str


def check_party_upload(
    current: bytes, upload: bytes, certificates: list[MemberCertificate], field: str
) -> PartySignature:
    """Accept only the current bytes plus one incremental signature, in the party's own field,
    by a certificate registered for the party. The upload is parsed in a bounded child process."""
    if len(upload) <= len(current) or upload[: len(current)] != current:
        raise ExecutionError(
            _("アップロードされたPDFは現在の協定書に署名を1つ追加したものではありません。"), "file"
        )
    registered = [(c.id, c.fingerprint_sha256, c.pem) for c in certificates]
    # Imported here, before the fork: the child's CPU budget is for the parse, not for loading
    # pyHanko, which only processes that check signatures load (negotiator.agreements.pades).
    from negotiator.agreements import party_upload

    outcome = untrusted.run(
        party_upload.inspect,
        current,
        upload,
        registered,
        field,
        seal.trust_context(),
        limits=UPLOAD_LIMITS,
    )
    if not outcome.ok:
        raise ExecutionError(_("PDFとして読み取れません。"), "file")
    if "error" in outcome.value:
        raise ExecutionError(outcome.value["error"], "file")
    match = next(c for c in certificates if c.id == outcome.value["certificate_id"])
    return PartySignature(match, outcome.value["signer_name"])
