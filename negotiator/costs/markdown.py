"""The proposal text a cost-split candidate becomes: its formula and its table, in Markdown."""

from __future__ import annotations

from typing import Any

from negotiator.costs.split import METHOD_LABELS

# Document text (the agreement is Japanese whatever the UI language).
REMAINDER_SENTENCES = {
    "lead": "端数の合計は代表団体(甲)が負担する。",
    "largest": "端数の合計は負担額が最も大きい団体が負担する。",
    "largest_remainder": "端数の合計は、切り捨てた端数の大きい団体から順に1円ずつ負担する。",
}


def _yen(value: int) -> str:
    return f"{value:,}円"


def proposal_text(table: dict[str, Any]) -> str:
    """Markdown for the revision: what is split, by which rule, and who pays how much."""
    categories = table["categories"]
    members = table["members"]
    lines = [
        f"## 費用負担の方法: {table['name']}",
        "",
        f"- 計算方法: {METHOD_LABELS.get(table['method'], table['method'])}({table['formula']})",
        "- 対象: " + "、".join(f"{c['name']} {_yen(c['amount'])}" for c in categories),
        "- 1円未満の端数は切り捨て、" + REMAINDER_SENTENCES[table["remainder_rule"]],
        "",
        "| 構成団体 | 負担割合 | " + " | ".join(c["name"] for c in categories) + " | 合計 |",
        "|---|---:|" + "---:|" * len(categories) + "---:|",
    ]
    for member, row in zip(members, table["rows"], strict=True):
        cells = [f"{member['label']} {member['name']}".strip(), f"{row['percent']}%"]
        cells += [_yen(v) for v in row["yen"]] + [_yen(row["total"])]
        lines.append("| " + " | ".join(cells) + " |")
    totals = [_yen(c["amount"]) for c in categories] + [_yen(table["total"])]
    lines.append("| 合計 | 100% | " + " | ".join(totals) + " |")
    if table.get("rationale"):
        lines += ["", "### 理由", "", table["rationale"]]
    lines += ["", "算定に用いた数値と負担割合は別表として固定されています。"]
    return "\n".join(lines) + "\n"
