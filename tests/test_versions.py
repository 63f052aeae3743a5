"""Every edit form carries the version it started from, and a post without it changes nothing
(issue 11, item 11): before, a missing hidden field fell back to the stored version, so a stale
edit was applied as if it were fresh.

The routes come from the fuzz targets (tests/fuzz/targets.py, which must list every POST route):
each one whose form has a `version` field is posted with valid data and the version left out,
then with a version that is not a number.
"""

from __future__ import annotations

import pytest
from flask import Flask

from negotiator.forms import VersionField
from tests.db_state import db_state as _state
from tests.fuzz.targets import Fixture, build
from tests.test_fuzz import DOMAINS
from tests.test_text_check import _client, _send, valid_data

MISSING = "編集を始めたときの版が送信されませんでした"
# Edit routes are named *_edit; these also change an existing object from a form with a version.
ALSO_VERSIONED = {
    "negotiation.move",
    "meetings.floor_move",
    "meetings.minutes_edit",
    "meetings.rsvp_answer",
    "agreements.settings",
    "agreements.articles",
    "agreements.article_new",
    "agreements.article_delete",
    "agreements.send",
}


@pytest.fixture
def fixture(app: Flask, world) -> Fixture:  # noqa: ANN001
    return build(app, world)


def test_every_edit_route_posts_a_version(fixture: Fixture) -> None:
    edits = {e for e in fixture.targets if e.endswith("_edit")} | ALSO_VERSIONED
    without = sorted(e for e in edits if "version" not in fixture.targets[e].fields)
    assert not without, f"edit routes without a version: {without}"


def test_edit_forms_use_the_version_field() -> None:
    from negotiator.admin import forms as admin
    from negotiator.agreements import forms as agreements
    from negotiator.costs import forms as costs
    from negotiator.meetings import forms as meetings
    from negotiator.negotiation import forms as negotiation
    from negotiator.notifications import forms as notifications

    forms = [
        admin.ConsortiumEditForm,
        admin.MemberEditForm,
        admin.UserEditForm,
        negotiation.ItemEditForm,
        negotiation.MoveForm,
        meetings.MeetingEditForm,
        meetings.MinutesForm,
        meetings.SignersForm,
        meetings.RsvpForm,
        costs.CategoryEditForm,
        costs.CandidateEditForm,
        agreements.SettingsForm,
        agreements.ArticleForm,
        agreements.VersionForm,
        notifications.MailSettingsForm,
    ]
    for form in forms:
        assert form.version.field_class is VersionField, form


# Missing, empty, not a number, not a whole number.
UNUSABLE = (None, "", "abc", "1.5")


def test_an_edit_without_a_usable_version_changes_nothing(app: Flask, fixture: Fixture) -> None:
    """Every unusable version on every edit form, in one test: the refusals write nothing, so
    they share one world (built once rather than once per value)."""
    failures = []
    versioned = {e: t for e, t in fixture.targets.items() if "version" in t.fields}
    # No version: sessions, a user's own notification marks, the dossier (it edits nothing: it
    # makes a file of the records as they are) and documents (never edited: added, or deleted
    # once — a second delete finds nothing, 404).
    unversioned = {"auth", "notifications", "dossier", "documents"}
    assert {e.split(".")[0] for e in versioned} == set(DOMAINS) - unversioned
    for endpoint, target in versioned.items():
        client = _client(app, fixture, target)
        before = _state(app)  # refusals write nothing, so one snapshot serves every value
        for version in UNUSABLE:
            data = valid_data(target)
            if version is None:
                del data["version"]
            else:
                data["version"] = version
            page, _redirected = _send(app, client, target, data)
            if MISSING not in page:
                failures.append(f"{endpoint} version={version!r}: no message")
            after = _state(app)
            if after != before:
                failures.append(f"{endpoint} version={version!r}: written without a version")
                before = after
    assert not failures, "\n".join(failures)
