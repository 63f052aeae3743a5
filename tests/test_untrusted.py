"""negotiator.untrusted: a parse runs in a child with memory, CPU and wall-clock limits, and
whatever the child does, the calling process gets a value or a refusal and carries on."""

from __future__ import annotations

import os
import signal

from negotiator import untrusted

SMALL = untrusted.Limits(memory=64 * untrusted.MB, cpu=0.3, wall=60)


def _echo(data: bytes, extra: str) -> dict:
    return {"size": len(data), "extra": extra, "text": data.decode()}


def _allocate() -> int:
    return len(bytearray(1024 * untrusted.MB))


def _python_loop() -> None:
    while True:
        pass


def _c_loop() -> int:
    # One long C call: the CPU timer's Python handler cannot run, the kernel's limit stops it.
    return sum(range(10**13))


def _fail() -> None:
    raise ValueError("not a PDF")


def _abort() -> None:
    os.abort()


def _hang() -> None:
    signal.pause()  # sleeps without using CPU: only the wall-clock limit ends it


def test_value_comes_back_as_json():
    outcome = untrusted.run(_echo, "須崎市".encode(), "x", limits=SMALL)
    assert outcome.ok and outcome.value == {"size": 9, "extra": "x", "text": "須崎市"}
    assert outcome.cpu_seconds >= 0 and outcome.peak_rss > 0


def test_memory_beyond_the_limit_is_refused():
    outcome = untrusted.run(_allocate, limits=SMALL)
    assert outcome.refusal == "memory" and outcome.rss_growth < 100 * untrusted.MB


def test_cpu_beyond_the_limit_is_refused_in_python_and_in_c_code():
    assert untrusted.run(_python_loop, limits=SMALL).refusal == "time"
    assert untrusted.run(_c_loop, limits=SMALL).refusal == "time"


def test_a_failing_or_dying_parser_is_refused_not_raised():
    assert untrusted.run(_fail, limits=SMALL).refusal == "invalid"
    assert untrusted.run(_abort, limits=SMALL).refusal == "crashed"


def test_a_child_that_never_answers_is_killed_at_the_wall_clock_limit():
    limits = untrusted.Limits(memory=64 * untrusted.MB, cpu=0.3, wall=0.5)
    assert untrusted.run(_hang, limits=limits).refusal == "time"


def test_the_caller_carries_on_after_each_refusal():
    pid = os.getpid()
    for fn in (_allocate, _python_loop, _abort):
        untrusted.run(fn, limits=SMALL)
    assert os.getpid() == pid and untrusted.run(_echo, b"ok", "", limits=SMALL).ok


def _chatter() -> str:
    return "x" * (2 * untrusted.MB)


def test_an_answer_larger_than_allowed_is_refused_without_waiting_on_the_child():
    limits = untrusted.Limits(memory=64 * untrusted.MB, cpu=0.3, wall=60, output=untrusted.MB)
    assert untrusted.run(_chatter, limits=limits).refusal == "crashed"


def test_a_parser_stopped_while_holding_much_is_refused_for_time_every_time():
    """Freeing what a decompression bomb built outlasts the timer's interval: a second tick
    during that clean-up once turned about half of these refusals into "crashed"."""
    from negotiator.agreements import pdfcheck
    from tests.fuzz.strategies import pdf_bomb

    data = pdf_bomb()
    outcomes = [
        untrusted.run(pdfcheck.inspect, data, b"", limits=untrusted.Limits()).refusal
        for _ in range(4)
    ]
    assert set(outcomes) <= {"time", "memory"}, outcomes
