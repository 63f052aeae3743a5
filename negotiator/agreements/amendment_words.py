"""Words of the 改め文: the Provision, article printing, citations and renumbering clauses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from negotiator.agreements.amendment_diff import Clause
from negotiator.agreements.assembly import Article, Paragraph

# Four or more articles or paragraphs in a row move together (ワークブック法制執務).
BULK = 4
# 連用形 → 終止形 of the verbs that end a clause.
_FINAL = (
    ("改め", "改める"),
    ("削り", "削る"),
    ("加え", "加える"),
    ("とし", "とする"),
    ("繰り上げ", "繰り上げる"),
    ("繰り下げ", "繰り下げる"),
)


@dataclass(frozen=True)
class Provision:
    """One sentence of the 改め文 and the articles or paragraphs printed after it."""

    sentence: str
    articles: tuple[Article, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    number: int = 0  # the article the paragraphs belong to (paragraph 1 is printed 第4条　…)

    @property
    def lines(self) -> tuple[str, ...]:
        """The text after the sentence as printed: （見出し）, 第5条　…, 2　…."""
        out: list[str] = []
        for a in self.articles:
            out += [a.caption, *(line(a.number, p) for p in a.paragraphs)]
        return (*out, *(line(self.number, p) for p in self.paragraphs))


def line(number: int, p: Paragraph) -> str:
    """A paragraph as printed: 第4条　… for the first, 2　… for the others."""
    return f"{f'第{number}条' if p.number is None else p.number}　{p.text}"


def article(number: int, clause: Clause) -> Article:
    """The clause as the article numbered `number`, as assembly.py prints it."""
    return Article(
        number=number,
        heading=f"第{number}条",
        caption=f"（{clause.caption}）",
        paragraphs=numbered(clause.paragraphs),
    )


def numbered(texts: Sequence[str], first: int = 1) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(n if n > 1 else None, t) for n, t in enumerate(texts, first))


def sentence(parts: Sequence[str]) -> str:
    """Join clauses in 連用形, the last one turned into 終止形, into one sentence."""
    *head, last = parts
    for renyou, final in _FINAL:
        if last.endswith(renyou):
            last = last[: -len(renyou)] + final
            break
    return "、".join([*head, last]) + "。"


def span(first: int, count: int, unit: str, prefix: str = "") -> str:
    """第5条; 第5条及び第6条; 第5条から第7条まで (unit 条 or 項, prefix e.g. 第4条)."""
    last = first + count - 1
    if count == 1:
        return f"{prefix}第{first}{unit}"
    if count == 2:
        return f"{prefix}第{first}{unit}及び第{last}{unit}"
    return f"{prefix}第{first}{unit}から第{last}{unit}まで"


class Cite:
    """How one sentence names articles (第5条) or paragraphs (第4条第2項, then 同条第3項)."""

    def __init__(self, unit: str, article: int = 0) -> None:
        self.unit, self.article = unit, article
        self.single = False  # the article has one paragraph: cited 第4条, not 第4条第1項
        self.named = False  # the article was named in this sentence: later 同条

    def head(self) -> str:
        head = "同条" if self.named else f"第{self.article}条"
        self.named = True
        return head

    def __call__(self, n: int) -> str:
        if self.unit == "条":
            return f"第{n}条"
        head = self.head()
        return head if self.single else f"{head}第{n}項"

    def again(self, n: int) -> str:
        return f"第{n}条" if self.unit == "条" else f"同条第{n}項"

    def range(self, first: int, last: int) -> str:
        prefix = "" if self.unit == "条" else self.head()
        return span(first, last - first + 1, self.unit, prefix)


def moves_down(first: int, last: int, by: int, cite: Cite) -> list[str]:
    """Clauses moving first..last down by `by`, one by one from the back."""
    if last - first + 1 >= BULK:
        return [
            f"{cite(last)}を{cite.again(last + by)}とし",
            f"{cite.range(first, last - 1)}を{by}{cite.unit}ずつ繰り下げ",
        ]
    return [f"{cite(n)}を{cite.again(n + by)}とし" for n in range(last, first - 1, -1)]


def moves_up(first: int, last: int, by: int, cite: Cite) -> list[str]:
    """Clauses moving first..last up by `by`, one by one from the front."""
    if last - first + 1 >= BULK:
        return [
            f"{cite(first)}を{cite.again(first - by)}とし",
            f"{cite.range(first + 1, last)}を{by}{cite.unit}ずつ繰り上げ",
        ]
    return [f"{cite(n)}を{cite.again(n - by)}とし" for n in range(first, last + 1)]
