"""Every password check costs the same hashing work and goes through one throttle (issue 11,
items 4, 5 and 7): login, password change and signing share the count, and simultaneous
guesses get exactly the limit through, on SQLite and PostgreSQL.

Hash work is counted by wrapping werkzeug's real hashing function, never timed.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
import werkzeug.security

from negotiator.agreements.models import Signature
from negotiator.auth.models import User
from negotiator.db import db
from tests.agreements.factories import agreement, make_draft
from tests.factories import PASSWORD, login

GENERIC = "ユーザー名またはパスワードが正しくありません。"
LOGIN_LOCKED = "しばらくログインできません"
LOCKED = "しばらく確認できません"
WRONG = "wrong-password-1"


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The method of every password hash computed from now on, in any thread."""
    calls: list[str] = []
    real = werkzeug.security._hash_internal

    def counting(method: str, salt: str, password: str) -> tuple[str, str]:
        calls.append(method)
        return real(method, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", counting)
    return calls


def _deactivate(app, username: str) -> None:  # noqa: ANN001
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.username == username)).active = False
        db.session.commit()


@pytest.mark.parametrize("username", ["nobody-here", "inactive"])
def test_failed_login_does_the_same_hash_work_for_every_username(app, world, hashes, username):
    if username == "inactive":
        _deactivate(app, "other_liaison")
        username = "other_liaison"
    client = app.test_client()
    login(client, username, WRONG)  # the dummy hash is made once per process: not counted
    hashes.clear()
    login(client, "liaison", WRONG)
    existing = list(hashes)
    hashes.clear()
    response = login(client, username, WRONG)
    assert GENERIC in response.get_data(as_text=True)
    assert existing == [app.config["PASSWORD_HASH_METHOD"]]
    assert hashes == existing  # one verification, same method and cost


def _change_password(client, current: str):  # noqa: ANN001, ANN202
    new = "tosa-kuroshio-4417"
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm": new},
    )


def _password_is(app, username: str, password: str) -> bool:  # noqa: ANN001
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        return user.check_password(password)


def test_password_change_counts_wrong_current_passwords(app, client, world):
    login(client, "liaison")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        page = _change_password(client, WRONG).get_data(as_text=True)
        assert "現在のパスワードが正しくありません" in page
    refused = _change_password(client, PASSWORD)  # the right one, too late
    assert LOCKED in refused.get_data(as_text=True)
    assert _password_is(app, "liaison", PASSWORD)


def test_login_and_password_change_share_one_count(app, world):
    victim = app.test_client()
    login(victim, "liaison")
    attacker = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert GENERIC in login(attacker, "liaison", WRONG).get_data(as_text=True)
    assert LOCKED in _change_password(victim, PASSWORD).get_data(as_text=True)
    assert LOGIN_LOCKED in login(attacker, "liaison").get_data(as_text=True)


def test_signing_counts_wrong_passwords(app, world):
    agreement_id = make_draft(app, world, send=True)
    member_id = world.member_ids[0]
    client = app.test_client()
    login(client, "signatory")
    with app.app_context():
        digest = agreement(agreement_id).content_hash
    url = f"/agreements/{agreement_id}/sign/{member_id}"
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post(url, data={"password": WRONG, "content_hash": digest})
    client.post(url, data={"password": PASSWORD, "content_hash": digest})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Signature)) == 0


GUESSERS = 24


def test_simultaneous_guesses_get_exactly_the_limit_checked(app, world, hashes):
    """Many clients guess at once (threads, each request in its own session and transaction):
    exactly LOGIN_MAX_FAILURES passwords are hashed and answered as wrong, the rest locked."""
    limit = app.config["LOGIN_MAX_FAILURES"]
    start = threading.Barrier(GUESSERS)

    def guess(n: int) -> str:
        client = app.test_client()
        start.wait()
        return login(client, "liaison", f"guess-{n}-wrong").get_data(as_text=True)

    with ThreadPoolExecutor(GUESSERS) as pool:
        pages = list(pool.map(guess, range(GUESSERS)))
    assert sum(GENERIC in page for page in pages) == limit
    assert sum(LOGIN_LOCKED in page for page in pages) == GUESSERS - limit
    assert len(hashes) == limit
    assert LOGIN_LOCKED in login(app.test_client(), "liaison").get_data(as_text=True)
