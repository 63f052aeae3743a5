"""Bounded work on untrusted uploads: parse them in a child process with memory and CPU limits.

Why a child process rather than a structural pre-check: a PDF hides its cost in many places
(compressed cross-reference and object streams, chained filters, deep nesting, many revisions)
and pyHanko's reader opens several of them before any of our code could look. A sound pre-check
would be a second PDF parser. A child process bounds all of that at once, whatever the parser
does: the kernel refuses its memory beyond the limit (RLIMIT_AS), a CPU-time timer stops it
(ITIMER_PROF, with RLIMIT_CPU as a hard stop), and the parent kills it after a wall-clock
delay as the last resort. If the child dies, the web worker does not.

The child is forked from the worker, where the parsers are already imported, so it starts in
milliseconds. It runs only the parse function, sends back JSON (never a pickle: nothing the
child produces can run code in the worker) and leaves with os._exit, so it never touches the
worker's database connections or buffers.
"""

from __future__ import annotations

import dataclasses
import faulthandler
import gc
import json
import math
import os
import resource
import select
import signal
import time
import warnings
from collections.abc import Callable
from typing import Any

MB = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Limits:
    memory: int = 128 * MB  # address space the child may add to what it inherits
    cpu: float = 0.8  # CPU seconds for the parse itself
    # Last resort only (CPU time is the real bound on a loaded machine); below gunicorn's
    # 30-second worker timeout, so the worker answers before it would be killed.
    wall: float = 10.0
    output: int = 4 * MB  # the largest JSON answer read back


@dataclasses.dataclass(frozen=True)
class Outcome:
    """The parse function's JSON value, or why it was refused, with what the child used."""

    value: Any = None
    refusal: str | None = None  # "memory", "time", "invalid" (the parser failed) or "crashed"
    cpu_seconds: float = 0.0
    peak_rss: int = 0  # bytes, the child's peak resident set (pages shared with the worker too)
    rss_growth: int = 0  # bytes, how far that peak rose above the child's size when it started

    @property
    def ok(self) -> bool:
        return self.refusal is None


class _OutOfTime(BaseException):
    """Not an Exception: a parser's `except Exception` must not swallow it."""


def _raise_out_of_time(signum: int, frame: object) -> None:
    raise _OutOfTime


def _statm(field: int) -> int:
    """Bytes from /proc/self/statm: field 0 is the address space, field 1 the resident set."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[field]) * os.sysconf("SC_PAGE_SIZE")


def _limit_self(limits: Limits) -> None:
    """In the child: cap memory growth and CPU time, and write no core file."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cap = _statm(0) + limits.memory
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    used = time.process_time()
    # The kernel's stop if the timer's handler cannot run (a long call into C): SIGXCPU at the
    # soft limit, SIGKILL one second later.
    soft = math.ceil(used + limits.cpu) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))
    signal.signal(signal.SIGPROF, _raise_out_of_time)
    signal.setitimer(signal.ITIMER_PROF, limits.cpu, 0.05)  # and again, should one be swallowed


def _child(write_fd: int, limits: Limits, fn: Callable[..., Any], args: tuple) -> None:
    """Never returns: runs fn under limits, writes {"value"} or {"refusal"} and exits."""
    code = 0
    try:
        start = _statm(1)
        faulthandler.disable()  # a crash here is a refusal, not the worker's stack on stderr
        gc.freeze()  # the worker's objects are not ours to collect (sockets, connections)
        _limit_self(limits)
        answer = _answer(fn, args)
        answer["growth"] = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - start)
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # noqa: BLE001 - the child must never fall back into the worker
        code = 1
    finally:
        os._exit(code)


def _answer(fn: Callable[..., Any], args: tuple) -> dict[str, Any]:
    """fn's value, or why it was refused; the CPU timer is stopped whichever way it ends."""
    try:
        try:
            return {"value": fn(*args)}
        finally:
            _disarm()
    except MemoryError:
        return {"refusal": "memory"}
    except (_OutOfTime, RecursionError):
        # Freeing what the parser built can take longer than the timer's interval, so a second
        # tick may land at the `finally` above: stop it here, before anything else runs.
        _disarm()
        return {"refusal": "time"}
    except Exception as exc:  # noqa: BLE001 - whatever the parser raises, it is refused
        return {"refusal": _refusal(exc)}


def _disarm() -> None:
    """Stop the CPU timer; a tick already on its way raises once more here and is absorbed."""
    while True:
        try:
            signal.signal(signal.SIGPROF, signal.SIG_IGN)
            signal.setitimer(signal.ITIMER_PROF, 0)
            return
        except _OutOfTime:
            continue


def _refusal(exc: BaseException) -> str:
    """A parser that wraps the limit it hit (pyHanko turns MemoryError into PdfReadError) is
    still refused for that limit, not as an invalid file."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError):
            return "memory"
        if isinstance(seen, _OutOfTime | RecursionError):
            return "time"
        seen = seen.__cause__ or seen.__context__
    return "invalid"


def _read(fd: int, limits: Limits) -> bytes | str:
    """Everything the child writes until it closes the pipe, or why reading stopped first."""
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + limits.wall
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return "time"
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.output:
            return "crashed"  # more than any honest answer
        chunks.append(chunk)


def _fork() -> int:
    # Python 3.12+ warns when a multi-threaded process forks; the child only parses and exits,
    # and a child stuck on a lock copied from another thread is killed by the wall-clock limit.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return os.fork()


def run(fn: Callable[..., Any], *args: Any, limits: Limits | None = None) -> Outcome:
    """fn(*args) in a child process under limits; fn must return plain JSON data."""
    limits = limits or Limits()
    before = _statm(1)
    read_fd, write_fd = os.pipe()
    pid = _fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, limits, fn, args)
    os.close(write_fd)
    try:
        raw = _read(read_fd, limits)
    finally:
        os.close(read_fd)
    if isinstance(raw, str):
        os.kill(pid, signal.SIGKILL)  # it may be blocked writing, or still running
    _, status, usage = os.wait4(pid, 0)
    return _outcome(raw, status, usage, before)


def _outcome(raw: bytes | str, status: int, usage: Any, before: int) -> Outcome:
    measured = {
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss": usage.ru_maxrss * 1024,
        "rss_growth": max(0, usage.ru_maxrss * 1024 - before),
    }
    if isinstance(raw, str):
        return Outcome(refusal=raw, **measured)
    if os.WIFSIGNALED(status):
        killed = os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGPROF)
        return Outcome(refusal="time" if killed else "crashed", **measured)
    try:
        answer = json.loads(raw)
    except ValueError:
        return Outcome(refusal="crashed", **measured)
    measured["rss_growth"] = int(answer.get("growth", measured["rss_growth"]))
    if "value" in answer:
        return Outcome(value=answer["value"], **measured)
    return Outcome(refusal=str(answer.get("refusal", "crashed")), **measured)
