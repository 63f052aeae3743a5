"""Cooperative cost allocation: Shapley value, SCRB, nucleolus, core checks, quote completion.

A cost game maps every non-empty coalition S (a ``frozenset`` of members) of the members N to
c(S), what S would pay to build the system on its own. Results map each member to its share
of c(N) as an exact ``Fraction``. Any exact numbers work (``int``, ``Fraction``, ``Decimal``);
floats are refused.

- Shapley value: the average cost a member adds, over all orders of joining,
      phi_i = sum_{S ⊆ N\\{i}} |S|! (n-|S|-1)! / n! * (c(S ∪ {i}) - c(S)).
  Computed in integers: costs are put over one denominator D, the weights multiplied by n!.
- SCRB (separable costs, remaining benefits; US water-resource practice since 1950):
      s_i = c(N) - c(N\\{i})                      separable cost (i joins last)
      r_i = min(b_i, c({i})) - s_i                remaining benefit (b_i optional benefit)
      x_i = s_i + (c(N) - sum_j s_j) * r_i / sum_j r_j.
  Degenerate cases: a negative r_i (i costs more to add last than to serve alone, or than
  its benefit) makes SCRB undefined and raises. When every r_i is 0 there is nothing to
  weigh the non-separable cost c(N) - sum_j s_j by (in a subadditive game it is then a
  saving, <= 0): it is divided equally (the ENSC convention), and if it is 0, x_i = s_i.
- Nucleolus: among imputations (x(N) = c(N), x_i <= c({i})), lexicographically minimise
  the largest excesses e(S) = x(S) - c(S) over proper coalitions (Schmeidler 1969), by a
  sequence of LPs (Kopelowitz 1967): each LP minimises the largest free excess t_k; the
  coalitions whose dual price is positive are tight at every optimum and are fixed at t_k.
  The LPs run in floats only to find which coalitions are fixed at which level; the point is
  then solved exactly in Fractions from those equations and checked against the LP.
- Core: x is in the core when no coalition is charged more than its own cost, x(S) <= c(S).
- Completion: a coalition without a quote costs its cheapest partition into quoted
  coalitions (it can always split up and buy in parts), c(S) = min sum_k q(S_k).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from negotiator.costs.methods import CostInputError, to_fraction
from negotiator.message import say

if TYPE_CHECKING:
    import numpy as np

K = TypeVar("K", bound=Hashable)

_DUAL_TOL = 1e-9  # a dual price above this (scaled problem) marks a coalition as fixed
_SPAN_TOL = 1e-9
_CHECK_TOL = Fraction(1, 10**6)  # exact nucleolus vs LP, relative to the largest cost


class CoalitionCostError(CostInputError):
    """A coalition cost is missing or unusable for the method asked for."""


class CoreViolation(NamedTuple):
    """A coalition charged more than its own cost: excess = charged - cost > 0."""

    coalition: frozenset
    charged: Fraction
    cost: Fraction
    excess: Fraction


def _ordered(players: Iterable[K]) -> list[K]:
    """Members in a fixed order (sorted; by repr when keys of mixed types cannot compare)."""
    unique = set(players)
    try:
        return sorted(unique)  # type: ignore[type-var]
    except TypeError:
        return sorted(unique, key=repr)


def _label(coalition: Iterable[Hashable]) -> str:
    return "・".join(str(member) for member in _ordered(coalition))


def _exact_game(cost: Mapping[frozenset, object]) -> tuple[list, dict[frozenset, Fraction]]:
    """Members and exact costs of a (possibly partial) game; keys must be non-empty sets."""
    if not cost:
        raise CoalitionCostError("cost", say("提携の費用が1つもありません"))
    exact: dict[frozenset, Fraction] = {}
    for coalition, value in cost.items():
        if not isinstance(coalition, frozenset) or not coalition:
            raise CoalitionCostError("cost", say("提携は空でない frozenset で指定してください"))
        exact[coalition] = to_fraction(value, "cost")
    return _ordered(frozenset().union(*exact)), exact


def _full_game(cost: Mapping[frozenset, object]) -> tuple[list, dict[frozenset, Fraction]]:
    """Like _exact_game, but every non-empty coalition of the members must have a cost."""
    players, exact = _exact_game(cost)
    if len(exact) != 2 ** len(players) - 1:
        missing = next(s for s in _coalitions(players) if s not in exact)
        raise CoalitionCostError(
            "cost", say("提携「%(coalition)s」の費用がありません", coalition=_label(missing))
        )
    return players, exact


def _coalitions(players: list) -> Iterator[frozenset]:
    for mask in range(1, 1 << len(players)):
        yield frozenset(p for i, p in enumerate(players) if mask >> i & 1)


def shapley(cost: Mapping[frozenset[K], object]) -> dict[K, Fraction]:
    """Shapley value phi_i (see module docstring); exact, sums to c(N)."""
    players, game = _full_game(cost)
    n = len(players)
    denominator = math.lcm(*(value.denominator for value in game.values()))
    # weight[s] = n! * w(s) = s!(n-s-1)! for a coalition of size s that i joins; 0 for s = n.
    weight = [math.factorial(s) * math.factorial(n - s - 1) for s in range(n)] + [0]
    # In phi_i, c(T) counts +w(|T|-1) if i is in T and -w(|T|) if not; so add
    # (w(|T|-1) + w(|T|)) c(T) to each member of T and subtract sum_T w(|T|) c(T) from all.
    sums = dict.fromkeys(players, 0)
    common = 0
    for coalition, value in game.items():
        size = len(coalition)
        scaled = value.numerator * (denominator // value.denominator)
        common += weight[size] * scaled
        added = (weight[size - 1] + weight[size]) * scaled
        for member in coalition:
            sums[member] += added
    scale = math.factorial(n) * denominator
    return {member: Fraction(sums[member] - common, scale) for member in players}


def scrb(
    cost: Mapping[frozenset[K], object], benefits: Mapping[K, object] | None = None
) -> dict[K, Fraction]:
    """SCRB allocation; needs c({i}), c(N\\{i}) and c(N) only (see module docstring)."""
    players, game = _exact_game(cost)
    grand = frozenset(players)
    separable = {i: _need(game, grand) - _need(game, grand - {i}) for i in players}
    remaining = {i: _remaining_benefit(game, i, separable[i], benefits) for i in players}
    non_separable = _need(game, grand) - sum(separable.values())
    total = sum(remaining.values())
    if total == 0:  # degenerate: nothing to weigh the split by; equal split (ENSC)
        return {i: separable[i] + non_separable / len(players) for i in players}
    return {i: separable[i] + non_separable * remaining[i] / total for i in players}


def _need(game: Mapping[frozenset, Fraction], coalition: frozenset) -> Fraction:
    """c(S) for SCRB, with c(empty set) = 0; a missing quote names the coalition."""
    if not coalition:
        return Fraction(0)
    if coalition not in game:
        raise CoalitionCostError(
            "cost", say("SCRB には「%(coalition)s」の費用が必要です", coalition=_label(coalition))
        )
    return game[coalition]


def _remaining_benefit(
    game: Mapping[frozenset, Fraction], i: Hashable, separable: Fraction, benefits: Mapping | None
) -> Fraction:
    """r_i = min(b_i, c({i})) - s_i, refused when negative (SCRB undefined)."""
    alternative = _need(game, frozenset({i}))
    if benefits is not None:
        alternative = min(alternative, to_fraction(benefits.get(i), "benefits", i))
    if alternative < separable:
        message = say(
            "%(member)s の分離費用が単独費用(または便益)を超えるため、SCRB は使えません",
            member=str(i),
        )
        raise CoalitionCostError("cost", message, i)
    return alternative - separable


def core_violations(
    cost: Mapping[frozenset[K], object], allocation: Mapping[K, object]
) -> list[CoreViolation]:
    """Every coalition in ``cost`` charged more than its cost, largest excess first."""
    shares = {member: to_fraction(v, "allocation", member) for member, v in allocation.items()}
    found = []
    for coalition, value in cost.items():
        if not coalition <= shares.keys():
            raise CoalitionCostError(
                "allocation",
                say("「%(coalition)s」の負担額がありません", coalition=_label(coalition)),
            )
        charged = sum((shares[member] for member in coalition), Fraction(0))
        own = to_fraction(value, "cost")
        if charged > own:
            found.append(CoreViolation(coalition, charged, own, charged - own))
    found.sort(key=lambda v: (-v.excess, len(v.coalition), _label(v.coalition)))
    return found


def complete_costs(
    quotes: Mapping[frozenset[K], object], players: Iterable[K]
) -> tuple[dict[frozenset[K], Fraction], set[frozenset[K]]]:
    """Fill in every coalition: quoted ones keep their quote, others get their cheapest
    partition into quoted coalitions. Returns (all costs, the set of derived coalitions)."""
    order = list(players)
    if not order or len(set(order)) != len(order):
        raise CoalitionCostError("players", say("構成団体が空か、重複しています"))
    index = {member: i for i, member in enumerate(order)}
    quoted: dict[int, Fraction] = {}
    for coalition, value in quotes.items():
        if not isinstance(coalition, frozenset) or not coalition or coalition - index.keys():
            raise CoalitionCostError("quotes", say("見積の提携が構成団体の組合せになっていません"))
        amount = to_fraction(value, "quotes")
        if amount < 0:
            raise CoalitionCostError(
                "quotes",
                say("「%(coalition)s」の見積が負になっています", coalition=_label(coalition)),
            )
        quoted[sum(1 << index[member] for member in coalition)] = amount
    unquoted = [member for member in order if 1 << index[member] not in quoted]
    if unquoted:
        names = [str(member) for member in unquoted]
        message = say("%(members)s の単独の見積がないため、費用を補完できません", members=names)
        raise CoalitionCostError("quotes", message)
    best = _cheapest_partitions(len(order), quoted)
    coalitions = list(_coalitions(order))
    completed = {s: quoted.get(mask, best[mask]) for mask, s in enumerate(coalitions, start=1)}
    derived = {s for mask, s in enumerate(coalitions, start=1) if mask not in quoted}
    return completed, derived


def _cheapest_partitions(n: int, quoted: Mapping[int, Fraction]) -> list[Fraction]:
    """best[mask] = min over partitions of mask into quoted coalitions (bitmask DP).

    The block holding the lowest member is chosen first, so each partition is seen once.
    """
    best = [Fraction(0)] * (1 << n)
    if len(quoted) == (1 << n) - 1:
        return best  # everything quoted: nothing to derive
    items = sorted(quoted.items())
    for mask in range(1, 1 << n):
        low = mask & -mask
        blocks = _blocks(mask, low, items, quoted)
        best[mask] = min(value + best[mask ^ block] for block, value in blocks)
    return best


def _blocks(
    mask: int, low: int, items: list[tuple[int, Fraction]], quoted: Mapping[int, Fraction]
) -> Iterator[tuple[int, Fraction]]:
    """Quoted coalitions inside ``mask`` that hold its lowest member ``low``."""
    if len(items) <= 1 << (mask.bit_count() - 1):
        yield from ((b, v) for b, v in items if b & low and not b & ~mask)
        return
    # Many quotes: walking the subsets of mask is cheaper than scanning every quote.
    block = mask
    while block:
        if block & low and block in quoted:
            yield block, quoted[block]
        block = (block - 1) & mask


def nucleolus(cost: Mapping[frozenset[K], object]) -> dict[K, Fraction]:
    """Nucleolus over imputations (see module docstring); exact Fractions, LP-checked."""
    players, game = _full_game(cost)
    grand = frozenset(players)
    if len(players) == 1:
        return {players[0]: game[grand]}
    if sum(game[frozenset({p})] for p in players) < game[grand]:
        message = say("単独費用の合計が全体の費用より小さいため、仁を定義できません")
        raise CoalitionCostError("cost", message)
    import numpy as np  # numpy and scipy take a second to import: only the nucleolus needs them

    proper = [s for s in game if s != grand]
    # The LP sees costs divided by the largest one, so billions of yen stay well scaled.
    scale = max(abs(v) for v in game.values()) or Fraction(1)
    lp = _LP(
        rows=np.array([[p in s for p in players] for s in proper], dtype=float),
        costs=np.array([float(game[s] / scale) for s in proper]),
        grand=float(game[grand] / scale),
        upper=[float(game[frozenset({p})] / scale) for p in players],
    )
    fixed, pinned, point = _lexicographic_stages(lp)
    exact, t0 = _exact_point(players, proper, game, fixed, pinned)
    _verify(players, exact, t0, point * float(scale), scale, game)
    return dict(zip(players, exact, strict=True))


class _LP(NamedTuple):  # the scaled problem: 0/1 rows of proper coalitions, costs, c(N), c(i)
    rows: np.ndarray
    costs: np.ndarray
    grand: float
    upper: list[float]


Fixed = list[tuple[int, int]]  # (row of a proper coalition, index of the level it is fixed at)


def _lexicographic_stages(lp: _LP) -> tuple[Fixed, set[int], np.ndarray]:
    """Run the LP sequence; return fixed (row, level) pairs, pinned members and the point."""
    import numpy as np

    n = lp.rows.shape[1]
    free, fixed, pinned, levels = list(range(len(lp.rows))), [], set(), []
    while True:
        result = _stage_lp(lp, free, fixed, levels, pinned)
        levels.append(float(result.x[-1]))
        duals = -np.asarray(result.ineqlin.marginals)
        tight = [r for r, y in zip(free, duals, strict=True) if y > _DUAL_TOL]
        fixed.extend((r, len(levels) - 1) for r in tight or [free[int(np.argmax(duals))]])
        # A positive price on x_i <= c({i}) pins x_i there at every optimum.
        marginals = np.asarray(result.upper.marginals)[:n]
        pinned.update(i for i in range(n) if abs(marginals[i]) > _DUAL_TOL)
        basis = np.vstack([np.ones(n), lp.rows[[r for r, _ in fixed]], np.eye(n)[sorted(pinned)]])
        _, singular, vt = np.linalg.svd(basis)
        span = vt[: int((singular > _SPAN_TOL).sum())]
        if len(span) == n:
            return fixed, pinned, result.x[:n]
        # A coalition in the span of the fixed ones has a determined excess: drop it.
        taken = {r for r, _ in fixed}
        free = [r for r in free if r not in taken]
        residual = np.abs(lp.rows[free] - lp.rows[free] @ span.T @ span).max(axis=1)
        free = [r for r, res in zip(free, residual, strict=True) if res > _SPAN_TOL]


def _stage_lp(lp: _LP, free: list[int], fixed: Fixed, levels: list[float], pinned: set[int]):
    """min t s.t. x(S) - t <= c(S) (free S), x(S) = c(S) + t_k (fixed S), x(N) = c(N)."""
    import numpy as np
    from scipy.optimize import linprog

    n = lp.rows.shape[1]
    eq_rows = [np.append(np.ones(n), 0.0)] + [np.append(lp.rows[r], 0.0) for r, _ in fixed]
    bounds = [(lp.upper[i] if i in pinned else None, lp.upper[i]) for i in range(n)]
    result = linprog(
        np.append(np.zeros(n), 1.0),
        A_ub=np.hstack([lp.rows[free], -np.ones((len(free), 1))]),
        b_ub=lp.costs[free],
        A_eq=np.array(eq_rows),
        b_eq=[lp.grand] + [lp.costs[r] + levels[k] for r, k in fixed],
        bounds=[*bounds, (None, None)],
        method="highs",
    )
    if result.status != 0:
        raise ArithmeticError(f"nucleolus LP failed: {result.message}")
    return result


def _exact_point(
    players: list, proper: list, game: Mapping, fixed: Fixed, pinned: set[int]
) -> tuple[list[Fraction], Fraction]:
    """Solve x(N) = c(N), x(S) - t_k = c(S) (fixed), x_i = c(i) (pinned) for x and t_0."""
    n, levels = len(players), 1 + max(k for _, k in fixed)
    zero, one = Fraction(0), Fraction(1)
    equations = [[one] * n + [zero] * levels + [game[frozenset(players)]]]
    for r, k in fixed:
        row = [one if p in proper[r] else zero for p in players] + [zero] * levels
        row[n + k] = -one
        equations.append([*row, game[proper[r]]])
    for i in sorted(pinned):
        row = [zero] * (n + levels)
        row[i] = one
        equations.append([*row, game[frozenset({players[i]})]])
    unknowns = _gauss_jordan(equations, n + levels)
    return unknowns[:n], unknowns[n]


def _gauss_jordan(equations: list[list[Fraction]], width: int) -> list[Fraction]:
    """Unique solution of a consistent exact linear system, else ArithmeticError."""
    pivots: dict[int, list[Fraction]] = {}
    for equation in equations:
        row = equation[:]
        for column, pivot in pivots.items():
            if row[column]:
                factor = row[column]
                row = [a - factor * b for a, b in zip(row, pivot, strict=True)]
        column = next((c for c in range(width) if row[c]), None)
        if column is None:
            if row[width]:
                raise ArithmeticError("nucleolus equations are inconsistent")
            continue
        row = [a / row[column] for a in row]
        for other in pivots.values():
            if other[column]:
                factor = other[column]
                other[:] = [a - factor * b for a, b in zip(other, row, strict=True)]
        pivots[column] = row
    if len(pivots) != width:
        raise ArithmeticError("nucleolus equations do not determine a single point")
    return [pivots[c][width] for c in range(width)]


def _verify(
    players: list, exact: list, t0: Fraction, approx: np.ndarray, scale: Fraction, game: Mapping
) -> None:
    """Exact checks: an imputation, whose largest excess is the first level t_0, near the LP."""
    share = dict(zip(players, exact, strict=True))
    if any(share[p] > game[frozenset({p})] for p in players):
        raise ArithmeticError("nucleolus check failed: not an imputation")
    grand = frozenset(players)
    excesses = (sum(share[p] for p in s) - c for s, c in game.items() if s != grand)
    if max(excesses) != t0:
        raise ArithmeticError("nucleolus check failed: largest excess is not the least-core level")
    tolerance = _CHECK_TOL * max(scale, Fraction(1))
    if any(abs(x - Fraction(float(y))) > tolerance for x, y in zip(exact, approx, strict=True)):
        raise ArithmeticError("nucleolus check failed: exact point differs from the LP")
