"""The cost split's Excel files: the comparison of the candidates and each frozen table.

The request gathers what the workbook shows (plain values, costs.excel) and asks for a render of
it; the job consumer makes the workbook, kept by the hash of what it shows (negotiator.renders).
"""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access
from negotiator.costs import excel, queries
from negotiator.costs.views import bp, cost_item, readable_frozen, workspace_url
from negotiator.renders import kinds, services
from negotiator.renders.views import deliver

COMPARISON = "cost_comparison.xlsx"
FROZEN = "cost_table.xlsx"


@bp.route("/cost-tables/<int:table_id>/export.xlsx")
@access(LOGIN)
def frozen_export(table_id: int) -> Response:
    table = readable_frozen(table_id)
    job = services.request_values(
        FROZEN,
        table.id,
        excel.frozen_sheet(table),
        user_id=current_user.id,
        filename=f"cost-table-{table.item_id}-r{table.revision_number}.xlsx",
    )
    return deliver(job, _frozen_page(table.id))


@bp.route("/items/<int:item_id>/costs/comparison.xlsx")
@access(LOGIN)
def comparison_export(item_id: int) -> Response:
    item = cost_item(item_id)
    ws = queries.workspace(item)
    columns = queries.comparison(ws.inputs, queries.candidates(item))
    job = services.request_values(
        COMPARISON,
        item.id,
        excel.comparison_sheet(item, ws, columns),
        user_id=current_user.id,
        filename=f"cost-comparison-{item.id}.xlsx",
    )
    return deliver(job, workspace_url(item, "comparison"))


def _frozen_page(table_id: int) -> str:
    return url_for("costs.frozen", table_id=table_id)


def _comparison(item_id: int) -> str:
    return url_for("costs.workspace", item_id=item_id) + "#comparison"


kinds.workbook(COMPARISON, cost_item, _comparison, excel.comparison_book)
kinds.workbook(FROZEN, readable_frozen, _frozen_page, excel.frozen_book)
