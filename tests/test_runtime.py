"""Every server entry point freezes the collector after start-up (issue 18; negotiator.runtime):
gunicorn's workers (negotiator/gunicorn_conf.py), `flask run` through `server_app()` and the job
consumer — each a real process, watched until it says so. Nothing here freezes the test process.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.load import free_port, gunicorn
from tests.notifications.conftest import wait_for

ROOT = Path(__file__).resolve().parents[1]
FROZEN = re.compile(r"collector frozen after start-up: (\d+) objects")


@pytest.fixture
def environment(tmp_path) -> dict[str, str]:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEGOTIATOR_")}
    return env | {
        "NEGOTIATOR_DATABASE_URL": f"sqlite:///{tmp_path}/runtime.sqlite3",
        "NEGOTIATOR_SECRET_KEY": "test-secret",
        "NEGOTIATOR_JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
        "PYTHONWARNINGS": "ignore",
    }


class Output:
    """A process's merged output, read line by line by a thread as it comes."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def frozen(self) -> list[int]:
        return [int(m.group(1)) for line in self.lines if (m := FROZEN.search(line))]


@pytest.fixture
def start(environment) -> Iterator:  # noqa: ANN001
    outputs: list[Output] = []

    def start(*args: str, **env: str) -> Output:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", *args],
            cwd=ROOT,
            env=environment | env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        outputs.append(Output(process))
        return outputs[-1]

    yield start
    for output in outputs:
        output.process.send_signal(signal.SIGINT)
        try:
            output.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            output.process.kill()
            output.process.wait()
        output.thread.join()
        output.process.stdout.close()


def _said(output: Output, what: str) -> bool:
    if output.process.poll() is not None:
        output.thread.join()
        pytest.fail(f"{what} exited ({output.process.returncode}):\n{''.join(output.lines)}")
    return bool(output.frozen())


def test_the_job_consumer_freezes_the_collector_before_it_works(start):
    output = start("--app", "negotiator", "jobs", "worker", "--workers", "1", "--max-delay", "0.1")
    wait_for(lambda: _said(output, "flask jobs worker"), "the consumer's freeze", limit=60)
    assert output.frozen()[0] > 100_000  # the app's modules and templates, not a handful


def test_flask_run_freezes_the_collector_of_the_server_app(start):
    app = "negotiator.runtime:server_app()"
    output = start("--app", app, "run", "--port", str(free_port()))
    wait_for(lambda: _said(output, "flask run"), "the server's freeze", limit=60)
    assert output.frozen()[0] > 100_000


def test_every_gunicorn_worker_freezes_the_collector(tmp_path, environment):
    url = environment["NEGOTIATOR_DATABASE_URL"]
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "negotiator", "db", "upgrade"],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )
    with gunicorn(url, tmp_path / "gunicorn.log", workers=2) as server:
        wait_for(lambda: len(FROZEN.findall(server.log())) == 2, "both workers' freeze", limit=60)
        assert all(int(n) > 100_000 for n in FROZEN.findall(server.log()))


def test_the_freeze_is_off_with_the_setting(start):
    output = start(
        "--app",
        "negotiator.runtime:server_app()",
        "run",
        "--port",
        str(free_port()),
        NEGOTIATOR_GC_FREEZE="false",
    )
    wait_for(lambda: any("collector not frozen" in line for line in output.lines), "the notice")
    assert not output.frozen()
