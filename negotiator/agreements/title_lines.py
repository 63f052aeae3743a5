"""Where a long title may wrap: between phrases (文節), never inside one. Stdlib only.

A title of 16pt fills a line of the PDF at about 25 characters; 「…に関する協定の一部を変更する
協定書」 is longer, and WeasyPrint, like browsers, breaks Japanese between any two characters
(「…協定の一部」/「を変更する協定書」). It supports neither `word-break: keep-all` nor
`auto-phrase`, so the templates wrap each phrase in a span that does not break inside.

A phrase is approximated as Japanese readers cut a sentence: a run of kanji, katakana or Latin
letters with the hiragana that follow it (グループウェアシステムの / 共同利用に / 関する / 協定の);
an opening bracket goes with the phrase after it, a closing one or a comma with the one before.
The end of a title stays whole, so that no line holds 「協定書」 alone: 「関する協定書」, and for a
変更協定 「一部を変更する協定書」 (the break falls after 「…に関する協定の」).
"""

from __future__ import annotations

import re

from negotiator.agreements.amendment_assembly import TITLE_SUFFIX

_OPENING = "（「『〔【"
_CLOSING = "）」』〕】、。・"
_HIRAGANA = "ぁ-ゖ"
_PHRASE = re.compile(f"[{_OPENING}]*[^{_HIRAGANA}{_OPENING}{_CLOSING}]*[{_HIRAGANA}{_CLOSING}]*")
_AMENDMENT_END = TITLE_SUFFIX.removeprefix("の")  # 一部を変更する協定書
# A phrase longer than this may break inside after all: kept whole, it could overflow the line.
LONGEST_KEPT = 16


def title_phrases(title: str) -> tuple[tuple[str, bool], ...]:
    """The title cut into phrases, each with whether it is kept on one line."""
    phrases = _phrases(title)
    return tuple((phrase, len(phrase) <= LONGEST_KEPT) for phrase in phrases)


def _phrases(title: str) -> list[str]:
    if title.endswith(_AMENDMENT_END) and len(title) > len(_AMENDMENT_END):
        return [*_phrases(title.removesuffix(_AMENDMENT_END)), _AMENDMENT_END]
    phrases = [p for p in _PHRASE.findall(title) if p]
    if len(phrases) > 1 and phrases[-2].endswith("する"):
        phrases[-2:] = [phrases[-2] + phrases[-1]]  # 関する協定書: the head noun with its modifier
    return phrases
