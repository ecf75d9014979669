"""Serialize: the only module that knows output formats (YAML, JSON, JSON Schema)."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TextIO

import yaml
from pydantic import BaseModel

from plantool.errors import PlantoolError

Format = Literal["yaml", "json"]
FORMATS: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}

# libyaml's emitter when PyYAML was built with it (PyPI wheels are): much faster than pure Python
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def to_json(data: BaseModel | dict[str, Any]) -> str:
    return _json(data) + "\n"


def _json(data: Any) -> str:
    obj = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return json.dumps(obj, ensure_ascii=False, indent=2)


def to_yaml(data: BaseModel | dict[str, Any] | list[Any]) -> str:
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


def write_streamed(
    out: TextIO, outline: BaseModel, items: Mapping[str, Iterable[BaseModel]], fmt: Format
) -> dict[str, int]:
    """Write what `dump` writes for `outline` with each list named in `items` (empty in the
    outline) filled by them, an item at a time: a large report's output is never held whole, as
    text or as models. Returns how many items each list got."""
    written = dict.fromkeys(items, 0)

    def each(name: str) -> Iterator[Any]:
        for item in items[name]:
            written[name] += 1
            yield item.model_dump(mode="json")

    pieces = _json_pieces if fmt == "json" else _yaml_pieces
    out.writelines(pieces(outline.model_dump(mode="json"), {name: each(name) for name in items}))
    return written


def _json_pieces(fields: dict[str, Any], lists: Mapping[str, Iterator[Any]]) -> Iterator[str]:
    """json.dumps(…, indent=2) of `fields`, its lists read from `lists`: each value (and each
    list's items, a chunk at a time) dumped alone and indented to its depth, which a JSON text
    allows as it holds no raw newline inside a string."""
    for n, (name, value) in enumerate(fields.items()):
        yield ("{" if n == 0 else ",") + f"\n  {json.dumps(name, ensure_ascii=False)}: "
        if name not in lists:
            yield _json(value).replace("\n", "\n  ")
            continue
        opened = False
        for chunk in _chunks(lists[name]):
            yield ("," if opened else "[") + _json(chunk)[1:-2].replace("\n", "\n  ")  # the items, without [ and \n]
            opened = True
        yield "\n  ]" if opened else "[]"
    yield "\n}\n"


def _yaml_pieces(fields: dict[str, Any], lists: Mapping[str, Iterator[Any]]) -> Iterator[str]:
    """yaml.dump of `fields`, its lists read from `lists`: a block mapping is its keys dumped one
    by one, and a list under a key its items dumped a chunk at a time."""
    for name, value in fields.items():
        if name not in lists:
            yield to_yaml({name: value})
            continue
        chunks = _chunks(lists[name])
        yield to_yaml({name: next(chunks, [])})
        yield from map(to_yaml, chunks)


_CHUNK = 100  # items dumped in one call: a call per item costs more than the dumping


def _chunks(items: Iterator[Any]) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(items, _CHUNK)):
        yield chunk


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
    """Write the whole file or nothing."""
    with open_atomic(path) as fh:
        fh.write(content)


@contextmanager
def open_atomic(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text file to write, in pieces if need be, that is whole or absent: a temporary file
    beside it, renamed over it when the block ends without an error.

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
            yield fh
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
