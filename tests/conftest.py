"""Shared fixtures: the packaged rules, the shared corpus, and case files as parameters."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from plantool import Rules, load_rules

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PLANTOOL_SHARED", ROOT.parent / "shared"))
CASES = Path(__file__).resolve().parent / "cases"


_LAYOUT = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]")


# A page-number line inside the text read (between two line breaks: a number that opens or ends a
# span, PM2.5 / 5年平均浓度…, is no line of its own; nor is a subscript after the letters it
# follows, 广义货币M / 2 / 预期增长), and footnote marks.
_PAGE_NUMBER = re.compile(r"(?<=\n)(?<![A-Za-z]\n)[ \t]*\d{1,4}[ \t]*(?=\n)|\[\d{1,3}\]|［\d{1,3}］|(?<=\S)〔\d{1,3}〕")


def as_read(text: str) -> str:
    """Text without lines of a page number, footnote marks, white space and zero-width marks. An item's text is
    the original at its span without the page debris dropped inside it; compared so, the two are
    equal."""
    return _LAYOUT.sub("", _PAGE_NUMBER.sub("", text))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current output")


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def placeholder_rules(tmp_path_factory: pytest.TempPathFactory) -> Rules:
    """The packaged rules with a site's stand-in for % added by an overlay (rules/README.md: a
    `stand_ins` entry for what one site's scrape writes, 13.3_M_M_ for 13.3%), as a user adds it."""
    overlay = tmp_path_factory.mktemp("rules")
    packaged = yaml.safe_load((ROOT / "rules" / "normalize.yaml").read_text(encoding="utf-8"))["stand_ins"]
    placeholder = {"name": "percent placeholder", "pattern": "_M_M_(?<=\\d_M_M_)", "char": "%", "shown": True}
    (overlay / "normalize.yaml").write_text(yaml.safe_dump({"stand_ins": [*packaged, placeholder]}), encoding="utf-8")
    return load_rules(overlay)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared corpus beside the checkout; its absence is a failure, never a skip."""
    if not (SHARED / "corpus" / "index.csv").is_file():
        pytest.fail(f"the shared corpus is missing at {SHARED} (set PLANTOOL_SHARED)")
    return SHARED


class Case(BaseModel):
    """One case of tests/cases/<stage>.yaml: an input text and what the stage must make of it."""

    model_config = ConfigDict(extra="forbid")
    id: str
    text: str
    expect: Any
    xfail: str | None = None  # the reason a known failure is expected (strict)


def cases(stage: str) -> list[Any]:
    """The cases of one stage as pytest params; a malformed file fails collection."""
    path = CASES / f"{stage}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: must be a list of cases")
    params, seen = [], set()
    for i, raw in enumerate(data):
        try:
            case = Case.model_validate(raw)
        except ValidationError as exc:
            raise ValueError(f"{path}: case {i}: {exc}") from exc
        if case.id in seen:
            raise ValueError(f"{path}: duplicate case id {case.id}")
        seen.add(case.id)
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the console entry point in process, as a user runs plantool: exit code, stdout, stderr."""
    import sys

    from plantool.cli import main

    monkeypatch.setattr(sys, "argv", ["plantool", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out, err


def load_module(path: Path, name: str) -> Any:
    """A Python file that is not part of the package (the shared scorer, docs/accuracy.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def scorer(shared: Path) -> Any:
    """../shared/eval/score.py, the scorer plantool eval must agree with."""
    return load_module(shared / "eval" / "score.py", "shared_score")
