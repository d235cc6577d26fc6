"""Parse an uploaded file in a child process held to a memory, CPU and wall-clock bound.

The zip checks (reviews.uploads) stop a file that unpacks to too much before any parser sees
it, but a file within those limits can still cost far more to parse than a real one: a Word
part of 25 MB made of a million tiny runs, say. lxml's memory is invisible to Python's own
accounting, so the only bound that holds is the operating system's: ``run_bounded`` runs the
parsing function in a child process with ``RLIMIT_AS`` (its address space) and ``RLIMIT_CPU``
set, kills it after a wall-clock timeout, and returns only the function's plain result (text,
rows, bytes). A limit passed raises ``ParseLimitExceeded``; the function's own exceptions
(UnreadableDocument, UnreadableFile) are raised again in the parent, as they would have been.

Children come from a "forkserver" (ADR 0021): a process started once per web worker, with
Django set up and the parsers imported (``reviews.bounded_child``), that forks a clean,
single-threaded child for each parse. Forking the web worker itself is not safe (runserver and
gthread workers have threads holding locks); spawning a fresh interpreter would set Django up
again for every upload (about a second).
"""

from __future__ import annotations

import importlib
import multiprocessing
import resource
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar, cast

import django
from django.apps import apps
from django.conf import settings

T = TypeVar("T")

DEFAULT_MEMORY_MB = 512
DEFAULT_CPU_SECONDS = 5
DEFAULT_WALL_SECONDS = 10.0
_PRELOAD = "reviews.bounded_child"
# The first parse in a process starts the forkserver, which sets Django up: not counted in the
# wall-clock limit, but bounded too.
_START_SECONDS = 60.0
_MB = 1024 * 1024


class ParseLimitExceeded(Exception):  # noqa: N818  a result people read, not a programming error
    """Parsing passed a limit; ``reason`` says which, in words ("took longer than 5 seconds")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return f"The file is too large or complex to read: {self.reason}"


@dataclass(frozen=True)
class Limits:
    memory_mb: int
    cpu_seconds: int
    wall_seconds: float


def limits() -> Limits:
    """The limits in settings (UPLOAD_PARSE_MEMORY_MB, _CPU_SECONDS, _WALL_SECONDS)."""
    return Limits(
        memory_mb=int(getattr(settings, "UPLOAD_PARSE_MEMORY_MB", DEFAULT_MEMORY_MB)),
        cpu_seconds=int(getattr(settings, "UPLOAD_PARSE_CPU_SECONDS", DEFAULT_CPU_SECONDS)),
        wall_seconds=float(getattr(settings, "UPLOAD_PARSE_WALL_SECONDS", DEFAULT_WALL_SECONDS)),
    )


def _context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    # Only read when the forkserver starts (the first parse in this process).
    context.set_forkserver_preload([_PRELOAD])
    return context


def run_bounded(
    function: Callable[..., T],
    *args: Any,
    memory_mb: int | None = None,
    cpu_seconds: int | None = None,
    wall_seconds: float | None = None,
) -> T:
    """Return ``function(*args)``, run in a child process within the limits (settings unless
    given). ``function`` must be a module-level function; its arguments and result are pickled.

    Raise ParseLimitExceeded if the child runs out of memory, CPU time or wall-clock time (it
    is killed); raise the function's own exception if it raised one.
    """
    bound = limits()
    memory = memory_mb if memory_mb is not None else bound.memory_mb
    cpu = cpu_seconds if cpu_seconds is not None else bound.cpu_seconds
    wall = wall_seconds if wall_seconds is not None else bound.wall_seconds
    name = f"{function.__module__}:{function.__qualname__}"
    context = _context()
    parent, child = context.Pipe(duplex=True)
    process = context.Process(target=_child, args=(child, name, memory, cpu), daemon=True)
    process.start()
    child.close()
    try:
        outcome, value = _outcome(parent, _START_SECONDS)  # the forkserver may be starting
        if outcome == "ready":
            try:
                parent.send(args)  # once the child is set up, so Django models unpickle there
                outcome, value = _outcome(parent, wall)
            except (BrokenPipeError, ConnectionResetError):
                outcome, value = "died", None
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join()
    return cast(T, _result(outcome, value, process.exitcode, memory=memory, cpu=cpu, wall=wall))


def _outcome(parent: Connection, wall: float) -> tuple[str, Any]:
    if not parent.poll(wall):
        return "wall", None
    try:
        return cast(tuple[str, Any], parent.recv())
    except (EOFError, ConnectionResetError):
        return "died", None  # killed by the CPU limit, or out of memory before it could say


def _result(
    outcome: str, value: Any, exitcode: int | None, *, memory: int, cpu: int, wall: float
) -> Any:
    if outcome == "ok":
        return value
    if outcome == "error":
        raise value
    if outcome == "memory":
        raise ParseLimitExceeded(f"reading it needs more than {memory:,} MB of memory")
    if outcome == "wall":
        raise ParseLimitExceeded(f"reading it took longer than {wall:g} seconds")
    if exitcode is not None and -exitcode in {signal.SIGXCPU, signal.SIGKILL}:
        raise ParseLimitExceeded(f"reading it took more than {cpu:,} seconds of processing")
    raise ParseLimitExceeded("reading it stopped the program reading it")


def _child(connection: Connection, name: str, memory_mb: int, cpu_seconds: int) -> None:
    """In the child: set the limits, take the arguments, run, and send back the outcome."""
    module_name, _, qualname = name.partition(":")
    try:
        _ensure_django()
        function: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            function = getattr(function, part)
        connection.send(("ready", None))
        args = connection.recv()
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * _MB, memory_mb * _MB))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        outcome: tuple[str, Any] = ("ok", function(*args))
    except Exception as error:  # sent to the parent, which raises it there
        outcome = ("memory", None) if _out_of_memory(error, memory_mb) else ("error", error)
    try:
        connection.send(outcome)
    except Exception:  # a result or exception that cannot be pickled
        kind, value = outcome
        words = f"{type(value).__name__}: {value}" if kind == "error" else "a result"
        connection.send(("error", RuntimeError(f"{name} gave {words}, which cannot be sent")))
    connection.close()


def _ensure_django() -> None:
    """The forkserver sets Django up once (reviews.bounded_child); if it could not (no
    settings when it started), set it up here."""
    if not apps.ready:
        django.setup()


def _out_of_memory(error: BaseException | None, memory_mb: int) -> bool:
    """Whether the error, or one it was raised from (parsers often wrap it), is running out of
    memory: Python's MemoryError, libxml2's own words for it, or (libxml2 often says only
    "unknown error") any failure once the address space came near the limit."""
    if _peak_address_space_mb() > memory_mb - max(64, memory_mb // 4):
        return True
    seen = 0
    while error is not None and seen < 10:  # noqa: PLR2004  a chain is never longer
        if isinstance(error, MemoryError) or "memory allocation failed" in str(error).lower():
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def _peak_address_space_mb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) // 1024
    except OSError:  # no /proc (not Linux): only the error itself says
        pass
    return 0
