"""Meetings as RFC 5545 iCalendar: one meeting, or a consortium's feed of upcoming meetings."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, url_for

from negotiator.db import utcnow
from negotiator.meetings.forms import MODE_LABELS
from negotiator.meetings.models import Meeting, Status, as_utc

if TYPE_CHECKING:
    import icalendar

JST = ZoneInfo("Asia/Tokyo")
MIMETYPE = "text/calendar"  # Werkzeug adds "; charset=utf-8" to text/* types itself


def public_url(endpoint: str, **values: object) -> str:
    """An absolute URL on the configured PUBLIC_URL, whatever Host the request named."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:  # a job or a script: no request to take the script root from
        path = current_app.url_map.bind("localhost", script_name="/").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def _host() -> str:
    return urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"


def _event(meeting: Meeting, host: str) -> icalendar.Event:
    import icalendar

    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("dtstamp", utcnow())
    # Times carry the Asia/Tokyo zone: calendars show them as the council agreed them.
    event.add("dtstart", as_utc(meeting.starts_at).astimezone(JST))
    event.add("dtend", as_utc(meeting.ends_at).astimezone(JST))
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    url = public_url("meetings.meeting", meeting_id=meeting.id)
    event.add("description", f"{meeting.consortium.name}\n{MODE_LABELS[meeting.mode]}\n{url}")
    event.add("url", url)
    # The row's version only grows, so every change (a move, a cancellation) outranks the last.
    event.add("sequence", meeting.version)
    cancelled = meeting.status == Status.CANCELLED.value
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar(
    meetings: Sequence[Meeting],
    name: str | None = None,
    method: str | None = None,
    organizer: str | None = None,
) -> bytes:
    """A VCALENDAR with a VTIMEZONE for Asia/Tokyo and one VEVENT per meeting.

    `method` (iTIP, RFC 5546) makes it an invitation mailed to the members: REQUEST for a new
    or moved meeting, CANCEL for a cancelled one; the UID is the same as the download's.
    iTIP wants an ORGANIZER on those: the address the mail comes from, when there is one.
    """
    # icalendar loads at the first calendar, not with every process that builds the app.
    import icalendar

    host = _host()
    cal = icalendar.Calendar()
    cal.add("prodid", "-//negotiator//meetings//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    # Before the events, as add_missing_timezones would put it; a feed with no events still
    # declares the zone its events will use.
    cal.add_component(icalendar.Timezone.from_ical(_tokyo_vtimezone()))
    for meeting in meetings:
        event = _event(meeting, host)
        if method and organizer:
            event.add("organizer", f"mailto:{organizer}")
        cal.add_component(event)
    cal.add_missing_timezones()  # any other zone an event might carry
    return cal.to_ical()


@functools.cache
def _tokyo_vtimezone() -> bytes:
    """Asia/Tokyo's VTIMEZONE, derived from the zone database once per process (12-15 ms each
    time) and parsed again for each calendar (0.6 ms), which gets a component of its own."""
    import icalendar

    return icalendar.Timezone.from_tzid("Asia/Tokyo").to_ical()
