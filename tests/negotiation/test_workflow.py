"""Agenda item workflow over the whole (state, transition, facts, actor) table."""

import ast
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.negotiation import workflow
from negotiator.negotiation.rules import MemberRef, PositionFact, Rule, Stance, evaluate
from negotiator.negotiation.workflow import (
    STATE_LABELS,
    TRANSITIONS,
    Actor,
    ItemFacts,
    State,
    accepts_positions,
    available,
    check,
)

SUSAKI = MemberRef(1, "須崎市")
NAKATOSA = MemberRef(2, "中土佐町")
SHIMANTO = MemberRef(3, "四万十町")
TOWNS = (SUSAKI, NAKATOSA, SHIMANTO)

FACILITATOR = Actor(is_facilitator=True, liaison_member_ids=frozenset())
PROPOSER = Actor(is_facilitator=False, liaison_member_ids=frozenset({NAKATOSA.id}))
OTHER_LIAISON = Actor(is_facilitator=False, liaison_member_ids=frozenset({SUSAKI.id}))
OBSERVER = Actor(is_facilitator=False, liaison_member_ids=frozenset())

P, D, AG, W = State.PROPOSED, State.DISCUSSED, State.AGREED, State.WITHDRAWN
ALL_AGREE = {m.id: PositionFact(Stance.AGREE, 3) for m in TOWNS}

NOT_DISCUSSED = "会議または書面協議でまだ協議されていません"
ONLY_FACILITATOR = "事務局のみが行えます"
ONLY_FACILITATOR_OR_PROPOSER = "事務局または提案した構成団体の担当者のみが行えます"


def facts(state: State, **changes) -> ItemFacts:
    """An item 中土佐町 proposed, discussed, on revision 3, that everyone agrees to."""
    base = ItemFacts(
        state=state,
        current_revision=3,
        members=TOWNS,
        positions=ALL_AGREE,
        rule=Rule.UNANIMITY,
        discussed=True,
        proposing_member_id=NAKATOSA.id,
    )
    return replace(base, **changes)


def with_positions(**by_town: tuple[Stance, int] | None) -> dict[int, PositionFact]:
    ids = {"susaki": 1, "nakatosa": 2, "shimanto": 3}
    positions = dict(ALL_AGREE)
    for town, value in by_town.items():
        if value is None:
            del positions[ids[town]]
        else:
            positions[ids[town]] = PositionFact(*value)
    return positions


# id -> (state, transition name, facts changes, actor, allowed, reason texts)
CASES = {
    # proposed -> discussed
    "discuss-facilitator-after-meeting": (P, "discuss", {}, FACILITATOR, True, []),
    "discuss-not-yet-discussed": (
        P, "discuss", {"discussed": False}, FACILITATOR, False, [NOT_DISCUSSED]
    ),
    "discuss-by-proposer-liaison": (P, "discuss", {}, PROPOSER, False, [ONLY_FACILITATOR]),
    "discuss-liaison-and-not-discussed": (
        P, "discuss", {"discussed": False}, OTHER_LIAISON, False,
        [ONLY_FACILITATOR, NOT_DISCUSSED],
    ),
    # discussed -> agreed
    "agree-unanimous": (D, "agree", {}, FACILITATOR, True, []),
    "agree-conditional-counts": (
        D, "agree", {"positions": with_positions(susaki=(Stance.CONDITIONAL, 3))},
        FACILITATOR, True, [],
    ),
    "agree-consent-deemed-after-deadline": (
        D, "agree",
        {"rule": Rule.CONSENT, "positions": with_positions(shimanto=None),
         "deemed_consent": True, "deadline_passed": True},
        FACILITATOR, True, [],
    ),
    "agree-consent-with-undecided": (
        D, "agree",
        {"rule": Rule.CONSENT, "positions": with_positions(nakatosa=(Stance.UNDECIDED, 3))},
        FACILITATOR, True, [],
    ),
    "agree-unanimity-objection": (
        D, "agree", {"positions": with_positions(shimanto=(Stance.OBJECT, 3))},
        FACILITATOR, False, ["四万十町 は反対しています"],
    ),
    "agree-unanimity-undecided": (
        D, "agree", {"positions": with_positions(nakatosa=(Stance.UNDECIDED, 3))},
        FACILITATOR, False, ["中土佐町 は保留中です"],
    ),
    "agree-stale-after-new-revision": (
        D, "agree", {"current_revision": 4}, FACILITATOR, False,
        [
            "須崎市: 第3版への意見のため、第4版について再確認が必要です",
            "中土佐町: 第3版への意見のため、第4版について再確認が必要です",
            "四万十町: 第3版への意見のため、第4版について再確認が必要です",
        ],
    ),
    "agree-unanimity-missing": (
        D, "agree", {"positions": with_positions(nakatosa=None)}, FACILITATOR, False,
        ["中土佐町: 第3版への意見がありません"],
    ),
    "agree-consent-objection": (
        D, "agree",
        {"rule": Rule.CONSENT, "positions": with_positions(susaki=(Stance.OBJECT, 3))},
        FACILITATOR, False, ["須崎市 は反対しています"],
    ),
    "agree-consent-missing-no-deemed": (
        D, "agree", {"rule": Rule.CONSENT, "positions": with_positions(shimanto=None)},
        FACILITATOR, False, ["四万十町: 第3版への意見がありません"],
    ),
    "agree-consent-deemed-before-deadline": (
        D, "agree",
        {"rule": Rule.CONSENT, "positions": with_positions(shimanto=None),
         "deemed_consent": True, "deadline_passed": False},
        FACILITATOR, False, ["四万十町: 第3版への意見がありません"],
    ),
    "agree-no-members": (
        D, "agree", {"members": (), "positions": {}}, FACILITATOR, False,
        ["構成団体が登録されていないため、合意を判定できません"],
    ),
    "agree-by-proposer-liaison": (D, "agree", {}, PROPOSER, False, [ONLY_FACILITATOR]),
    "agree-observer-and-undecided": (
        D, "agree", {"positions": with_positions(susaki=(Stance.UNDECIDED, 3))},
        OBSERVER, False, [ONLY_FACILITATOR, "須崎市 は保留中です"],
    ),
    # agreed -> discussed
    "reopen-facilitator": (AG, "reopen", {}, FACILITATOR, True, []),
    "reopen-even-if-rule-still-met": (AG, "reopen", {"discussed": True}, FACILITATOR, True, []),
    "reopen-by-proposer-liaison": (AG, "reopen", {}, PROPOSER, False, [ONLY_FACILITATOR]),
    # proposed / discussed -> withdrawn
    "withdraw-proposed-facilitator": (P, "withdraw", {}, FACILITATOR, True, []),
    "withdraw-proposed-proposer-liaison": (
        P, "withdraw", {"discussed": False}, PROPOSER, True, []
    ),
    "withdraw-proposed-other-liaison": (
        P, "withdraw", {}, OTHER_LIAISON, False, [ONLY_FACILITATOR_OR_PROPOSER]
    ),
    "withdraw-proposed-observer": (
        P, "withdraw", {}, OBSERVER, False, [ONLY_FACILITATOR_OR_PROPOSER]
    ),
    "withdraw-facilitator-proposed-item-by-liaison": (
        P, "withdraw", {"proposing_member_id": None}, PROPOSER, False,
        [ONLY_FACILITATOR_OR_PROPOSER],
    ),
    "withdraw-facilitator-proposed-item": (
        P, "withdraw", {"proposing_member_id": None}, FACILITATOR, True, []
    ),
    "withdraw-discussed-facilitator-despite-objection": (
        D, "withdraw", {"positions": with_positions(shimanto=(Stance.OBJECT, 3))},
        FACILITATOR, True, [],
    ),
    "withdraw-discussed-proposer-liaison": (D, "withdraw", {}, PROPOSER, True, []),
    "withdraw-discussed-other-liaison": (
        D, "withdraw", {}, OTHER_LIAISON, False, [ONLY_FACILITATOR_OR_PROPOSER]
    ),
}  # fmt: skip

# Moves that do not start from the item's state are refused even for a facilitator.
# (state, name, the state's label, the move's label) as the user reads them.
WRONG_STATE = [
    (P, "agree", "提案", "合意とする"),
    (P, "reopen", "提案", "再協議にする"),
    (D, "discuss", "協議中", "協議中にする"),
    (D, "reopen", "協議中", "再協議にする"),
    (AG, "discuss", "合意", "協議中にする"),
    (AG, "agree", "合意", "合意とする"),
    (AG, "withdraw", "合意", "取り下げる"),
    (W, "discuss", "取下げ", "協議中にする"),
    (W, "agree", "取下げ", "合意とする"),
    (W, "reopen", "取下げ", "再協議にする"),
    (W, "withdraw", "取下げ", "取り下げる"),
]
for _state, _name, _state_label, _action in WRONG_STATE:
    CASES[f"{_state}-cannot-{_name}"] = (
        _state,
        _name,
        {},
        FACILITATOR,
        False,
        [f"「{_state_label}」の協議事項では「{_action}」はできません"],
    )


@pytest.mark.parametrize(
    ("state", "name", "changes", "actor", "allowed", "reasons"),
    list(CASES.values()),
    ids=list(CASES),
)
def test_transition_table(state, name, changes, actor, allowed, reasons):
    result = check(facts(state, **changes), actor, name)
    assert result.transition.name == name
    assert result.allowed is allowed
    assert [r.text for r in result.reasons] == reasons
    # available() must tell the same story as check() for moves out of this state.
    offered = {c.transition.name: c for c in available(facts(state, **changes), actor)}
    if result.transition.source == state:
        assert offered[name] == result
    else:
        assert name not in offered


def test_table_covers_every_transition_allowed_and_refused():
    from_state = {(t.source, t.name) for t in TRANSITIONS}
    allowed = {(s, n) for s, n, _, _, ok, _ in CASES.values() if ok}
    refused = {(s, n) for s, n, _, _, ok, _ in CASES.values() if not ok}
    assert allowed == from_state
    assert from_state <= refused
    names = {t.name for t in TRANSITIONS}
    assert {(s, n) for s in State for n in names} <= refused


def test_the_table_itself():
    rows = [
        (t.name, t.source, t.target, t.label, t.requires_reason, t.facilitator_only)
        for t in TRANSITIONS
    ]
    assert rows == [
        ("discuss", P, D, "協議中にする", False, True),
        ("agree", D, AG, "合意とする", False, True),
        ("reopen", AG, D, "再協議にする", True, True),
        ("withdraw", P, W, "取り下げる", False, False),
        ("withdraw", D, W, "取り下げる", False, False),
    ]


@pytest.mark.parametrize(
    ("state", "names"),
    [(P, ["discuss", "withdraw"]), (D, ["agree", "withdraw"]), (AG, ["reopen"]), (W, [])],
)
def test_available_lists_every_move_out_of_the_state(state, names):
    for actor in (FACILITATOR, PROPOSER, OBSERVER):
        checks = available(facts(state), actor)
        assert [c.transition.name for c in checks] == names
        assert all(c.transition.source == state for c in checks)


def test_unknown_transition_is_refused_and_goes_nowhere():
    result = check(facts(P), FACILITATOR, "publish")
    assert result.allowed is False
    assert [r.text for r in result.reasons] == ["「publish」という操作はありません"]
    assert result.transition.source == result.transition.target == P
    assert result.transition not in TRANSITIONS


@pytest.mark.parametrize(("state", "accepts"), [(P, True), (D, True), (AG, False), (W, False)])
def test_accepts_positions(state, accepts):
    assert accepts_positions(state) is accepts


def test_state_labels():
    assert STATE_LABELS == {P: "提案", D: "協議中", AG: "合意", W: "取下げ"}


def test_rule_status_is_the_rule_engine_on_the_items_facts():
    item = facts(D, rule=Rule.CONSENT, positions=with_positions(shimanto=None),
                 deemed_consent=True, deadline_passed=True)  # fmt: skip
    result = workflow.rule_status(item)
    assert result.met and [m.name for m in result.deemed] == ["四万十町"]


def test_workflow_module_is_pure():
    tree = ast.parse(Path(workflow.__file__).read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module != "negotiator.negotiation.rules":
            roots.add(node.module.split(".")[0])
    assert roots <= set(sys.stdlib_module_names)


# --- properties -------------------------------------------------------------------------

position = st.builds(PositionFact, st.sampled_from(Stance), st.integers(1, 3))
any_facts = st.builds(
    facts,
    st.sampled_from(State),
    positions=st.dictionaries(st.sampled_from([1, 2, 3]), position),
    rule=st.sampled_from(Rule),
    deemed_consent=st.booleans(),
    deadline_passed=st.booleans(),
    discussed=st.booleans(),
    proposing_member_id=st.sampled_from([None, 1, 2, 3]),
)
any_actor = st.builds(Actor, st.booleans(), st.frozensets(st.sampled_from([1, 2, 3]), max_size=2))


@settings(database=None, deadline=None)
@given(any_facts, any_actor)
def test_available_is_consistent(item, actor):
    for result in available(item, actor):
        t = result.transition
        assert check(item, actor, t.name) == result
        assert result.allowed == (not result.reasons)
        if result.allowed and not actor.is_facilitator:
            # Only withdrawing one's own member's proposal is open to a liaison.
            assert t.name == "withdraw"
            assert item.proposing_member_id in actor.liaison_member_ids
        if result.allowed and t.name == "agree":
            assert evaluate(
                item.rule, item.members, item.positions, item.current_revision,
                deemed_consent=item.deemed_consent, deadline_passed=item.deadline_passed,
            ).met  # fmt: skip
        if result.allowed and t.name == "discuss":
            assert item.discussed


EXECUTED = workflow.AgreementHold("「協定書」(第1版)", executed=True, signed_by=("須崎市",))
SIGNING = workflow.AgreementHold("「協定書」(第2版)", executed=False, signed_by=("須崎市",))


def test_an_executed_agreement_freezes_the_item():
    item = facts(AG, agreement=EXECUTED)
    result = check(item, FACILITATOR, "reopen")
    assert not result.allowed
    assert [r.template for r in result.reasons] == [workflow.FROZEN_BY_AGREEMENT]
    assert result.reasons[0].params == {"agreement": "「協定書」(第1版)"}
    assert workflow.frozen(item) == result.reasons  # the same rule for clearing conditions
    assert workflow.confirmation_needed(item, "reopen") is None


def test_an_agreement_out_for_signature_asks_for_confirmation_only():
    item = facts(AG, agreement=SIGNING)
    assert check(item, FACILITATOR, "reopen").allowed
    assert workflow.frozen(item) == ()
    assert workflow.confirmation_needed(item, "reopen") == SIGNING
    assert workflow.confirmation_needed(facts(AG), "reopen") is None
    assert workflow.confirmation_needed(facts(D, agreement=SIGNING), "agree") is None


def test_an_item_released_by_an_amendment_in_progress_reopens_as_usual():
    released = replace(EXECUTED, released_by="変更協定(第2版)")
    item = facts(AG, agreement=released)
    assert check(item, FACILITATOR, "reopen").allowed
    assert workflow.frozen(item) == ()
    assert workflow.confirmation_needed(item, "reopen") is None  # the original is never voided
    assert not check(item, PROPOSER, "reopen").allowed  # still the facilitator's move


@pytest.mark.parametrize(
    "actor,permitted",
    [
        (FACILITATOR, {"agree", "withdraw"}),
        (PROPOSER, {"withdraw"}),
        (OTHER_LIAISON, set()),
        (OBSERVER, set()),
    ],
)
def test_permitted_is_the_role_alone(actor, permitted):
    # Not ready to agree (an objection): the facilitator may still be offered it, disabled.
    item = facts(D, positions=with_positions(shimanto=(Stance.OBJECT, 3)))
    checks = available(item, actor)
    assert {c.transition.name for c in checks if c.permitted} == permitted
    agree = next(c for c in checks if c.transition.name == "agree")
    assert not agree.allowed
