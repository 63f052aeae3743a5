"""Indicator values from the edit table or from CSV (UTF-8 or Shift_JIS/CP932 from Excel).

CSV layout, one row per member and indicator, with a header row (Japanese or English):
    構成団体,指標,値,単位,基準日,出典
    須崎市,人口,20590,人,2020-10-01,2020年国勢調査
指標 matches an existing indicator by key or label; an unknown one becomes a new indicator.
Any bad row is reported by its line number and then nothing is imported.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from negotiator import untrusted
from negotiator.consortia.models import Member
from negotiator.costs.forms import Grid
from negotiator.costs.queries import Workspace
from negotiator.costs.split import SplitError, parse_number
from negotiator.forms import has_control, text_problem
from negotiator.message import Message, say
from negotiator.uploads import decode

HEADERS = {
    "member": ("構成団体", "団体", "member"),
    "indicator": ("指標", "indicator", "key"),
    "value": ("値", "value"),
    "unit": ("単位", "unit"),
    "reference_date": ("基準日", "reference_date"),
    "source": ("出典", "source"),
}
MAX_BYTES = 1_000_000


def rows_from_grid(grid: Grid, rows: list[dict[str, Any]], members: list[Member]) -> list[dict]:
    """The edit table's rows (existing indicators plus an optional new one), checked."""
    parsed = []
    for index, row in enumerate(rows):
        parsed.append(_grid_row(grid, str(index), row["key"], members))
    label = grid.get("label-new").strip()
    if label:
        key = (grid.get("key-new").strip() or label)[:40]
        if any(r["key"] == key for r in rows):
            grid.add_error("key-new", _("同じキーの指標が既にあります"))
        parsed.append(_grid_row(grid, "new", key, members))
    return parsed


def _grid_row(grid: Grid, index: str, key: str, members: list[Member]) -> dict[str, Any]:
    label = grid.get(f"label-{index}").strip()
    if not label:
        grid.add_error(f"label-{index}", _("名称を入力してください"))
    values = {}
    for member in members:
        name = f"val-{index}-{member.id}"
        if not grid.get(name).strip():
            grid.add_error(name, _("値を入力してください"))
        values[member.id] = grid.number(name)
    return {
        "key": key,
        "label": label[:100],
        "unit": grid.get(f"unit-{index}").strip()[:20],
        "reference_date": grid.get(f"ref-{index}").strip()[:40],
        "source": grid.get(f"source-{index}").strip()[:200],
        "illustrative": bool(grid.get(f"ill-{index}")),
        "values": values,
    }


def _columns(header: list[str]) -> dict[str, int] | None:
    found = {}
    cleaned = [h.strip().lower() for h in header]
    for name, aliases in HEADERS.items():
        for alias in aliases:
            if alias.lower() in cleaned:
                found[name] = cleaned.index(alias.lower())
                break
    return found if {"member", "indicator", "value"} <= found.keys() else None


def tokenize(data: bytes) -> dict[str, Any]:
    """The CSV's rows, or its first problem (a message as JSON); run in a child process
    (negotiator.untrusted), which has no request to translate in."""
    text = decode(data)
    if text is None:
        problem = _at_line(
            1, say("文字コードを判別できません(UTF-8 または Shift_JIS で保存してください)")
        )
        return {"problem": problem.to_json()}
    for line, part in enumerate(text.split("\n"), start=1):
        if has_control(part):
            problem = _at_line(line, say("使えない制御文字(NUL など)が含まれています"))
            return {"problem": problem.to_json()}
    try:
        return {"rows": list(csv.reader(io.StringIO(text)))}
    except csv.Error as error:
        return {"problem": say("CSVとして読み取れません(%(reason)s)", reason=str(error)).to_json()}


def _at_line(line: int, problem: Message | str) -> Message:
    return say("%(line)s行目: %(problem)s", line=line, problem=problem)


def parse(data: bytes, ws: Workspace) -> tuple[list[dict[str, Any]], list[Message]]:
    """Rows for services.save_indicators, or the problems (by line) and no rows at all."""
    if len(data) > MAX_BYTES:
        return [], [say("ファイルが大きすぎます(1MBまで)")]
    outcome = untrusted.run(tokenize, data)  # 1 MB reads in about 0.1 s
    if not outcome.ok:
        return [], [say("CSVとして読み取れません(大きすぎるか、形式が正しくありません)")]
    if "problem" in outcome.value:
        return [], [Message.from_json(outcome.value["problem"])]
    reader = outcome.value["rows"]
    if not reader:
        return [], [say("ファイルが空です")]
    columns = _columns(reader[0])
    if columns is None:
        return [], [_at_line(1, say("見出しに「構成団体」「指標」「値」の列が必要です"))]
    known = {m.name: m.id for m in ws.members}
    by_label = {ref.label: key for key, ref in ws.inputs.indicators.items()}
    by_key = {k: v for k, v in ws.inputs.indicators.items()}
    collected: dict[str, dict[str, Any]] = {}
    problems = []
    for line, record in enumerate(reader[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        problem = _unstorable(record) or _take(record, columns, known, by_label, by_key, collected)
        if problem:
            problems.append(_at_line(line, problem))
    problems += _incomplete(collected, ws)
    return ([] if problems else list(collected.values())), problems


def _unstorable(record: list[str]) -> str:
    """The first cell's problem by the same rule as every form (negotiator.forms), or ""."""
    return next((p for cell in record if (p := text_problem(cell))), "")


def _cell(record: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return record[index].strip() if index is not None and index < len(record) else ""


def _take(record, columns, known, by_label, by_key, collected) -> Message | None:  # noqa: ANN001
    """Add one CSV row to the collected indicators; returns a problem, or None when fine."""
    member = _cell(record, columns, "member")
    if member not in known:
        return say("構成団体「%(member)s」はこの協議会にありません", member=member)
    name = _cell(record, columns, "indicator")
    if not name:
        return say("指標が空です")
    try:
        value = parse_number(_cell(record, columns, "value"), "value")
    except SplitError as error:
        return say("値: %(problem)s", problem=error.message)
    key = name if name in by_key else by_label.get(name, name[:40])
    ref = by_key.get(key)
    row = collected.setdefault(
        key,
        {
            "key": key,
            "label": ref.label if ref else name[:100],
            "unit": ref.unit if ref else "",
            "reference_date": ref.reference_date if ref else "",
            "source": ref.source if ref else "",
            "illustrative": False,  # imported figures are the council's own
            "values": dict(ref.values) if ref else {},
        },
    )
    for field in ("unit", "reference_date", "source"):
        if _cell(record, columns, field):
            row[field] = _cell(record, columns, field)[:200]
    row["values"][known[member]] = Decimal(value)
    return None


def _incomplete(collected: dict[str, dict[str, Any]], ws: Workspace) -> list[Message]:
    """A new indicator must give a value for every member."""
    problems = []
    for row in collected.values():
        missing = [m.name for m in ws.members if m.id not in row["values"]]
        if missing:
            problems.append(
                say(
                    "指標「%(label)s」: %(members)s の値がありません",
                    label=row["label"],
                    members=missing,
                )
            )
    return problems
