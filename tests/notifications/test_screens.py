"""Screens: relay settings and test message, user addresses, the list, following items."""

from __future__ import annotations

import re
import smtplib

import pytest
import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.auth.models import User
from negotiator.db import db
from negotiator.notifications.models import MailSettings, Notification
from negotiator.notifications.secret import unseal
from tests.factories import login
from tests.notifications.relay import Relay

SETTINGS = {
    "host": "127.0.0.1",
    "port": "25",
    "security": "none",
    "username": "",
    "password": "",
    "sender": "negotiator@example.lg.jp",
    "version": "0",
}


def test_administrator_configures_the_relay_and_sends_a_test_message(app, world):
    app.config["PUBLIC_URL"] = "http://negotiator.example.lg.jp"
    client = app.test_client()
    login(client, "admin")
    with Relay() as relay:
        form = SETTINGS | {"port": str(relay.port)}
        assert client.post("/admin/mail/", data=form).status_code == 302
        response = client.post("/admin/mail/test", data={"to": "it@example.lg.jp"})
        assert response.status_code == 302
        assert relay.recorder.recipients() == {"it@example.lg.jp": 1}
        body = relay.recorder.messages[0].get_body(("plain",)).get_content()
        assert "http://negotiator.example.lg.jp/" in body
    with app.app_context():
        row = db.session.get(MailSettings, 1)
        assert (row.host, row.port, row.version) == ("127.0.0.1", relay.port, 1)
    # The relay is gone now: the administrator sees why, next to the field.
    failed = client.post("/admin/mail/test", data={"to": "it@example.lg.jp"})
    assert failed.status_code == 200 and "送信できませんでした" in failed.text
    # The page says where links point, and that the server's setting decides it.
    assert "http://negotiator.example.lg.jp" in client.get("/admin/mail/").text


def _error(page: str, field: str) -> str:
    found = re.findall(rf'id="{field}-error">([^<]*)<', page)
    assert found, f"no message at {field}"
    return " ".join(found)


def test_relay_settings_refuse_bad_input_next_to_the_field_and_stale_forms(app, world):
    client = app.test_client()
    login(client, "admin")
    bad = client.post("/admin/mail/", data=SETTINGS | {"sender": "a@b\r\nBcc: x@y.z"})
    assert bad.status_code == 200 and "メールアドレスの形式" in _error(bad.text, "sender")
    # A character no text may hold is named at the field (alone, not under another message).
    for field, url in (("sender", "/admin/mail/"), ("to", "/admin/mail/test")):
        data = SETTINGS | {field: "it📞@example.lg.jp"}
        page = client.post(url, data=data).text
        assert _error(page, field).startswith("「📞」") or "U+1F4DE" in _error(page, field)
        assert "メールアドレスの形式" not in _error(page, field)
    # Not ASCII: no relay here takes such an address, so it is refused before sending.
    page = client.post("/admin/mail/test", data={"to": "tantō@example.lg.jp"}).text
    assert "メールアドレスの形式" in _error(page, "to")
    missing = client.post(
        "/admin/mail/", data={k: v for k, v in SETTINGS.items() if k != "version"}
    )
    assert (
        missing.status_code == 200 and "編集を始めたときの版が送信されませんでした" in missing.text
    )
    assert client.post("/admin/mail/", data=SETTINGS).status_code == 302
    stale = client.post("/admin/mail/", data=SETTINGS | {"version": "7"})
    assert stale.status_code == 200 and "他の人が先に変更しました" in stale.text
    with app.app_context():
        assert db.session.get(MailSettings, 1).version == 1
    other = app.test_client()
    login(other, "facilitator")
    assert other.get("/admin/mail/").status_code == 403


def test_the_relay_password_is_never_shown_and_stored_encrypted(app, world):
    client = app.test_client()
    login(client, "admin")
    secret = "relay-Secret-2026"
    with Relay(login=("negotiator", secret)) as relay:
        form = SETTINGS | {"port": str(relay.port), "username": "negotiator", "password": secret}
        assert client.post("/admin/mail/", data=form).status_code == 302
        page = client.get("/admin/mail/").text
        assert secret not in page and "暗号化" in page
        with app.app_context():
            stored = db.session.get(MailSettings, 1).password
            assert stored and secret not in stored
            audit = " ".join(
                str(e.after) + str(e.before) for e in db.session.scalars(sa.select(AuditEntry))
            )
            assert secret not in audit and stored not in audit
        # Saving again without typing it keeps it: the relay still accepts the login.
        again = form | {"password": "", "version": "1"}
        assert client.post("/admin/mail/", data=again).status_code == 302
        assert client.post("/admin/mail/test", data={"to": "it@example.lg.jp"}).status_code == 302
        assert relay.logins == [("negotiator", True)]
    with app.app_context():
        assert db.session.get(MailSettings, 1).password == stored
    # Under another SECRET_KEY it cannot be read: sending says why (and is retried), no crash.
    app.config["SECRET_KEY"] = "another-secret"
    with app.app_context(), pytest.raises(smtplib.SMTPException, match="SECRET_KEY"):
        unseal(stored)


def test_users_get_addresses_from_the_admin_screen_and_the_command_line(app, world):
    client = app.test_client()
    login(client, "admin")
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "liaison"))
        user_id, version = user.id, user.version
    form = {
        "username": "liaison",
        "display_name": "Liaison",
        "email": "tanto@town.example.lg.jp",
        "language": "en",
        "active": "y",
        "version": str(version),
    }
    assert client.post(f"/admin/users/{user_id}", data=form).status_code == 302
    bad = client.post(f"/admin/users/{user_id}", data=form | {"email": "no address"})
    assert bad.status_code == 200 and "メールアドレスの形式" in bad.text
    result = app.test_cli_runner().invoke(
        args=["user", "create", "kochi", "--password", "susaki-pass-2026", "--email", "k@x.lg.jp"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        liaison = db.session.get(User, user_id)
        assert (liaison.email, liaison.language) == ("tanto@town.example.lg.jp", "en")
        kochi = db.session.scalar(sa.select(User).where(User.username == "kochi"))
        assert kochi.email == "k@x.lg.jp"


def test_the_list_shows_only_ones_own_notifications_and_opens_them(app, world):
    client = app.test_client()
    login(client, "liaison")
    page = client.get(f"/items/{world.item_id}")
    assert "未読1件" in page.text  # the world's item was proposed to the liaison
    with app.app_context():
        mine = db.session.scalar(
            sa.select(Notification.id).join(User).where(User.username == "liaison")
        )
        theirs = db.session.scalar(
            sa.select(Notification.id).join(User).where(User.username == "facilitator")
        )
    assert client.post(f"/notifications/{theirs}/open").status_code == 404
    opened = client.post(f"/notifications/{mine}/open")
    assert opened.status_code == 302 and opened.location.endswith(f"/items/{world.item_id}")
    assert "未読" not in client.get("/notifications/").text.split("<main", 1)[1]


def test_following_and_unfollowing_an_item(app, world):
    client = app.test_client()
    login(client, "signatory")
    assert "フォローする" in client.get(f"/items/{world.item_id}").text
    client.post(f"/notifications/items/{world.item_id}/follow", data={"follow": "1"})
    assert "フォローをやめる" in client.get(f"/items/{world.item_id}").text
    client.post(f"/notifications/items/{world.item_id}/follow", data={"follow": "0"})
    assert "フォローする" in client.get(f"/items/{world.item_id}").text
    outsider = app.test_client()
    login(outsider, "outsider")
    assert outsider.post(f"/notifications/items/{world.item_id}/follow").status_code == 403
    assert outsider.post("/notifications/items/999999/follow").status_code == 404


def test_users_are_imported_from_a_shift_jis_csv(app, world, tmp_path):
    csv_file = tmp_path / "users.csv"
    csv_file.write_bytes(
        "username,display_name,email,language\r\n"
        "liaison,須崎市 情報政策課,joho@city.susaki.example.lg.jp,ja\r\n"
        "nakatosa,中土佐町 総務課,somu@town.nakatosa.example.lg.jp,en\r\n".encode("cp932")
    )
    result = app.test_cli_runner().invoke(args=["user", "import", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert "liaison: updated" in result.output and "nakatosa: created, password" in result.output
    with app.app_context():
        liaison = db.session.scalar(sa.select(User).where(User.username == "liaison"))
        assert liaison.email == "joho@city.susaki.example.lg.jp"
        new = db.session.scalar(sa.select(User).where(User.username == "nakatosa"))
        assert (new.display_name, new.language) == ("中土佐町 総務課", "en")
    bad = tmp_path / "bad.csv"
    bad.write_text("username,display_name,email\nkochi,高知,not-an-address\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["user", "import", str(bad)])
    assert result.exit_code == 1 and "line 2" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.username == "kochi")) is None


@pytest.mark.parametrize(
    "url", ["negotiator.example.lg.jp", "javascript:alert(1)", "https://", "https://a b.jp", ""]
)
def test_the_app_refuses_to_start_with_a_public_url_links_cannot_use(url, tmp_path):
    from negotiator import create_app
    from tests.conftest import BASE_CONFIG

    database = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database, "PUBLIC_URL": url})
