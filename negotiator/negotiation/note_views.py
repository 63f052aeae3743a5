"""内部メモ page: a member's own notes on an item (registered on the negotiation blueprint).

Anyone but the member's liaisons and signatories gets 404, not 403: the page's existence for a
given member is itself not theirs to learn."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access, can_read_notes
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import notes
from negotiator.negotiation.forms import NoteForm
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.views import bp


def _own(item_id: int, member_id: int) -> tuple[AgendaItem, Member]:
    item = db.get_or_404(AgendaItem, item_id)
    member = db.get_or_404(Member, member_id)
    consortium_id = item.negotiation.consortium_id
    if member.consortium_id != consortium_id or not can_read_notes(consortium_id, member.id):
        abort(404)
    return item, member


@bp.route("/items/<int:item_id>/members/<int:member_id>/notes", methods=["GET", "POST"])
@access(LOGIN)
def member_notes(item_id: int, member_id: int) -> str | Response:
    item, member = _own(item_id, member_id)
    form = NoteForm()
    if form.validate_on_submit():
        notes.add_note(item, member, form.body.data, current_user)
        db.session.commit()
        flash(_("%(member)sの内部メモを追加しました。", member=member.name), "success")
        return redirect(url_for("negotiation.member_notes", item_id=item.id, member_id=member.id))
    return render_template(
        "negotiation/notes.html",
        form=form,
        item=item,
        member=member,
        notes=notes.notes_of(item, member),
    )
