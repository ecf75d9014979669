"""Run the README's console examples and check that each shows what the command prints.

    python docs/examples.py          # run every example; list each that differs (exit 1 if any)

An example is a ```console block: lines `$ command` (a line indented under one continues it),
each followed by the lines it prints, standard output and error together. A line that is just
`…` stands for any number of lines; `…` inside a line for any text there. Commands run from the
checkout with the plantool of the running Python's environment first on PATH; the files they
write (out/, sample.json, corpus.sqlite, seed.html …) are left in the checkout, which ignores
them, and removed first so that every run starts the same.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# What the examples write into the checkout (see .gitignore), removed before they run.
WRITTEN = ("out", "sample.json", "corpus.sqlite", "seed.html", "series.html")


@dataclass(frozen=True)
class Example:
    line: int  # of the command in README.md
    command: str
    expected: list[str]


def examples(text: str) -> list[Example]:
    """The commands of every console block, with the lines each is shown to print."""
    found: list[Example] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        i += 1
        current: Example | None = None
        while i < len(lines) and lines[i].strip() != "```":
            line = lines[i]
            if line.startswith("$ "):
                current = Example(i + 1, line[2:], [])
                found.append(current)
            elif current is not None and line.startswith("    ") and not current.expected:
                found[-1] = current = Example(current.line, current.command + "\n" + line, [])
            elif current is not None:
                current.expected.append(line)
            i += 1
        i += 1
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the actual lines are the expected ones, `…` standing for what is left out."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line.strip() == "…" else ".*".join(map(re.escape, line.rstrip().split("…"))) + r"[ \t]*\n"
        for line in expected
    )
    return re.fullmatch(pattern, "".join(line.rstrip() + "\n" for line in actual)) is not None


def run(example: Example) -> list[str]:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", COLUMNS="200")
    out = subprocess.run(
        ["bash", "-c", example.command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    return (out.stdout + out.stderr).splitlines()


def differing() -> list[str]:
    """Each example whose command does not print what the README shows, with what it printed."""
    for name in WRITTEN:
        path = ROOT / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    problems = []
    for example in examples(README.read_text(encoding="utf-8")):
        actual = run(example)
        if not matches(example.expected, actual):
            shown = "\n".join(f"    {line}" for line in actual[:40])
            problems.append(f"README.md:{example.line}: $ {example.command}\n  printed:\n{shown}")
    return problems


if __name__ == "__main__":
    problems = differing()
    print("\n".join(problems) or "every README example prints what it shows")
    sys.exit(1 if problems else 0)
