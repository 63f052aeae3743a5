"""Meeting times and round deadlines typed out of range (year 1, whose conversion from Japan
time to UTC is no date, or past 2100) get a message at the field and write nothing."""

from __future__ import annotations

import dataclasses

import pytest
from flask import Flask

from negotiator.meetings.forms import FIRST_YEAR, LAST_YEAR
from tests.db_state import db_state
from tests.fuzz.targets import Fixture, build
from tests.test_text_check import _client, _send, valid_data

TIME_FIELDS = ("starts_at", "ends_at", "deadline")
MESSAGE = f"{FIRST_YEAR}年から{LAST_YEAR}年までの日時を入力してください。"


@pytest.fixture
def fixture(app: Flask, world) -> Fixture:  # noqa: ANN001
    return build(app, world)


def test_every_time_field_refuses_a_year_out_of_range(app: Flask, fixture: Fixture) -> None:
    failures, checked = [], set()
    for endpoint, target in fixture.targets.items():
        names = [n for n in target.fields if n in TIME_FIELDS]
        if not names:
            continue
        if target.name_args:  # a round's controls: the time is the extension's deadline
            target = dataclasses.replace(target, url=target.url.rsplit("/", 1)[0] + "/extend")
        client = _client(app, fixture, target)
        before = db_state(app)
        for name in names:
            for value in ("0001-01-01T00:00", f"{LAST_YEAR + 1}-01-01T09:00"):
                page, _redirected = _send(app, client, target, valid_data(target) | {name: value})
                if MESSAGE not in page:
                    failures.append(f"{endpoint} {name}={value}: no message")
                checked.add(endpoint)
        if db_state(app) != before:
            failures.append(f"{endpoint}: written although refused")
    assert checked >= {"meetings.meeting_new", "meetings.round_new", "meetings.round_control"}
    assert not failures, "\n".join(failures)
