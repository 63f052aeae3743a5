"""The pages the axe test (test_axe.py) visits: every page type, with the demo users standing
for the authorization matrix's roles and who may see each page."""

from __future__ import annotations

from tests.authz import (
    ADMIN_ONLY,
    CONSORTIUM,
    FACILITATOR,
    FOR_MEMBER_0,
    LOGGED_IN,
    MEMBER_0_OWN,
    PROPOSERS,
    _only,
)

# The demo users standing for the matrix's roles (tests/authz.py): 須崎市 is member 0.
USERS = {
    "anonymous": None,
    "observer": "observer",
    "liaison": "susaki-liaison",
    "other_liaison": "nakatosa-liaison",
    "facilitator": "jimukyoku",
    "signatory": "susaki-mayor",
    "admin": "admin",
}
ANONYMOUS = {"anonymous": "ok"}
LIAISON_0 = _only("liaison")
SIGNATORY_0 = _only("signatory")

# The demo's objects (ids are fixed by negotiator/demo.py's load order, as in test_csp.py):
# negotiation 1 is finished (agreement 1 executed, cost table 1 frozen from item 3's
# candidates; the council's meetings 1 and 2 confirmed), negotiation 2 is in progress (item 7
# proposed and in written round 1; meeting 3 confirmed, meeting 4 scheduled with a 報告事項).
# Member 1 is 須崎市.
PAGES: list[tuple[str, str, dict[str, str]]] = [
    ("auth.login", "/login", ANONYMOUS),
    ("about.accessibility", "/accessibility", ANONYMOUS),
    ("auth.change_password", "/account/password", LOGGED_IN),
    ("auth.tokens_page", "/account/tokens", LOGGED_IN),
    ("api_docs.docs", "/api/docs", ANONYMOUS),
    ("dashboard.index", "/", LOGGED_IN),
    ("consortia.consortium", "/consortia/1", CONSORTIUM),
    ("negotiation.overview", "/negotiations/1", CONSORTIUM),
    ("negotiation.overview", "/negotiations/2", CONSORTIUM),
    ("negotiation.negotiation_new", "/consortia/1/negotiations/new", FACILITATOR),
    ("negotiation.item_new", "/negotiations/2/items/new", PROPOSERS),
    ("negotiation.item", "/items/1", CONSORTIUM),
    ("negotiation.item", "/items/7", CONSORTIUM),
    ("negotiation.item_edit", "/items/7/edit", FACILITATOR),
    # Item 7 was proposed by 中土佐町: its liaison or the facilitator revises it directly,
    # 須崎市's liaison puts a 修正案 (the demo's suggestion 1) and wrote comment 1.
    ("negotiation.revise", "/items/7/revise", _only("facilitator", "other_liaison")),
    ("negotiation.suggestion_new", "/items/7/suggestions/new", _only("liaison")),
    ("negotiation.suggestion", "/suggestions/1", CONSORTIUM),
    ("negotiation.comment_new", "/items/7/comments/new", PROPOSERS),
    ("negotiation.comment_edit", "/comments/1/edit", LIAISON_0),
    ("negotiation.diff", "/items/1/diff?a=1&b=2", CONSORTIUM),
    ("negotiation.member_positions", "/items/1/members/1/positions", CONSORTIUM),
    ("negotiation.revisions", "/items/1/revisions", CONSORTIUM),
    ("negotiation.timeline", "/items/1/timeline", CONSORTIUM),
    ("negotiation.position_new", "/items/7/members/1/position", FOR_MEMBER_0),
    ("negotiation.member_notes", "/items/7/members/1/notes", MEMBER_0_OWN),
    ("documents.item_upload", "/items/7/documents/new", PROPOSERS),
    ("documents.revision_upload", "/items/7/revisions/1/documents/new", PROPOSERS),
    # Comment 1 is 須崎市's liaison's: its author or the facilitator attaches a file to it.
    ("documents.comment_upload", "/comments/1/documents/new", _only("liaison", "facilitator")),
    ("costs.workspace", "/items/3/costs", CONSORTIUM),
    ("costs.category_new", "/items/3/costs/categories/new", FACILITATOR),
    ("costs.category_edit", "/cost-categories/1/edit", FACILITATOR),
    ("costs.quotes", "/cost-categories/1/quotes", FACILITATOR),
    ("costs.indicators", "/items/3/costs/indicators", FACILITATOR),
    ("costs.candidate_new", "/items/3/costs/candidates/new?method=mix", PROPOSERS),
    ("costs.candidate_edit", "/cost-candidates/3/edit", FACILITATOR),
    ("costs.frozen", "/cost-tables/1", CONSORTIUM),
    ("meetings.index", "/negotiations/2/meetings", CONSORTIUM),
    ("meetings.meeting", "/meetings/1", CONSORTIUM),
    ("meetings.meeting", "/meetings/4", CONSORTIUM),
    ("documents.meeting_upload", "/meetings/4/documents/new", PROPOSERS),
    ("meetings.council", "/consortia/1/meetings", CONSORTIUM),
    ("meetings.meeting_new", "/consortia/1/meetings/new", FACILITATOR),
    ("meetings.meeting_edit", "/meetings/4/edit", FACILITATOR),
    ("meetings.meeting_cancel", "/meetings/4/cancel", FACILITATOR),
    ("meetings.attendance", "/meetings/4/attendance", FACILITATOR),
    ("meetings.floor_position", "/meetings/4/items/6/position", FACILITATOR),
    ("meetings.minutes_edit", "/meetings/1/minutes", FACILITATOR),
    ("meetings.confirm", "/meetings/1/members/1/confirm", LIAISON_0),
    ("meetings.signers_edit", "/meetings/1/signers", FACILITATOR),
    ("meetings.rsvp_answer", "/meetings/4/members/1/rsvp", FOR_MEMBER_0),
    ("meetings.round_new", "/negotiations/2/rounds/new", FACILITATOR),
    ("meetings.round", "/rounds/1", CONSORTIUM),
    ("meetings.round_answer", "/rounds/1/items/7/members/1/answer", LIAISON_0),
    ("meetings.round_control", "/rounds/1/cancel", FACILITATOR),
    ("agreements.for_negotiation", "/negotiations/1/agreement", CONSORTIUM),
    ("agreements.show", "/agreements/1", CONSORTIUM),
    ("agreements.sign", "/agreements/1/sign/1", SIGNATORY_0),
    ("agreements.approval", "/agreements/1/approval/1", LIAISON_0),
    ("agreements.scan", "/agreements/1/scan", CONSORTIUM),
    ("agreements.consolidated", "/agreements/1/consolidated", CONSORTIUM),
    ("agreements.membership", "/agreements/1/membership", CONSORTIUM),
    ("agreements.verify_page", "/verify", LOGGED_IN),
    ("agreements.member_certificates", "/admin/members/1/certificates", ADMIN_ONLY),
    ("renders.show", "/renders/1", CONSORTIUM),
    ("notifications.index", "/notifications/", LOGGED_IN),
    # Search: results of every kind, one kind's page, and a query refused at its field.
    ("search.index", "/search?q=アクセス権", LOGGED_IN),
    ("search.index", "/search?q=協定&kind=minutes", LOGGED_IN),
    ("search.index", "/search?q=" + "あ" * 101, LOGGED_IN),
    ("notifications.preferences", "/notifications/preferences", LOGGED_IN),
    ("admin.index", "/admin/", ADMIN_ONLY),
    ("auth.tokens_admin", "/admin/tokens", ADMIN_ONLY),
    ("admin.consortium_new", "/admin/consortia/new", ADMIN_ONLY),
    ("admin.consortium_edit", "/admin/consortia/1", ADMIN_ONLY),
    ("admin.member_new", "/admin/consortia/1/members/new", ADMIN_ONLY),
    ("admin.member_edit", "/admin/members/1", ADMIN_ONLY),
    ("admin.member_leave", "/admin/members/3/leave", ADMIN_ONLY),
    ("admin.user_new", "/admin/users/new", ADMIN_ONLY),
    ("admin.user_edit", "/admin/users/4", ADMIN_ONLY),
    ("mail_admin.settings", "/admin/mail/", ADMIN_ONLY),
    # The error pages: 403 (an observer at the admin screens) and 404.
    ("error.403", "/admin/", {"observer": "403"}),
    ("error.404", "/items/999999", {"observer": "404"}),
]
# GET routes that answer with something other than a page (files, calendars, the cost
# preview's fragment, which the workspace's script fetches into the page axe reads).
NOT_PAGES = {
    "static",
    "documents.download",  # a file, never a page
    "agreements.pdf",
    "agreements.consolidated_pdf",
    "costs.comparison_export",
    "costs.frozen_export",
    "costs.preview",
    "meetings.feed",
    "meetings.meeting_new_old",  # a redirect to the council's form
    "negotiation.board_xlsx",
    "meetings.meeting_ics",
    "meetings.minutes_pdf",
    "renders.file",
}
# The JSON API answers JSON, never a page (its documentation is api_docs.docs).
JSON_BLUEPRINT = "api."


GROUPS = {
    "negotiation": (
        "auth.",
        "api_docs.",
        "about.",
        "dashboard.",
        "consortia.",
        "negotiation.",
        "error.",
    ),
    "costs": ("costs.",),
    "meetings": ("meetings.", "documents."),
    "agreements": ("agreements.", "renders."),
    "admin": ("admin.", "mail_admin.", "notifications.", "search."),
}
