"""The summaries an item's history is written with (message ids, translated when shown)."""

from __future__ import annotations

from negotiator.audit import messages as audit_messages
from negotiator.message import N_, Message, label, say
from negotiator.negotiation import rules, workflow

POSITION = {
    False: N_("%(member)sの意見: %(stance)s (第%(n)s版)"),
    True: N_("%(member)sの意見: %(stance)s (第%(n)s版)(事務局が代理登録)"),
}
MOVES = {
    (False, False): N_("状態を「%(state)s」に変更"),
    (True, False): N_("状態を「%(state)s」に変更: %(reason)s"),
    (False, True): N_("状態を「%(state)s」に変更(みなし同意: %(deemed)s)"),
    (True, True): N_("状態を「%(state)s」に変更: %(reason)s(みなし同意: %(deemed)s)"),
}


def register_legacy() -> None:
    """Item history written before summaries were data (negotiator/audit/messages.py)."""
    register = audit_messages.register
    register("negotiation.create", [N_("協議案件「%(title)s」を作成")])
    register("item.propose", [N_("協議事項%(number)s「%(title)s」を提案")])
    register("item.edit", [N_("協議事項%(number)sを編集")])
    register("item.revise", [N_("提案文 第%(n)s版")])
    stances = {"stance": rules.STANCE_LABELS.values()}
    register("position.record", POSITION.values(), labels=stances)
    register("condition.clear", [N_("条件を解消: %(text)s")])
    register("item.discussed_note", [N_("協議済みの記録: %(note)s")])
    states = {"state": workflow.STATE_LABELS.values()}
    register("item.move", MOVES.values(), labels=states, lists=["deemed"])


register_legacy()


def move_summary(state: str, reason: str, deemed: list[str]) -> Message:
    """「状態を「合意」に変更: 理由(みなし同意: …)」 with the parts that apply."""
    template = MOVES[(bool(reason), bool(deemed))]
    params = {"state": label(state), "reason": reason, "deemed": deemed}
    return say(template, **{k: v for k, v in params.items() if f"%({k})s" in template})
