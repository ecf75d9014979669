"""Batch: extract many reports into a folder, in parallel, past the ones that fail.

Each worker process loads the rules once and writes each output atomically, so an output
file is either complete or absent. Results come back in input order, whatever order the
workers finish in; a progress callback hears of each as it finishes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

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
    targets: int = 0
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
    todo = []
    for i, (src, out) in enumerate(zip(inputs, outs)):
        if resume and _is_current(src, out):
            results[i] = BatchResult(src, out, skipped=True)
            if on_result:
                on_result(results[i])
        else:
            todo.append(i)
    if jobs <= 1 or len(todo) <= 1:
        rules = load_rules(options.rules_dir)
        for i in todo:
            results[i] = _extract_one(inputs[i], outs[i], options, rules)
            if on_result:
                on_result(results[i])
    else:
        # the biggest reports first, so that no worker is left with a long one at the end
        todo.sort(key=lambda i: -_size(inputs[i]))
        warm = load_rules(options.rules_dir)  # forked workers start with the rules and the tokenizer loaded
        warm.load_vocabulary()
        # and their garbage collector leaves what they inherit alone: scanning it would write to
        # every page of it, copying the pages the workers share with this process
        gc.freeze()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(_work, inputs[i], outs[i], options): i for i in todo}
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                if on_result:
                    on_result(results[i])
    return [results[i] for i in range(len(inputs))]


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


def _extract_one(src: Path, out: Path, options: BatchOptions, rules: Rules) -> BatchResult:
    from plantool.pipeline import extract

    try:
        doc = extract(src, rules=rules, encoding=options.encoding, year=options.year, region=options.region)
        write_atomic(out, dump(doc, options.fmt))
    except PlantoolError as exc:
        return BatchResult(src, out, error=exc.message)
    except Exception as exc:  # noqa: BLE001 - one bad report must not stop the batch
        return BatchResult(src, out, error=f"internal error ({type(exc).__name__}: {exc})")
    warnings = tuple(d.message for d in doc.diagnostics if d.level == "warning")
    return BatchResult(src, out, targets=len(doc.targets), warnings=warnings)


def _work(src: Path, out: Path, options: BatchOptions) -> BatchResult:
    """In a worker process: load_rules caches per process, so each worker loads them once."""
    return _extract_one(src, out, options, load_rules(options.rules_dir))
