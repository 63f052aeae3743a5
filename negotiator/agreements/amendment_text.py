"""TEMPORARY STAND-IN until branch `kaimebun` is merged (it owns this module): whole-article
replacements only, with the interface that branch announced. Removed at the merge."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clause:
    key: str
    caption: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Provision:
    sentence: str
    text: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool = False


@dataclass(frozen=True)
class ComparisonRow:
    new: tuple[Segment, ...]
    old: tuple[Segment, ...]


def _lines(number: int, clause: Clause) -> tuple[str, ...]:
    return (f"（{clause.caption}）", f"第{number}条　" + "\n".join(clause.paragraphs))


def amendment_sentences(old, new) -> tuple[Provision, ...]:  # noqa: ANN001
    olds = {c.key: (n, c) for n, c in enumerate(old, start=1)}
    out = []
    for n, clause in enumerate(new, start=1):
        before = olds.get(clause.key)
        if before is None:
            out.append(Provision(f"第{n}条として次の1条を加える。", _lines(n, clause)))
        elif before[1] != clause:
            out.append(Provision(f"第{before[0]}条を次のように改める。", _lines(n, clause)))
    keys = {c.key for c in new}
    out += [Provision(f"第{n}条を削る。") for n, c in enumerate(old, 1) if c.key not in keys]
    return tuple(out)


def comparison_table(old, new) -> tuple[ComparisonRow, ...]:  # noqa: ANN001
    olds = {c.key: (n, c) for n, c in enumerate(old, start=1)}
    rows = []
    for n, clause in enumerate(new, start=1):
        before = olds.get(clause.key)
        if before is not None and before[1] == clause:
            continue
        new_text = "\n".join(_lines(n, clause))
        old_text = "\n".join(_lines(*before)) if before else ""
        rows.append(ComparisonRow((Segment(new_text, True),), (Segment(old_text, True),)))
    return tuple(rows)


def is_unchanged(old, new) -> bool:  # noqa: ANN001
    return tuple(old) == tuple(new)
