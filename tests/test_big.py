"""A 50 MB report: it extracts, grounded, in memory that grows with it linearly (speed lives in bench/)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import as_read

pytestmark = pytest.mark.slow


def _concatenated(shared: Path, size: int, path: Path) -> Path:
    corpus = "\n".join(p.read_text(encoding="utf-8-sig") for p in sorted((shared / "corpus").rglob("*.txt")))
    copies = max(1, -(-size // len(corpus.encode("utf-8"))))
    path.write_text("\n".join([corpus] * copies), encoding="utf-8")
    return path


def _extract(report: Path, out: Path) -> int:
    """Extract in a child process, as the CLI does; return that child's own peak memory (KiB)."""
    code = (
        "import resource, sys\n"
        "from plantool.cli import main\n"
        f"sys.argv = ['plantool', 'extract', {str(report)!r}, '-o', {str(out)!r}]\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    assert stop.code in (0, None), stop.code\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def test_fifty_megabytes_extract_in_linear_memory(shared: Path, tmp_path: Path) -> None:
    small = _concatenated(shared, 5_000_000, tmp_path / "small.txt")
    big = _concatenated(shared, 50_000_000, tmp_path / "big.txt")
    ratio = big.stat().st_size / small.stat().st_size
    small_peak = _extract(small, tmp_path / "small.json")
    big_peak = _extract(big, tmp_path / "big.json")
    # memory grows no faster than the input (with a little slack), never with its square
    assert big_peak <= small_peak * ratio * 1.2, (small_peak, big_peak, ratio)
    doc = json.loads((tmp_path / "big.json").read_text(encoding="utf-8"))
    once = json.loads((tmp_path / "small.json").read_text(encoding="utf-8"))
    text = big.read_text(encoding="utf-8")
    # the output grows with the input too: ten times the text, about ten times the items
    for items in ("targets", "results"):
        assert len(doc[items]) >= 0.9 * ratio * len(once[items]) > 0, items
    for t in doc["targets"][:: max(1, len(doc["targets"]) // 500)]:
        assert as_read(text[t["span"]["start"] : t["span"]["end"]]) == as_read(t["text"])
