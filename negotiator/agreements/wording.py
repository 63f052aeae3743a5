"""Drafting conventions of Japanese agreements (法制執務), as pure text functions.

Full-width parentheses, 和暦 dates, 「甲、乙及び丙」, the generated 目的 article, and the checks a
legal-affairs officer would make on a draft: defined terms used before their definition,
enumerations without a lead-in sentence (柱書), polite forms. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from negotiator.agreements.era import era_year, to_japanese_era
from negotiator.negotiation.rules import N_, Reason

MEMBERS_TERM = "構成団体"
# Terms inter-municipal agreements define before using; the check looks for these.
DEFINED_TERMS = ("構成団体", "代表団体", "幹事団体", "運営会議", "共同利用経費")
ITEM_MARK = re.compile(r"^(?:[（(]\d+[)）]|[・\-*])\s*")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_WESTERN_DATE = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")
# A year alone (2020年国勢調査); not fiscal years (年度), and not 1989 or 2019, in which the era
# changed, so that the year alone does not say which era is meant.
_WESTERN_YEAR = re.compile(r"(?<!\d)((?!1989|2019)\d{4})年(?![\d度])")
_POLITE = re.compile(r"(?:です|ます|ません|ました|でした)[。、]")

UNDEFINED_TERM = N_("「%(term)s」が、定義される前に%(where)sで使われています")
NO_LEAD_IN = N_("%(where)sの列挙の前に柱書(「…は、次のとおりとする。」など)がありません")
POLITE_FORM = N_("%(where)sが です・ます調 で書かれています(である調にしてください)")


def join_ja(items: list[str]) -> str:
    """Join as in Japanese legal text: A及びB; A、B及びC."""
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + "及び" + items[-1]


def fullwidth_parentheses(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")


def _era(match: re.Match[str]) -> str:
    try:
        return to_japanese_era(date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:  # not a real date, or before 平成: leave the text as typed
        return match[0]


def _era_year(match: re.Match[str]) -> str:
    year = int(match[1])
    if not 1990 <= year <= 2099:
        return match[0]
    name, number = era_year(date(year, 12, 31))
    return f"{name}{number}年"


def era_dates(text: str) -> str:
    """Western dates (2020-10-01, 2020/10/1, 2020年10月1日, 2020年) in the Japanese era."""
    text = _WESTERN_DATE.sub(_era, _ISO_DATE.sub(_era, text))
    return _WESTERN_YEAR.sub(_era_year, text)


def purpose_text(who: str, subject: str) -> str:
    """The generated 目的 article; it also defines 構成団体 unless the preamble did."""
    parties = who if who == MEMBERS_TERM else f"{who}（以下「{MEMBERS_TERM}」という。）"
    return f"本協定は、{subject}に関し、{parties}の間で必要な事項を定めることを目的とする。"


@dataclass(frozen=True)
class Passage:
    """One piece of the document in reading order, and where it is (第3条, 別表第1, 前文)."""

    where: str
    text: str


def style_problems(passages: Iterable[Passage]) -> tuple[Reason, ...]:
    """What a legal-affairs officer would send back: undefined terms, lists without 柱書 …"""
    passages = list(passages)
    found = [*_undefined_terms(passages)]
    for passage in passages:
        first_line = passage.text.split("\n", 1)[0]
        if ITEM_MARK.match(first_line):
            found.append(Reason(NO_LEAD_IN, {"where": passage.where}))
        if _POLITE.search(passage.text + "。"):
            found.append(Reason(POLITE_FORM, {"where": passage.where}))
    unique: list[Reason] = []
    for reason in found:
        if reason not in unique:
            unique.append(reason)
    return tuple(unique)


def _undefined_terms(passages: list[Passage]) -> list[Reason]:
    found = []
    for term in DEFINED_TERMS:
        for passage in passages:
            index = passage.text.find(term)
            if index < 0:
                continue
            after = passage.text[index + len(term) :]
            defined = passage.text[index - 1 : index] == "「" and after.startswith(
                ("」という", "」とは")
            )
            if not defined:
                found.append(Reason(UNDEFINED_TERM, {"term": term, "where": passage.where}))
            break  # only the first use matters
    return found
