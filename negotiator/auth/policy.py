"""Which passwords the app accepts: long enough, not common, not made of the user's or the app's
own words.

Common passwords, keyboard runs, sequences, dates and dictionary words (also in l33t spelling)
are judged by zxcvbn (PyPI `zxcvbn`, MIT licence, a port of Dropbox's estimator; its frequency
lists ship inside the package, so nothing is fetched at run time). A password must need about
10^8 guesses or more by its estimate (score 3 of 4).
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MIN_SCORE = 3
# zxcvbn's work grows with the length; a longer password is judged by its first 72 characters
# (if those are strong the whole is at least as strong).
JUDGED_LENGTH = 72
# Words anyone can guess here: the app's name and the published demo password.
APP_WORDS = ("negotiator", "kochidemo")
# Extra words zxcvbn should treat as known to an attacker.
HINTS = ("negotiator", "kochi", "demo", "kochi-demo-2026")


def _letters(text: str) -> str:
    """Lower case with separators removed, so `Kochi_Demo` and `kochi-demo` compare equal."""
    return re.sub(r"[\W_]+", "", text.lower())


def password_problem(password: str, username: str = "") -> str | None:
    """Why a password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return str(_l("パスワードは%(n)d文字以上にしてください。", n=MIN_LENGTH))
    if username and username.lower() in password.lower():
        return str(_l("パスワードにユーザー名を含めないでください。"))
    if any(word in _letters(password) for word in APP_WORDS):
        return str(_l("パスワードにアプリ名やデモ用の語を含めないでください。"))
    hints = [*HINTS, username] if username else list(HINTS)
    if zxcvbn(password[:JUDGED_LENGTH], user_inputs=hints)["score"] < MIN_SCORE:
        return str(
            _l(
                "推測されやすいパスワードです。よく使われる語や並び(password、qwerty、1234 など)"
                "を避け、長めにしてください。"
            )
        )
    return None
