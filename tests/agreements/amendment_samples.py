"""Sample articles for the 改め文 and 新旧対照表 tests."""

from __future__ import annotations

from negotiator.agreements.amendment_text import Clause, amendment_sentences
from tests.agreements.amendment_interpreter import apply

P1 = "甲及び乙は、別表第1に定めるところにより経費を負担する。"
P2 = "前項の負担金は、毎年度4月30日までに納付する。"
P3 = "負担金の額に1円未満の端数があるときは、これを切り捨てる。"
PX = "前2項の規定にかかわらず、年度の途中で加入した団体の負担金は、月割りにより算定する。"


def arts(n: int) -> list[Clause]:
    return [Clause(f"k{i}", f"見出し{i}", (f"第{i}条の本文である。",)) for i in range(1, n + 1)]


def fourth(*paragraphs: str, caption: str = "経費の負担") -> list[Clause]:
    """A five-article agreement whose 第4条 has these paragraphs."""
    return [*arts(3), Clause("cost", caption, paragraphs), *arts(5)[4:]]


NEW = Clause("x", "加入", ("新たに加入する団体は、協議により定める。",))
NEW2 = Clause("y", "脱退", ("脱退する団体は、6月前までに申し出る。",))


def sentences(old: list[Clause], new: list[Clause]) -> list[str]:
    provisions = amendment_sentences(old, new)
    # Every case also reads back into the new text.
    assert apply(old, provisions) == [(c.caption, c.paragraphs) for c in new]
    return [p.sentence for p in provisions]


SIX = tuple(f"第{n}項の定めに従い、甲は{n * 10}日以内に通知する。" for n in range(1, 7))
OTHER = "前各項の規定にかかわらず、災害その他やむを得ない事情があるときは、運営会議が別に定める。"
ANOTHER = "代表団体は、この協定の締結後速やかに、構成団体の連絡担当者の名簿を作成する。"
