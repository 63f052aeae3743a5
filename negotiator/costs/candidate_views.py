"""Candidate pages: add, edit, live preview, delete, make a proposal, frozen tables (their
Excel files: export_views)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access, require, roles_in
from negotiator.costs import pages, queries, services, split
from negotiator.costs.forms import (
    CandidateEditForm,
    CandidateForm,
    Grid,
    ProposeForm,
    manual_from,
    weights_from,
)
from negotiator.costs.models import CostCandidate
from negotiator.costs.split import SplitError
from negotiator.costs.views import (
    attach_error,
    bp,
    cost_item,
    facilitated_item,
    readable_frozen,
    workspace_url,
)
from negotiator.db import db
from negotiator.forms import choices
from negotiator.i18n import message_text


def _prepare(form: CandidateForm, ws: queries.Workspace) -> None:
    form.indicator.choices = choices({k: r.label for k, r in ws.inputs.indicators.items()})


def _spec(form: CandidateForm, grid: Grid, ws: queries.Workspace) -> split.Spec:
    """The candidate as typed: the method's parameters come from the grid of inputs."""
    method = form.method.data
    params: dict = {}
    if method == "proportional":
        params = {"indicator": form.indicator.data or ""}
    elif method == "mix":
        keys = [k for k, _label in pages.components(ws.inputs)]
        params = weights_from(grid, [c.id for c in ws.categories], keys)
    elif method == "manual":
        params = manual_from(grid, [m.id for m in ws.members], form.unit.data or "percent")
    return split.Spec(method, params, form.remainder_rule.data)


def _grid_of(candidate: CostCandidate | None) -> Grid:
    """The inputs of a saved candidate, for editing it."""
    if candidate is None:
        return Grid()
    values = {}
    for category, weights in candidate.params.get("weights", {}).items():
        values |= {f"w-{category}-{k}": v for k, v in weights.items()}
    values |= {f"v-{m}": v for m, v in candidate.params.get("values", {}).items()}
    return Grid(values)


def _form_page(item, candidate: CostCandidate | None) -> str | Response:  # noqa: ANN001
    roles = roles_in(item.negotiation.consortium_id)
    ws = queries.workspace(item)
    if candidate is None:
        form = CandidateForm(data=_defaults(request.args))
    else:
        form = CandidateEditForm(obj=candidate)
    if candidate is not None and request.method == "GET":
        form.indicator.data = candidate.params.get("indicator")
        form.unit.data = candidate.params.get("unit", "percent")
    _prepare(form, ws)
    grid = Grid(request.form) if request.method == "POST" else _grid_of(candidate)
    spec = _spec(form, grid, ws) if form.validate_on_submit() else None
    if spec is not None and not grid.errors:
        data = {
            "name": form.name.data.strip(),
            "method": spec.method,
            "params": spec.params,
            "remainder_rule": spec.remainder_rule,
            "rationale": (form.rationale.data or "").strip(),
        }
        try:
            services.save_candidate(
                item,
                candidate,
                data,
                current_user,
                suggested=not roles.facilitator,
                version=form.version.data if candidate else None,
            )
        except SplitError as error:
            attach_error(form, error, grid)
        else:
            db.session.commit()
            flash(_("候補を保存しました。"), "success")
            return redirect(workspace_url(item, "comparison"))
    return render_template(
        "costs/candidate_form.html",
        form=form,
        grid=grid,
        item=item,
        ws=ws,
        candidate=candidate,
        components=pages.components(ws.inputs),
        weight_sums=_weight_sums(grid, ws),
        roles=roles,
        method=form.method.data,
        method_labels=split.METHOD_LABELS,
    )


def _weight_sums(grid: Grid, ws: queries.Workspace) -> dict:
    keys = [k for k, _label in pages.components(ws.inputs)]
    return pages.weight_sums(grid, [c.id for c in ws.categories], keys)


def _defaults(args) -> dict:  # noqa: ANN001
    method = args.get("method", "mix")
    return {"method": method if method in split.METHODS else "mix", "remainder_rule": "lead"}


@bp.route("/items/<int:item_id>/costs/candidates/new", methods=["GET", "POST"])
@access(LOGIN)
def candidate_new(item_id: int) -> str | Response:
    item = cost_item(item_id)
    roles = roles_in(item.negotiation.consortium_id)
    require(roles.facilitator or bool(roles.liaison_of))  # a liaison's candidate is a suggestion
    return _form_page(item, None)


@bp.route("/cost-candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@access(LOGIN)
def candidate_edit(candidate_id: int) -> str | Response:
    candidate = db.get_or_404(CostCandidate, candidate_id)
    item = facilitated_item(candidate.item_id)
    return _form_page(item, candidate)


@bp.route("/items/<int:item_id>/costs/preview")
@access(LOGIN)
def preview(item_id: int) -> str:
    """The htmx fragment: the candidate being edited, recomputed from the typed inputs."""
    item = cost_item(item_id)
    ws = queries.workspace(item)
    form = CandidateForm(formdata=request.args, meta={"csrf": False})
    _prepare(form, ws)
    grid = Grid(request.args)
    sums = _weight_sums(grid, ws) if form.method.data == "mix" else {}
    if pages.untouched(grid, form.method.data):
        return render_template("costs/_preview.html", item=item, waiting=True, weight_sums=sums)
    spec = _spec(form, grid, ws)
    context = pages.preview_context(item, spec, (form.name.data or "").strip())
    return render_template("costs/_preview.html", item=item, weight_sums=sums, **context)


@bp.route("/cost-candidates/<int:candidate_id>/delete", methods=["POST"])
@access(LOGIN)
def candidate_delete(candidate_id: int) -> Response:
    candidate = db.get_or_404(CostCandidate, candidate_id)
    item = facilitated_item(candidate.item_id)
    if FlaskForm().validate_on_submit():
        services.delete_candidate(item, candidate)
        db.session.commit()
        flash(_("候補を削除しました。"), "success")
    return redirect(workspace_url(item, "comparison"))


@bp.route("/cost-candidates/<int:candidate_id>/propose", methods=["POST"])
@access(LOGIN)
def propose(candidate_id: int) -> Response:
    candidate = db.get_or_404(CostCandidate, candidate_id)
    item = facilitated_item(candidate.item_id)
    form = ProposeForm()
    if not form.validate_on_submit():
        flash(_("送信内容が正しくありません。ページを読み込み直してください。"), "error")
        return redirect(workspace_url(item, "comparison"))
    try:
        services.propose(item, candidate, current_user, form.base_revision.data)
    except SplitError as error:
        db.session.rollback()
        flash(message_text(error.msg), "error")
        return redirect(workspace_url(item, "comparison"))
    db.session.commit()
    flash(_("候補を提案文の新しい版にしました。各団体の意見は再確認が必要になります。"), "success")
    return redirect(url_for("negotiation.item", item_id=item.id))


@bp.route("/cost-tables/<int:table_id>")
@access(LOGIN)
def frozen(table_id: int) -> str:
    table = readable_frozen(table_id)
    item = cost_item(table.item_id)
    return render_template(
        "costs/frozen.html",
        table=table,
        item=item,
        data=table.data,
        method_labels=split.METHOD_LABELS,
        remainder_labels=split.REMAINDER_LABELS,
    )
