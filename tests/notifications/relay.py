"""A real SMTP relay for tests (aiosmtpd in a thread) that records, refuses or holds messages."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from collections import Counter
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """The relay's behaviour: `refuse_data` 4xx/5xx replies first, `hold_at` one message."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.transient_failures = 0  # answer this many DATA commands with 451
        self.refuse_rcpt: set[str] = set()  # answer RCPT TO these with 550
        self.hold_at: tuple[str, int] | None = None  # ("rcpt" | "data", n-th message)
        self.held = threading.Event()
        self.release = threading.Event()
        self._seen = Counter()

    async def _maybe_hold(self, phase: str) -> None:
        with self.lock:
            self._seen[phase] += 1
            hold = self.hold_at == (phase, self._seen[phase])
        if hold:
            self.held.set()
            while not self.release.is_set():  # the loop keeps serving; this session waits
                await asyncio.sleep(0.01)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address in self.refuse_rcpt:
            return "550 5.1.1 no such user"
        await self._maybe_hold("rcpt")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        with self.lock:
            if self.transient_failures > 0:
                self.transient_failures -= 1
                return "451 4.3.0 try again later"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(message)
        # Held after accepting: the client may die before it reads the reply.
        await self._maybe_hold("data")
        return "250 OK"

    def recipients(self) -> Counter:
        with self.lock:
            return Counter(m["To"].addresses[0].addr_spec for m in self.messages)


class Relay:
    """With `login`, the relay asks for that user name and password (AUTH, no TLS: a test)."""

    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.recorder = Recorder()
        self.port = free_port()
        self.login = login
        self.logins: list[tuple[str, bool]] = []  # (user name, accepted)
        extra = {"authenticator": self._authenticate, "auth_require_tls": False} if login else {}
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **extra)

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False)
        given = (auth_data.login.decode(), auth_data.password.decode())
        self.logins.append((given[0], given == self.login))
        return AuthResult(success=given == self.login)

    def __enter__(self) -> Relay:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.recorder.release.set()
        self.controller.stop()
