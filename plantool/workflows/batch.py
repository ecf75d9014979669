"""Batch: extract many reports into a folder, in parallel, past the ones that fail.

Each worker process loads the rules once and writes each output atomically, so an output
file is either complete or absent. Results come back in input order, whatever order the
workers finish in; a progress callback hears of each as it finishes.

Ctrl-C (KeyboardInterrupt) stops a batch at once, workers and all, and the callback has heard
of every output written by then: writing an output and reporting it is one step that neither
Ctrl-C nor the SIGTERM that stops a worker can split, so "N done" is the N files there.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, cast

from plantool.analysis.summarize import counts
from plantool.errors import PlantoolError
from plantool.output.serialize import Format, dump, write_atomic
from plantool.rules import Rules, load_rules


@dataclass(frozen=True)
class BatchOptions:
    """What every report of a batch is extracted and written with."""

    fmt: Format = "json"
    rules_dir: str | None = None
    encoding: str | None = None
    year: int | None = None
    region: str | None = None


@dataclass(frozen=True)
class BatchResult:
    source: Path
    output: Path
    error: str | None = None
    targets: int = 0  # as every command counts them (summarize.counts): restatements apart
    restatements: int = 0
    skipped: bool = False  # --resume: its output was already there, newer than the report
    warnings: tuple[str, ...] = ()  # what looks wrong in the document (its plan lost?)

    @property
    def ok(self) -> bool:
        return self.error is None


def output_paths(inputs: list[Path], out_dir: Path, fmt: Format) -> list[Path]:
    """One output per input, mirroring the inputs' folders below their common parent."""
    if not inputs:
        return []
    base = Path(os.path.commonpath([p.resolve().parent for p in inputs]))
    if base == Path(base.anchor):  # nothing in common but the root: file names alone
        outs = [out_dir / p.with_suffix(f".{fmt}").name for p in inputs]
    else:
        outs = [out_dir / p.resolve().relative_to(base).with_suffix(f".{fmt}") for p in inputs]
    if len(set(outs)) != len(outs):
        raise PlantoolError("two inputs would write the same output file; give them different names")
    return outs


def run_batch(
    inputs: list[Path],
    out_dir: Path,
    options: BatchOptions,
    jobs: int = 1,
    on_result: Callable[[BatchResult], None] | None = None,
    resume: bool = False,
) -> list[BatchResult]:
    """Extract each input into out_dir; a failure is recorded, never raised.

    With `resume`, an input whose output is already there and newer is skipped: a batch that
    was stopped (Ctrl-C) goes on where it was, since every output written is whole.
    """
    outs = output_paths(inputs, out_dir, options.fmt)
    for out in {o.parent for o in outs}:
        out.mkdir(parents=True, exist_ok=True)
    results: dict[int, BatchResult] = {}

    def done(i: int, result: BatchResult) -> None:
        results[i] = result
        if on_result:
            on_result(result)

    todo = []
    for i, (src, out) in enumerate(zip(inputs, outs)):
        if resume and _is_current(src, out):
            done(i, BatchResult(src, out, skipped=True))
        else:
            todo.append(i)
    if jobs <= 1 or len(todo) <= 1:
        rules = load_rules(options.rules_dir)
        for i in todo:
            _extract_one(inputs[i], outs[i], options, rules, partial(done, i))
    else:
        # the biggest reports first, so that no worker is left with a long one at the end
        todo.sort(key=lambda i: -_size(inputs[i]))
        _in_workers(inputs, outs, options, todo, jobs, done)
    return [results[i] for i in range(len(inputs))]


def _in_workers(
    inputs: list[Path],
    outs: list[Path],
    options: BatchOptions,
    todo: list[int],
    jobs: int,
    done: Callable[[int, BatchResult], None],
) -> None:
    """Extract todo in forked worker processes, each handed a report and the next after it.

    The next is there as the worker finishes, however busy this process is; and this process
    knows what each worker holds, in the order the results come. Stopping the workers (at
    the end, on Ctrl-C or any other exception) is SIGTERM, and the results a stopped worker
    had sent are read after it, never half of one.
    """
    warm = load_rules(options.rules_dir)  # forked workers start with the rules and the tokenizer loaded
    warm.load_vocabulary()
    # and their garbage collector leaves what they inherit alone: scanning it would write to
    # every page of it, copying the pages the workers share with this process
    gc.freeze()
    context = multiprocessing.get_context("fork")
    workers: dict[Connection, multiprocessing.process.BaseProcess] = {}
    handed: dict[Connection, deque[int]] = {}  # the reports each worker holds, the one it is on first
    queue = iter(todo)

    def hand(conn: Connection) -> None:
        i = next(queue, None)
        if i is not None:
            handed[conn].append(i)
            conn.send(i)

    try:
        with _signals_held():  # a worker is born with them held, until it has set its own handling
            for _ in range(min(jobs, len(todo))):
                ours, theirs = context.Pipe()
                process = context.Process(target=_work, args=(theirs, ours, inputs, outs, options))
                process.start()
                theirs.close()
                workers[ours], handed[ours] = process, deque()
            for conn in [*workers, *workers]:  # two each, in turns: the biggest reports go one to each
                hand(conn)
        while any(handed.values()):
            for conn in cast("list[Connection]", wait([c for c, held in handed.items() if held])):
                with _signals_held():
                    i = handed[conn].popleft()
                    try:
                        result = conn.recv()
                    except (EOFError, ConnectionError):
                        raise RuntimeError(f"a worker process died extracting {inputs[i]}") from None
                    done(i, result)
                    hand(conn)
    finally:
        with _signals_held():  # a second Ctrl-C waits till the workers are gone and counted
            for worker in workers.values():
                worker.terminate()
            for conn, worker in workers.items():
                worker.join()
                with suppress(EOFError, ConnectionError):  # the rest were stopped before they were written
                    for i in handed[conn]:
                        done(i, conn.recv())
                conn.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _is_current(src: Path, out: Path) -> bool:
    try:
        return out.stat().st_mtime >= src.stat().st_mtime
    except OSError:
        return False


def _extract_one(
    src: Path, out: Path, options: BatchOptions, rules: Rules, report: Callable[[BatchResult], None]
) -> None:
    """Extract src, which a signal stops at once; then write its output and report it with the
    signals held, so that no output is written that is not reported."""
    from plantool.pipeline import extract

    try:
        doc = extract(src, rules=rules, encoding=options.encoding, year=options.year, region=options.region)
        text = dump(doc, options.fmt)
    except Exception as exc:  # noqa: BLE001 - one bad report must not stop the batch
        with _signals_held():
            report(_failed(src, out, exc))
        return
    warnings = tuple(d.message for d in doc.diagnostics if d.level == "warning")
    with _signals_held():
        try:
            write_atomic(out, text)
        except Exception as exc:  # noqa: BLE001
            report(_failed(src, out, exc))
        else:
            n = counts(doc)
            report(BatchResult(src, out, targets=n["targets"], restatements=n["restatements"], warnings=warnings))


def _failed(src: Path, out: Path, exc: Exception) -> BatchResult:
    if isinstance(exc, PlantoolError):
        return BatchResult(src, out, error=exc.message)
    return BatchResult(src, out, error=f"internal error ({type(exc).__name__}: {exc})")


def _work(
    conn: Connection, parent_end: Connection, inputs: list[Path], outs: list[Path], options: BatchOptions
) -> None:
    """A worker: extract the reports it is handed until it is stopped (SIGTERM) or the batch is
    gone (the end of its pipe). load_rules caches per process, so it loads them once."""
    # Ctrl-C reaches the whole process group: the batch stops its workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    parent_end.close()  # its copy of the batch's end: should the batch die, the pipe ends here
    rules = load_rules(options.rules_dir)
    with suppress(EOFError, ConnectionError):
        while True:
            i = conn.recv()
            _extract_one(inputs[i], outs[i], options, rules, conn.send)


# SIGINT's handler raises KeyboardInterrupt: it is swapped first and put back last, so that
# it cannot raise while the other's handler is swapped
_HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT (Ctrl-C) and SIGTERM until the block ends, then act on them.

    Their handlers are swapped for one that notes them, as no thread of this process may let
    them through (a progress bar has a thread), and they are blocked besides, so that a worker
    forked meanwhile starts with them held."""
    caught: list[int] = []
    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():  # only it may set a handler
        previous = {s: signal.signal(s, lambda signum, _: caught.append(signum)) for s in _HELD}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        for held, handler in reversed(previous.items()):
            signal.signal(held, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # one pending now goes to its own handler
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)
