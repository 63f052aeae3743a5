"""Articles a 変更協定 for members joining or leaving may have to change: those naming parties by
their labels (甲, 乙 …). Stdlib only.

membership.py rewrites 「甲、乙及び丙」 (all the parties together) in every article. Any other
naming was written by hand and only a reader can tell whether the new membership changes it: a
list of some parties (「乙及び丙に通知する」, maybe 「乙、丙及び丁」 now), all the old parties
written otherwise (「甲、乙、丙」, 「甲乙丙」), a leaving member's label. The facilitator is shown
these articles with their numbers; nothing is refused.

A label counts as a word only when it stands apart from other kanji: 「1丁目」, 「自己」, 「甲斐市」
do not name 丁, 己 or 甲. Only the labels the council uses are looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from negotiator.agreements.assembly import LABELS
from negotiator.agreements.wording import join_ja
from negotiator.negotiation.rules import N_, Reason

ALL_OLD = N_(
    "第%(n)d条は従前の当事者(%(old)s)を全て挙げていますが、加入する%(joining)sを挙げていません。"
    "加える必要がないか確認してください。"
)
SOME = N_(
    "第%(n)d条は当事者のうち%(named)sを挙げています。"
    "加入する%(joining)sも挙げる必要がないか確認してください。"
)
LEAVER = N_(
    "第%(n)d条は脱退する%(leaving)sを挙げています。削るか書き改める必要がないか確認してください。"
)
# Kanji that follow a label in legal text: 甲及び乙, 甲又は乙, 甲並びに乙, 甲若しくは乙, 甲乙間,
# 甲以外; any other kanji after a lone label makes it part of a word (丁目, 甲府).
_CONNECTIVES = frozenset("及又並若間以")


@dataclass(frozen=True)
class ArticleText:
    number: int  # 第N条
    body: str


@dataclass(frozen=True)
class PartyWarning:
    number: int
    reason: Reason


def _kanji(char: str) -> bool:
    return char == "々" or "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def labels_named(text: str, labels: Iterable[str]) -> tuple[str, ...]:
    """The labels the text names as words, in label order."""
    used = set(labels) & set(LABELS)
    if not used:
        return ()
    found: set[str] = set()
    for match in re.finditer(f"[{''.join(sorted(used))}]+", text):
        # Two labels together (甲乙間, 甲乙協議) are labels whatever surrounds them.
        if len(match[0]) == 1 and not _apart(text, match.start(), match.end()):
            continue
        found.update(match[0])
    return tuple(label for label in LABELS if label in found)


def _apart(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not _kanji(before) and (not _kanji(after) or after in _CONNECTIVES)


def party_warnings(
    articles: Sequence[ArticleText], old: Mapping[str, str], new: Mapping[str, str]
) -> tuple[PartyWarning, ...]:
    """What to reread in each article when the parties go from `old` to `new` (name -> label)."""
    if not old or not new:
        return ()  # past ten parties there are no labels (構成団体): nothing to compare
    joining = [label for name, label in new.items() if name not in old]
    leaving = [label for name, label in old.items() if name not in new]
    if not joining and not leaving:
        return ()
    used = {*old.values(), *new.values()}
    result = []
    for article in articles:
        named = labels_named(article.body, used)
        result.extend(_warnings(article.number, named, list(old.values()), joining, leaving))
    return tuple(result)


def _warnings(
    n: int, named: tuple[str, ...], old: list[str], joining: list[str], leaving: list[str]
) -> list[PartyWarning]:
    found = []
    gone = [label for label in named if label in leaving]
    if gone:
        found.append(PartyWarning(n, Reason(LEAVER, {"n": n, "leaving": _ja(gone)})))
    missing = [label for label in joining if label not in named]
    if missing and set(old) <= set(named):
        params = {"n": n, "old": _ja(old), "joining": _ja(missing)}
        found.append(PartyWarning(n, Reason(ALL_OLD, params)))
    elif missing and len(named) >= 2:
        # A list of several parties may be meant to include the joiner; a single label (甲は代表
        # 団体として…) usually names a role, not the membership.
        params = {"n": n, "named": _ja(list(named)), "joining": _ja(missing)}
        found.append(PartyWarning(n, Reason(SOME, params)))
    return found


def _ja(labels: list[str]) -> str:
    return join_ja(sorted(labels, key=LABELS.index))
