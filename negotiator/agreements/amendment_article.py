"""The 改め文 sentences for one article kept across versions: 見出し, phrases, paragraphs."""

from __future__ import annotations

from negotiator.agreements.amendment_diff import (
    DELETE,
    EDIT,
    INSERT,
    KEEP,
    REPLACE,
    REWRITE,
    Clause,
    PhraseEdit,
    Step,
    align_paragraphs,
    mostly_changes,
)
from negotiator.agreements.amendment_words import (
    Cite,
    Provision,
    article,
    moves_down,
    moves_up,
    numbered,
    sentence,
    span,
)


def changed_article(number: int, old: Clause, new: Clause, kind: str) -> list[Provision]:
    """Sentences turning `old`, now numbered `number`, into `new` (nothing when KEEP)."""
    if kind == KEEP:
        return []
    steps = align_paragraphs(old.paragraphs, new.paragraphs)
    if kind == REWRITE or mostly_changes(steps):
        return [Provision(f"第{number}条を次のように改める。", articles=(article(number, new),))]
    writer = _Writer(number, len(old.paragraphs))
    if old.caption != new.caption:
        writer.add(f"{writer.cite.head()}の見出しを「（{new.caption}）」に改め")
    k = 0
    while k < len(steps):
        run = [steps[k]]
        while run[0].kind in (DELETE, INSERT, REWRITE) and k + len(run) < len(steps):
            if steps[k + len(run)].kind != run[0].kind:
                break
            run.append(steps[k + len(run)])
        writer.step(run, new)
        k += len(run)
    writer.close()
    return writer.out


class _Writer:
    """Collects the clauses of the current sentence; numbers follow the text as it stands."""

    def __init__(self, number: int, paragraphs: int) -> None:
        self.number = number
        self.count = paragraphs  # paragraphs in the article as it stands
        self.at = 1  # the number of the next paragraph to look at
        self.parts: list[str] = []
        self.out: list[Provision] = []
        self.cite = Cite("項", number)

    def add(self, part: str) -> None:
        self.parts.append(part)

    def close(self, texts: tuple[str, ...] = (), first: int = 1) -> None:
        if self.parts:
            paragraphs = numbered(texts, first)
            self.out.append(
                Provision(sentence(self.parts), paragraphs=paragraphs, number=self.number)
            )
        self.parts, self.cite = [], Cite("項", self.number)

    def step(self, run: list[Step], new: Clause) -> None:
        kind, at = run[0].kind, self.at
        self.cite.single = self.count == 1
        if kind == KEEP:
            self.at += 1
        elif kind == EDIT:
            self.add(f"{self.cite(at)}中" + "、".join(_phrases(run[0].edits)))
            self.at += 1
        elif kind == REWRITE:  # 第4条第2項及び第3項を次のように改める。
            self.add(f"{self.cite.range(at, at + len(run) - 1)}を次のように改め")
            self.close(tuple(new.paragraphs[s.new or 0] for s in run), at)
            self.at += len(run)
        elif kind == DELETE:
            self._delete(len(run))
        else:
            self._insert(tuple(new.paragraphs[s.new or 0] for s in run))

    def _delete(self, count: int) -> None:
        at = self.at
        self.add(f"{self.cite.range(at, at + count - 1)}を削り")
        self.parts += moves_up(at + count, self.count, count, self.cite)
        self.count -= count

    def _insert(self, texts: tuple[str, ...]) -> None:
        at, count = self.at, len(texts)
        self.parts += moves_down(at, self.count, count, self.cite)
        if at > self.count:
            self.add(f"{self.cite.head()}に次の{count}項を加え")
        elif at == 1:
            self.add(f"{self.cite.head()}に{span(1, count, '項')}として次の{count}項を加え")
        else:
            self.add(f"同条第{at - 1}項の次に次の{count}項を加え")
        self.close(texts, at)
        self.count += count
        self.at += count


def _phrases(edits: tuple[PhraseEdit, ...]) -> list[str]:
    """「A」を「B」に、「C」を「D」に改め / 「E」を削り / 「F」の下に「G」を加え, in order."""
    parts: list[str] = []
    for k, e in enumerate(edits):
        if e.kind == REPLACE:
            last = k + 1 == len(edits) or edits[k + 1].kind != REPLACE
            parts.append(f"「{e.old}」を「{e.new}」に" + ("改め" if last else ""))
        elif e.kind == DELETE:
            parts.append(f"「{e.old}」を削り")
        else:
            parts.append(f"「{e.anchor}」の下に「{e.new}」を加え")
    return parts
