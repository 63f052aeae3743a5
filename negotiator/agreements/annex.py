"""A frozen cost-split table as an annex (別表), and the article that obliges the parties to pay
by it. Pure: data in, text out.

Shares are printed so that the column adds up as printed: exact percentages where they exist
(45%, 16.5%), exact fractions where the denominator is small (12分の1, adding up to 1), and
otherwise percentages to two decimals rounded by largest remainder to 100.00%, with a note.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from fractions import Fraction
from typing import Any

from negotiator.agreements.assembly import AnnexInput
from negotiator.agreements.wording import era_dates, join_ja

TITLE = "経費の負担額及び負担割合"
SMALL_DENOMINATOR = 100  # 12分の1 reads well; 20590分の42199 does not
AMOUNT_NOTE = (
    "各団体の負担額は、各経費の額に負担割合を乗じて得た額とし、1円未満の端数は切り捨てる。"
)
REMAINDER_NOTES = {
    "lead": "切り捨てた端数の合計額は、{lead}が負担する。",
    "largest": "切り捨てた端数の合計額は、負担額が最も大きい団体が負担する。",
    "largest_remainder": (
        "切り捨てた端数の合計額は、切り捨てた端数の大きい団体から順に1円ずつ負担する。"
    ),
}
METHOD_NOTES = {
    "equal": "負担割合は、均等割による。",
    "manual": "負担割合は、構成団体の協議により定めた割合とする。",
    "scrb": "負担割合は、各団体が単独で整備する場合の見積額等を基に、"
    "分離費用身替り妥当支出法により算定する。",
    "shapley": "負担割合は、各団体が単独で又は共同で整備する場合の見積額を基に、"
    "シャープレイ値により算定する。",
    "nucleolus": "負担割合は、各団体が単独で又は共同で整備する場合の見積額を基に、"
    "仁（ヌクレオラス）により算定する。",
}
ROUNDED_NOTE = (
    "負担割合欄の数値は、負担割合を百分率で表して小数点以下第2位までとしたものであり、"
    "その合計が100%となるよう最大剰余法により端数を調整している。"
    "負担額は、調整前の負担割合により算定する。"
)


def cost_article(who: str, subject: str, heading: str) -> str:
    """The cost article: an obligation to pay as the annex says (である調)."""
    return f"{who}は、{subject}に要する経費を、{heading}に定めるところにより負担する。"


def _yen(amount: int) -> str:
    return f"{amount:,}"


def _percent(share: Fraction) -> str:
    value = Decimal(share.numerator * 100) / Decimal(share.denominator)
    return f"{value.normalize():f}%"


def _fraction(share: Fraction) -> str:
    if share.denominator == 1:
        return str(share.numerator)
    return f"{share.denominator}分の{share.numerator}"


def _largest_remainder(shares: list[Fraction]) -> list[str]:
    units = [s * 10000 for s in shares]  # hundredths of a percent
    floors = [u.numerator // u.denominator for u in units]
    missing = 10000 - sum(floors)
    order = sorted(range(len(units)), key=lambda i: (-(units[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return [f"{Decimal(f) / 100:.2f}%" for f in floors]


def share_column(shares: list[Fraction]) -> tuple[list[str], str, bool]:
    """Printed shares, the printed total and whether they were rounded (then a note says so)."""
    if all((s * 10000).denominator == 1 for s in shares):
        return [_percent(s) for s in shares], "100%", False
    if all(s.denominator <= SMALL_DENOMINATOR for s in shares):
        return [_fraction(s) for s in shares], "1", False
    return _largest_remainder(shares), "100.00%", True


def _member_shares(data: dict[str, Any]) -> list[list[Fraction]]:
    """Per member, the exact share of each category (or of the total, for older tables)."""
    total = data.get("total", 0)
    rows = data.get("rows", [])
    if all(row.get("shares") for row in rows):
        return [[Fraction(s) for s in row["shares"]] for row in rows]
    return [[Fraction(row["total"], total) if total else Fraction(0)] for row in rows]


def _share_columns(data: dict[str, Any]) -> tuple[list[str], list[list[str]], list[str], bool]:
    """Header, cells per member, totals and rounding for the share column(s)."""
    shares = _member_shares(data)
    if not shares:
        return [], [], [], False
    if all(len(set(row)) == 1 for row in shares):
        shares, headers = [[row[0]] for row in shares], ["負担割合"]
    else:  # a different formula per category: one share column each
        headers = [f"負担割合（{c['name']}）" for c in data.get("categories", [])]
    cells: list[list[str]] = [[] for _ in shares]
    totals, rounded = [], False
    for index in range(len(headers)):
        column, total, was_rounded = share_column([row[index] for row in shares])
        for row, cell in zip(cells, column, strict=True):
            row.append(cell)
        totals.append(total)
        rounded = rounded or was_rounded
    return headers, cells, totals, rounded


def _method_note(data: dict[str, Any]) -> str | None:
    method, formula = data.get("method", ""), data.get("formula", "")
    if method in METHOD_NOTES:
        return METHOD_NOTES[method]
    if not formula:
        return None
    parts = []
    for part in formula.split("、"):
        name, _, terms = part.rpartition(": ")
        text = join_ja([t.strip() for t in terms.split("+")])
        parts.append(f"{name}については{text}" if name else text)
    return f"負担割合は、{'、'.join(parts)}により算定する。"


def _notes(data: dict[str, Any], rounded: bool) -> list[str]:
    notes = [n for n in (_method_note(data),) if n]
    members = data.get("members", [])
    lead = (members[0].get("label") or members[0]["name"]) if members else ""
    amount = AMOUNT_NOTE
    if data.get("remainder_rule") in REMAINDER_NOTES:
        amount += REMAINDER_NOTES[data["remainder_rule"]].format(lead=lead)
    notes.append(amount)
    if rounded:
        notes.append(ROUNDED_NOTE)
    notes += [n for n in map(_figure_note, _used_indicators(data)) if n]
    return [era_dates(n) for n in notes]


def _used_indicators(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Only the figures the formula uses; the others did not shape the split."""
    formula = data.get("formula", "")
    indicators = data.get("inputs", {}).get("indicators", [])
    return [i for i in indicators if i["label"] in formula]


def _figure_note(indicator: dict[str, Any]) -> str | None:
    """Where a figure comes from, as of when. An example figure's "source" (例示) is a caveat
    for the screen, not a term the parties sign: its note gives the date alone."""
    label, when = indicator["label"], era_dates(str(indicator.get("reference_date") or ""))
    if indicator.get("illustrative"):
        return f"{label}は、{when}現在の数値による。" if when else None
    if indicator.get("source"):
        return f"{label}は、{indicator['source']}による{f'（{when}現在）' if when else ''}。"
    return None


def illustrative_figures(
    data: dict[str, Any], amounts: Collection[int] = (), quotes: Collection[int] = ()
) -> list[str]:
    """The figures of a cost table marked as examples (例示) that its annex rests on: cost
    amounts of the category ids in `amounts`, quotes of those in `quotes` (cooperative methods
    only) and the indicators the formula uses."""
    categories = data.get("categories", [])
    found = [f"{c['name']}の額" for c in categories if c["id"] in amounts]
    if data.get("method") in ("scrb", "shapley", "nucleolus"):
        found += [f"{c['name']}の見積" for c in categories if c["id"] in quotes]
    return found + [i["label"] for i in _used_indicators(data) if i.get("illustrative")]


def cost_annex(data: dict[str, Any]) -> AnnexInput:
    """Columns: member, yen per cost category, total, share(s) of the total."""
    categories = data.get("categories", [])
    names = {m["id"]: m["name"] for m in data.get("members", [])}
    headers, share_cells, share_totals, rounded = _share_columns(data)
    columns = ("団体", *(f"{c['name']}（円）" for c in categories), "合計（円）", *headers)
    rows = [
        (
            names.get(row["member_id"], ""),
            *(_yen(y) for y in row["yen"]),
            _yen(row["total"]),
            *shares,
        )
        for row, shares in zip(data.get("rows", []), share_cells, strict=True)
    ]
    totals = ("計", *(_yen(c["amount"]) for c in categories), _yen(data.get("total", 0)))
    notes = tuple(_notes(data, rounded))
    title = TITLE
    if data.get("fiscal_year"):  # a yearly table: 令和8年度経費の負担額及び負担割合
        from negotiator.agreements.fiscal import fiscal_year_label

        title = fiscal_year_label(int(data["fiscal_year"])) + TITLE
    return AnnexInput(title, columns, (*rows, (*totals, *share_totals)), notes)
