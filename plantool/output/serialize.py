"""Serialize: the only module that knows output formats (YAML, JSON, JSON Schema)."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from plantool.errors import PlantoolError

Format = Literal["yaml", "json"]
FORMATS: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}

# libyaml's emitter when PyYAML was built with it (PyPI wheels are): much faster than pure Python
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def to_json(data: BaseModel | dict[str, Any]) -> str:
    obj = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def to_yaml(data: BaseModel | dict[str, Any]) -> str:
    obj = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return yaml.dump(obj, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    """One JSON object per line."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def to_csv(rows: list[dict[str, Any]], columns: list[str], bom: bool = False) -> str:
    """CSV with a header row; nested values as JSON; `bom` for Excel to see UTF-8 Chinese."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_flat(row.get(c)) for c in columns])
    return ("\ufeff" if bom else "") + out.getvalue()


def to_markdown_table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """A Markdown table; | in cells escaped."""
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_flat(row.get(c)).replace("|", "\\|") for c in columns) + " |")
    return "\n".join(lines) + "\n"


def _flat(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def dump(data: BaseModel | dict[str, Any], fmt: Format) -> str:
    return to_json(data) if fmt == "json" else to_yaml(data)


def format_for(path: str | os.PathLike[str], override: str | None = None) -> Format:
    """The output format: `override` if given, else by the file's extension."""
    if override:
        if override not in ("yaml", "json"):
            raise PlantoolError(f"--format {override}: unknown format; use yaml or json")
        return override  # type: ignore[return-value]
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise PlantoolError(f"{path}: cannot tell the format from the extension; use .yaml, .yml or .json, or --format")
    return FORMATS[suffix]


def write_atomic(path: str | os.PathLike[str], content: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed over it.

    The temporary name is this process's own (pid and a counter), so whatever stops the
    write, Ctrl-C included, the file can be removed without racing another writer."""
    target = Path(path)
    if target.is_dir():
        raise PlantoolError(f"{target}: is a directory; give a file name for -o")
    if not target.parent.is_dir():
        raise PlantoolError(f"{target.parent}: output directory does not exist")
    tmp = target.parent / f".{target.name}.{os.getpid()}.{next(_temporary_names)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)  # a normal file's mode, by umask
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException as exc:
        remove_quietly(tmp)
        if isinstance(exc, OSError):
            raise PlantoolError(f"{target}: cannot write: {exc.strerror or exc}") from exc
        raise


def remove_quietly(path: Path) -> None:
    """Remove a file this process began, if it is there and can be: on a read-only file system
    even a missing file's removal fails, and that must not hide why the write failed."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


_temporary_names = itertools.count()


def json_schema() -> str:
    """The JSON Schema of the extraction document."""
    from plantool.model import Document

    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "plantool extraction"
    return to_json(schema)
