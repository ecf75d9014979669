"""plantool's benchmark: each figure as a ratio against its reference, measured in one run.

    python bench/run.py            # the full run; writes bench/RESULTS.md
    python bench/run.py --quick    # a small run that checks the benchmark still works (CI)

Figures (see bench/README.md): cold start against loading jieba's default dictionary;
corpus throughput against jieba.lcut over the same texts; --jobs 2 against --jobs 1; peak
memory of a corpus batch and of one report, and of a 100 MB report against 10x its size plus
100 MiB; time for a report repeated 1x, 4x, 16x.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PLANTOOL_SHARED", ROOT.parent / "shared"))
SAMPLE = ROOT / "data" / "sample.txt"
PLANTOOL = [sys.executable, "-m", "plantool"]
BIG, BIG_QUICK = 100_000_000, 5_000_000  # bytes of the one large report whose peak memory is measured


def run(args: list[str]) -> tuple[float, int]:
    """Wall time of a child process, and its peak memory in KiB (RUSAGE_CHILDREN of a fresh runner)."""
    probe = (
        "import resource,subprocess,sys,time;t=time.perf_counter();"
        "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True).stdout.split()
    if out[2] != "0":
        raise SystemExit(f"failed: {' '.join(args)}")
    return float(out[0]), int(out[1])


def median_time(args: list[str], n: int) -> float:
    return statistics.median(run(args)[0] for _ in range(n))


def corpus_files(limit: int | None) -> list[Path]:
    files = sorted((SHARED / "corpus").rglob("*.txt"))
    return files[:limit] if limit else files


def throughput(files: list[Path]) -> tuple[float, float]:
    """Bytes per second of plantool's extraction and of jieba.lcut, over the same texts, in one process."""
    code = (
        "import sys,time,jieba;from pathlib import Path;from plantool import extract,load_rules;"
        "files=[Path(p) for p in sys.argv[1:]];texts=[p.read_text(encoding='utf-8-sig') for p in files];"
        "size=sum(len(t.encode()) for t in texts);rules=load_rules();extract(files[0],rules=rules);jieba.initialize();"
        "t=time.perf_counter();[extract(p,rules=rules) for p in files];a=time.perf_counter()-t;"
        "t=time.perf_counter();[jieba.lcut(x) for x in texts];b=time.perf_counter()-t;print(size/a,size/b)"
    )
    out = subprocess.run([sys.executable, "-c", code, *map(str, files)], capture_output=True, text=True, check=True)
    ours, jieba_rate = out.stdout.split()
    return float(ours), float(jieba_rate)


def concatenated(size: int, path: Path) -> Path:
    """The corpus's reports joined into one, repeated to at least `size` bytes (as tests/test_big.py builds its input)."""
    corpus = "\n".join(p.read_text(encoding="utf-8-sig") for p in corpus_files(None))
    copies = max(1, -(-size // len(corpus.encode("utf-8"))))
    path.write_text("\n".join([corpus] * copies), encoding="utf-8")
    return path


def repeated(report: Path, times: int, folder: Path) -> Path:
    path = folder / f"x{times}.txt"
    path.write_text("\n".join([report.read_text(encoding="utf-8")] * times), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description="plantool benchmark")
    parser.add_argument("--quick", action="store_true", help="a small run that only checks the benchmark works")
    quick = parser.parse_args().quick
    n = 2 if quick else 5
    # plantool's bytecode, as an installed copy has it (pip compiles at install) and as jieba's
    # is: an editable install under PYTHONDONTWRITEBYTECODE would compile every module each run
    compileall.compile_dir(ROOT / "plantool", quiet=1)
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours = median_time([*PLANTOOL, "extract", str(SAMPLE), "-o", str(folder / "s.json")], n)
        jieba_load = median_time([sys.executable, "-c", "import jieba; jieba.initialize()"], n)
        rows.append(("cold start (sample)", f"{ours:.2f} s", f"jieba load {jieba_load:.2f} s", f"{ours / jieba_load:.2f}x"))

        files = corpus_files(6 if quick else None)
        rate, jieba_rate = throughput(files)
        rows.append(("corpus throughput", f"{rate / 1e6:.2f} MB/s", f"jieba.lcut {jieba_rate / 1e6:.2f} MB/s", f"{rate / jieba_rate:.2f}x"))

        batch = folder / "batch"
        batch.mkdir()
        for f in files:
            (batch / f"{f.parent.name}-{f.name}").write_bytes(f.read_bytes())
        _, one_rss = run([*PLANTOOL, "extract", str(batch), "-o", str(folder / "o1"), "--jobs", "1"])
        # the two alternate, so that a machine that speeds up or slows down weighs on both alike
        ones, twos = [], []
        for _ in range(n):
            ones.append(run([*PLANTOOL, "extract", str(batch), "-o", str(folder / "o1"), "--jobs", "1"])[0])
            twos.append(run([*PLANTOOL, "extract", str(batch), "-o", str(folder / "o2"), "--jobs", "2"])[0])
        one, two = statistics.median(ones), statistics.median(twos)
        rows.append(("batch --jobs 2", f"{two:.2f} s", f"--jobs 1 {one:.2f} s", f"{one / two:.2f}x faster"))
        rows.append(("peak RSS, corpus batch (one worker)", f"{one_rss / 1024:.0f} MiB", "", ""))
        _, single_rss = run([*PLANTOOL, "extract", str(SAMPLE), "-o", str(folder / "s2.json")])
        rows.append(("peak RSS, one report", f"{single_rss / 1024:.0f} MiB", "", ""))
        big = concatenated(BIG_QUICK if quick else BIG, folder / "big.txt")
        _, big_rss = run([*PLANTOOL, "extract", str(big), "-o", str(folder / "big.json")])
        budget = 10 * big.stat().st_size / 2**20 + 100
        rows.append((f"peak RSS, {big.stat().st_size / 1e6:.0f} MB input", f"{big_rss / 1024:.0f} MiB", f"10×input+100 MiB = {budget:.0f} MiB", f"{big_rss / 1024 / budget:.2f}x"))

        report = SHARED / "corpus" / "national" / "2025.txt"
        base = None
        for times in (1, 4) if quick else (1, 4, 16):
            path = repeated(report, times, folder)
            t, _ = run([*PLANTOOL, "extract", str(path), "-o", str(folder / f"g{times}.json")])
            base = base or t
            rows.append((f"growth: report x{times}", f"{t:.2f} s", "x1" if times == 1 else f"{times}x input", f"{t / base:.2f}x time"))

    table = ["| figure | plantool | reference | ratio |", "| --- | ---: | ---: | ---: |"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    print("\n".join(table))
    if not quick:
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
        (ROOT / "bench" / "RESULTS.md").write_text(
            f"# Benchmark results\n\nMachine: {machine}.\nWritten by `python bench/run.py` on {time.strftime('%Y-%m-%d')}.\n\n"
            + "\n".join(table) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
