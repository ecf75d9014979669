"""The CLI as a user runs it: output, exit codes, one-line errors, no half-written files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from conftest import run_main
from typer.testing import CliRunner

from plantool.cli import app

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample.txt"
runner = CliRunner()




def test_extract_prints_yaml_by_default() -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load(result.stdout)
    assert doc["schema_version"] == "1.2"
    assert doc["title"] == "青禾区2026年政府工作报告"
    assert doc["year"] == 2026 and doc["region"] == "青禾区"
    assert len(doc["pillars"]) == 6 and doc["targets"] and doc["results"]


def test_extract_writes_json_by_extension_with_summary(tmp_path: Path) -> None:
    out = tmp_path / "sample.json"
    result = runner.invoke(app, ["extract", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "targets" in result.stderr and str(len(doc["targets"])) in result.stderr
    assert result.stdout == ""


def test_format_override_and_overrides_of_year_region(tmp_path: Path) -> None:
    out = tmp_path / "x.out"
    result = runner.invoke(app, ["extract", str(SAMPLE), "-o", str(out), "--format", "json", "--year", "2030", "--region", "某区"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["year"], doc["region"]) == (2030, "某区")


def test_stdin_is_read_with_dash() -> None:
    result = runner.invoke(app, ["extract", "-", "-f", "json"], input="今年力争新增高新技术企业20家。\n".encode())
    assert result.exit_code == 0, result.output
    [target] = json.loads(result.stdout)["targets"]
    assert (target["indicator"], target["value"], target["strength"]) == ("高新技术企业", 20, "aspirational")


def test_schema_command_prints_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "plantool extraction"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "file not found"),
        (lambda d: d, "no reports found"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "bin.txt", b"\x7fELF\x00\x00" * 50), "binary"),
    ],
    ids=["missing", "directory", "empty", "binary"],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], make, message: str
) -> None:
    out = tmp_path / "out.json"
    code, stdout, stderr = run_main(monkeypatch, capsys, "extract", str(make(tmp_path)), "-o", str(out))
    assert code == 2
    assert stderr.startswith("Error: ") and message in stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert not out.exists() and stdout == ""


def test_bad_rules_dir_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "units.yaml").write_text("version: 1\nunits: 3\n", encoding="utf-8")
    code, _, stderr = run_main(monkeypatch, capsys, "extract", str(SAMPLE), "--rules", str(tmp_path))
    assert code == 2 and "units.yaml: units" in stderr


def test_unknown_output_extension(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = run_main(monkeypatch, capsys, "extract", str(SAMPLE), "-o", str(tmp_path / "out.txt"))
    assert code == 2 and "--format" in stderr
    assert list(tmp_path.iterdir()) == []


def test_strict_fails_on_unplaced_items(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.txt"
    # a change with no target before it cannot be placed
    report.write_text("一、2026年重点工作\n比上年提高1个百分点。\n", encoding="utf-8")
    out = tmp_path / "out.json"
    code, _, stderr = run_main(monkeypatch, capsys, "extract", str(report), "--strict", "-o", str(out))
    assert code == 1 and "--strict" in stderr and not out.exists()
    code, _, stderr = run_main(monkeypatch, capsys, "extract", str(report), "-v", "-o", str(out))
    assert code == 0 and "no target before it" in stderr and out.exists()


def test_usage_error_exit_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = run_main(monkeypatch, capsys, "extract", "--no-such-option")
    assert code == 2 and "No such option" in stderr


def test_internal_error_is_one_line_exit_3(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*_args: object, **_kw: object) -> None:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(sys.modules["plantool.pipeline"], "extract", boom)
    code, _, stderr = run_main(monkeypatch, capsys, "extract", str(SAMPLE))
    assert code == 3 and "internal error" in stderr and "Traceback" not in stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("args", "code"),
    [(["extract", str(SAMPLE)], 0), (["extract", "missing.txt"], 2), (["extract"], 2), (["diff", str(SAMPLE), str(SAMPLE)], 0)],
)
def test_console_entry_ends_with_the_exit_code_and_whole_output(args: list[str], code: int) -> None:
    """The process ends at once after the command (run()), with its code and every byte of stdout."""
    import subprocess

    done = subprocess.run([sys.executable, "-m", "plantool", *args], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == code, done.stderr
    if args[:2] == ["extract", str(SAMPLE)]:
        assert done.stdout == runner.invoke(app, args).stdout
    if code == 2:
        assert len(done.stderr.strip().splitlines()) >= 1 and "Traceback" not in done.stderr


def test_extract_loads_only_what_it_needs(tmp_path: Path) -> None:
    """A cold start pays for no library it does not use: no rich for a file output, no
    pkg_resources for jieba (nor kept from others), no cn2an, no readers for a .txt."""
    import subprocess

    script = (
        "import sys\n"
        f"sys.argv = ['plantool', 'extract', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'out.json')!r}]\n"
        "from plantool.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "heavy = ('rich', 'pkg_resources', 'cn2an', 'jieba.posseg', 'pdfminer', 'docx', 'bs4')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "import importlib.util\n"
        "if importlib.util.find_spec('pkg_resources') is not None:\n    import pkg_resources  # still importable\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "[]"
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["targets"]
