"""Export: documents into a SQLite database that accumulates, or one row per target as CSV or JSONL.

A document is identified by the sha256 of its source bytes: exporting it again replaces it,
never duplicates it. The database is written in one transaction, so a failure leaves it as it
was; CSV and JSONL files are overwritten atomically, and are byte-identical for the same inputs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from plantool.errors import PlantoolError
from plantool.model import Document, Measure, Milestone, Pillar, Section, Target
from plantool.output.serialize import remove_quietly, to_csv, to_jsonl, write_atomic
from plantool.output.tables import (
    DERIVED_COLUMNS,
    TARGET_COLUMNS,
    derived,
    document_fields,
    field_columns,
    flat,
    target_rows,
)
from plantool.rules import Rules

ExportFormat = Literal["sqlite", "csv", "jsonl"]
EXPORT_FORMATS: dict[str, ExportFormat] = {".sqlite": "sqlite", ".db": "sqlite", ".csv": "csv", ".jsonl": "jsonl"}

# PRAGMA user_version of the databases this module writes; bump it when the tables change
DB_VERSION = 4

# The tables, in the order of insertion (what an item links to comes before it): each is the
# flat columns of its model (`plantool.output.tables`), after document_id; targets and results
# carry their document's year and region too, and the derived columns (readable, indicator_key),
# for queries across documents.
ITEMS: dict[str, type[BaseModel]] = {
    "sections": Section,
    "pillars": Pillar,
    "measures": Measure,
    "targets": Target,
    "results": Target,
    "milestones": Milestone,
}
TABLES = ("documents", *ITEMS)
_SQL_TYPES = {"integer": "INTEGER", "number": "NUMERIC", "text": "TEXT", "boolean": "INTEGER"}
# Items link to each other by their ids within one document, so those links are foreign keys on
# (document_id, id); they are deferred so that the order of insertion does not matter.
_LINK = "DEFERRABLE INITIALLY DEFERRED"
_LINKED_TABLES = {"section_id": "sections", "pillar_id": "pillars", "measure_id": "measures"}


def _create(table: str, model: type[BaseModel]) -> str:
    """The CREATE TABLE of an item table, from its model's flat columns."""
    lines = ["document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE"]
    if model is Target:
        lines += ["year INTEGER", "region TEXT"]
    keys = []
    for name, kind, nullable in field_columns(model):
        lines.append(f"{name} {_SQL_TYPES[kind]}{'' if nullable else ' NOT NULL'}")
        parent = table if name == "restates" else _LINKED_TABLES.get(name)
        if parent is not None:
            keys.append(f"FOREIGN KEY (document_id, {name}) REFERENCES {parent}(document_id, id) {_LINK}")
    if model is Target:
        lines += [f"{name} TEXT NOT NULL" for name in DERIVED_COLUMNS]
    lines += ["UNIQUE (document_id, id)", *keys]
    return f"CREATE TABLE {table} (\n    " + ",\n    ".join(lines) + "\n)"


def _schema() -> tuple[str, ...]:
    document = ["id INTEGER PRIMARY KEY"] + [
        f"{name} {_SQL_TYPES[kind]}{'' if nullable else ' NOT NULL'}" + (" UNIQUE" if name == "source_sha256" else "")
        for name, kind, nullable in field_columns(Document)
    ]
    return (
        "CREATE TABLE documents (\n    " + ",\n    ".join(document) + "\n)",
        *(_create(table, model) for table, model in ITEMS.items()),
        # lookups by document use the UNIQUE (document_id, id) index, which leads with document_id
        "CREATE INDEX targets_indicator ON targets(indicator)",
        "CREATE INDEX targets_indicator_key ON targets(indicator_key)",
        "CREATE INDEX targets_region_year ON targets(region, year)",
        "CREATE INDEX results_indicator ON results(indicator)",
        "CREATE INDEX results_indicator_key ON results(indicator_key)",
        "CREATE INDEX results_region_year ON results(region, year)",
    )


SCHEMA = _schema()


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


def export_documents(docs: list[Document], out: Path, rules: Rules) -> ExportSummary:
    """Write `docs` to `out` in the format its extension names (.sqlite/.db, .csv, .jsonl)."""
    out = Path(out)
    fmt = export_format(out)
    if fmt == "sqlite":
        return export_sqlite(docs, out, rules)
    unique = unique_documents(docs)
    rows = target_rows([(doc, t) for doc in unique for t in doc.targets], rules)
    write_atomic(out, to_csv(rows, list(TARGET_COLUMNS), bom=True) if fmt == "csv" else to_jsonl(rows))
    return ExportSummary(path=out, format=fmt, added=len(unique), replaced=0, rows={"targets": len(rows)})


def unique_documents(docs: Iterable[Document]) -> list[Document]:
    """One document per sha256: the last one given wins, at the place of the first."""
    by_sha: dict[str, Document] = {}
    for doc in docs:
        by_sha[doc.source.sha256] = doc
    return list(by_sha.values())


def export_sqlite(docs: list[Document], out: Path, rules: Rules) -> ExportSummary:
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
                summary = _write(conn, docs, out, rules)
                _commit(conn, out)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except BaseException as exc:
        if not existed:  # leave no empty database behind
            remove_quietly(out)
        if isinstance(exc, sqlite3.Error):
            raise PlantoolError(f"{out}: cannot write the database: {exc}") from exc
        raise
    return summary


def _write(conn: sqlite3.Connection, docs: list[Document], out: Path, rules: Rules) -> ExportSummary:
    _prepare(conn, out)
    counts = dict.fromkeys(TABLES, 0)
    replaced = 0
    for doc in docs:
        old = conn.execute("SELECT id FROM documents WHERE source_sha256 = ?", (doc.source.sha256,)).fetchone()
        if old is not None:  # delete, then insert under the same id: its rows cascade away
            conn.execute("DELETE FROM documents WHERE id = ?", old)
            replaced += 1
        row = _document_row(doc, None if old is None else old[0])
        doc_id = conn.execute(
            f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
        ).lastrowid
        counts["documents"] += 1
        try:
            for table, rows in _item_rows(doc, rules).items():
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
            f"SELECT d.source_path, t.id FROM {table} t JOIN documents d ON d.id = t.document_id WHERE t.rowid = ?",
            (rowid,),
        ).fetchone()
        said.append(f"{path}: {item} links to a missing item of {parent}")
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return "; ".join(said) + more


def _document_row(doc: Document, doc_id: int | None) -> dict[str, Any]:
    return {"id": doc_id, **document_fields(doc)}


def _item_rows(doc: Document, rules: Rules) -> dict[str, list[dict[str, Any]]]:
    """The rows of each item table for one document, without document_id, in TABLES order."""
    place = {"year": doc.year, "region": doc.region}
    return {
        table: [
            {**place, **flat(item, model), **derived(item, rules)} if isinstance(item, Target) else flat(item, model)
            for item in getattr(doc, table)
        ]
        for table, model in ITEMS.items()
    }
