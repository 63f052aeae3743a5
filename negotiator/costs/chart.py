"""Server-rendered SVG bar chart of a comparison: who pays how much under each candidate.

No style attributes (the CSP forbids inline style): colours come from classes in app.css, and
every bar carries its series' mark (①, ②, … as in the legend) and its amount as text, so the
chart does not rely on colour alone. The svg is named by the heading its page gives it and
described by a note that points to the table holding the same numbers (its text alternative).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

WIDTH = 760
LABEL_WIDTH = 120
VALUE_WIDTH = 150
BAR = 16
GAP = 4
GROUP_GAP = 14


MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def mark(index: int) -> str:
    """The series' mark, shown in the legend and beside each of its bars."""
    return MARKS[index] if index < len(MARKS) else f"({index + 1})"


def legend(names: list[str]) -> list[tuple[str, str, str]]:
    """(mark, colour class, name) per series, in the chart's order."""
    return [(mark(i), f"c{i % 8}", name) for i, name in enumerate(names)]


def bar_chart(
    members: list[dict[str, Any]],
    series: list[tuple[str, dict[str, Any]]],
    labelledby: str = "",
    describedby: str = "",
    yen: str = "円",
    names_lang: str = "",
) -> Markup:
    """Grouped horizontal bars: one group per member, one bar per (name, table) series;
    `labelledby` / `describedby` are the ids of its name and of the note naming its table.

    `yen` is the unit in the reader's language; `names_lang` marks the members' names ("ja"
    on an English page)."""
    if not series or not members:
        return Markup("")
    top = max((row["total"] for _, t in series for row in t["rows"]), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    group = len(series) * (BAR + GAP) + GROUP_GAP
    height = len(members) * group + 10
    refs = f' aria-labelledby="{escape(labelledby)}"' if labelledby else ""
    refs += f' aria-describedby="{escape(describedby)}"' if describedby else ""
    parts = [
        f'<svg class="cost-chart" role="img"{refs} viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    lang = f' lang="{escape(names_lang)}"' if names_lang else ""
    for m_index, member in enumerate(members):
        y0 = m_index * group + 5
        name = escape(f"{member.get('label', '')} {member['name']}".strip())
        parts.append(
            f'<text class="chart-member" x="0" y="{y0 + BAR}" font-size="13"{lang}>{name}</text>'
        )
        for s_index, (label, table) in enumerate(series):
            row = table["rows"][m_index]
            y = y0 + s_index * (BAR + GAP)
            width = max(1, round(span * row["total"] / top))
            title = escape(f"{member['name']} / {label}: {row['total']:,}{yen}")
            parts.append(
                f'<rect class="bar c{s_index % 8}" x="{LABEL_WIDTH}" y="{y}" width="{width}" '
                f'height="{BAR}"><title>{title}</title></rect>'
            )
            parts.append(
                f'<text class="chart-value" x="{LABEL_WIDTH + width + 4}" y="{y + BAR - 3}" '
                f'font-size="11">{mark(s_index)} {row["total"]:,}{escape(yen)} '
                f"({row['percent']}%)</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))
