"""The wheel carries the rules and data: plantool works installed, not only from the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_runs_with_its_own_rules_and_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("plantool-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for rule in (ROOT / "rules").glob("*.yaml"):
        assert f"plantool/_rules/{rule.name}" in names
    assert "plantool/_data/userdict.txt" in names and "plantool/_data/sample.txt" in names
    # every module of every layer, and the pages' templates, CSS and script
    package_files = [p for p in (ROOT / "plantool").rglob("*") if p.suffix in (".py", ".html", ".css", ".js")]
    missing = [str(p.relative_to(ROOT)) for p in package_files if p.relative_to(ROOT).as_posix() not in names]
    assert not missing, missing
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    script = (
        "import plantool, plantool.rules as r;"
        "assert str(r.packaged_rules_dir()).startswith(%r);"
        "doc = plantool.extract(r.packaged_data_dir() / 'sample.txt');"
        "print(len(doc.pillars), len(doc.targets) > 0)"
    ) % str(unpacked)
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env={"PYTHONPATH": str(unpacked)}, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["6", "True"]
    # and the command line, with every command module, from the wheel alone
    cli = subprocess.run(
        [sys.executable, "-m", "plantool", "summarize", str(unpacked / "plantool" / "_data" / "sample.txt"), "-f", "json"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked)},
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0, cli.stderr
    assert '"pillars": 6' in cli.stdout
    page = tmp_path / "sample.html"
    rendered = subprocess.run(
        [sys.executable, "-m", "plantool", "render", str(unpacked / "plantool" / "_data" / "sample.txt"), "-o", str(page)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked)},
        capture_output=True,
        text=True,
    )
    assert rendered.returncode == 0, rendered.stderr
    assert "<style>" in page.read_text(encoding="utf-8") and 'class="target ' in page.read_text(encoding="utf-8")
