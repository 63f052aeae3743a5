"""Meetings as RFC 5545 iCalendar: one meeting, or a consortium's feed of upcoming meetings."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from flask import current_app, url_for

from negotiator.db import utcnow
from negotiator.meetings.forms import MODE_LABELS
from negotiator.meetings.models import Meeting, as_utc

JST = ZoneInfo("Asia/Tokyo")
MIMETYPE = "text/calendar"  # Werkzeug adds "; charset=utf-8" to text/* types itself


def public_url(endpoint: str, **values: object) -> str:
    """An absolute URL on the configured PUBLIC_URL, whatever Host the request named."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint, **values)


def _event(meeting: Meeting, host: str) -> icalendar.Event:
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
    event.add("description", f"{meeting.negotiation.title}\n{MODE_LABELS[meeting.mode]}\n{url}")
    event.add("url", url)
    event.add("sequence", meeting.version)
    event.add("status", "CONFIRMED")
    return event


def calendar(meetings: Sequence[Meeting], name: str | None = None) -> bytes:
    """A VCALENDAR with a VTIMEZONE for Asia/Tokyo and one VEVENT per meeting."""
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"
    cal = icalendar.Calendar()
    cal.add("prodid", "-//negotiator//meetings//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(_event(meeting, host))
    cal.add_missing_timezones()
    if not meetings:
        # A feed with no events still declares the zone its events will use.
        cal.add_component(icalendar.Timezone.from_tzid("Asia/Tokyo"))
    return cal.to_ical()
