"""Pure assembly of an agreement (協定書) from agreed data into a document structure.

Every sentence is produced here; templates (HTML preview, PDF) only lay out the `Document`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from negotiator.agreements.era import BLANK_DATE, to_japanese_era
from negotiator.agreements.wording import (
    MEMBERS_TERM,
    era_dates,
    fullwidth_parentheses,
    join_ja,
)

# Party labels in the traditional order (十干). Past ten parties the member names are used.
LABELS: tuple[str, ...] = ("甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸")
SEAL = "印"
# How the parties execute the agreement; it decides the closing formula and the seal marks.
ELECTRONIC = "electronic"
PAPER = "paper"
CLOSING_STYLES = (ELECTRONIC, PAPER)
CONSULTATION_CAPTION = "協議"
TERM_CAPTION = "有効期間"
CONSULTATION_TEXT = (
    "本協定に定めのない事項及び本協定の解釈について疑義が生じた事項については、"
    "{who}が協議して定める。"
)


class AssemblyError(ValueError):
    """The agreement data cannot be assembled into a valid document."""


@dataclass(frozen=True)
class Party:
    name: str
    address: str
    representative_title: str
    representative_name: str
    label: str | None = None


@dataclass(frozen=True)
class ArticleInput:
    """One article; `body` is plain text whose paragraphs are separated by blank lines."""

    caption: str
    body: str


@dataclass(frozen=True)
class AnnexInput:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Accept lists from callers but keep the value immutable (and hashable).
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "rows", tuple(tuple(row) for row in self.rows))
        object.__setattr__(self, "notes", tuple(self.notes))


@dataclass(frozen=True)
class AgreementInput:
    title: str
    subject: str
    parties: tuple[Party, ...]
    articles: tuple[ArticleInput, ...]
    annexes: tuple[AnnexInput, ...]
    effective_date: date | None
    term: str
    signing_date: date | None
    include_consultation_article: bool = True
    closing_style: str = ELECTRONIC

    def __post_init__(self) -> None:
        for name in ("parties", "articles", "annexes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


@dataclass(frozen=True)
class Paragraph:
    number: int | None  # None for the first paragraph, which is never numbered
    text: str


@dataclass(frozen=True)
class Article:
    number: int
    heading: str  # 第1条
    caption: str  # （目的）
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Annex:
    number: int
    heading: str  # 別表第1
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]
    related: str = ""  # （第3条関係）: the article that cites it


@dataclass(frozen=True)
class SignatureBlock:
    label: str | None  # None when there are more than ten parties and names are used
    name: str
    address: str
    representative_title: str
    representative_name: str
    seal: str = SEAL


@dataclass(frozen=True)
class Document:
    title: str
    preamble: str
    articles: tuple[Article, ...]
    annexes: tuple[Annex, ...]
    effective_date: date | None
    term: str
    closing_style: str
    closing: str
    date_line: str
    signing_date: date | None
    signature_blocks: tuple[SignatureBlock, ...]


def assemble(inp: AgreementInput) -> Document:
    """Build the agreement document; raises AssemblyError on inconsistent input."""
    if not inp.title.strip() or not inp.subject.strip():
        raise AssemblyError("the agreement needs a title and a subject")
    if inp.closing_style not in CLOSING_STYLES:
        raise AssemblyError(f"unknown closing style {inp.closing_style!r}")
    parties, labels = _labelled_parties(inp.parties)
    signing = inp.signing_date
    # Electronic execution has no seal: an empty 印 circle would promise a 記名押印.
    seal = SEAL if inp.closing_style == PAPER else ""
    return Document(
        title=_legal(inp.title.strip()),
        preamble=_preamble(parties, labels, _legal(inp.subject.strip())),
        articles=(articles := _articles(inp, _designation(parties, labels))),
        annexes=tuple(_cited(_annex(i, a), articles) for i, a in enumerate(inp.annexes, start=1)),
        effective_date=inp.effective_date,
        term=_legal(_term(inp.term)),
        closing_style=inp.closing_style,
        closing=_closing(len(parties), _designation(parties, labels), inp.closing_style),
        date_line=BLANK_DATE if signing is None else to_japanese_era(signing),
        signing_date=signing,
        signature_blocks=tuple(
            SignatureBlock(
                label=labels[i] if labels else None,
                name=p.name,
                address=p.address,
                representative_title=p.representative_title,
                representative_name=p.representative_name,
                seal=seal,
            )
            for i, p in enumerate(parties)
        ),
    )


def _cited(annex: Annex, articles: tuple[Article, ...]) -> Annex:
    """Name the article citing the annex in its heading, as printed agreements do."""
    for article in articles:
        for p in article.paragraphs:
            # 別表第1 must not match inside 別表第10.
            text = p.text.replace(annex.heading, "\0", 1)
            if "\0" in text and not text.split("\0", 1)[1][:1].isdigit():
                return replace(annex, related=f"（{article.heading}関係）")
    return annex


def _legal(text: str) -> str:
    """Drafting conventions applied to every sentence: full-width parentheses, 和暦 dates."""
    return era_dates(fullwidth_parentheses(text))


def designation(parties: tuple[Party, ...]) -> str:
    """How articles name all the parties together: 甲、乙及び丙 (or 構成団体 past ten parties)."""
    parties, labels = _labelled_parties(tuple(parties))
    return _designation(parties, labels)


def _designation(parties: tuple[Party, ...], labels: list[str]) -> str:
    # Past ten parties there are no labels; the preamble defines 構成団体 for all of them.
    return join_ja(labels) if labels else MEMBERS_TERM


def _labelled_parties(parties: tuple[Party, ...]) -> tuple[tuple[Party, ...], list[str]]:
    """Validate the parties and return them in label order with their labels.

    The label list is empty when there are more than ten parties (names are used instead).
    """
    if len(parties) < 2:
        raise AssemblyError("an agreement needs at least two parties")
    names = [p.name.strip() for p in parties]
    if not all(names):
        raise AssemblyError("every party needs a name")
    if len(set(names)) != len(names):
        raise AssemblyError("party names must be unique")
    explicit = [p.label for p in parties if p.label is not None]
    for label in explicit:
        if label not in LABELS:
            raise AssemblyError(f"unknown party label {label!r}; use one of {'、'.join(LABELS)}")
    if len(set(explicit)) != len(explicit):
        raise AssemblyError("party labels must be unique")
    parties = tuple(replace(p, name=name) for p, name in zip(parties, names, strict=True))
    if len(parties) > len(LABELS):
        return parties, []
    free = iter(label for label in LABELS if label not in explicit)
    labelled = [(p.label or next(free), p) for p in parties]
    # Agreements list the parties 甲, 乙, 丙 … in order, whatever order they were given in.
    labelled.sort(key=lambda pair: LABELS.index(pair[0]))
    return tuple(p for _, p in labelled), [label for label, _ in labelled]


def _preamble(parties: tuple[Party, ...], labels: list[str], subject: str) -> str:
    return f"{_named(parties, labels)}は、{subject}に関し、次のとおり協定を締結する。"


def labelled_preamble(parties: tuple[Party, ...]) -> str:
    """The parties as a preamble names them: 須崎市（以下「甲」という。）、… (for 変更協定 too)."""
    return _named(*_labelled_parties(tuple(parties)))


def _named(parties: tuple[Party, ...], labels: list[str]) -> str:
    if labels:
        pairs = zip(parties, labels, strict=True)
        return join_ja([f"{p.name}（以下「{label}」という。）" for p, label in pairs])
    return f"{join_ja([p.name for p in parties])}（以下「{MEMBERS_TERM}」という。）"


def closing_formula(count: int, who: str, style: str) -> str:
    """The closing sentence that matches how the agreement is executed."""
    return _closing(count, who, style)


def _closing(count: int, who: str, style: str) -> str:
    if style == PAPER:
        # One original per party, each of which prints its name and seals it (記名押印).
        return (
            f"本協定の締結を証するため、本書{count}通を作成し、"
            f"{who}が記名押印の上、各自1通を保有する。"
        )
    # One electronic record, signed by every party, kept by each of them.
    return (
        "本協定の締結を証するため、本書の電磁的記録を作成し、"
        f"{who}が合意の後電子署名を施し、各自その電磁的記録を保管する。"
    )


def _articles(inp: AgreementInput, who: str) -> tuple[Article, ...]:
    sources = [(_caption(a.caption), a.body) for a in inp.articles]
    captions = [caption for caption, _ in sources]
    term_text = _term_article_text(inp.effective_date, _term(inp.term))
    if term_text is not None:
        _refuse_duplicate(captions, TERM_CAPTION)
        sources.append((TERM_CAPTION, term_text))
    if inp.include_consultation_article:
        _refuse_duplicate(captions, CONSULTATION_CAPTION)
        sources.append((CONSULTATION_CAPTION, CONSULTATION_TEXT.format(who=who)))
    if not sources:
        raise AssemblyError("the agreement has no articles")
    return tuple(
        Article(
            number=n,
            heading=f"第{n}条",
            caption=f"（{_legal(caption)}）",
            paragraphs=_paragraphs(_legal(body), f"第{n}条（{caption}）"),
        )
        for n, (caption, body) in enumerate(sources, start=1)
    )


def _refuse_duplicate(captions: list[str], standard: str) -> None:
    # Adding a standard article next to an agreed one with the same caption would say it twice.
    if standard in captions:
        raise AssemblyError(f"an article ({standard}) is already included; do not add it again")


def _caption(raw: str) -> str:
    """Strip whitespace and any parentheses the facilitator typed around the caption."""
    caption = raw.strip()
    if caption[:1] in "(（" and caption[-1:] in ")）":
        caption = caption[1:-1].strip()
    if not caption:
        raise AssemblyError("every article needs a caption")
    return caption


def _paragraphs(body: str, where: str) -> tuple[Paragraph, ...]:
    """Split plain text on blank lines; paragraphs after the first are numbered 2, 3 …."""
    blocks: list[list[str]] = [[]]
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    texts = ["\n".join(block) for block in blocks if block]
    if not texts:
        raise AssemblyError(f"{where} has no text")
    return tuple(Paragraph(number=i if i > 1 else None, text=t) for i, t in enumerate(texts, 1))


def _term(raw: str) -> str:
    # The term completes 「有効期間は、…とする。」, so a trailing full stop would be doubled.
    return raw.strip().rstrip("。").strip()


def _term_article_text(effective: date | None, term: str) -> str | None:
    if effective is not None and term:
        start = to_japanese_era(effective)
        return f"本協定は、{start}から効力を生じ、その有効期間は、{term}とする。"
    if effective is not None:
        return f"本協定は、{to_japanese_era(effective)}から効力を生ずる。"
    if term:
        return f"本協定の有効期間は、{term}とする。"
    return None


def _annex(number: int, annex: AnnexInput) -> Annex:
    heading = f"別表第{number}"
    if not annex.columns:
        raise AssemblyError(f"{heading} has no columns")
    for row in annex.rows:
        if len(row) != len(annex.columns):
            raise AssemblyError(
                f"{heading}: a row has {len(row)} cells but there are {len(annex.columns)} columns"
            )
    return Annex(
        number=number,
        heading=heading,
        title=_legal(annex.title.strip()),
        columns=tuple(_legal(c) for c in annex.columns),
        rows=tuple(tuple(_legal(cell) for cell in row) for row in annex.rows),
        notes=tuple(_legal(n) for n in annex.notes),
    )
