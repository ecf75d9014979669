"""The CLI as a user runs it: output, exit codes, one-line errors, no half-written files."""

from __future__ import annotations

import json
import re
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
    assert doc["schema_version"] == "1.3"
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


def test_several_reports_into_one_file_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "two.json"
    code, _, err = run_main(monkeypatch, capsys, "extract", str(SAMPLE), str(SAMPLE), "-o", str(out))
    assert code == 2 and err == f"Error: {out}: several reports go into a folder, one output each; give -o FOLDER\n"
    assert list(tmp_path.iterdir()) == []


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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "--no-such-option"], "Error: No such option: --no-such-option"),
        (["diff", str(SAMPLE)], "Error: Missing argument 'NEW'."),
        (["query", str(SAMPLE), "--min"], "Error: Option '--min' requires an argument."),
        (["summarize", str(SAMPLE), "--details", "x"], "Error: "),
        (["no-such-command"], "Error: No such command 'no-such-command'."),
    ],
)
def test_usage_error_is_one_line_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """A bad call, as the README promises: one line starting Error:, exit 2, nothing on stdout."""
    code, out, err = run_main(monkeypatch, capsys, *args)
    assert (code, out) == (2, "") and err.startswith(message) and err.count("\n") == 1, err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.json", "missing.json: file not found"),
        (lambda d: SAMPLE, "sample.txt: not an extraction (JSON/YAML) file; extract it first"),
    ],
    ids=["missing", "a-report"],
)
def test_validate_refuses_what_is_no_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], make, message: str
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "validate", str(make(tmp_path)))
    assert (code, out) == (2, "") and err.startswith("Error: ") and err.rstrip().endswith(message)


def test_version(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    code, out, _ = run_main(monkeypatch, capsys, "--version")
    assert (code, out) == (0, f"plantool {version('plantool')}\n")


def test_help_reads_as_people_write_commands(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Commands in the order a user meets them; arguments and options by their metavars, never a
    Python type (<bool>, <list[Path]>) or typer's {reports}; old option names hidden."""
    from plantool.cli import COMMANDS

    code, out, _ = run_main(monkeypatch, capsys, "--help")
    listed = [line.split()[0] for line in out.split("Commands:", 1)[1].splitlines() if line.strip()]
    assert code == 0 and listed == [name for name, _ in COMMANDS] and listed[0] == "extract"
    for name, _ in COMMANDS:
        code, out, _ = run_main(monkeypatch, capsys, name, "--help")
        assert code == 0 and out.startswith(f"Usage: plantool {name} [OPTIONS]"), name
        assert not re.search(r"<[a-z\[\] ]+>|\{\w+\}", out), (name, out)
    _, track_help, _ = run_main(monkeypatch, capsys, "track", "--help")
    _, export_help, _ = run_main(monkeypatch, capsys, "export", "--help")
    assert "--html" not in track_help and "-o, --output FILE" in track_help
    assert "--to" not in export_help and "-o, --output OUT" in export_help


@pytest.mark.parametrize("command", ["summarize", "export", "render"])
def test_reading_options_on_every_command_that_extracts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """--encoding, --year and --region mean the same wherever reports are extracted on the fly."""
    report = tmp_path / "r.txt"
    report.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    out = {"summarize": [], "export": ["-o", str(tmp_path / "t.csv")], "render": ["-o", str(tmp_path / "p.html")]}
    args = [command, str(report), "--encoding", "gb18030", "--year", "2025", "--region", "某区", *out[command]]
    code, stdout, err = run_main(monkeypatch, capsys, *args, *(["-f", "json"] if command == "summarize" else []))
    assert code == 0, err
    if command == "summarize":
        assert (json.loads(stdout)["documents"][0]["year"], json.loads(stdout)["documents"][0]["region"]) == (2025, "某区")
    if command == "export":
        assert "2025,某区" in (tmp_path / "t.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("command", "old", "suffix"), [("diff", "--html", ".html"), ("track", "--html", ".html"), ("export", "--to", ".csv")]
)
def test_old_option_names_still_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str, old: str, suffix: str
) -> None:
    target = tmp_path / f"out{suffix}"
    inputs = {"export": [SAMPLE], "diff": [SAMPLE, SAMPLE], "track": _two_years(tmp_path)}[command]
    code, _, err = run_main(monkeypatch, capsys, command, *map(str, inputs), old, str(target))
    assert code in (0, 1) and target.exists(), err


def _two_years(folder: Path) -> list[Path]:
    """The sample as a plan and a next year's report (its review read for the plan's year)."""
    plan, following = folder / "2026.txt", folder / "2027.txt"
    text = SAMPLE.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    following.write_text(text.replace("2026年", "2027年").replace("2025年", "2026年"), encoding="utf-8")
    return [plan, following]


@pytest.mark.parametrize(("command", "inputs"), [("diff", 2), ("track", 2)])
def test_output_format_by_extension(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str, inputs: int
) -> None:
    args = [command, *map(str, [SAMPLE, SAMPLE] if command == "diff" else _two_years(tmp_path))]
    code, out, err = run_main(monkeypatch, capsys, *args, "-o", str(tmp_path / "out.json"))
    assert code in (0, 1) and out == "" and json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    code, _, err = run_main(monkeypatch, capsys, *args, "-o", str(tmp_path / "out.xls"))
    assert code == 2 and "out.xls: unknown output format" in err and not (tmp_path / "out.xls").exists()


def test_internal_error_is_one_line_exit_3(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*_args: object, **_kw: object) -> None:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(sys.modules["plantool.pipeline"], "extract_grounded", boom)
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


@pytest.mark.parametrize(
    "args",
    [
        ["extract", str(SAMPLE), "-o", "{dir}/out.json"],
        ["render", str(SAMPLE), "-o", "{dir}/page.html"],
        ["export", str(SAMPLE), "-o", "{dir}/rows.csv"],
        ["export", str(SAMPLE), "-o", "{dir}/corpus.sqlite"],
        ["diff", str(SAMPLE), str(SAMPLE), "-o", "{dir}/diff.html"],
    ],
    ids=["extract", "render", "export-csv", "export-sqlite", "diff"],
)
def test_a_read_only_destination_is_a_user_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """A read-only file system refuses every write there, even the removal of a file that is not
    there: that is 'cannot write' and exit 2, as permission denied and a full disk are."""
    import errno
    import os

    readonly = tmp_path / "ro"
    readonly.mkdir()
    real_open, real_unlink = os.open, Path.unlink

    def refuse(path: object) -> None:
        if str(path).startswith(str(readonly)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))

    def fake_open(path: object, *rest: object, **kw: object) -> int:
        refuse(path)
        return real_open(path, *rest, **kw)  # type: ignore[arg-type]

    def fake_unlink(self: Path, missing_ok: bool = False) -> None:
        refuse(self)
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(Path, "unlink", fake_unlink)
    if args[-1].endswith(".sqlite"):
        import sqlite3

        real_connect = sqlite3.connect

        def fake_connect(path: object, *rest: object, **kw: object) -> sqlite3.Connection:
            if str(path).startswith(str(readonly)):  # as SQLite says it on a read-only file system
                raise sqlite3.OperationalError("unable to open database file")
            return real_connect(path, *rest, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(sqlite3, "connect", fake_connect)
    code, out, err = run_main(monkeypatch, capsys, *(a.format(dir=readonly) for a in args))
    assert (code, out) == (2, "") and err.count("\n") == 1, err
    assert err.startswith(f"Error: {readonly}/") and "cannot write" in err and "internal error" not in err
    assert list(readonly.iterdir()) == []
