"""Japanese by default, English on request, and no untranslated English strings."""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from tests.factories import login

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "negotiator" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_every_message_has_an_english_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "say",
            "-k",
            "label",
            "-o",
            str(pot),
            str(ROOT),
        ]
    )
    with pot.open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    with CATALOG.open("rb") as f:
        catalog = read_po(f)
    translated = {m.id for m in catalog if m.id and m.string and "fuzzy" not in m.flags}
    missing = sorted(wanted - translated)
    assert not missing, "add these to messages.po (pybabel update, then translate):\n" + "\n".join(
        missing
    )


def test_language_switch(client, world):
    login(client, "liaison")
    assert "<h1>ホーム</h1>" in client.get("/").get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert "<h1>Home</h1>" in page and 'lang="en"' in page
    client.post("/language", data={"lang": "xx", "next": "/"})  # unknown: ignored
    assert "<h1>Home</h1>" in client.get("/").get_data(as_text=True)
    client.post("/language", data={"lang": "ja", "next": "/"})
    assert "<h1>ホーム</h1>" in client.get("/").get_data(as_text=True)
