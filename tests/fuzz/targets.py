"""What to post to every POST route: the URL (from the authorization matrix), who posts, and
the fields with their valid and hostile values. tests/test_fuzz.py fails for a route missing here.
"""

from __future__ import annotations

import dataclasses
from itertools import combinations

import sqlalchemy as sa
from flask import Flask
from hypothesis import strategies as st

from negotiator.agreements import services as agreement_services
from negotiator.agreements.models import Agreement
from negotiator.auth.models import User
from negotiator.consortia.models import Consortium, Member, Membership
from negotiator.costs.models import CostCandidate, CostCategory
from negotiator.costs.split import METHODS, REMAINDER_LABELS
from negotiator.db import db
from negotiator.meetings.models import (
    Answer,
    AttendanceAnswer,
    Meeting,
    MeetingItem,
    Mode,
    Presence,
    Rsvp,
    WrittenRound,
)
from negotiator.negotiation.models import AgendaItem, Category, Source
from negotiator.negotiation.rules import Rule, Stance
from negotiator.negotiation.workflow import TRANSITIONS
from tests.auth.test_authorization_matrix import all_routes
from tests.factories import PASSWORD, World, make_item, make_negotiation, record
from tests.fuzz import strategies as s
from tests.fuzz.discussion_targets import discussion_targets
from tests.fuzz.document_targets import document_targets
from tests.meetings.factories import make_meeting

NEW_PASSWORD = "Kochi-2026-pass!"


@dataclasses.dataclass
class Target:
    url: str
    user: str | None  # who posts; None: not logged in
    fields: dict[str, s.Field] = dataclasses.field(default_factory=dict)
    name_args: list[str] | None = None  # valid values of a string segment (a move's name)
    relogin: bool = False  # log in again before every example (the route ends the session)


@dataclasses.dataclass
class Fixture:
    targets: dict[str, Target]
    pool: list[int]  # wrong ids: other members', other consortia's objects, missing, huge
    passwords: dict[str, str]


def _get(model: type, object_id: int, column: str):  # noqa: ANN202
    return lambda: getattr(db.session.get(model, object_id), column)


def _approval_version(agreement_id: int, member_id: int):  # noqa: ANN202
    """The version of the member's 決裁 record (0 before the first one)."""

    def read() -> int:
        from negotiator.agreements.models import Approval

        query = sa.select(Approval.version).filter_by(
            agreement_id=agreement_id, member_id=member_id
        )
        return db.session.scalar(query) or 0

    return read


def _rsvp_version(meeting_id: int, member_id: int):  # noqa: ANN202
    """The version of the member's 出欠回答 (0 before the first one)."""

    def read() -> int:
        query = sa.select(AttendanceAnswer.version).filter_by(
            meeting_id=meeting_id, member_id=member_id
        )
        return db.session.scalar(query) or 0

    return read


def _first_id(model: type, **where: int):  # noqa: ANN202
    def read() -> int:
        query = sa.select(model.id).filter_by(**where).order_by(model.id)
        return db.session.scalar(query) or 0

    return read


def _others(app: Flask, world: World) -> dict[str, int]:
    """Objects in the other consortium, and an agreement still in draft, made for the fuzzer."""
    with app.app_context():
        other = db.session.get(Consortium, world.other_consortium_id)
        negotiation = make_negotiation(other, "他協議会の案件")
        item = make_item(negotiation, "他協議会の協議事項")
        meeting = make_meeting(negotiation.id, [item.id])
        council = db.session.get(Consortium, world.consortium_id)
        drafting = make_negotiation(council, "草案の協定")
        agreed = make_item(drafting, "目的")
        for member_id in world.member_ids:
            record(agreed, db.session.get(Member, member_id), "agree")
        agreed.state = "agreed"
        draft = agreement_services.create_draft(drafting)
        article = agreement_services.add_standard_article(draft, "脱退", "本文", draft.version)
        db.session.commit()
        return {
            "negotiation": negotiation.id,
            "item": item.id,
            "meeting": meeting.id,
            "draft": draft.id,
            "draft_article": article.id,
        }


def build(app: Flask, world: World) -> Fixture:
    routes = all_routes(app, world)
    post = {ep: url for ep, cases in routes.items() for m, url, _ in cases if m == "POST"}
    adapter = app.url_map.bind("localhost")
    args = {ep: adapter.match(url, method="POST")[1] for ep, url in post.items()}
    other = _others(app, world)
    with app.app_context():
        membership = db.session.scalar(sa.select(Membership.id).order_by(Membership.id))
        draft = db.session.get(Agreement, other["draft"])
        article_ids = [a.id for a in draft.articles]
    sent = args["agreements.send"]["agreement_id"]
    members = world.member_ids
    pool = [
        *members[1:],
        world.other_member_id,
        world.other_consortium_id,
        other["negotiation"],
        other["item"],
        other["meeting"],
        world.item_id,
        sent,
    ]
    passwords = {"observer": PASSWORD}
    i = world.item_id
    meeting = args["meetings.meeting_edit"]["meeting_id"]
    meeting_item = args["meetings.floor_position"]["item_id"]
    cost_item = args["costs.category_new"]["item_id"]
    category = args["costs.category_edit"]["category_id"]
    candidate = args["costs.candidate_edit"]["candidate_id"]
    d = other["draft"]

    member_ids = s.ids(members, pool)
    stances = s.choice(*[x.value for x in Stance])

    def position(revision_of: int) -> dict[str, s.Field]:
        return {
            "stance": stances,
            "statement": s.optional_text(),
            "conditions": s.optional_text(),
            "reason": s.optional_text(),
            "revision": s.current(_get(AgendaItem, revision_of, "current_revision")),
        }

    item_fields = {
        "title": s.text(),
        "category": s.choice(*[c.value for c in Category]),
        "description": s.optional_text(),
        "proposing_member_id": s.ids([0, *members], pool),
        "rule_override": s.choice("", *[r.value for r in Rule]),
    }
    meeting_fields = {
        "title": s.optional_text(),
        "starts_at": s.datetime_local("2026-12-10T10:00"),
        "ends_at": s.datetime_local("2027-01-05T15:00"),
        "place": s.optional_text(),
        "mode": s.choice(*[m.value for m in Mode]),
    }
    member_fields = {
        "name": s.text(),
        "kind": s.choice("city", "town", "village", "other"),
        "party_label": s.optional_text(),
        "representative_title": s.optional_text(),
        "representative_name": s.optional_text(),
        "address": s.optional_text(),
        "sort_order": s.number(st.integers(0, 9999).map(str)),
        "joined_on": s.date("2026-04-01"),
    }
    user_fields = {
        "username": s.Field(
            st.from_regex(r"[a-z][a-z0-9._-]{2,12}", fullmatch=True), s.hostile_text
        ),
        "display_name": s.text(),
        "password": s.choice(NEW_PASSWORD),
        "is_admin": s.checkbox(),
        "active": s.checkbox(),
    }
    yen = st.integers(0, 10**9).map(lambda n: f"{n:,}")
    quote_keys = [
        "_".join(str(m) for m in sorted(g)) for n in (1, 2) for g in combinations(members, n)
    ]
    grid_row = {
        f"{name}-{row}": s.optional_text() for name in ("unit", "ref", "source") for row in (0, 1)
    }
    indicator_fields = (
        {"label-0": s.choice("人口"), "label-1": s.choice("利用者数")}
        | grid_row
        | {f"val-{row}-{m}": s.number(yen) for row in (0, 1) for m in members}
        | {"ill-0": s.checkbox(), "label-new": s.optional_text(), "key-new": s.optional_text()}
        | {f"val-new-{m}": s.number(yen) for m in members}
    )
    csv_text = "構成団体,指標,値,単位,基準日,出典\n須崎市,人口,20590,人,2020-10-01,国勢調査\n"
    csv_file = st.sampled_from([csv_text.encode(), csv_text.encode("cp932")])
    percent = st.integers(0, 100).map(str)
    candidate_fields = (
        {
            "name": s.text(),
            "method": s.choice(*METHODS),
            "indicator": s.choice("population", "users"),
            "unit": s.choice("percent", "yen"),
            "remainder_rule": s.choice(*REMAINDER_LABELS),
            "rationale": s.optional_text(),
        }
        | {f"w-{category}-{k}": s.number(percent) for k in ("equal", "population", "users")}
        | {f"v-{m}": s.number(percent) for m in members}
    )
    draft_version = s.current(_get(Agreement, d, "version"))

    targets = {
        # auth: the session-ending and password routes use users no other route here needs
        "auth.login": Target(
            "/login",
            None,
            {"username": s.choice("other_liaison", "nobody"), "password": s.choice(PASSWORD)},
        ),
        "auth.set_language": Target(
            post["auth.set_language"],
            None,
            {"lang": s.choice("ja", "en"), "next": s.next_path()},
        ),
        "auth.change_password": Target(
            post["auth.change_password"],
            "observer",
            {
                "current_password": s.current(lambda: passwords["observer"]),
                "new_password": s.choice(NEW_PASSWORD),
                "confirm": s.choice(NEW_PASSWORD),
            },
        ),
        "auth.logout": Target(post["auth.logout"], "signatory", relogin=True),
        "auth.extend_session": Target(post["auth.extend_session"], "signatory"),
        "auth.tokens_page": Target(
            post["auth.tokens_page"],
            "observer",
            {
                "name": s.text(),
                "scope": s.choice("read", "write"),
                "days": s.choice("30", "90", "365"),
            },
        ),
        "auth.token_revoke": Target(post["auth.token_revoke"], "liaison"),
        # administration
        "admin.consortium_new": Target(
            post["admin.consortium_new"],
            "admin",
            {"name": s.text(), "description": s.optional_text()},
        ),
        "admin.consortium_edit": Target(
            post["admin.consortium_edit"],
            "admin",
            {
                "name": s.text(),
                "description": s.optional_text(),
                "approval_required": s.checkbox(),
                "version": s.current(_get(Consortium, world.consortium_id, "version")),
            },
        ),
        "admin.member_new": Target(post["admin.member_new"], "admin", member_fields),
        "admin.member_edit": Target(
            post["admin.member_edit"],
            "admin",
            member_fields | {"version": s.current(_get(Member, members[0], "version"))},
        ),
        "admin.member_leave": Target(
            post["admin.member_leave"],
            "admin",
            {"left_on": s.date("2027-03-31"), "reason": s.text()},
        ),
        "admin.user_new": Target(post["admin.user_new"], "admin", user_fields),
        "admin.user_edit": Target(
            post["admin.user_edit"],
            "admin",
            user_fields
            | {
                "password": s.choice("", NEW_PASSWORD),
                "version": s.current(_get(User, args["admin.user_edit"]["user_id"], "version")),
            },
        ),
        "admin.membership_add": Target(
            post["admin.membership_add"],
            "admin",
            {
                "consortium_id": s.ids([world.consortium_id, world.other_consortium_id], pool),
                "role": s.choice("facilitator", "liaison", "signatory", "observer"),
                "member_id": s.ids([0, *members, world.other_member_id], pool),
            },
        ),
        "admin.membership_delete": Target(f"/admin/memberships/{membership}/delete", "admin"),
        # negotiation
        "negotiation.negotiation_new": Target(
            post["negotiation.negotiation_new"],
            "facilitator",
            {
                "title": s.text(),
                "description": s.optional_text(),
                "decision_rule": s.choice(*[r.value for r in Rule]),
                "deemed_consent": s.checkbox(),
            },
        ),
        "negotiation.item_new": Target(
            post["negotiation.item_new"], "facilitator", item_fields | {"text": s.text()}
        ),
        "negotiation.item_edit": Target(
            post["negotiation.item_edit"],
            "facilitator",
            item_fields | {"version": s.current(_get(AgendaItem, i, "version"))},
        ),
        "negotiation.revise": Target(
            post["negotiation.revise"],
            "facilitator",
            {
                "text": s.text(),
                "change_note": s.optional_text(),
                "base_revision": s.current(_get(AgendaItem, i, "current_revision")),
            },
        ),
        "negotiation.position_new": Target(
            post["negotiation.position_new"],
            "facilitator",
            position(i) | {"source": s.choice(*[x.value for x in Source])},
        ),
        "negotiation.discussed": Target(
            post["negotiation.discussed"], "facilitator", {"note": s.text()}
        ),
        "negotiation.move": Target(
            post["negotiation.move"],
            "facilitator",
            {"reason": s.optional_text(), "version": s.current(_get(AgendaItem, i, "version"))},
            name_args=sorted({t.name for t in TRANSITIONS}),
        ),
        "negotiation.condition_clear": Target(post["negotiation.condition_clear"], "facilitator"),
        "negotiation.member_notes": Target(
            post["negotiation.member_notes"], "liaison", {"body": s.text(200)}
        ),
        # meetings and written rounds
        "meetings.meeting_new": Target(post["meetings.meeting_new"], "facilitator", meeting_fields),
        "meetings.meeting_edit": Target(
            post["meetings.meeting_edit"],
            "facilitator",
            meeting_fields | {"version": s.current(_get(Meeting, meeting, "version"))},
        ),
        "meetings.agenda": Target(
            post["meetings.agenda"],
            "facilitator",
            {
                # add_free first: the minimal example posts the free entry's text fields.
                "action": s.choice("add_free", "add", "up", "down", "remove"),
                # Items of the council's negotiations (and, from the pool, another council's).
                "item_id": s.ids([meeting_item, i], pool),
                "entry_id": s.ids(_first_id(MeetingItem, meeting_id=meeting), pool),
                # A free entry (報告事項 and the like).
                "title": s.text(200),
                "note": s.optional_text(),
            },
        ),
        "meetings.attendance": Target(
            post["meetings.attendance"],
            "facilitator",
            {
                f"rows-{k}-{name}": field
                for k, m in enumerate(members)
                for name, field in (
                    ("member_id", s.ids([m], pool)),
                    ("presence", s.choice(*[p.value for p in Presence])),
                    ("attendees", s.optional_text()),
                )
            },
        ),
        "meetings.action_new": Target(
            post["meetings.action_new"],
            "facilitator",
            {"description": s.text(), "owner_member_id": member_ids, "due_date": s.date()},
        ),
        "meetings.action_done": Target(
            post["meetings.action_done"], "facilitator", {"next": s.next_path()}
        ),
        "meetings.round_new": Target(
            post["meetings.round_new"],
            "facilitator",
            {
                "title": s.text(),
                "deadline": s.datetime_local("2030-01-10T17:00"),
                "item_ids": s.ids([meeting_item, i], pool),
            },
        ),
        "meetings.round_answer": Target(
            post["meetings.round_answer"], "liaison", position(meeting_item)
        ),
        "meetings.round_control": Target(
            post["meetings.round_control"],
            "facilitator",
            {
                "reason": s.optional_text(),
                "deadline": s.datetime_local("2030-01-10T17:00"),
                "version": s.current(
                    _get(WrittenRound, args["meetings.round_control"]["round_id"], "version")
                ),
            },
            name_args=["close", "extend", "cancel"],
        ),
        "meetings.held": Target(post["meetings.held"], "facilitator"),
        # The negotiation's dossier: no fields; wrong ids in the URL are 404.
        "dossier.build": Target(post["dossier.build"], "facilitator"),
        "meetings.agenda_publish": Target(post["meetings.agenda_publish"], "facilitator"),
        "meetings.meeting_cancel": Target(
            post["meetings.meeting_cancel"],
            "facilitator",
            {
                "reason": s.optional_text(),
                "version": s.current(
                    _get(Meeting, args["meetings.meeting_cancel"]["meeting_id"], "version")
                ),
            },
        ),
        "meetings.floor_position": Target(
            post["meetings.floor_position"],
            "facilitator",
            position(meeting_item) | {"member_id": member_ids},
        ),
        "meetings.floor_move": Target(
            post["meetings.floor_move"],
            "facilitator",
            {
                "reason": s.optional_text(),
                "version": s.current(_get(AgendaItem, meeting_item, "version")),
            },
            name_args=sorted({t.name for t in TRANSITIONS}),
        ),
        "meetings.minutes_edit": Target(
            post["meetings.minutes_edit"],
            "facilitator",
            {
                "notes": s.optional_text(),
                "items-0-entry_id": s.ids(_first_id(MeetingItem, meeting_id=meeting), pool),
                "items-0-notes": s.optional_text(),
                "version": s.current(_get(Meeting, meeting, "version")),
            },
        ),
        "meetings.publish": Target(
            post["meetings.publish"], "facilitator", {"change_note": s.optional_text()}
        ),
        "meetings.confirm": Target(
            post["meetings.confirm"],
            "liaison",
            {
                "answer": s.choice(*[a.value for a in Answer]),
                "comment": s.optional_text(),
                "revision": s.current(_get(Meeting, meeting, "minutes_revision")),
            },
        ),
        "meetings.reopen": Target(post["meetings.reopen"], "facilitator", {"reason": s.text()}),
        "meetings.signers_edit": Target(
            post["meetings.signers_edit"],
            "facilitator",
            {
                "member_ids": member_ids,
                "version": s.current(_get(Meeting, meeting, "version")),
            },
        ),
        "meetings.rsvp_answer": Target(
            post["meetings.rsvp_answer"],
            "liaison",
            {
                "answer": s.choice(*[r.value for r in Rsvp]),
                "attendees": s.text(),
                "note": s.optional_text(),
                "version": s.current(
                    _rsvp_version(args["meetings.rsvp_answer"]["meeting_id"], members[0])
                ),
            },
        ),
        # cost split
        "costs.category_new": Target(
            post["costs.category_new"], "facilitator", {"name": s.text(), "amount": s.number(yen)}
        ),
        "costs.category_edit": Target(
            post["costs.category_edit"],
            "facilitator",
            {
                "name": s.text(),
                "amount": s.number(yen),
                "version": s.current(_get(CostCategory, category, "version")),
            },
        ),
        "costs.quotes": Target(
            post["costs.quotes"], "facilitator", {f"q-{k}": s.number(yen) for k in quote_keys}
        ),
        "costs.indicators": Target(post["costs.indicators"], "facilitator", indicator_fields),
        "costs.indicators_import": Target(
            post["costs.indicators_import"], "facilitator", {"file": s.upload(csv_file)}
        ),
        "costs.candidate_new": Target(post["costs.candidate_new"], "facilitator", candidate_fields),
        "costs.candidate_edit": Target(
            post["costs.candidate_edit"],
            "facilitator",
            candidate_fields | {"version": s.current(_get(CostCandidate, candidate, "version"))},
        ),
        "costs.propose": Target(
            post["costs.propose"],
            "facilitator",
            {"base_revision": s.current(_get(AgendaItem, cost_item, "current_revision"))},
        ),
        "costs.category_delete": Target(post["costs.category_delete"], "facilitator"),
        "costs.candidate_delete": Target(post["costs.candidate_delete"], "facilitator"),
        # agreements: drafting routes post to a draft; the matrix's agreement is out for signature
        "agreements.verify_page": Target(
            post["agreements.verify_page"],
            "facilitator",
            {"file": s.upload(st.sampled_from([b"%PDF-1.7\n%%EOF\n", b""]))},
        ),
        "agreements.settings": Target(
            f"/agreements/{d}/settings",
            "facilitator",
            {
                "title": s.text(),
                "subject": s.text(),
                "effective_date": s.date("2026-04-01"),
                "term": s.optional_text(),
                "signing_date": s.date("2026-03-25"),
                "include_consultation": s.checkbox(),
                "execution_method": s.choice("witness", "party", "paper"),
                "version": draft_version,
            },
        ),
        "agreements.articles": Target(
            f"/agreements/{d}/articles",
            "facilitator",
            {"version": draft_version}
            | {f"pos-{a}": s.number(st.integers(1, 20).map(str)) for a in article_ids}
            | {f"caption-{a}": s.text() for a in article_ids},
        ),
        "agreements.article_new": Target(
            f"/agreements/{d}/articles/new",
            "facilitator",
            {"caption": s.text(), "body": s.text(), "version": draft_version},
        ),
        "agreements.article_edit": Target(
            f"/agreements/{d}/articles/{article_ids[0]}/edit",
            "facilitator",
            {"caption": s.text(), "body": s.text(), "version": draft_version},
        ),
        "agreements.article_delete": Target(
            f"/agreements/{d}/articles/{other['draft_article']}/delete",
            "facilitator",
            {"version": draft_version},
        ),
        "agreements.sign": Target(
            post["agreements.sign"],
            "signatory",
            {
                "password": s.choice(PASSWORD),
                "content_hash": s.current(_get(Agreement, sent, "content_hash")),
            },
        ),
        "agreements.approval": Target(
            post["agreements.approval"],
            "liaison",
            {
                "status": s.choice("approved", "not_required"),
                "drafted_on": s.date(),
                "approved_on": s.date(),
                "document_number": s.text(),
                "approver_title": s.text(),
                "note": s.optional_text(),
                "content_hash": s.current(_get(Agreement, sent, "content_hash")),
                "version": s.current(_approval_version(sent, members[0])),
            },
        ),
        "agreements.member_certificates": Target(
            post["agreements.member_certificates"],
            "admin",
            {
                "file": s.upload(
                    st.sampled_from([b"-----BEGIN CERTIFICATE-----\n", b"\x30\x82", b""])
                )
            },
        ),
        "agreements.upload": Target(
            post["agreements.upload"],
            "signatory",
            {"file": s.upload(st.sampled_from([b"%PDF-1.7\n%%EOF\n", b""]))},
        ),
        "agreements.scan": Target(
            post["agreements.scan"],
            "facilitator",
            {"file": s.upload(st.sampled_from([b"%PDF-1.4 scan", b"\x89PNG\r\n", b""]))},
        ),
        "agreements.paper": Target(
            post["agreements.paper"],
            "facilitator",
            {"paper_date": s.date("2026-05-01"), "note": s.optional_text()},
        ),
        "agreements.send": Target(
            f"/agreements/{d}/send", "facilitator", {"version": draft_version}
        ),
        "agreements.draft": Target(post["agreements.draft"], "facilitator"),
        "agreements.amend": Target(
            post["agreements.amend"],
            "facilitator",
            {"items": s.choice("1", "2"), "reason": s.text()},
        ),
        "agreements.membership_start": Target(
            post["agreements.membership_start"],
            "facilitator",
            {"reason": s.text(), "fiscal_year": s.number(st.integers(2019, 2100).map(str))},
        ),
        "agreements.supersede": Target(
            post["agreements.supersede"], "facilitator", {"reason": s.text()}
        ),
        **_notification_targets(post),
        **discussion_targets(app, world, post, args),
        **document_targets(post),
    }
    return Fixture(targets, pool, passwords)


def _mail_settings_version() -> int:
    from negotiator.notifications.mail import settings

    return settings().version or 0


def _notification_targets(post: dict[str, str]) -> dict[str, Target]:
    """The notification list, preferences and follows, and the relay settings. The relay is
    only ever this machine (a closed port), so a test message never leaves it."""
    from negotiator.notifications.models import Kind, Mode

    modes = {f"modes-{k.value}": s.choice(*[m.value for m in Mode]) for k in Kind}
    relay = {
        "host": s.choice("", "127.0.0.1"),
        "port": s.number(st.sampled_from(["1", "25", "0", "70000"])),
        "security": s.choice("none", "starttls"),
        "username": s.optional_text(),
        "password": s.choice("", "relay-secret"),
        # Addresses are text too: a character no text may hold is named at the field.
        "sender": s.Field(
            st.sampled_from(["negotiator@example.lg.jp", "", "not an address"]),
            s.hostile_text,
            text=True,
        ),
        "version": s.current(_mail_settings_version),
    }
    return {
        "notifications.open_one": Target(post["notifications.open_one"], "liaison"),
        "notifications.read_all": Target(post["notifications.read_all"], "liaison"),
        "notifications.preferences": Target(
            post["notifications.preferences"],
            "liaison",
            modes | {"digest_hour": s.number(st.integers(0, 23).map(str))},
        ),
        "notifications.follow": Target(post["notifications.follow"], "liaison"),
        "mail_admin.settings": Target(post["mail_admin.settings"], "admin", relay),
        "mail_admin.test": Target(
            post["mail_admin.test"],
            "admin",
            {"to": s.Field(st.sampled_from(["a@example.lg.jp", "x"]), s.hostile_text, text=True)},
        ),
        "mail_admin.retry": Target(post["mail_admin.retry"], "admin"),
    }
