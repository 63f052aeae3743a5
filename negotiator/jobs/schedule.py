"""Every periodic job of the app, in one place (the consumer runs them; times are UTC crontabs).

Register a service function with one line, as the written rounds' deadline job is below.
"""

from __future__ import annotations

from huey import crontab

from negotiator.db import utcnow
from negotiator.jobs.registry import periodic
from negotiator.meetings.deadlines import close_due_rounds
from negotiator.notifications import delivery, digest, outbox
from negotiator.notifications.reminders import remind_actions, remind_rounds
from negotiator.renders import services as renders

outbox.install()
renders.install()

# Safety net for anything the queue lost (a consumer killed mid-task, an enqueue that failed).
periodic("mail.sweep-every-minute", crontab(minute="*"))(delivery.sweep)
# Digests go out at each user's chosen hour, Japan time: look every hour, on the hour.
periodic("mail.digests-hourly", crontab(minute="0"))(digest.send_due_digests)
# Written rounds close themselves at their deadline (みなし同意 where the rule allows it).
periodic("rounds.close-due", crontab(minute="*"))(lambda: close_due_rounds(utcnow()))
# Reminders 3 days and 1 day before a round's deadline: a quarter of an hour late at most.
periodic("rounds.remind", crontab(minute="*/15"))(lambda: remind_rounds(utcnow()))
# Action items due or overdue: every day at 09:00 Japan time (00:00 UTC).
periodic("actions.remind-daily", crontab(hour="0", minute="0"))(lambda: remind_actions(utcnow()))
# Renders the queue lost (a consumer killed mid-render, an enqueue that failed) run again.
periodic("renders.sweep", crontab(minute="*"))(renders.sweep)
