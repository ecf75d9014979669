"""Batch extraction: many reports into a folder, in parallel, past failures, never half a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from plantool.cli import main
from plantool.workflows.batch import BatchOptions, output_paths, run_batch

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample.txt"


def _reports(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "a" / "甲市.txt").write_text("甲市2026年政府工作报告\n力争新增高新技术企业20家。\n", encoding="utf-8")
    (src / "b-2025.txt").write_bytes("新增就业1万人。\n".encode("gbk"))
    (src / "bad.txt").write_bytes(b"\x00\x01binary\x00" * 10)
    return src


def test_outputs_mirror_folders_and_file_names(tmp_path: Path) -> None:
    src = _reports(tmp_path)
    inputs = sorted(src.rglob("*.txt"))
    outs = output_paths(inputs, tmp_path / "out", "json")
    assert [o.relative_to(tmp_path / "out").as_posix() for o in outs] == ["a/甲市.json", "b-2025.json", "bad.json"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_goes_past_a_bad_report(tmp_path: Path, jobs: int) -> None:
    src = _reports(tmp_path)
    seen: list[str] = []
    results = run_batch(sorted(src.rglob("*.txt")), tmp_path / "out", BatchOptions(), jobs, lambda r: seen.append(r.source.name))
    assert [r.ok for r in results] == [True, True, False]
    assert "binary" in (results[2].error or "")
    assert sorted(seen) == ["b-2025.txt", "bad.txt", "甲市.txt"]
    doc = json.loads((tmp_path / "out" / "a" / "甲市.json").read_text(encoding="utf-8"))
    assert (doc["region"], doc["year"], doc["targets"][0]["value"]) == ("甲市", 2026, 20)
    other = json.loads((tmp_path / "out" / "b-2025.json").read_text(encoding="utf-8"))
    assert (other["year"], other["source"]["encoding"]) == (2025, "gb18030")
    assert not (tmp_path / "out" / "bad.json").exists()
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_cli_batch_exit_code_and_one_line_per_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _reports(tmp_path)
    monkeypatch.setattr(sys, "argv", ["plantool", "extract", str(src), "-o", str(tmp_path / "out"), "--jobs", "1"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 1
    assert err.count("failed:") == 1 and "bad.txt" in err
    # targets counted as every command counts them: restatements apart (summarize.counts)
    from plantool.analysis.summarize import counts
    from plantool.workflows.inputs import read_extraction

    docs = [read_extraction(p) for p in sorted((tmp_path / "out").rglob("*.json"))]
    n = {k: sum(counts(d)[k] for d in docs) for k in ("targets", "restatements")}
    assert f"2 of 3 reports extracted into {tmp_path / 'out'}, {n['targets']} targets, {n['restatements']} restatements" in err


def test_warnings_print_in_the_order_the_reports_were_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Workers finish in any order (the biggest report starts first and ends last here); the lines
    they cause are printed in the inputs' order, so the same command prints the same lines."""
    review = "一年来，新增就业2万人，城镇化率达到70%。\n"
    (tmp_path / "a-big.txt").write_text("甲县2026年政府工作报告\n一、2025年工作回顾\n" + review * 4000, encoding="utf-8")
    (tmp_path / "b-small.txt").write_text("乙县2026年政府工作报告\n一、2025年工作回顾\n" + review, encoding="utf-8")
    inputs = [str(tmp_path / "a-big.txt"), str(tmp_path / "b-small.txt")]
    monkeypatch.setattr(sys, "argv", ["plantool", "extract", *inputs, "-o", str(tmp_path / "out"), "--jobs", "2"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code in (0, None)
    warned = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert [w.split(": ")[1] for w in warned] == inputs, warned


def test_failure_lines_show_names_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name that looks like console markup is printed, not interpreted (nor a crash)."""
    src = _reports(tmp_path)
    (src / "p[").mkdir()
    (src / "bad.txt").rename(src / "p[" / "x][bold]bad.txt")  # its path holds [/x] and [bold]
    monkeypatch.setattr(sys, "argv", ["plantool", "extract", str(src), "-o", str(tmp_path / "out"), "--jobs", "1"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 1
    assert "p[/x][bold]bad.txt" in err and "internal error" not in err


def test_cli_batch_with_globs_and_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    src = _reports(tmp_path)
    monkeypatch.setattr(sys, "argv", ["plantool", "extract", str(src / "a" / "*.txt"), "-o", str(tmp_path / "out"), "-f", "yaml"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code in (0, None)
    assert (tmp_path / "out" / "甲市.yaml").exists()


def test_several_reports_need_an_output_folder(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["plantool", "extract", str(SAMPLE), str(SAMPLE)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2 and "-o FOLDER" in capsys.readouterr().err


def test_whole_corpus_in_one_command(shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["plantool", "extract", str(shared / "corpus"), "-o", str(tmp_path / "out"), "--jobs", "2"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code in (0, None)
    assert "83 of 83 reports extracted" in capsys.readouterr().err
    assert len(list((tmp_path / "out").rglob("*.json"))) == 83
    # and the whole lot into SQLite, answering the questions analysts ask of it
    db = tmp_path / "corpus.sqlite"
    monkeypatch.setattr(sys, "argv", ["plantool", "export", str(tmp_path / "out"), "--to", str(db)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code in (0, None)
    import sqlite3

    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (83,)
        gdp = "SELECT region, value, low, high, comparator FROM targets WHERE indicator = ? AND year = ? AND region = ?"
        assert con.execute(gdp, ("国内生产总值", 2025, "全国")).fetchall() == [("全国", 5, None, None, "approx")]
        assert con.execute(gdp, ("地区生产总值", 2026, "安徽省")).fetchall()[0] == ("安徽省", None, 5, 5.5, "range")


def test_resume_does_only_what_is_left(tmp_path: Path) -> None:
    src = _reports(tmp_path)
    inputs = sorted(src.rglob("*.txt"))[:2]
    first = run_batch(inputs, tmp_path / "out", BatchOptions(), 1)
    assert [r.ok for r in first] == [True, True]
    (tmp_path / "out" / "b-2025.json").unlink()  # as if the batch had been stopped before it
    again = run_batch(inputs, tmp_path / "out", BatchOptions(), 1, resume=True)
    assert [r.skipped for r in again] == [True, False]
    assert (tmp_path / "out" / "b-2025.json").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_interrupted_batch_keeps_whole_outputs_and_resumes(shared: Path, tmp_path: Path, jobs: int) -> None:
    """Ctrl-C in the middle of a batch: it stops at once, leaves no process behind, says how many
    outputs it wrote (each whole), and --resume finishes the rest."""
    import contextlib
    import os
    import signal
    import subprocess
    import time

    out = tmp_path / "out"
    args = [sys.executable, "-m", "plantool", "extract", str(shared / "corpus"), "-o", str(out), "--jobs", str(jobs)]
    proc = subprocess.Popen(
        args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal gives a command
        # a pytest started in the background (&, nohup) ignores SIGINT, and so would the batch
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - no threads here
    )
    deadline = time.monotonic() + 60
    while len(list(out.rglob("*.json"))) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()[1]
    try:
        os.killpg(proc.pid, signal.SIGSTOP)  # the group holds still while its outputs are counted
        before = len(list(out.rglob("*.json")))
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: to every process of the group, as a terminal sends it
        os.killpg(proc.pid, signal.SIGCONT)
        err = proc.communicate(timeout=30)[1]  # a bound, should it hang; it stops well within
        with pytest.raises(ProcessLookupError):
            os.killpg(proc.pid, 0)  # no worker left, not even one waiting to be reaped
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # what a failure left behind
    written = list(out.rglob("*.json"))
    assert proc.returncode == 130, err
    assert err.splitlines() == [
        f"interrupted: {len(written)} of 83 reports done, each output whole; run the same command with --resume to finish"
    ]
    assert 3 <= before <= len(written) <= before + 2 * jobs  # only what the workers held was finished
    assert not list(out.rglob("*.tmp"))
    for path in written:
        json.loads(path.read_text(encoding="utf-8"))  # whole, never half a file
    done = subprocess.run([*args, "--resume"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{len(written)} already done" in done.stderr
    assert len(list(out.rglob("*.json"))) == 83


def test_a_folder_holds_the_reports_its_files_are_by_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A web page, a PDF or a Word file in a folder is a report whatever its name; text is one by
    its name (.txt, .md); other files (a spreadsheet's CSV, an image) are not."""
    from plantool.pipeline.read import is_report
    from plantool.workflows.inputs import expand_inputs

    src = tmp_path / "in"
    src.mkdir()
    page = '<html><head><meta charset="utf-8"></head><body><p>国内生产总值增长5%左右。</p></body></html>'
    (src / "a.html").write_text(page, encoding="utf-8")
    (src / "saved-page").write_text(page, encoding="utf-8")  # a web page saved without an extension
    (src / "b.txt").write_text("力争新增高新技术企业20家。\n", encoding="utf-8")
    (src / "index.csv").write_text("file,year\nb.txt,2026\n", encoding="utf-8")
    (src / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    assert [p.name for p in expand_inputs([src], is_report)] == ["a.html", "b.txt", "saved-page"]
    with pytest.raises(SystemExit) as stop:
        sys.argv = ["plantool", "extract", str(src), "-o", str(tmp_path / "out")]
        main()
    assert stop.value.code in (0, None)
    assert "3 of 3 reports extracted" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json", "b.json", "saved-page.json"]
