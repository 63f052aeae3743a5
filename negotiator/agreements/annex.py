"""A frozen cost-split table as an annex (別表) of the agreement. Pure: data in, rows out."""

from __future__ import annotations

from typing import Any

from negotiator.agreements.assembly import AnnexInput

REMAINDER_NOTES = {
    "lead": "1円未満の端数は切り捨て、切り捨てた端数の合計は代表団体が負担する。",
    "largest": "1円未満の端数は切り捨て、切り捨てた端数の合計は負担額が最も大きい団体が負担する。",
    "largest_remainder": (
        "1円未満の端数は切り捨て、切り捨てた端数は端数の大きい団体から1円ずつ負担する。"
    ),
}


def _yen(amount: int) -> str:
    return f"{amount:,}"


def cost_annex(title: str, data: dict[str, Any]) -> AnnexInput:
    """Columns: member, yen per cost category, total, share of the total."""
    categories = data.get("categories", [])
    names = {m["id"]: m["name"] for m in data.get("members", [])}
    columns = ("団体", *(f"{c['name']}(円)" for c in categories), "合計(円)", "負担割合")
    rows = [
        (
            names.get(row["member_id"], ""),
            *(_yen(y) for y in row["yen"]),
            _yen(row["total"]),
            f"{row['percent']}%",
        )
        for row in data.get("rows", [])
    ]
    totals = ("計", *(_yen(c["amount"]) for c in categories), _yen(data.get("total", 0)), "100%")
    notes = [f"負担の方法: {data.get('formula') or title}"]
    if data.get("remainder_rule") in REMAINDER_NOTES:
        notes.append(REMAINDER_NOTES[data["remainder_rule"]])
    formula = data.get("formula", "")
    for indicator in data.get("inputs", {}).get("indicators", []):
        # Only the figures the formula uses; the others did not shape the split.
        if indicator["label"] in formula and (
            indicator.get("source") or indicator.get("reference_date")
        ):
            notes.append(
                f"{indicator['label']}: {indicator.get('source', '')}"
                f"({indicator.get('reference_date', '')})"
            )
    return AnnexInput("経費の負担額及び負担割合", columns, (*rows, totals), tuple(notes))
