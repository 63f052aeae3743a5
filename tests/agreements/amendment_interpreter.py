"""A reader of 改め文 for the tests: applies Provisions to the old articles, as a person would.

It reads only the sentences (and the text printed after them), never how they were computed,
and refuses what a legal-affairs officer would send back: a quoted phrase that is not found
exactly once, 同条 with no article named before, 第4条中 for an article with several
paragraphs (or 第4条第1項中 for one with a single paragraph), numbering left with gaps or
duplicates at the end of a sentence, a 終止形 before the end of a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from negotiator.agreements.amendment_text import Clause, Provision

Q = "「([^「」]*)」"
ART = r"(?:第(\d+)条|同条)"


class Refused(AssertionError):
    """The 改め文 does not read as a valid instruction."""


@dataclass
class Para:
    number: int
    text: str


@dataclass
class Art:
    number: int
    caption: str
    paras: list[Para] = field(default_factory=list)

    def para(self, n: int) -> Para:
        found = [p for p in self.paras if p.number == n]
        if len(found) != 1:
            raise Refused(f"paragraph {n} of article {self.number}: {len(found)} found")
        return found[0]


def apply(old: Sequence[Clause], provisions: Sequence[Provision]) -> list[tuple[str, tuple]]:
    """The articles once every provision is applied, as (caption, paragraphs)."""
    arts = [
        Art(n, c.caption, [Para(k, t) for k, t in enumerate(c.paragraphs, 1)])
        for n, c in enumerate(old, 1)
    ]
    for p in provisions:
        _Reader(arts, p).read()
        _check_numbering(arts)
    return [(a.caption, tuple(p.text for p in a.paras)) for a in arts]


def _check_numbering(arts: list[Art]) -> None:
    if [a.number for a in arts] != list(range(1, len(arts) + 1)):
        raise Refused(f"articles numbered {[a.number for a in arts]}")
    for a in arts:
        if [p.number for p in a.paras] != list(range(1, len(a.paras) + 1)):
            raise Refused(f"article {a.number} paragraphs {[p.number for p in a.paras]}")


# Brackets inside a quote (「（以下「甲」という。）」) are masked while the sentence is read.
_INNER = str.maketrans("「」", "\ue000\ue001")
_OUTER = str.maketrans("\ue000\ue001", "「」")


def _mask(sentence: str) -> str:
    out, depth = [], 0
    for char in sentence:
        if char == "」":
            depth -= 1
        out.append(char.translate(_INNER) if depth > 0 and char in "「」" else char)
        if char == "「":
            depth += 1
        if depth < 0:
            raise Refused(f"unbalanced quotes in {sentence!r}")
    if depth:
        raise Refused(f"unbalanced quotes in {sentence!r}")
    return "".join(out)


def _unmask(text: str) -> str:
    return text.translate(_OUTER)


def _once(text: str, phrase: str) -> int:
    """Where the phrase is; refused unless it occurs once, overlapping occurrences counted."""
    first = text.find(phrase) if phrase else -1
    if first < 0 or text.find(phrase, first + 1) >= 0:
        raise Refused(f"「{phrase}」 is not found exactly once in 「{text}」")
    return first


class _Reader:
    def __init__(self, arts: list[Art], provision: Provision) -> None:
        self.arts, self.p = arts, provision
        self.rest = _mask(provision.sentence)
        self.last: Art | None = None  # the article 同条 refers to
        if not self.rest.endswith("。"):
            raise Refused("a sentence ends with 。")
        self.rest = self.rest[:-1]
        self.used_text = False

    def read(self) -> None:
        while True:
            start = self.rest
            self._clause()
            clause = start[: len(start) - len(self.rest)]
            final = not self.rest
            if clause.endswith("る") != final:
                raise Refused(f"verb form of {clause!r} (final={final})")
            if final:
                break
            if not self.rest.startswith("、"):
                raise Refused(f"cannot read {self.rest!r}")
            self.rest = self.rest[1:]
        if (self.p.articles or self.p.paragraphs) and not self.used_text:
            raise Refused("text printed after a sentence that does not use it")

    def _clause(self) -> None:
        for pattern, handler in _RULES:
            m = re.match(pattern, self.rest)
            if m:
                self.rest = self.rest[m.end() :]
                handler(self, m)
                return
        raise Refused(f"cannot read {self.rest!r}")

    def art(self, number: str | None) -> Art:
        if number is None:
            if self.last is None:
                raise Refused("同条 before any article is named")
            return self.last
        found = [a for a in self.arts if a.number == int(number)]
        if len(found) != 1:
            raise Refused(f"article {number}: {len(found)} found")
        self.last = found[0]
        return found[0]

    def printed_articles(self, count: int) -> list[Art]:
        if len(self.p.articles) != count or self.p.paragraphs:
            raise Refused(f"次の{count}条 but {len(self.p.articles)} articles printed")
        self.used_text = True
        return [
            Art(a.number, a.caption[1:-1], [Para(p.number or 1, p.text) for p in a.paragraphs])
            for a in self.p.articles
        ]

    def printed_paragraphs(self, count: int, art: Art) -> list[Para]:
        if len(self.p.paragraphs) != count or self.p.articles or self.p.number != art.number:
            raise Refused(f"次の{count}項 but {len(self.p.paragraphs)} paragraphs printed")
        self.used_text = True
        return [Para(p.number or 1, p.text) for p in self.p.paragraphs]

    # Articles ------------------------------------------------------------------------------

    def rewrite_article(self, m: re.Match[str]) -> None:
        art = self.art(m[1])
        (new,) = self.printed_articles(1)
        if new.number != art.number:
            raise Refused("the rewritten article is printed with another number")
        art.caption, art.paras = new.caption, new.paras

    def delete_articles(self, m: re.Match[str]) -> None:
        first, last = int(m[1]), int(m[3] or m[1])
        if m[2] == "及び" and last != first + 1:
            raise Refused("及び joins two neighbouring articles")
        doomed = [self.art(str(n)) for n in range(first, last + 1)]
        self.arts[:] = [a for a in self.arts if a not in doomed]

    def move_article(self, m: re.Match[str]) -> None:
        self.art(m[1]).number = int(m[2])
        self._unique_numbers()

    def shift_articles(self, m: re.Match[str]) -> None:
        first, last, by = int(m[1]), int(m[2]), int(m[3])
        if last - first < 2:
            raise Refused("繰り下げ/繰り上げ together only for three or more")
        for a in [self.art(str(n)) for n in range(first, last + 1)]:
            a.number += by if m[4] == "下げ" else -by
        self._unique_numbers()

    def add_articles(self, m: re.Match[str]) -> None:
        art = self.art(m[1])
        new = self.printed_articles(int(m[3]))
        at = self.arts.index(art) + (1 if m[2] == "次" else 0)
        self.arts[at:at] = new

    def _unique_numbers(self) -> None:
        numbers = [a.number for a in self.arts]
        if len(set(numbers)) != len(numbers):
            raise Refused(f"two articles share a number: {numbers}")

    # Inside an article --------------------------------------------------------------------

    def para(self, art: Art, n: str | None) -> Para:
        """第4条 names the paragraph of a one-paragraph article; 第4条第2項 needs several.

        (Mid-sentence, 第1条第1項を削り、同条第2項を同条第1項とする cites a lone paragraph 2.)
        """
        if (n is None) != ([p.number for p in art.paras] == [1]):
            raise Refused(f"article {art.number} has {len(art.paras)} paragraphs, cited {n}")
        return art.paras[0] if n is None else art.para(int(n))

    def caption(self, m: re.Match[str]) -> None:
        self.art(m[1]).caption = _unmask(m[2])

    def phrases(self, m: re.Match[str]) -> None:
        para = self.para(self.art(m[1]), m[2])
        pending: list[tuple[str, str]] = []
        while True:
            if r := re.match(f"{Q}を{Q}に", self.rest):
                pending.append((_unmask(r[1]), _unmask(r[2])))
                self.rest = self.rest[r.end() :]
                if not (v := re.match("改め(?:る)?", self.rest)):
                    self._expect("、「")
                    continue
                for old, new in pending:
                    at = _once(para.text, old)
                    para.text = para.text[:at] + new + para.text[at + len(old) :]
                pending = []
            elif v := re.match(f"{Q}を削(?:り|る)", self.rest):
                cut = _unmask(v[1])
                at = _once(para.text, cut)
                para.text = para.text[:at] + para.text[at + len(cut) :]
            elif v := re.match(f"{Q}の下に{Q}を加え(?:る)?", self.rest):
                anchor, added = _unmask(v[1]), _unmask(v[2])
                at = _once(para.text, anchor) + len(anchor)
                para.text = para.text[:at] + added + para.text[at:]
            else:
                raise Refused(f"cannot read the phrases in {self.rest!r}")
            self.rest = self.rest[v.end() :]
            if not self.rest.startswith("、「"):
                return
            self.rest = self.rest[1:]

    def _expect(self, text: str) -> None:
        if not self.rest.startswith(text):
            raise Refused(f"expected {text!r} at {self.rest!r}")
        self.rest = self.rest[len(text) - 1 :]

    def rewrite_paragraphs(self, m: re.Match[str]) -> None:
        art = self.art(m[1])
        first, last = int(m[2]), int(m[4] or m[2])
        paras = [self.para(art, str(n)) for n in range(first, last + 1)]
        for para, new in zip(paras, self.printed_paragraphs(len(paras), art), strict=True):
            if new.number != para.number:
                raise Refused("a rewritten paragraph is printed with another number")
            para.text = new.text

    def delete_paragraphs(self, m: re.Match[str]) -> None:
        art = self.art(m[1])
        first, last = int(m[2]), int(m[4] or m[2])
        doomed = [self.para(art, str(n)) for n in range(first, last + 1)]
        art.paras[:] = [p for p in art.paras if p not in doomed]
        if not art.paras:
            raise Refused("an article lost all its paragraphs")

    def move_paragraph(self, m: re.Match[str]) -> None:
        art = self.art(m[1])
        self.para(art, m[2]).number = int(m[3])
        self._unique_paragraphs(art)

    def shift_paragraphs(self, m: re.Match[str]) -> None:
        art = self.art(m[1])
        first, last, by = int(m[2]), int(m[3]), int(m[4])
        if last - first < 2:
            raise Refused("繰り下げ/繰り上げ together only for three or more")
        for p in [art.para(n) for n in range(first, last + 1)]:
            p.number += by if m[5] == "下げ" else -by
        self._unique_paragraphs(art)

    def append_paragraphs(self, m: re.Match[str]) -> None:
        art = self.art(m[1])
        art.paras += self.printed_paragraphs(int(m[2]), art)

    def add_paragraphs_after(self, m: re.Match[str]) -> None:
        art = self.art(m[1])
        at = art.paras.index(art.para(int(m[2]))) + 1
        art.paras[at:at] = self.printed_paragraphs(int(m[3]), art)

    def add_first_paragraphs(self, m: re.Match[str]) -> None:
        art = self.art(m[1])
        count = int(m[4])
        if int(m[3] or 1) != count:
            raise Refused("第1項…として does not match the count")
        art.paras[0:0] = self.printed_paragraphs(count, art)

    def _unique_paragraphs(self, art: Art) -> None:
        numbers = [p.number for p in art.paras]
        if len(set(numbers)) != len(numbers):
            raise Refused(f"two paragraphs share a number: {numbers}")


_RULES: list[tuple[str, Callable[[_Reader, re.Match[str]], None]]] = [
    (f"{ART}の見出しを「（([^「」]*)）」に改め(?:る)?", _Reader.caption),
    (rf"{ART}(?:第(\d+)項)?中", _Reader.phrases),
    (r"第(\d+)条を次のように改める", _Reader.rewrite_article),
    (
        rf"{ART}第(\d+)項(?:(及び|から)第(\d+)項(?:まで)?)?を次のように改める",
        _Reader.rewrite_paragraphs,
    ),
    (r"第(\d+)条(?:(及び|から)第(\d+)条(?:まで)?)?を削(?:り|る)", _Reader.delete_articles),
    (rf"{ART}第(\d+)項(?:(及び|から)第(\d+)項(?:まで)?)?を削(?:り|る)", _Reader.delete_paragraphs),
    (r"第(\d+)条を第(\d+)条と(?:し|する)", _Reader.move_article),
    (r"第(\d+)条から第(\d+)条までを(\d+)条ずつ繰り(下げ|上げ)(?:る)?", _Reader.shift_articles),
    (f"{ART}の(次|前)に次の(\\d+)条を加える", _Reader.add_articles),
    (rf"{ART}(?:第(\d+)項)?を同条第(\d+)項と(?:し|する)", _Reader.move_paragraph),
    (
        rf"{ART}第(\d+)項から第(\d+)項までを(\d+)項ずつ繰り(下げ|上げ)(?:る)?",
        _Reader.shift_paragraphs,
    ),
    (rf"{ART}に次の(\d+)項を加える", _Reader.append_paragraphs),
    (rf"{ART}第(\d+)項の次に次の(\d+)項を加える", _Reader.add_paragraphs_after),
    (
        rf"{ART}に第1項(?:(及び|から)第(\d+)項(?:まで)?)?として次の(\d+)項を加える",
        _Reader.add_first_paragraphs,
    ),
]
