"""Load: the inputs of the analyst commands, as Documents.

An extraction file (.json, .yaml, .yml) is read safely and validated against the model; any
other file is a report and is extracted on the fly. Folders and globs expand to the files in
them, sorted, so that every command sees its inputs in the same order.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from plantool.errors import PlantoolError
from plantool.model import Document
from plantool.pipeline import extract
from plantool.pipeline.read import is_report
from plantool.rules import Rules, key_path, read_yaml

EXTRACTION_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Reading:
    """How reports given to a command are read when extracted on the fly: an encoding instead of
    sniffing one, a year and a region instead of those read from the text. Extractions are read as
    they are."""

    encoding: str | None = None
    year: int | None = None
    region: str | None = None


def expand_inputs(items: Iterable[str | Path], take: Callable[[Path], bool]) -> list[Path]:
    """Files as given; folders (recursively) as the files in them that `take` accepts (reports,
    extractions), sorted; globs as the files they match."""
    out: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and take(p)))
        elif any(ch in str(item) for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(item), recursive=True))
            if not matches:
                raise PlantoolError(f"{item}: no file matches this pattern")
            out.extend(m for m in matches if m.is_file())
        else:
            out.append(path)
    return out


def is_extraction(path: Path) -> bool:
    return path.suffix.lower() in EXTRACTION_SUFFIXES


def read_extraction(path: Path) -> Document:
    """An extraction file, validated; every problem is reported with its path in the document."""
    problems = validation_problems(path)
    if problems:
        raise PlantoolError(f"{path}: not a valid plantool extraction: " + "; ".join(problems))
    return Document.model_validate(_parse(path))


def validation_problems(path: Path) -> list[str]:
    """What is wrong with an extraction file, one `where: what` per problem (empty if nothing)."""
    try:
        data = _parse(path)
    except PlantoolError as exc:
        return [exc.message.removeprefix(f"{path}: ").removeprefix(f"{path} ")]
    try:
        Document.model_validate(data)
    except ValidationError as exc:
        problems: dict[str, str] = {}
        for err in exc.errors():
            where = key_path(_field_loc(err["loc"]))
            problems.setdefault(where, err["msg"])  # a union's branches repeat one problem
        return [f"{where}: {msg}" for where, msg in problems.items()]
    return []


def _field_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The location without pydantic's names of union branches (value.int, value.float)."""
    while loc and isinstance(loc[-1], str) and (loc[-1] in _BRANCHES or "[" in loc[-1]):
        loc = loc[:-1]
    return loc


_BRANCHES = {"int", "float", "str", "bool", "none", "list", "dict"}


def _parse(path: Path) -> object:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError as exc:
            raise PlantoolError(f"{path}: file not found") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise PlantoolError(f"{path}: cannot read: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise PlantoolError(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    if not path.exists():
        raise PlantoolError(f"{path}: file not found")
    return read_yaml(path)


def load_document(path: Path, rules: Rules, reading: Reading = Reading()) -> Document:
    """An extraction file as it is, or a report extracted now."""
    if is_extraction(path):
        return read_extraction(path)
    return extract(path, rules=rules, encoding=reading.encoding, year=reading.year, region=reading.region)


def load_documents(items: Iterable[str | Path], rules: Rules, reading: Reading = Reading()) -> list[Document]:
    """Every input (files, folders, globs of extractions or reports) as a Document, in order."""
    paths = expand_inputs(items, lambda p: is_extraction(p) or is_report(p))
    if not paths:
        raise PlantoolError("no input files")
    return [load_document(p, rules, reading) for p in paths]


def load_with_text(path: Path, rules: Rules, reading: Reading = Reading()) -> tuple[Document, str]:
    """A document and the text its spans index: a report's own, or an extraction's source, re-read.

    An extraction's source must still be there, unchanged (its SHA-256 is checked), for the
    spans to mean anything.
    """
    from plantool.pipeline.read import read_source

    encoding = reading.encoding
    if not is_extraction(path):
        source = read_source(path, encoding, rules)
        return extract(source, rules=rules, year=reading.year, region=reading.region), source.text
    doc = read_extraction(path)
    source_path = Path(doc.source.path)
    if not source_path.is_absolute() and not source_path.exists():
        source_path = path.parent / source_path
    if doc.source.path in ("-", "<text>") or not source_path.is_file():
        raise PlantoolError(f"{path}: its source {doc.source.path} is not here; give the report instead")
    source = read_source(source_path, encoding or (doc.source.encoding if doc.source.format == "text" else None), rules)
    if source.sha256 != doc.source.sha256:
        raise PlantoolError(f"{path}: its source {source_path} has changed since it was extracted; extract it again")
    return doc, source.text
