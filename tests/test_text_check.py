"""One check for every text that may reach a PDF (issue 10, point 6), on every POST form.

For every free-text field of every POST route (the fuzz targets, tests/fuzz/targets.py, list
them all; tests/test_fuzz.py fails for a route missing there), the other fields valid and this
one holding a 📞: the answer names the character by code point and Unicode name next to the
field, and nothing at all is written. The same rule holds outside WTForms: the cost grids, the
CSV import and the CLI commands.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import find, settings
from hypothesis.strategies import SearchStrategy

from negotiator.db import db
from tests.db_state import db_state as _state
from tests.factories import login
from tests.fuzz import strategies as s
from tests.fuzz.targets import Fixture, Target, build
from tests.test_fuzz import DOMAINS, _resolve

PHONE = "📞"
NAMED = "U+1F4DE TELEPHONE RECEIVER"
_FIND = settings(database=None, max_examples=1)


def valid_data(target: Target) -> dict[str, Any]:
    """The simplest valid value of every field (hypothesis' minimal example, no randomness)."""
    return {name: _minimal(field.valid) for name, field in target.fields.items()}


# Shrinking a strategy to its minimal example takes 0.1–1 s, and every test asks for the same
# ones: keep them per process, keyed by the strategy's description. Hypothesis describes a
# strategy by its arguments (lambdas by their source), so equal descriptions give equal minimal
# examples; one that names an object by address (a Live read of this test's app) is not kept.
_MINIMAL: dict[str, Any] = {}


def _minimal(strategy: SearchStrategy) -> Any:  # noqa: ANN401
    key = repr(strategy)
    if " at 0x" in key:
        return find(strategy, lambda _value: True, settings=_FIND)
    if key not in _MINIMAL:
        _MINIMAL[key] = find(strategy, lambda _value: True, settings=_FIND)
    return _MINIMAL[key]


def _client(app: Flask, fixture: Fixture, target: Target) -> FlaskClient:
    """Logged in as the target's user (logging in writes: do it before taking the state)."""
    client = app.test_client()
    if target.user is not None:
        password = fixture.passwords.get(target.user, "test-pass-2026")
        assert login(client, target.user, password).status_code == 302
    return client


def _send(
    app: Flask, client: FlaskClient, target: Target, data: dict[str, Any]
) -> tuple[str, bool]:
    """The page shown after the post, and whether the post was answered by a redirect."""
    response = client.post(target.url, data=_resolve(app, data))
    redirected = response.status_code == 302
    if redirected:
        response = client.get(response.headers["Location"])
    # The form shown again: 200, or 422 where the view says the data could not be processed.
    assert response.status_code in (200, 422), response.status_code
    return response.get_data(as_text=True), redirected


def _post(app: Flask, client: FlaskClient, target: Target, data: dict[str, Any]) -> str:
    return _send(app, client, target, data)[0]


def _at_field(page: str, name: str, redirected: bool) -> bool:
    """The message at its field; a small form posted from another page (a move, a reason) shows
    it, with the field's label, on the page it was posted from."""
    if redirected:
        return NAMED in page
    # A form shown more than once on a page prefixes its ids ("amend-reason-error").
    # A cost grid holds a name's messages in one element, one paragraph each.
    error = re.search(rf'id="(?:[\w-]+-)?{re.escape(name)}-error"[^>]*>(?:<p>)?([^<]*)<', page)
    return error is not None and NAMED in error.group(1)


@pytest.fixture
def fixture(app: Flask, world) -> Fixture:  # noqa: ANN001
    return build(app, world)


def test_every_domain_has_text_fields(fixture: Fixture) -> None:
    domains = {e.split(".")[0] for e, t in fixture.targets.items() if _text_fields(t)}
    # auth and notifications take no free text (passwords, choices); documents take a file,
    # whose name is cleaned instead (characters the PDF fonts lack become "_", test_kinds.py);
    # the dossier takes none at all.
    assert domains >= set(DOMAINS) - {"auth", "notifications", "documents", "dossier"}, domains


def _text_fields(target: Target) -> list[str]:
    return [name for name, field in target.fields.items() if field.text]


def test_a_phone_in_any_text_field_is_refused_and_nothing_saved(
    app: Flask, fixture: Fixture
) -> None:
    """Every text field of every form, in one test: the refusals write nothing, so they share
    one world (built once rather than once per domain)."""
    failures = []
    for endpoint, target in fixture.targets.items():
        client = _client(app, fixture, target)
        before = _state(app)  # refusals write nothing, so one snapshot serves every field
        for name in _text_fields(target):
            data = valid_data(target) | {name: "協議" + PHONE}
            page, redirected = _send(app, client, target, data)
            if not _at_field(page, name, redirected):
                failures.append(f"{endpoint} {name}: no message at the field")
            after = _state(app)
            if after != before:
                failures.append(f"{endpoint} {name}: written although refused")
                before = after
    assert not failures, "\n".join(failures)


def test_the_valid_values_are_accepted_somewhere(app: Flask, fixture: Fixture) -> None:
    """The baseline the test above relies on: with valid data an item edit does save."""
    target = fixture.targets["negotiation.item_edit"]
    client = _client(app, fixture, target)
    before = _state(app)
    _post(app, client, target, valid_data(target))
    assert _state(app) != before


def test_grids_csv_and_cli_apply_the_same_check(app: Flask, world, fixture: Fixture) -> None:  # noqa: ANN001
    target = fixture.targets["costs.indicators"]
    client = _client(app, fixture, target)
    before = _state(app)
    page = _post(app, client, target, valid_data(target) | {"source-0": "国勢調査" + PHONE})
    assert NAMED in page and 'id="source-0-error"' in page
    csv = f"構成団体,指標,値,単位,基準日,出典\n須崎市,人口,20590,人,2020-10-01,国勢調査{PHONE}\n"
    target = fixture.targets["costs.indicators_import"]
    page = _post(app, client, target, {"file": s.Upload(csv.encode(), "data.csv")})
    assert "2行目" in page and NAMED in page
    assert _state(app) == before
    runner = app.test_cli_runner()
    for args in (
        ["user", "create", "newuser", "--password", "Kochi-2026-pass!", "--name", "山田" + PHONE],
        ["consortium", "create", "協議会" + PHONE],
        ["consortium", "add-member", "高知県中西部電算協議会", "町", "--address", "高知県" + PHONE],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code != 0 and NAMED in result.output, result.output
    assert _state(app) == before


def test_a_variation_sequence_the_fonts_map_is_saved_as_typed(app: Flask, fixture: Fixture) -> None:
    """葛󠄀 (U+845B U+E0100) is kept; an unmapped selector is named, never shown invisibly."""
    target = fixture.targets["admin.member_edit"]
    client = _client(app, fixture, target)
    data = valid_data(target) | {"representative_name": "葛\U000e0100城 辻\U000e0100"}
    _post(app, client, target, data)
    from negotiator.consortia.models import Member

    with app.app_context():
        names = set(db.session.scalars(db.select(Member.representative_name)))
    assert "葛\U000e0100城 辻\U000e0100" in names
    page = _post(app, client, target, valid_data(target) | {"address": "葛\U000e0105"})
    message = re.search(r'id="address-error">([^<]*)<', page).group(1)
    assert "U+E0105 VARIATION SELECTOR-22" in message and "\U000e0105" not in message
