"""Searching the index: only the councils the user reads, grouped by kind, a page at a time.

Words of three characters or more go through the trigram index (SQLite FTS5 MATCH, PostgreSQL
LIKE or ILIKE on `title || ' ' || body`, served by pg_trgm's GIN index on that expression). A
trigram index cannot serve a shorter word (「協定」 has no trigram), so such a word is a plain
LIKE over the rows of the user's own councils: bounded by the consortium index, never a scan of
every council's text.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sqlalchemy as sa

from negotiator.consortia.models import Member, Membership
from negotiator.db import db
from negotiator.meetings.models import Meeting
from negotiator.negotiation.models import AgendaItem
from negotiator.search import highlight, sources
from negotiator.search.models import FTS_TABLE, Kind, SearchEntry

PER_KIND = 5  # results of each kind on the overview; the rest behind 「すべて表示」
PER_PAGE = 20  # results of one kind per page
MAX_PAGE = 10_000
# The overview ranks and counts only the newest COUNT_CAP matches: a word in every position
# (50,000 rows at the bench's large size) would otherwise cost 200 ms to count exactly. Past the
# cap the counts are lower bounds (the page says 「以上」); one kind's pages count exactly.
COUNT_CAP = 1000
TRIGRAM = 3
# Column names as constants: the catalogue extracts label("…") literals as UI messages.
RANK, TOTAL = "n", "total"


@dataclasses.dataclass
class Hit:
    """One result: its index row, and what the page needs to name and link it."""

    row: Any
    item: AgendaItem | None = None
    meeting: Meeting | None = None
    member: Member | None = None
    url: str = ""
    title: Any = ""
    snippet: Any = ""

    def __getattr__(self, name: str) -> Any:  # item_id, number, … of the row
        if name == "row":
            raise AttributeError(name)
        return getattr(self.row, name)


@dataclasses.dataclass
class Group:
    kind: str
    total: int
    hits: list[Hit]
    at_least: bool = False  # counted within COUNT_CAP matches: there may be more


def readable_consortia(user_id: int) -> list[int]:
    """Ids of the councils the user holds any role in: who may read a council today
    (auth.permissions.can_view_consortium); a site administrator is no reader as such.

    Read first, as values: given a subquery, PostgreSQL's planner cannot tell a reader of one
    council among hundreds from the only reader, and reads every council's rows for a word the
    trigram index cannot serve; given the ids, it goes through the consortium index."""
    query = sa.select(Membership.consortium_id).where(Membership.user_id == user_id).distinct()
    return list(db.session.scalars(query))


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_text() -> Any:
    """`title || ' ' || body`, the expression PostgreSQL's trigram index is made on (migration
    0023_searchpg). The space is a literal, not a bound parameter: a plan (a prepared
    statement's generic one too) uses an expression index only for the very same expression."""
    entry = SearchEntry.__table__.c
    return entry.title.concat(sa.literal_column("' '", sa.Text)).concat(entry.body)


def _pg_match(term: str) -> Any:
    pattern = f"%{_escape_like(term)}%"
    # ILIKE lower-cases every row it checks: 4x the time of LIKE on Japanese text. A word with
    # no cased letter (Japanese, digits, signs) matches exactly the same rows with LIKE.
    cased = term.lower() != term or term.upper() != term
    text = search_text()
    return (text.ilike if cased else text.like)(pattern, escape="\\")


def _matches(terms: list[str]) -> list[Any]:
    """One condition per word; all must hold."""
    if db.engine.dialect.name != "sqlite":
        return [_pg_match(term) for term in terms]
    entry = SearchEntry.__table__.c
    conditions: list[Any] = []
    long_terms = [t for t in terms if len(t) >= TRIGRAM]
    if long_terms:
        # Each word a quoted phrase: FTS5 syntax in the user's text is just text.
        phrase = " ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        fts = sa.table(FTS_TABLE, sa.column("rowid"))
        match = sa.text(f"{FTS_TABLE} MATCH :phrase").bindparams(phrase=phrase)
        conditions.append(entry.id.in_(sa.select(fts.c.rowid).where(match)))
    for term in terms:
        if len(term) < TRIGRAM:
            pattern = f"%{_escape_like(term)}%"  # SQLite's LIKE ignores ASCII case already
            title, body = (c.like(pattern, escape="\\") for c in (entry.title, entry.body))
            conditions.append(sa.or_(title, body))
    return conditions


def search(user_id: int, terms: list[str], kind: str | None = None, page: int = 1) -> list[Group]:
    """The groups of results, in Kind order; only `kind`'s, a page of it, when given."""
    entry = SearchEntry.__table__.c
    councils = readable_consortia(user_id)
    if not councils:
        return []
    where = [entry.consortium_id.in_(councils), *_matches(terms)]
    shown = _page_of_kind([*where, entry.kind == kind], page) if kind else _overview(where)
    _plan_for_the_words()
    # Ranked and counted on ids alone; only the rows shown are read whole (bodies are long).
    rows = db.session.execute(
        sa.select(SearchEntry.__table__, shown.c.total)
        .join(shown, shown.c.id == entry.id)
        .order_by(entry.kind, entry.id.desc())
    ).all()
    groups = _groups(rows, terms)
    if not kind and sum(g.total for g in groups) >= COUNT_CAP:
        for group in groups:
            group.at_least = True
    return groups


def _plan_for_the_words() -> None:
    """PostgreSQL plans the search for its words, never with a prepared statement's generic plan.

    psycopg prepares a statement from its fifth run on a connection, and PostgreSQL soon keeps
    one generic plan for it. That plan does not know the words: a word in 2,000 rows or in
    50,000, one the trigram index serves or a two-character one it cannot, all get the same
    plan (at the benchmark's size 4 ms became 20 ms, and the wrong plan grows with the index).
    Planning anew costs under a millisecond. For this transaction only (a request's)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _overview(where: list[Any]) -> sa.Subquery:
    """The newest PER_KIND matches of each kind, with their kind's count, among the newest
    COUNT_CAP matches."""
    entry = SearchEntry.__table__.c
    matched = (
        sa.select(entry.id, entry.kind).where(*where).order_by(entry.id.desc()).limit(COUNT_CAP)
    ).subquery()
    ranked = sa.select(
        matched.c.id,
        sa.func.row_number()
        .over(partition_by=matched.c.kind, order_by=matched.c.id.desc())
        .label(RANK),
        sa.func.count().over(partition_by=matched.c.kind).label(TOTAL),
    ).subquery()
    # The limit holds anyway; it tells PostgreSQL's planner that only a few rows are read whole
    # (by their primary key), not a share of the matches worth a scan of the table.
    shown = sa.select(ranked.c.id, ranked.c.total).where(ranked.c.n <= PER_KIND)
    return shown.limit(PER_KIND * len(Kind)).subquery()


def _page_of_kind(where: list[Any], page: int) -> sa.Subquery:
    """A page of one kind's matches, newest first, with their exact count."""
    entry = SearchEntry.__table__.c
    # Counted apart (one aggregate, run once): a window's count would hold every match until
    # the last, where the page alone stops after its own rows in the newest-first scan.
    total = sa.select(sa.func.count()).where(*where).scalar_subquery()
    return (
        sa.select(entry.id, total.label(TOTAL))
        .where(*where)
        .order_by(entry.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).subquery()


def _groups(rows: list[Any], terms: list[str]) -> list[Group]:
    hits = _describe([Hit(row) for row in rows], terms)
    groups = {k.value: Group(k.value, 0, []) for k in Kind}
    for hit in hits:
        groups[hit.kind].hits.append(hit)
        groups[hit.kind].total = hit.row.total
    return [g for g in groups.values() if g.total]


def _load(model: type, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {o.id: o for o in db.session.scalars(sa.select(model).where(model.id.in_(ids)))}


def _describe(hits: list[Hit], terms: list[str]) -> list[Hit]:
    """Load what names each hit (its item, meeting, member), its link and marked text."""
    items = _load(AgendaItem, {h.item_id for h in hits if h.item_id})
    meetings = _load(Meeting, {h.meeting_id for h in hits if h.meeting_id})
    members = _load(Member, {h.member_id for h in hits if h.member_id})
    for hit in hits:
        hit.item = items.get(hit.item_id)
        hit.meeting = meetings.get(hit.meeting_id)
        hit.member = members.get(hit.member_id)
        hit.url = sources.SOURCES[hit.source].link(hit)
        hit.title = highlight.mark(hit.row.title, terms)
        hit.snippet = highlight.snippet(hit.row.body, terms)
    return hits
