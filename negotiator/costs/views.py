"""Cost-split pages: workspace and comparison, categories, quotes, indicators, CSV import."""

from __future__ import annotations

from itertools import combinations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access, can_facilitate, can_view_consortium, require
from negotiator.costs import csv_import, pages, queries, services
from negotiator.costs.forms import CategoryEditForm, CategoryForm, Grid, ImportForm
from negotiator.costs.models import CostCategory, FrozenCostTable
from negotiator.costs.split import SplitError
from negotiator.db import db
from negotiator.forms import show_error
from negotiator.i18n import error_html, message_html
from negotiator.message import Message
from negotiator.negotiation.models import AgendaItem, Category
from negotiator.uploads import upload_limit

bp = Blueprint("costs", __name__)

FULL_GAME_LIMIT = 5  # up to this many members, every coalition can be quoted on one page


def cost_item(item_id: int) -> AgendaItem:
    """The cost-split item, readable by the current user (404 for other categories)."""
    item = db.get_or_404(AgendaItem, item_id)
    if item.category != Category.COST_SPLIT.value:
        abort(404)
    require(can_view_consortium(item.negotiation.consortium_id))
    return item


def readable_frozen(table_id: int) -> FrozenCostTable:
    """A frozen cost table (404 when there is none), readable as its item is."""
    table = db.get_or_404(FrozenCostTable, table_id)
    cost_item(table.item_id)
    return table


def facilitated_item(item_id: int) -> AgendaItem:
    item = cost_item(item_id)
    require(can_facilitate(item.negotiation.consortium_id))
    return item


def attach_error(form: FlaskForm, error: SplitError, grid: Grid | None = None) -> None:
    """Put the message at its field: a form field, a grid input, or the form as a whole."""
    on_form = error.field and hasattr(getattr(form, error.field, None), "errors")
    if grid is not None and error.field and not on_form:
        db.session.rollback()
        grid.add_error(error.field, error_html(error))
    else:
        show_error(form, error)


def workspace_url(item: AgendaItem, anchor: str = "") -> str:
    return url_for("costs.workspace", item_id=item.id) + (f"#{anchor}" if anchor else "")


@bp.route("/items/<int:item_id>/costs")
@access(LOGIN)
def workspace(item_id: int) -> str:
    item = cost_item(item_id)
    return render_template("costs/workspace.html", **pages.workspace_context(item))


@bp.route("/items/<int:item_id>/costs/categories/new", methods=["GET", "POST"])
@access(LOGIN)
def category_new(item_id: int) -> str | Response:
    item = facilitated_item(item_id)
    return _category_form(item, None)


@bp.route("/cost-categories/<int:category_id>/edit", methods=["GET", "POST"])
@access(LOGIN)
def category_edit(category_id: int) -> str | Response:
    category = db.get_or_404(CostCategory, category_id)
    item = facilitated_item(category.item_id)
    return _category_form(item, category)


def _category_form(item: AgendaItem, category: CostCategory | None) -> str | Response:
    form = CategoryForm() if category is None else CategoryEditForm(obj=category)
    if request.method == "GET" and category is not None:
        form.amount.data = f"{category.amount:,}"
    if form.validate_on_submit() and (amount := form.amount_yen()) is not None:
        data = {"name": form.name.data.strip(), "amount": amount}
        try:
            version = form.version.data if category else None
            services.save_category(item, category, data, version)
        except SplitError as error:
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("費用区分を保存しました。"), "success")
            return redirect(workspace_url(item, "costs"))
    return render_template("costs/category_form.html", form=form, item=item, category=category)


@bp.route("/cost-categories/<int:category_id>/delete", methods=["POST"])
@access(LOGIN)
def category_delete(category_id: int) -> Response:
    category = db.get_or_404(CostCategory, category_id)
    item = facilitated_item(category.item_id)
    if FlaskForm().validate_on_submit():
        services.delete_category(item, category)
        db.session.commit()
        flash(_("費用区分を削除しました。"), "success")
    return redirect(workspace_url(item, "costs"))


def coalitions(member_ids: list[int]) -> list[frozenset[int]]:
    """The coalitions a quote can be entered for: all proper ones for small councils, else
    stand-alone and all-but-one (enough for SCRB and for completing the rest)."""
    n = len(member_ids)
    sizes = range(1, n) if n <= FULL_GAME_LIMIT else [1, n - 1]
    return [frozenset(c) for size in sizes for c in combinations(member_ids, size)]


@bp.route("/cost-categories/<int:category_id>/quotes", methods=["GET", "POST"])
@access(LOGIN)
def quotes(category_id: int) -> str | Response:
    category = db.get_or_404(CostCategory, category_id)
    item = facilitated_item(category.item_id)
    ws = queries.workspace(item)
    groups = coalitions([m.id for m in ws.members])
    existing = {q.member_ids: q.amount for q in category.quotes}
    form = FlaskForm()
    grid = Grid({f"q-{_key(g)}": f"{existing[g]:,}" for g in groups if g in existing})
    if form.validate_on_submit():
        grid = Grid(request.form)
        amounts = {g: grid.number(f"q-{_key(g)}", whole=True) for g in groups}
        if not grid.errors:
            services.save_quotes(item, category, {g: _int(v) for g, v in amounts.items()})
            db.session.commit()
            flash(_("見積を保存しました。"), "success")
            return redirect(workspace_url(item, "costs"))
    rows = [(g, _key(g), "・".join(m.name for m in ws.members if m.id in g)) for g in groups]
    return render_template(
        "costs/quotes.html", form=form, grid=grid, item=item, category=category, rows=rows
    )


def _key(group: frozenset[int]) -> str:
    return "_".join(str(i) for i in sorted(group))


def _int(value: object) -> int | None:
    return None if value is None else int(value)


@bp.route("/items/<int:item_id>/costs/indicators", methods=["GET", "POST"])
@access(LOGIN)
def indicators(item_id: int) -> str | Response:
    item = facilitated_item(item_id)
    ws = queries.workspace(item)
    rows = pages.indicator_rows(ws)
    form = FlaskForm()
    grid = Grid(request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        parsed = csv_import.rows_from_grid(grid, rows, ws.members)
        if not grid.errors:
            changed = services.save_indicators(item, ws.members, parsed)
            db.session.commit()
            flash(_("指標を保存しました(%(n)d件変更)。", n=changed), "success")
            return redirect(workspace_url(item, "indicators"))
    return render_template(
        "costs/indicators.html",
        form=form,
        grid=grid,
        item=item,
        ws=ws,
        rows=rows,
        import_form=ImportForm(),
    )


@bp.route("/items/<int:item_id>/costs/indicators/import", methods=["POST"])
@access(LOGIN)
@upload_limit(csv_import.MAX_BYTES)
def indicators_import(item_id: int) -> str | Response:
    item = facilitated_item(item_id)
    ws = queries.workspace(item)
    form = ImportForm()
    problems: list[Message] = []
    if form.validate_on_submit():
        parsed, problems = csv_import.parse(form.file.data.read(), ws)
        if not problems:
            changed = services.save_indicators(item, ws.members, parsed)
            db.session.commit()
            flash(_("CSVから指標を取り込みました(%(n)d件変更)。", n=changed), "success")
            return redirect(workspace_url(item, "indicators"))
    return render_template(
        "costs/indicators.html",
        form=FlaskForm(),
        grid=Grid(),
        item=item,
        ws=ws,
        rows=pages.indicator_rows(ws),
        import_form=form,
        problems=[message_html(p) for p in problems],
    )


from negotiator.costs import candidate_views, export_views  # noqa: E402, F401  (routes on bp)
