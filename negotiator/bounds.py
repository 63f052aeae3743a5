"""What one page shows at most, whatever the data: each page is bounded by the screen, not by
the negotiation's size (issue 18). The tests in tests/test_bounds.py build N and 3N rows and
check that what a page renders stays within these numbers."""

from __future__ import annotations

# The board (/negotiations/<id>): items per page x member columns per page, so one page never
# holds more than 1,000 cells; past either width the page offers the next ones. The rule status
# column still counts every member (it is computed, not rendered, per member).
BOARD_ITEMS = 50
BOARD_MEMBERS = 20

# The dashboard (/): per kind of to-do, the first few and the count of all of them (counted in
# SQL), with a link to where the rest are listed.
DASHBOARD_PER_KIND = 5
# The facilitator's item to-dos (decide / move / blocked) need the workflow per item: it runs
# on at most this many open items (those most answered first); the rest are counted in SQL.
DASHBOARD_ITEMS_EXAMINED = 20

# The meeting page (/meetings/<id>): each agenda entry lists every member's stance up to this
# many members, and past it the count per stance (the item's page has each member's); the
# positions heard at the meeting show this many (the minutes PDF has them all). The agenda is
# as long as the facilitator made it; the 出欠 tables have one row per member of the council.
MEETING_STANCES = 20
MEETING_HEARD = 50
# A kind of to-do listed in full (/?kind=...): this many per page.
TODOS_PAGE = 50

# The item page (/items/<id>): each member's earlier positions, the newest this many (the
# member's full history a page at a time on /items/<id>/members/<m>/positions); the proposal's
# revisions, the newest this many (all on /items/<id>/revisions); the 経過, the newest this
# many (all on /items/<id>/timeline). The positions table has one row per member of the council.
ITEM_EARLIER_POSITIONS = 5
ITEM_REVISIONS = 10
ITEM_TIMELINE = 30
# The pages of the rest: this many rows per page.
HISTORY_PAGE = 50

# The meeting page's 「議題に追加」 list: the council's open items not on the agenda, this many
# at a time (?candidates=<page> for the next ones), counted in SQL.
MEETING_CANDIDATES = 100
