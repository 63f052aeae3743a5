"""Pure assembly of an amendment agreement (変更協定) from the text as it stands and as it will.

「…に関する協定の一部を変更する協定書」: the parties, the original agreement named by its date,
the changes as 改め文 or as a 新旧対照表 (amendment_text.py writes them), the supplementary
provision (附則) with its own effective date, and the closing formula, date line and signature
blocks exactly as an ordinary agreement has them (assembly.py). No Flask, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from negotiator.agreements import amendment_text
from negotiator.agreements.assembly import (
    CLOSING_STYLES,
    CONSULTATION_CAPTION,
    TERM_CAPTION,
    AgreementInput,
    Annex,
    AssemblyError,
    Document,
    SignatureBlock,
    assemble,
    closing_formula,
    designation,
    labelled_preamble,
)
from negotiator.agreements.era import BLANK_DATE, to_japanese_era

KAIMEBUN = "kaimebun"
TABLE = "table"
STYLES = (KAIMEBUN, TABLE)
ORIGINAL = "原協定"
TITLE_SUFFIX = "の一部を変更する協定書"
TABLE_LEAD = f"{ORIGINAL}の一部を別紙新旧対照表のとおり変更する。"
SUPPLEMENTARY_HEADING = "附　則"
STANDARD_KEYS = {
    f"（{TERM_CAPTION}）": "standard:term",
    f"（{CONSULTATION_CAPTION}）": "standard:consultation",
}


@dataclass(frozen=True)
class AmendmentInput:
    """The text as it stands (`base`) and as it will stand (`new`), each article keyed."""

    base: AgreementInput
    base_keys: tuple[str, ...]
    new: AgreementInput
    new_keys: tuple[str, ...]
    original_title: str
    original_signing_date: date | None  # the 締結日 of the original agreement
    style: str
    effective_date: date | None  # when the amendment takes effect (附則)
    signing_date: date | None
    closing_style: str


@dataclass(frozen=True)
class Provision:
    """One amending sentence, with the text that follows it (articles as replaced or added)."""

    sentence: str
    lines: tuple[str, ...] = ()
    annex: Annex | None = None


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class ComparisonLine:
    """One row of the 新旧対照表: the new text (変更後) left, the old (変更前) right."""

    new: tuple[Segment, ...]
    old: tuple[Segment, ...]


@dataclass(frozen=True)
class AmendmentDocument:
    kind: str  # "amendment": readers of the frozen JSON tell it from an ordinary agreement
    title: str
    preamble: str
    style: str
    lead: str  # 新旧対照表: the one sentence that refers to the table
    provisions: tuple[Provision, ...]
    comparison: tuple[ComparisonLine, ...]
    supplementary_heading: str
    supplementary: str
    effective_date: date | None
    closing_style: str
    closing: str
    date_line: str
    signing_date: date | None
    signature_blocks: tuple[SignatureBlock, ...]


def amendment_title(original: str) -> str:
    """…に関する協定書 → …に関する協定の一部を変更する協定書."""
    return f"{agreement_name(original)}{TITLE_SUFFIX}"


def agreement_name(title: str) -> str:
    """The agreement as a sentence names it: …に関する協定書 → …に関する協定."""
    title = title.strip()
    return title[:-1] if title.endswith("協定書") else title


def clauses(doc: Document, keys: tuple[str, ...]) -> tuple[amendment_text.Clause, ...]:
    """The document's articles as clauses; the standard articles assembly appends get fixed keys."""
    result = []
    for index, article in enumerate(doc.articles):
        key = keys[index] if index < len(keys) else STANDARD_KEYS.get(article.caption, "")
        if not key:
            raise AssemblyError(f"{article.heading} has no identity")
        caption = article.caption.strip("（）")
        paragraphs = tuple(p.text for p in article.paragraphs)
        result.append(amendment_text.Clause(key, caption, paragraphs))
    return tuple(result)


def assemble_amendment(inp: AmendmentInput) -> AmendmentDocument:
    """Build the amendment document; raises AssemblyError on inconsistent input."""
    if inp.style not in STYLES:
        raise AssemblyError(f"unknown amendment style {inp.style!r}")
    if inp.closing_style not in CLOSING_STYLES or inp.new.closing_style != inp.closing_style:
        raise AssemblyError(f"unknown closing style {inp.closing_style!r}")
    base, new = assemble(inp.base), assemble(inp.new)
    old_clauses, new_clauses = clauses(base, inp.base_keys), clauses(new, inp.new_keys)
    annexed = _annex_provisions(base.annexes, new.annexes)
    if inp.style == TABLE:
        lead = "" if amendment_text.is_unchanged(old_clauses, new_clauses) else TABLE_LEAD
        provisions = annexed
        comparison = _comparison(old_clauses, new_clauses)
    else:
        lead, comparison = "", ()
        provisions = _sentences(old_clauses, new_clauses) + annexed
    who = designation(inp.new.parties)
    return AmendmentDocument(
        kind="amendment",
        title=amendment_title(inp.original_title),
        preamble=_preamble(new, inp),
        style=inp.style,
        lead=lead,
        provisions=provisions,
        comparison=comparison,
        supplementary_heading=SUPPLEMENTARY_HEADING,
        supplementary=_supplementary(inp.effective_date),
        effective_date=inp.effective_date,
        closing_style=inp.closing_style,
        closing=closing_formula(len(new.signature_blocks), who, inp.closing_style),
        date_line=BLANK_DATE if inp.signing_date is None else to_japanese_era(inp.signing_date),
        signing_date=inp.signing_date,
        # The consolidated text is assembled with the amendment's own execution method.
        signature_blocks=new.signature_blocks,
    )


def has_changes(inp: AmendmentInput) -> bool:
    """Whether the amendment changes anything at all (an empty one cannot be signed)."""
    base, new = assemble(inp.base), assemble(inp.new)
    same_text = amendment_text.is_unchanged(
        clauses(base, inp.base_keys), clauses(new, inp.new_keys)
    )
    return not same_text or base.annexes != new.annexes


def _preamble(new: Document, inp: AmendmentInput) -> str:
    signed = inp.original_signing_date
    when = to_japanese_era(signed) if signed is not None else BLANK_DATE
    subject = f"{when}に締結した{agreement_name(inp.original_title)}（以下「{ORIGINAL}」という。）"
    return f"{labelled_preamble(inp.new.parties)}は、{subject}の一部を次のとおり変更する。"


def _supplementary(effective: date | None) -> str:
    when = BLANK_DATE if effective is None else to_japanese_era(effective)
    return f"この協定は、{when}から効力を生ずる。"


def _sentences(old: tuple, new: tuple) -> tuple[Provision, ...]:
    result: list[Provision] = []
    for provision in amendment_text.amendment_sentences(old, new):
        joined = _same_change(result[-1], provision) if result and not provision.lines else None
        if joined is not None:
            result[-1] = Provision(joined)
        else:
            result.append(Provision(provision.sentence, tuple(provision.lines)))
    return tuple(result)


# 「第4条中「A」を「B」に改める。」, or several articles already joined: 「第1条及び第4条中…」.
_PHRASE_ONLY = re.compile(
    r"^((?:第\d+条(?:、|及び))*第\d+条)中(「[^「」]*」を「[^「」]*」に改める。)$"
)


def _same_change(previous: Provision, provision: amendment_text.Provision) -> str | None:
    """The same phrase changed in the next article too: one sentence names them all, as
    法制執務 writes it (「第1条、第4条及び第8条中「乙及び丙」を「乙、丙及び丁」に改める。」)."""
    before, this = _PHRASE_ONLY.match(previous.sentence), _PHRASE_ONLY.match(provision.sentence)
    if previous.lines or previous.annex or not before or not this or before[2] != this[2]:
        return None
    articles = re.findall(r"第\d+条", before[1]) + [this[1]]
    named = "、".join(articles[:-1]) + "及び" + articles[-1]
    return f"{named}中{this[2]}"


def _comparison(old: tuple, new: tuple) -> tuple[ComparisonLine, ...]:
    rows = []
    for row in amendment_text.comparison_table(old, new):
        if row.renumbered_only:
            # Only the number moves: the text is not repeated (（略）), as printed tables do.
            rows.append(ComparisonLine(_moved(row.new_number), _moved(row.old_number)))
            continue
        rows.append(
            ComparisonLine(
                new=tuple(Segment(s.text, bool(s.changed)) for s in row.new),
                old=tuple(Segment(s.text, bool(s.changed)) for s in row.old),
            )
        )
    return tuple(rows)


def _moved(number: int | None) -> tuple[Segment, ...]:
    return (Segment(f"第{number}条", True), Segment("　（略）", False))


def _annex_provisions(old: tuple[Annex, ...], new: tuple[Annex, ...]) -> tuple[Provision, ...]:
    """別表 are replaced whole: 「別表第2を次のように改める。」 and the table as it will be."""
    result = []
    for index, annex in enumerate(new):
        before = old[index] if index < len(old) else None
        if before is None:
            result.append(Provision(f"{annex.heading}として次の1表を加える。", annex=annex))
        elif _table(before) != _table(annex):
            result.append(Provision(f"{annex.heading}を次のように改める。", annex=annex))
    for annex in old[len(new) :]:
        result.append(Provision(f"{annex.heading}を削る。"))
    return tuple(result)


def _table(annex: Annex) -> tuple:
    return (annex.title, annex.columns, annex.rows, annex.notes)
