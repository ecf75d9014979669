"""Export: documents into a SQLite database that accumulates, or one row per target as CSV or JSONL.

A document is identified by the sha256 of its source bytes: exporting it again replaces it,
never duplicates it. The database is written in one transaction, so a failure leaves it as it
was; CSV and JSONL files are overwritten atomically, and are byte-identical for the same inputs.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from plantool.errors import PlantoolError
from plantool.model import Document, Span, Target
from plantool.output.serialize import to_csv, to_jsonl, write_atomic

ExportFormat = Literal["sqlite", "csv", "jsonl"]
EXPORT_FORMATS: dict[str, ExportFormat] = {".sqlite": "sqlite", ".db": "sqlite", ".csv": "csv", ".jsonl": "jsonl"}

# PRAGMA user_version of the databases this module writes; bump it when SCHEMA changes
DB_VERSION = 1

# Items link to each other by their ids within one document, so those links are foreign keys on
# (document_id, item_id); they are deferred so that the order of insertion does not matter.
_LINK = "DEFERRABLE INITIALLY DEFERRED"
SCHEMA: tuple[str, ...] = (
    """CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    encoding TEXT NOT NULL,
    title TEXT,
    year INTEGER,
    region TEXT,
    schema_version TEXT NOT NULL
)""",
    """CREATE TABLE sections (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    title TEXT NOT NULL,
    role TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    title_start INTEGER NOT NULL,
    title_end INTEGER NOT NULL,
    UNIQUE (document_id, item_id)
)""",
    f"""CREATE TABLE pillars (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    section_id TEXT,
    title TEXT NOT NULL,
    style TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    title_start INTEGER NOT NULL,
    title_end INTEGER NOT NULL,
    UNIQUE (document_id, item_id),
    FOREIGN KEY (document_id, section_id) REFERENCES sections(document_id, item_id) {_LINK}
)""",
    f"""CREATE TABLE measures (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    pillar_id TEXT NOT NULL,
    title TEXT NOT NULL,
    style TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    title_start INTEGER NOT NULL,
    title_end INTEGER NOT NULL,
    UNIQUE (document_id, item_id),
    FOREIGN KEY (document_id, pillar_id) REFERENCES pillars(document_id, item_id) {_LINK}
)""",
    *(
        f"""CREATE TABLE {table} (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    year INTEGER,
    region TEXT,
    section_id TEXT,
    pillar_id TEXT,
    measure_id TEXT,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    indicator TEXT NOT NULL,
    indicator_start INTEGER NOT NULL,
    indicator_end INTEGER NOT NULL,
    value NUMERIC,
    low NUMERIC,
    high NUMERIC,
    unit TEXT NOT NULL,
    unit_family TEXT NOT NULL,
    comparator TEXT NOT NULL,
    kind TEXT NOT NULL,
    strength TEXT,
    raw TEXT NOT NULL,
    deadline INTEGER,
    change TEXT,
    change_value NUMERIC,
    change_unit TEXT,
    change_basis TEXT,
    restates TEXT,
    UNIQUE (document_id, item_id),
    FOREIGN KEY (document_id, section_id) REFERENCES sections(document_id, item_id) {_LINK},
    FOREIGN KEY (document_id, pillar_id) REFERENCES pillars(document_id, item_id) {_LINK},
    FOREIGN KEY (document_id, measure_id) REFERENCES measures(document_id, item_id) {_LINK},
    FOREIGN KEY (document_id, restates) REFERENCES {table}(document_id, item_id) {_LINK}
)"""
        for table in ("targets", "results")
    ),
    f"""CREATE TABLE milestones (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    section_id TEXT,
    pillar_id TEXT,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    verb TEXT NOT NULL,
    object TEXT NOT NULL,
    object_start INTEGER NOT NULL,
    object_end INTEGER NOT NULL,
    strength TEXT NOT NULL,
    UNIQUE (document_id, item_id),
    FOREIGN KEY (document_id, section_id) REFERENCES sections(document_id, item_id) {_LINK},
    FOREIGN KEY (document_id, pillar_id) REFERENCES pillars(document_id, item_id) {_LINK}
)""",
    # lookups by document use the UNIQUE (document_id, item_id) index, which leads with document_id
    "CREATE INDEX targets_indicator ON targets(indicator)",
    "CREATE INDEX targets_region_year ON targets(region, year)",
    "CREATE INDEX results_indicator ON results(indicator)",
    "CREATE INDEX results_region_year ON results(region, year)",
)
# in the order of insertion: what an item links to comes before it
TABLES = ("documents", "sections", "pillars", "measures", "targets", "results", "milestones")

# one row per target in CSV and JSONL: its document, where it stands, then its own fields
TARGET_COLUMNS: tuple[str, ...] = (
    "path",
    "sha256",
    "title",
    "year",
    "region",
    "id",
    "section_id",
    "pillar_id",
    "pillar_title",
    "measure_id",
    "measure_title",
    "span_start",
    "span_end",
    "text",
    "indicator",
    "indicator_start",
    "indicator_end",
    "value",
    "low",
    "high",
    "unit",
    "unit_family",
    "comparator",
    "kind",
    "strength",
    "raw",
    "deadline",
    "change",
    "change_value",
    "change_unit",
    "change_basis",
    "restates",
)


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, for the command to report."""

    path: Path
    format: ExportFormat
    added: int  # documents new to `path` (for CSV and JSONL: every document written)
    replaced: int  # documents the database already held (same sha256), replaced; 0 for CSV and JSONL
    rows: dict[str, int]  # rows written per table (CSV and JSONL: "targets" only)


def export_format(out: str | Path) -> ExportFormat:
    """The format `out`'s extension asks for; checked before any work is done."""
    fmt = EXPORT_FORMATS.get(Path(out).suffix.lower())
    if fmt is None:
        raise PlantoolError(f"{out}: unknown export format; use .sqlite, .csv or .jsonl")
    return fmt


def export_documents(docs: list[Document], out: Path) -> ExportSummary:
    """Write `docs` to `out` in the format its extension names (.sqlite/.db, .csv, .jsonl)."""
    out = Path(out)
    fmt = export_format(out)
    if fmt == "sqlite":
        return export_sqlite(docs, out)
    unique = unique_documents(docs)
    rows = target_rows(unique)
    write_atomic(out, to_csv(rows, list(TARGET_COLUMNS), bom=True) if fmt == "csv" else to_jsonl(rows))
    return ExportSummary(path=out, format=fmt, added=len(unique), replaced=0, rows={"targets": len(rows)})


def unique_documents(docs: Iterable[Document]) -> list[Document]:
    """One document per sha256: the last one given wins, at the place of the first."""
    by_sha: dict[str, Document] = {}
    for doc in docs:
        by_sha[doc.source.sha256] = doc
    return list(by_sha.values())


def target_rows(docs: Iterable[Document]) -> list[dict[str, Any]]:
    """One flat row per target (TARGET_COLUMNS), `change` kept as an object, in document order."""
    rows = []
    for doc in docs:
        pillars = {p.id: p.title for p in doc.pillars}
        measures = {m.id: m.title for m in doc.measures}
        head = {
            "path": doc.source.path,
            "sha256": doc.source.sha256,
            "title": doc.title,
            "year": doc.year,
            "region": doc.region,
        }
        for t in doc.targets:
            fields = _target_fields(t)
            fields["pillar_title"] = pillars.get(t.pillar) if t.pillar else None
            fields["measure_title"] = measures.get(t.measure) if t.measure else None
            row = {**head, "id": t.id, **fields}
            rows.append({c: row[c] for c in TARGET_COLUMNS})
    return rows


def export_sqlite(docs: list[Document], out: Path) -> ExportSummary:
    """Add `docs` to the database at `out` (created if missing), replacing those it holds already."""
    if out.is_dir():
        raise PlantoolError(f"{out}: is a directory; give a database file name")
    if not out.parent.is_dir():
        raise PlantoolError(f"{out.parent}: output directory does not exist")
    docs = unique_documents(docs)
    existed = out.exists()
    try:
        with closing(sqlite3.connect(out, isolation_level=None)) as conn:
            conn.execute("PRAGMA foreign_keys = ON")  # a no-op inside a transaction, so before BEGIN
            conn.execute("BEGIN IMMEDIATE")
            try:
                summary = _write(conn, docs, out)
                _commit(conn, out)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except BaseException as exc:
        if not existed:  # leave no empty database behind
            out.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise PlantoolError(f"{out}: cannot write the database: {exc}") from exc
        raise
    return summary


def _write(conn: sqlite3.Connection, docs: list[Document], out: Path) -> ExportSummary:
    _prepare(conn, out)
    counts = dict.fromkeys(TABLES, 0)
    replaced = 0
    for doc in docs:
        old = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (doc.source.sha256,)).fetchone()
        if old is not None:  # delete, then insert under the same id: its rows cascade away
            conn.execute("DELETE FROM documents WHERE id = ?", old)
            replaced += 1
        row = _document_row(doc, None if old is None else old[0])
        doc_id = conn.execute(
            f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
        ).lastrowid
        counts["documents"] += 1
        try:
            for table, rows in _item_rows(doc).items():
                _insert(conn, table, [{"document_id": doc_id, **r} for r in rows])
                counts[table] += len(rows)
        except sqlite3.IntegrityError as exc:
            raise PlantoolError(f"{out}: cannot export {doc.source.path}: {exc}") from exc
    return ExportSummary(path=out, format="sqlite", added=len(docs) - replaced, replaced=replaced, rows=counts)


def _commit(conn: sqlite3.Connection, out: Path) -> None:
    """Commit; the deferred links are checked now, and a broken one is named (the caller rolls back)."""
    try:
        conn.execute("COMMIT")
    except sqlite3.IntegrityError as exc:
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        raise PlantoolError(f"{out}: nothing written: {_dangling(conn, problems) or exc}") from exc


def _prepare(conn: sqlite3.Connection, out: Path) -> None:
    """Create the schema in a new database; refuse one of another schema version or not ours."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == DB_VERSION:
        return
    if version != 0:
        raise PlantoolError(
            f"{out}: database schema version {version}, but this plantool writes version {DB_VERSION}; "
            "export to a new file"
        )
    taken = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")} & set(TABLES)
    if taken:
        raise PlantoolError(
            f"{out}: not a plantool export, yet it has tables named {', '.join(sorted(taken))}; export to a new file"
        )
    for statement in SCHEMA:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {DB_VERSION}")


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows that share one set of keys (table and column names are ours, never input)."""
    if rows:
        columns = list(rows[0])
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        conn.executemany(sql, [tuple(row[c] for c in columns) for row in rows])


def _dangling(conn: sqlite3.Connection, problems: list[Any]) -> str:
    """What PRAGMA foreign_key_check found, said with the document and ids a person can look up."""
    said = []
    for table, rowid, parent, _ in problems[:3]:
        path, item = conn.execute(
            f"SELECT d.path, t.item_id FROM {table} t JOIN documents d ON d.id = t.document_id WHERE t.rowid = ?",
            (rowid,),
        ).fetchone()
        said.append(f"{path}: {item} links to a missing item of {parent}")
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return "; ".join(said) + more


def _document_row(doc: Document, doc_id: int | None) -> dict[str, Any]:
    return {
        "id": doc_id,
        "sha256": doc.source.sha256,
        "path": doc.source.path,
        "encoding": doc.source.encoding,
        "title": doc.title,
        "year": doc.year,
        "region": doc.region,
        "schema_version": doc.schema_version,
    }


def _item_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """The rows of each item table for one document, without document_id, in TABLES order."""
    place = {"year": doc.year, "region": doc.region}

    def quantity(t: Target) -> dict[str, Any]:
        fields = _target_fields(t)
        change = fields.pop("change")
        return {
            "item_id": t.id,
            **place,
            **fields,
            "change": None if change is None else json.dumps(change, ensure_ascii=False),
        }

    return {
        "sections": [
            {"item_id": s.id, "title": s.title, "role": s.role, **_span(s.span), **_span(s.title_span, "title")}
            for s in doc.sections
        ],
        "pillars": [
            {
                "item_id": p.id,
                "section_id": p.section,
                "title": p.title,
                "style": p.style,
                **_span(p.span),
                **_span(p.title_span, "title"),
            }
            for p in doc.pillars
        ],
        "measures": [
            {
                "item_id": m.id,
                "pillar_id": m.pillar,
                "title": m.title,
                "style": m.style,
                **_span(m.span),
                **_span(m.title_span, "title"),
            }
            for m in doc.measures
        ],
        "targets": [quantity(t) for t in doc.targets],
        "results": [quantity(r) for r in doc.results],
        "milestones": [
            {
                "item_id": ms.id,
                "section_id": ms.section,
                "pillar_id": ms.pillar,
                **_span(ms.span),
                "text": ms.text,
                "verb": ms.verb,
                "object": ms.object,
                **_span(ms.object_span, "object"),
                "strength": ms.strength,
            }
            for ms in doc.milestones
        ],
    }


def _target_fields(t: Target) -> dict[str, Any]:
    """The fields of a target (or result) as flat columns, shared by every format; `change` as a dict."""
    change = t.change.model_dump(mode="json") if t.change else None
    return {
        "section_id": t.section,
        "pillar_id": t.pillar,
        "measure_id": t.measure,
        **_span(t.span),
        "text": t.text,
        "indicator": t.indicator,
        **_span(t.indicator_span, "indicator"),
        "value": t.value,
        "low": t.low,
        "high": t.high,
        "unit": t.unit,
        "unit_family": t.unit_family,
        "comparator": t.comparator,
        "kind": t.kind,
        "strength": t.strength,
        "raw": t.raw,
        "deadline": t.deadline,
        "change": change,
        "change_value": t.change.value if t.change else None,
        "change_unit": t.change.unit if t.change else None,
        "change_basis": t.change.basis if t.change else None,
        "restates": t.restates,
    }


def _span(span: Span, prefix: str = "span") -> dict[str, int]:
    return {f"{prefix}_start": span.start, f"{prefix}_end": span.end}
