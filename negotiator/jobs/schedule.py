"""Every periodic job of the app, in one place (the consumer runs them; times are UTC crontabs).

Register a service function with one line, e.g.
`periodic("rounds.close_due", crontab(minute="*"))(lambda: close_due_rounds(utcnow()))`.
"""

from __future__ import annotations

from huey import crontab

from negotiator.jobs.registry import periodic
from negotiator.notifications import delivery, digest, outbox

outbox.install()

# Safety net for anything the queue lost (a consumer killed mid-task, an enqueue that failed).
periodic("mail.sweep-every-minute", crontab(minute="*"))(delivery.sweep)
# Digests go out at each user's chosen hour, Japan time: look every hour, on the hour.
periodic("mail.digests-hourly", crontab(minute="0"))(digest.send_due_digests)
