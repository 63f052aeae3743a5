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

# The meeting page (/meetings/<id>): the 議題に追加 choice lists at most this many open items
# (the rest are added from the item's own page or by number).
MEETING_ADD_CHOICES = 100
# A kind of to-do listed in full (/?kind=...): this many per page.
TODOS_PAGE = 50
