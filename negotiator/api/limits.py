"""Per-token rate limit, shared by every server: Redis when REDIS_URL is set, else the database.

A fixed window per token: one atomic step counts the request and reads the count (INCR with an
expiry in Redis; INSERT … ON CONFLICT DO UPDATE … RETURNING in the database, as the password
throttle does), so simultaneous requests in several processes each see their own number.
"""

from __future__ import annotations

import datetime as dt
import functools

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from negotiator import clock
from negotiator.api.models import ApiRate
from negotiator.db import db


def hit(token_id: int) -> int | None:
    """Count one request; None when it is within the limit, else the seconds to wait."""
    limit = current_app.config["API_RATE_LIMIT"]
    window = current_app.config["API_RATE_WINDOW"]
    url = current_app.config.get("REDIS_URL")
    count, wait = _redis_hit(url, token_id, window) if url else _db_hit(token_id, window)
    return None if count <= limit else max(wait, 1)


@functools.cache
def _client(url: str):  # noqa: ANN202 - redis.Redis
    import redis

    return redis.Redis.from_url(url)


def _redis_hit(url: str, token_id: int, window: int) -> tuple[int, int]:
    now = int(clock.timestamp())
    start = now - now % window
    key = f"negotiator:api-rate:{token_id}:{start}"
    pipe = _client(url).pipeline()
    pipe.incr(key)
    pipe.expire(key, window + 1)
    count, _ = pipe.execute()
    return int(count), start + window - now


def _db_hit(token_id: int, window: int) -> tuple[int, int]:
    now = clock.now()
    length = dt.timedelta(seconds=window)
    expired = ApiRate.window_start <= now - length
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    table = ApiRate.__table__
    statement = (
        dialect.insert(table)
        .values(token_id=token_id, hits=1, window_start=now)
        .on_conflict_do_update(
            index_elements=[table.c.token_id],
            set_={
                "hits": sa.case((expired, 1), else_=table.c.hits + 1),
                "window_start": sa.case(
                    (expired, sa.literal(now, table.c.window_start.type)),
                    else_=table.c.window_start,
                ),
            },
        )
        .returning(table.c.hits, table.c.window_start)
    )
    hits, start = db.session.execute(statement).one()
    db.session.commit()  # the count stands whatever the request does next
    start = start if start.tzinfo else start.replace(tzinfo=dt.UTC)
    return hits, int((start + length - now).total_seconds())
