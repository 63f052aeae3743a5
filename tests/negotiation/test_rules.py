"""Decision rules: unanimity and consent, with what is missing named per member."""

import ast
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.negotiation import rules
from negotiator.negotiation.rules import (
    N_,
    RULE_LABELS,
    STANCE_LABELS,
    MemberRef,
    PositionFact,
    Reason,
    Rule,
    Stance,
    evaluate,
    is_stale,
)

SUSAKI = MemberRef(1, "須崎市")
NAKATOSA = MemberRef(2, "中土佐町")
SHIMANTO = MemberRef(3, "四万十町")
TOWNS = (SUSAKI, NAKATOSA, SHIMANTO)
CURRENT = 3

AGREE, COND, UNDEC, OBJECT = Stance.AGREE, Stance.CONDITIONAL, Stance.UNDECIDED, Stance.OBJECT
UN, CO = Rule.UNANIMITY, Rule.CONSENT
DEEM = {"deemed_consent": True, "deadline_passed": True}


def pos(stance: Stance, revision: int = CURRENT) -> PositionFact:
    return PositionFact(stance, revision)


# (rule, positions by member id, evaluate options, met, missing texts, deemed names)
RULE_CASES = {
    "unanimity-all-agree": (UN, {1: pos(AGREE), 2: pos(AGREE), 3: pos(AGREE)}, {}, True, [], []),
    "unanimity-conditional-counts": (
        UN,
        {1: pos(COND), 2: pos(AGREE), 3: pos(COND)},
        {},
        True,
        [],
        [],
    ),
    "unanimity-stale": (
        UN,
        {1: pos(AGREE), 2: pos(AGREE, 2), 3: pos(AGREE)},
        {},
        False,
        ["中土佐町: 第2版への意見のため、第3版について再確認が必要です"],
        [],
    ),
    "unanimity-missing": (
        UN,
        {1: pos(AGREE), 2: pos(AGREE)},
        {},
        False,
        ["四万十町: 第3版への意見がありません"],
        [],
    ),
    "unanimity-undecided": (
        UN,
        {1: pos(AGREE), 2: pos(UNDEC), 3: pos(AGREE)},
        {},
        False,
        ["中土佐町 は保留中です"],
        [],
    ),
    "unanimity-object": (
        UN,
        {1: pos(AGREE), 2: pos(COND), 3: pos(OBJECT)},
        {},
        False,
        ["四万十町 は反対しています"],
        [],
    ),
    "unanimity-all-problems-in-member-order": (
        UN,
        {2: pos(UNDEC), 3: pos(OBJECT), 1: pos(AGREE, 1)},
        {},
        False,
        [
            "須崎市: 第1版への意見のため、第3版について再確認が必要です",
            "中土佐町 は保留中です",
            "四万十町 は反対しています",
        ],
        [],
    ),
    "unanimity-ignores-deemed-consent": (
        UN,
        {1: pos(AGREE), 2: pos(AGREE)},
        DEEM,
        False,
        ["四万十町: 第3版への意見がありません"],
        [],
    ),
    "consent-undecided-is-an-answer": (
        CO,
        {1: pos(AGREE), 2: pos(UNDEC), 3: pos(COND)},
        {},
        True,
        [],
        [],
    ),
    "consent-object": (
        CO,
        {1: pos(OBJECT), 2: pos(UNDEC), 3: pos(AGREE)},
        {},
        False,
        ["須崎市 は反対しています"],
        [],
    ),
    "consent-missing": (
        CO,
        {1: pos(AGREE), 3: pos(AGREE)},
        {},
        False,
        ["中土佐町: 第3版への意見がありません"],
        [],
    ),
    "consent-stale-objection-needs-reconfirmation": (
        CO,
        {1: pos(AGREE), 2: pos(AGREE), 3: pos(OBJECT, 2)},
        {},
        False,
        ["四万十町: 第2版への意見のため、第3版について再確認が必要です"],
        [],
    ),
    "consent-deemed-before-deadline": (
        CO,
        {1: pos(AGREE), 2: pos(AGREE)},
        {"deemed_consent": True, "deadline_passed": False},
        False,
        ["四万十町: 第3版への意見がありません"],
        [],
    ),
    "consent-deadline-without-deemed-consent": (
        CO,
        {1: pos(AGREE), 2: pos(AGREE)},
        {"deemed_consent": False, "deadline_passed": True},
        False,
        ["四万十町: 第3版への意見がありません"],
        [],
    ),
    "consent-deemed-after-deadline": (
        CO,
        {1: pos(AGREE), 2: pos(UNDEC)},
        DEEM,
        True,
        [],
        ["四万十町"],
    ),
    "consent-deemed-covers-stale": (
        CO,
        {1: pos(AGREE, 2), 2: pos(AGREE), 3: pos(OBJECT, 1)},
        DEEM,
        True,
        [],
        ["須崎市", "四万十町"],
    ),
    "consent-deemed-does-not-override-objection": (
        CO,
        {1: pos(OBJECT), 2: pos(AGREE)},
        DEEM,
        False,
        ["須崎市 は反対しています"],
        ["四万十町"],
    ),
    "consent-deemed-nobody-answered": (CO, {}, DEEM, True, [], ["須崎市", "中土佐町", "四万十町"]),
    "positions-of-non-members-are-ignored": (
        UN,
        {1: pos(AGREE), 2: pos(AGREE), 3: pos(AGREE), 99: pos(OBJECT)},
        {},
        True,
        [],
        [],
    ),
}


@pytest.mark.parametrize(
    ("rule", "positions", "options", "met", "missing", "deemed"),
    list(RULE_CASES.values()),
    ids=list(RULE_CASES),
)
def test_evaluate(rule, positions, options, met, missing, deemed):
    result = evaluate(rule, TOWNS, positions, CURRENT, **options)
    assert result.met is met
    assert [reason.text for reason in result.missing] == missing
    assert [member.name for member in result.deemed] == deemed


@pytest.mark.parametrize("rule", list(Rule))
@pytest.mark.parametrize("options", [{}, DEEM], ids=["plain", "deemed-after-deadline"])
def test_no_members_is_never_agreement(rule, options):
    result = evaluate(rule, (), {1: pos(AGREE)}, CURRENT, **options)
    assert result.met is False
    assert [r.text for r in result.missing] == [
        "構成団体が登録されていないため、合意を判定できません"
    ]
    assert result.deemed == ()


def test_position_on_a_future_revision_is_a_caller_error():
    with pytest.raises(ValueError, match="revision 4"):
        evaluate(UN, TOWNS, {1: pos(AGREE, 4)}, CURRENT)


@pytest.mark.parametrize(
    ("revision", "current", "stale"),
    [(1, 3, True), (2, 3, True), (3, 3, False), (1, 1, False)],
)
def test_is_stale(revision, current, stale):
    assert is_stale(PositionFact(Stance.AGREE, revision), current) is stale


def test_reason_keeps_template_and_params_for_translation():
    reason = Reason(rules.NO_POSITION, {"member": "中土佐町", "revision": 3})
    assert reason.template == "%(member)s: 第%(revision)s版への意見がありません"
    assert reason.text == "中土佐町: 第3版への意見がありません"


def test_missing_reason_params_name_the_member():
    result = evaluate(UN, TOWNS, {1: pos(AGREE), 2: pos(AGREE, 1), 3: pos(AGREE)}, CURRENT)
    assert [r.params for r in result.missing] == [{"member": "中土佐町", "old": 1, "revision": 3}]


def test_labels():
    assert STANCE_LABELS == {AGREE: "賛成", COND: "条件付賛成", UNDEC: "保留", OBJECT: "反対"}
    assert RULE_LABELS == {UN: "全会一致", CO: "異議なし"}


def test_n_is_a_no_op_marker():
    assert N_("反対") == "反対"


def test_plain_string_stances_from_the_database_still_work():
    result = evaluate(UN, TOWNS, {1: pos("agree"), 2: pos("object"), 3: pos("conditional")}, 3)
    assert [r.text for r in result.missing] == ["中土佐町 は反対しています"]


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_rules_module_is_pure():
    roots = _imported_roots(Path(rules.__file__))
    assert roots <= set(sys.stdlib_module_names)


# --- properties -------------------------------------------------------------------------

NAMES = ["須崎市", "中土佐町", "四万十町", "津野町", "梼原町"]


@st.composite
def situations(draw):
    """Random members (1-5 of the towns), current revision and latest positions."""
    count = draw(st.integers(min_value=1, max_value=len(NAMES)))
    members = tuple(MemberRef(i + 1, NAMES[i]) for i in range(count))
    current = draw(st.integers(min_value=1, max_value=5))
    position = st.builds(PositionFact, st.sampled_from(Stance), st.integers(1, current))
    positions = draw(
        st.dictionaries(st.sampled_from([m.id for m in members]), position, max_size=count)
    )
    return members, positions, current


@settings(database=None, deadline=None)
@given(situations())
def test_unanimity_met_implies_consent_met(situation):
    members, positions, current = situation
    if evaluate(UN, members, positions, current).met:
        consent = evaluate(CO, members, positions, current)
        assert consent.met
        assert consent.deemed == ()


@settings(database=None, deadline=None)
@given(situations(), st.sampled_from(Rule), st.booleans(), st.booleans())
def test_every_member_is_accounted_for_once(situation, rule, deemed_consent, deadline_passed):
    members, positions, current = situation
    result = evaluate(
        rule,
        members,
        positions,
        current,
        deemed_consent=deemed_consent,
        deadline_passed=deadline_passed,
    )
    assert result.met == (not result.missing)
    if not (rule is Rule.CONSENT and deemed_consent and deadline_passed):
        assert result.deemed == ()
    named = [r.params["member"] for r in result.missing] + [m.name for m in result.deemed]
    # Nobody is both missing and deemed, nor listed twice; reasons keep the members' order.
    assert len(named) == len(set(named))
    order = [m.name for m in members]
    blockers = [r.params["member"] for r in result.missing]
    assert blockers == sorted(blockers, key=order.index)
    for member in members:
        fact = positions.get(member.id)
        counts = fact is not None and not is_stale(fact, current)
        if counts and fact.stance in (Stance.AGREE, Stance.CONDITIONAL):
            assert member.name not in named
        if not counts and member not in result.deemed:
            assert member.name in blockers
