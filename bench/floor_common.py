"""What the floors of the item page, the meeting page and the dashboard share (bench/floor.py
times them; the floors are bench/floor_item.py, floor_meeting.py and floor_dashboard.py, their
templates in the *_pages.py next to each).

Each floor fetches what its page shows the bench's facilitator with hand-written SQL (plain rows, no
ORM objects), computes the page's facts in plain Python (the decision rule's reasons, the moves
offered, counts) and renders one template into the same HTML.
The decision rule is worked out by hand for what the bench seeds (bench/seed.py): unanimity,
or consent on some items, without みなし同意 (deemed consent is off in the seed); data the
seed never makes and that would take more than a few lines to show the same (a live agreement
holding an item, a non-facilitator's page) makes a floor refuse rather than show less.

Here: the statements' helpers, the rule and the moves, the documents, time, and the Jinja
environment with the pieces the templates paste in (labels in Japanese, no macros, no
translation calls).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_login import current_user
from jinja2 import Environment

from bench.floor_pages import FOOT, HEAD
from negotiator.db import db
from negotiator.documents.kinds import ACCEPT
from negotiator.negotiation.markdown import render_markdown

OPEN = ("proposed", "discussed")
HELD = ("held", "confirmed")
RULES = {"unanimity": "全会一致", "consent": "異議なし"}
MOVES = {"discuss": "協議中にする", "agree": "合意とする", "reopen": "再協議にする"}
MOVES["withdraw"] = "取り下げる"
# The moves out of each state, in the workflow's order (negotiation/workflow.TRANSITIONS).
OUT_OF = {
    "proposed": ("discuss", "withdraw"),
    "discussed": ("agree", "withdraw"),
    "agreed": ("reopen",),
    "withdrawn": (),
}

Shell = Callable[[], dict]

JST = ZoneInfo("Asia/Tokyo")


def time_of(value: str | dt.datetime | None) -> dt.datetime | None:
    """A timestamp as SQLite (text) or PostgreSQL (datetime) returns it; naive means UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def jst(value: str | dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """In Japan time, as the app's `jst` filter writes it."""
    when = time_of(value)
    return "" if when is None else when.astimezone(JST).strftime(fmt)


def rows(sql: str, **params: object) -> list[sa.Row]:
    return db.session.execute(sa.text(sql), params).all()


def ids(values: list[int]) -> str:
    """An IN list of integers written into the statement (one statement, any length)."""
    return ", ".join(str(int(v)) for v in values) or "NULL"


def facilitated(consortium_id: int) -> None:
    """The floors show the facilitator's page (the bench logs the facilitator in)."""
    roles = rows(
        "SELECT role FROM membership WHERE user_id = :u AND consortium_id = :c",
        u=current_user.id,
        c=consortium_id,
    )
    if "facilitator" not in {r.role for r in roles}:
        raise NotImplementedError("the floor shows a facilitator's page only")


def members(consortium_id: int) -> list[sa.Row]:
    return rows(
        "SELECT id, name, party_label FROM member WHERE consortium_id = :c AND left_on IS NULL"
        " ORDER BY sort_order, id",
        c=consortium_id,
    )


# The decision rule and the moves, worked out by hand (negotiation/rules.py, workflow.py).
@dataclasses.dataclass(frozen=True)
class Move:
    name: str
    label: str
    allowed: bool
    reasons: list[str]


def missing(item: sa.Row, members: list[sa.Row], positions: dict) -> list[str]:
    """What the item's rule still lacks on its current revision, member by member."""
    rule = item.rule_override or item.decision_rule
    override = item.deemed_consent_override
    if rule == "consent" and (item.deemed_consent if override is None else override):
        raise NotImplementedError("みなし同意 needs the written rounds' deadlines")
    if not members:
        return ["構成団体が登録されていないため、合意を判定できません"]
    texts = []
    current = item.current_revision
    for m in members:
        p = positions.get(m.id)
        if p is None:
            texts.append(f"{m.name}: 第{current}版への意見がありません")
        elif p.revision_number < current:
            old = p.revision_number
            texts.append(
                f"{m.name}: 第{old}版への意見のため、第{current}版について再確認が必要です"
            )
        elif p.stance == "object":
            texts.append(f"{m.name} は反対しています")
        elif rule == "unanimity" and p.stance == "undecided":
            texts.append(f"{m.name} は保留中です")
    return texts


def moves(state: str, lacking: list[str], discussed: bool) -> list[Move]:
    """The facilitator's moves out of the state, each allowed or not with its reasons."""
    guards = {
        "discuss": [] if discussed else ["会議または書面協議でまだ協議されていません"],
        "agree": lacking,
        "reopen": [],  # frozen only by an executed agreement; refused earlier (holds)
        "withdraw": [],
    }
    return [Move(n, MOVES[n], not guards[n], guards[n]) for n in OUT_OF[state]]


def no_holds(item_ids: list[int]) -> None:
    """Agreed items in a live agreement would change the moves; the seed makes none."""
    if not item_ids:
        return
    (held,) = rows(
        "SELECT count(*) AS n FROM agreement_article t JOIN agreement a ON a.id = t.agreement_id"
        f" WHERE t.item_id IN ({ids(item_ids)})"
        " AND a.status IN ('preparing', 'out_for_signature', 'executed')"
    )
    if held.n:
        raise NotImplementedError("an agreed item in a live agreement")


def discussed(item_ids: list[int]) -> set[int]:
    """Items on a held meeting's agenda or in a round that reached its end (meetings/facts)."""
    if not item_ids:
        return set()
    marks = ids(item_ids)
    held = rows(
        f"SELECT e.item_id FROM meeting_item e WHERE e.item_id IN ({marks})"
        " AND (SELECT m.status FROM meeting m WHERE m.id = e.meeting_id) IN ('held', 'confirmed')"
    )
    rounds = rows(
        "SELECT ri.item_id, r.state, r.deadline, r.closed_at FROM round_item ri"
        f" JOIN written_round r ON r.id = ri.round_id WHERE ri.item_id IN ({marks})"
    )
    now = dt.datetime.now(dt.UTC)
    ended = {
        r.item_id
        for r in rounds
        if r.state == "closed" or (r.state == "open" and now >= time_of(r.deadline))
    }
    return {r.item_id for r in held} | ended


def _size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB"
    return f"{-(-size // 1024)} KB" if size >= 1024 else f"{size} B"


def documents(where: str, **params: object) -> list[dict]:
    found = rows(
        "SELECT d.id, d.name, d.size, d.uploaded_at, d.comment_id, r.number AS revision,"
        " u.display_name AS uploader FROM document d"
        " LEFT JOIN proposal_revision r ON r.id = d.revision_id"
        f" JOIN user_account u ON u.id = d.uploader_id WHERE ({where}) AND d.deleted_at IS NULL"
        " ORDER BY d.uploaded_at, d.id",
        **params,
    )
    return [r._asdict() | {"size_label": _size_label(r.size)} for r in found]


ENV = Environment(autoescape=True)
ENV.filters["jst"] = jst
ENV.globals.update(
    accept=ACCEPT,
    # The app's labels are Japanese message ids (rules.N_ marks them, nothing translates them
    # here): the same words as the page, read from one place.
    stances={"agree": "賛成", "conditional": "条件付賛成", "undecided": "保留", "object": "反対"},
    states={"proposed": "提案", "discussed": "協議中", "agreed": "合意", "withdrawn": "取下げ"},
    markdown=render_markdown,
)

# The crumbs as templates/consortia/_crumbs.html renders them (the last one not a link).
CRUMBS = """{% if crumbs %}<nav class="crumbs" aria-label="現在の位置">
  <a href="/">ホーム</a>
  {% for label, url in crumbs %} › {% if url %}<a href="{{ url }}">{{ label }}</a>{% else %}<span>{{ label }}</span>{% endif %}{% endfor %}
</nav>{% endif %}"""  # noqa: E501

# A position's badge (negotiation/_macros.html stance_badge), written where it is used.
STANCE = """{% if p is none %}<span class="stance stance-none">未回答</span>{% else %}<span class="stance stance-{{ p.stance }}{% if p.revision_number < current_revision %} stale{% endif %}">{{ stances[p.stance] }}</span>{% if p.revision_number < current_revision %} <span class="stale-note">要再確認(第{{ p.revision_number }}版への意見)</span>{% endif %}{% endif %}"""  # noqa: E501

# A page's documents (documents/_panel.html), for an item or a meeting.
DOCUMENTS = """<h2 id="documents">{{ documents_heading }}</h2>
{% if documents %}<ul class="card history documents">
  {% for d in documents %}<li><a href="/documents/{{ d.id }}" download>{{ d.name }}</a>
    <span class="small muted">{{ d.size_label }}{% if d.revision %} · 第{{ d.revision }}版{% endif %} · {{ d.uploader }} · {{ d.uploaded_at|jst }}</span>
    <form class="inline" method="post" action="/documents/{{ d.id }}/delete">
      <input type="hidden" name="csrf_token" value="{{ shell.csrf }}">
      <button class="btn secondary small" type="submit" aria-label="「{{ d.name }}」を削除">削除</button>
    </form></li>
  {% endfor %}
</ul>
{% else %}<p class="muted">資料はまだありません。</p>{% endif %}
{% if on_comments %}<p class="small"><a href="#discussion">このほか、コメントに添付された資料が{{ on_comments }}件あります。</a></p>{% endif %}
<form class="inline document-upload" method="post" enctype="multipart/form-data" action="{{ upload_url }}">
  <input type="hidden" name="csrf_token" value="{{ shell.csrf }}">
  <label for="documents-file">資料を添付</label>
  <input type="file" id="documents-file" name="file" required accept="{{ accept }}">
  <button class="btn secondary" type="submit">添付</button>
</form>"""  # noqa: E501


def page(body: str):  # noqa: ANN201
    """One floor template: the layout (bench/floor_pages.py) around the page's content, the
    crumbs, the stance badge and the documents panel pasted in as text (no includes)."""
    source = HEAD.replace("{{ crumbs }}", CRUMBS) + body + FOOT
    source = source.replace("{{ STANCE }}", STANCE).replace("{{ DOCUMENTS }}", DOCUMENTS)
    return ENV.from_string(source)
