"""Scripted set-up through `flask` commands."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.consortia.models import Membership
from negotiator.db import db


def test_user_create_and_weak_password(app):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["user", "create", "tanaka", "--password", "abc"])
    assert weak.exit_code != 0
    assert "10文字以上" in weak.output
    ok = runner.invoke(args=["user", "create", "tanaka", "--password", "long-enough-77", "--admin"])
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(args=["user", "create", "tanaka", "--password", "long-enough-77"])
    assert again.exit_code != 0 and "既に使われています" in again.output
    with app.app_context():
        users = db.session.scalars(sa.select(User)).all()
        assert [(u.username, u.is_admin) for u in users] == [("tanaka", True)]
        assert users[0].password_hash.startswith(("scrypt", "pbkdf2"))
        assert users[0].check_password("long-enough-77")


def test_consortium_setup_commands(app):
    runner = app.test_cli_runner()
    steps = [
        ["consortium", "create", "高知県中西部電算協議会"],
        [
            "consortium",
            "add-member",
            "高知県中西部電算協議会",
            "須崎市",
            "--label",
            "甲",
            "--kind",
            "city",
            "--title",
            "須崎市長",
        ],
        ["user", "create", "susaki", "--password", "long-enough-77"],
        [
            "consortium",
            "grant",
            "高知県中西部電算協議会",
            "susaki",
            "liaison",
            "--member",
            "須崎市",
        ],
    ]
    for args in steps:
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    missing = runner.invoke(
        args=["consortium", "grant", "高知県中西部電算協議会", "susaki", "signatory"]
    )
    assert missing.exit_code != 0 and "構成団体" in missing.output
    with app.app_context():
        roles = db.session.scalars(sa.select(Membership)).all()
        assert [(m.role, m.member.name) for m in roles] == [("liaison", "須崎市")]


def test_set_password_ends_sessions(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["user", "create", "sato", "--password", "long-enough-77"])
    result = runner.invoke(args=["user", "set-password", "sato", "--password", "other-long-88"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "sato"))
        assert user.check_password("other-long-88") and user.session_token == 1
