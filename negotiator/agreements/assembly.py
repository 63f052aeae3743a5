"""Pure assembly of an agreement (協定書) from agreed data into a document structure.

Every sentence is produced here; templates (HTML preview, PDF) only lay out the `Document`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from negotiator.agreements.era import BLANK_DATE, to_japanese_era

# Party labels in the traditional order (十干). Past ten parties the member names are used.
LABELS: tuple[str, ...] = ("甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸")
SEAL = "印"
CONSULTATION_CAPTION = "協議"
TERM_CAPTION = "有効期間"
CONSULTATION_TEXT = (
    "本協定に定めのない事項及び本協定の解釈について疑義が生じた事項については、"
    "当事者全員が誠実に協議して定める。"
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
    caption: str  # (目的)
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Annex:
    number: int
    heading: str  # 別表第1
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]


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
    closing: str
    date_line: str
    signing_date: date | None
    signature_blocks: tuple[SignatureBlock, ...]


def assemble(inp: AgreementInput) -> Document:
    """Build the agreement document; raises AssemblyError on inconsistent input."""
    if not inp.title.strip() or not inp.subject.strip():
        raise AssemblyError("the agreement needs a title and a subject")
    parties, labels = _labelled_parties(inp.parties)
    signing = inp.signing_date
    return Document(
        title=inp.title.strip(),
        preamble=_preamble(parties, labels, inp.subject.strip()),
        articles=_articles(inp),
        annexes=tuple(_annex(i, a) for i, a in enumerate(inp.annexes, start=1)),
        effective_date=inp.effective_date,
        term=_term(inp.term),
        closing=_closing(parties, labels),
        date_line=BLANK_DATE if signing is None else to_japanese_era(signing),
        signing_date=signing,
        signature_blocks=tuple(
            SignatureBlock(
                label=labels[i] if labels else None,
                name=p.name,
                address=p.address,
                representative_title=p.representative_title,
                representative_name=p.representative_name,
            )
            for i, p in enumerate(parties)
        ),
    )


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
    if labels:
        pairs = zip(parties, labels, strict=True)
        named = [f"{p.name}(以下「{label}」という。)" for p, label in pairs]
    else:
        named = [p.name for p in parties]
    return f"{_join_ja(named)}は、{subject}に関し、次のとおり協定を締結する。"


def _closing(parties: tuple[Party, ...], labels: list[str]) -> str:
    # One original per party, each of which prints its name and seals it (記名押印).
    designations = "、".join(labels or [p.name for p in parties])
    return (
        f"本協定の締結を証するため、本書{len(parties)}通を作成し、"
        f"{designations}記名押印の上、各自1通を保有する。"
    )


def _join_ja(items: list[str]) -> str:
    """Join as in Japanese legal text: A及びB; A、B及びC."""
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + "及び" + items[-1]


def _articles(inp: AgreementInput) -> tuple[Article, ...]:
    sources = [(_caption(a.caption), a.body) for a in inp.articles]
    captions = [caption for caption, _ in sources]
    term_text = _term_article_text(inp.effective_date, _term(inp.term))
    if term_text is not None:
        _refuse_duplicate(captions, TERM_CAPTION)
        sources.append((TERM_CAPTION, term_text))
    if inp.include_consultation_article:
        _refuse_duplicate(captions, CONSULTATION_CAPTION)
        sources.append((CONSULTATION_CAPTION, CONSULTATION_TEXT))
    if not sources:
        raise AssemblyError("the agreement has no articles")
    return tuple(
        Article(
            number=n,
            heading=f"第{n}条",
            caption=f"({caption})",
            paragraphs=_paragraphs(body, f"第{n}条({caption})"),
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
        title=annex.title.strip(),
        columns=annex.columns,
        rows=annex.rows,
        notes=annex.notes,
    )


def plain_text(doc: Document) -> str:
    """The document as plain text lines, in reading order (for previews and text checks)."""
    lines = [doc.title, "", doc.preamble, ""]
    for article in doc.articles:
        lines.append(article.caption)
        for p in article.paragraphs:
            lines.append(f"{p.number or article.heading}\u3000{p.text}")
    for annex in doc.annexes:
        lines += ["", f"{annex.heading}\u3000{annex.title}".rstrip("\u3000")]
        lines += ["\t".join(annex.columns), *("\t".join(row) for row in annex.rows)]
        lines += list(annex.notes)
    lines += ["", doc.closing, "", doc.date_line]
    for block in doc.signature_blocks:
        lines += ["", *([block.label] if block.label else []), block.address, block.name]
        lines.append(f"{block.representative_title}\u3000{block.representative_name}\u3000{SEAL}")
    return "\n".join(lines) + "\n"
