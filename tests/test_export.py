"""Export: a SQLite database that accumulates documents by sha256, and one row per target as CSV or JSONL."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from plantool import Document, PlantoolError, extract, extract_text, load_rules
from plantool.output.export import DB_VERSION, TABLES, TARGET_COLUMNS, export_documents

RULES = load_rules()

# invented reports: a review, goals and a plan with pillars and numbered measures
REPORT_A = (
    "一、2025年工作回顾\n"
    "全年地区生产总值增长5.2%，新增城镇就业3.1万人。\n"
    "二、2026年主要目标\n"
    "今年经济社会发展主要预期目标是：地区生产总值增长5%左右，城镇调查失业率控制在5.5%以内。\n"
    "三、2026年重点工作\n"
    "（一）加快建设现代化产业体系\n"
    "一是壮大先进制造业。力争新增高新技术企业120家，规模以上工业增加值增长6%以上。\n"
    "二是建成投用会展中心。\n"
    "（二）持续保障和改善民生\n"
    "一是稳定扩大就业。确保城镇新增就业6万人，居民人均可支配收入由4.1万元提高到4.3万元。\n"
)
REPORT_B = (
    "二、2026年主要目标\n"
    "地区生产总值增长4.5%—5%。\n"
    "三、2026年重点工作\n"
    "（一）扩大有效投资\n"
    "一是抓好重点项目。全年完成固定资产投资250亿元。\n"
)
ITEM_TABLES = ("sections", "pillars", "measures", "targets", "results", "milestones")


@pytest.fixture(scope="module")
def doc_a() -> Document:
    return extract_text(REPORT_A, year=2026, region="甲省")


@pytest.fixture(scope="module")
def doc_b() -> Document:
    return extract_text(REPORT_B, year=2026, region="乙省")


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _expected(*docs: Document) -> dict[str, int]:
    return {"documents": len(docs)} | {t: sum(len(getattr(d, t)) for d in docs) for t in ITEM_TABLES}


def _query(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


# SQLite


def test_sqlite_holds_every_item_of_every_document(tmp_path: Path, doc_a: Document, doc_b: Document) -> None:
    db = tmp_path / "plans.sqlite"
    summary = export_documents([doc_a, doc_b], db, RULES)
    assert (summary.format, summary.added, summary.replaced) == ("sqlite", 2, 0)
    assert summary.rows == _counts(db) == _expected(doc_a, doc_b)
    assert _counts(db)["targets"] == 8 and _counts(db)["milestones"] == 1
    assert _query(db, "SELECT source_sha256, source_path, year, region, schema_version FROM documents ORDER BY id") == [
        (d.source.sha256, d.source.path, 2026, r, "1.3") for d, r in ((doc_a, "甲省"), (doc_b, "乙省"))
    ]


def test_targets_answer_by_indicator_with_region_and_year(tmp_path: Path, doc_a: Document, doc_b: Document) -> None:
    db = tmp_path / "plans.db"
    export_documents([doc_a, doc_b], db, RULES)
    rows = _query(
        db,
        "SELECT region, year, value, low, high, comparator FROM targets WHERE indicator = ? ORDER BY region",
        "地区生产总值",
    )
    assert rows == [("乙省", 2026, None, 4.5, 5, "range"), ("甲省", 2026, 5, None, None, "approx")]
    assert _query(db, "SELECT region, value, unit FROM results WHERE indicator = '地区生产总值'") == [
        ("甲省", 5.2, "%")
    ]
    # base units, comparators, strength and the change beside a target, as columns
    assert _query(db, "SELECT value, unit, strength FROM targets WHERE indicator = '城镇新增就业'") == [
        (60000, "人", "binding")
    ]
    (text, value, unit, basis), *_ = _query(
        db, "SELECT change_text, change_value, change_unit, change_basis FROM targets WHERE change_text IS NOT NULL"
    )
    assert (value, unit, basis, text) == (41000, "元", "from", "4.1万元")


def test_targets_join_their_pillars_and_measures(tmp_path: Path, doc_a: Document) -> None:
    db = tmp_path / "plans.sqlite"
    export_documents([doc_a], db, RULES)
    rows = _query(
        db,
        """SELECT t.indicator, p.title, m.title FROM targets t
           JOIN pillars p ON p.document_id = t.document_id AND p.id = t.pillar_id
           JOIN measures m ON m.document_id = t.document_id AND m.id = t.measure_id
           ORDER BY t.span_start""",
    )
    assert rows == [
        ("高新技术企业", "加快建设现代化产业体系", "壮大先进制造业"),
        ("规模以上工业增加值", "加快建设现代化产业体系", "壮大先进制造业"),
        ("城镇新增就业", "持续保障和改善民生", "稳定扩大就业"),
        ("居民人均可支配收入", "持续保障和改善民生", "稳定扩大就业"),
    ]
    assert _query(db, "PRAGMA foreign_key_check") == []
    # the links are declared: a target pointing at a pillar that is not there cannot be committed
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    conn.execute("UPDATE targets SET pillar_id = 'p99' WHERE id = 't3'")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("COMMIT")
    conn.execute("ROLLBACK")
    # and deleting a document takes its items with it
    conn.execute("DELETE FROM documents")
    assert all(conn.execute(f"SELECT count(*) FROM {t}").fetchone() == (0,) for t in ITEM_TABLES)
    conn.close()


def test_reexport_replaces_a_document_and_keeps_the_others(tmp_path: Path, doc_a: Document, doc_b: Document) -> None:
    db = tmp_path / "plans.sqlite"
    export_documents([doc_a], db, RULES)
    (first_id,) = _query(db, "SELECT id FROM documents")[0]
    again = export_documents([doc_a], db, RULES)
    assert (again.added, again.replaced) == (0, 1)
    assert _counts(db) == _expected(doc_a)
    assert _query(db, "SELECT id FROM documents") == [(first_id,)]  # same document, same id
    added = export_documents([doc_b], db, RULES)
    assert (added.added, added.replaced) == (1, 0)
    assert _counts(db) == _expected(doc_a, doc_b)
    # the same source bytes with new content (other rules, a region given): the new content wins
    renamed = doc_a.model_copy(update={"region": "丙省"})
    export_documents([renamed], db, RULES)
    assert _counts(db) == _expected(doc_a, doc_b)
    assert _query(db, "SELECT DISTINCT region FROM targets ORDER BY region") == [("丙省",), ("乙省",)]


def test_the_same_document_twice_in_one_export_is_one(tmp_path: Path, doc_a: Document) -> None:
    db = tmp_path / "plans.sqlite"
    summary = export_documents([doc_a, doc_a], db, RULES)
    assert (summary.added, summary.replaced) == (1, 0)
    assert _counts(db) == _expected(doc_a)
    rows = export_documents([doc_a, doc_a], tmp_path / "t.csv", RULES).rows
    assert rows == {"targets": len(doc_a.targets)}


def test_indexes_serve_the_usual_queries(tmp_path: Path, doc_a: Document) -> None:
    db = tmp_path / "plans.sqlite"
    export_documents([doc_a], db, RULES)
    names = {n for (n,) in _query(db, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    for table in ("targets", "results"):
        assert {f"{table}_indicator", f"{table}_region_year"} <= names

    def plan(sql: str) -> str:
        return " ".join(row[-1] for row in _query(db, "EXPLAIN QUERY PLAN " + sql))

    assert "targets_indicator" in plan("SELECT * FROM targets WHERE indicator = '地区生产总值'")
    assert "targets_region_year" in plan("SELECT * FROM targets WHERE region = '甲省' AND year = 2026")
    assert "results_region_year" in plan("SELECT * FROM results WHERE region = '甲省'")
    for table in ITEM_TABLES:  # by document: the UNIQUE (document_id, item_id) index
        assert "USING INDEX" in plan(f"SELECT * FROM {table} WHERE document_id = 1")


def test_schema_version_is_recorded_and_checked(tmp_path: Path, doc_a: Document) -> None:
    db = tmp_path / "plans.sqlite"
    export_documents([doc_a], db, RULES)
    assert _query(db, "PRAGMA user_version") == [(DB_VERSION,)]
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {DB_VERSION + 1}")
    before = db.read_bytes()
    with pytest.raises(PlantoolError, match="schema version"):
        export_documents([doc_a], db, RULES)
    assert db.read_bytes() == before
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE documents (name TEXT)")
    with pytest.raises(PlantoolError, match="not a plantool export"):
        export_documents([doc_a], other, RULES)
    (tmp_path / "text.sqlite").write_text("not a database\n" * 100, encoding="utf-8")
    with pytest.raises(PlantoolError, match="cannot write the database"):
        export_documents([doc_a], tmp_path / "text.sqlite", RULES)


def test_a_failed_export_leaves_the_database_unchanged(tmp_path: Path, doc_a: Document, doc_b: Document) -> None:
    db = tmp_path / "plans.sqlite"
    export_documents([doc_a], db, RULES)
    before = _query(db, "SELECT * FROM targets ORDER BY rowid")
    # doc_a again (so it is first deleted), with a target linked to a pillar it does not have
    bad = doc_a.targets[0].model_copy(update={"pillar": "p99"})
    broken = doc_a.model_copy(update={"targets": [bad, *doc_a.targets[1:]]})
    with pytest.raises(PlantoolError, match=r"nothing written: .*t1 links to a missing item of pillars"):
        export_documents([doc_b, broken], db, RULES)
    assert _counts(db) == _expected(doc_a)
    assert _query(db, "SELECT * FROM targets ORDER BY rowid") == before
    # a new database is not left behind empty
    with pytest.raises(PlantoolError):
        export_documents([broken], tmp_path / "new.sqlite", RULES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans.sqlite"]


# CSV and JSONL


def test_csv_is_one_row_per_target_for_excel(tmp_path: Path, doc_a: Document, doc_b: Document) -> None:
    out = tmp_path / "targets.csv"
    out.write_text("old content that is longer than nothing\n" * 1000, encoding="utf-8")
    summary = export_documents([doc_a, doc_b], out, RULES)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel reads the Chinese
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(TARGET_COLUMNS)
    records = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert len(records) == summary.rows["targets"] == len(doc_a.targets) + len(doc_b.targets)
    first = records[0]
    assert (first["region"], first["year"], first["indicator"], first["value"], first["raw"]) == (
        "甲省",
        "2026",
        "地区生产总值",
        "5",
        "5%左右",
    )
    by_indicator = {r["indicator"]: r for r in records}
    enterprises = by_indicator["高新技术企业"]
    assert (enterprises["pillar_title"], enterprises["measure_title"]) == ("加快建设现代化产业体系", "壮大先进制造业")
    assert (enterprises["value"], enterprises["unit"], enterprises["strength"]) == ("120", "家", "aspirational")
    assert by_indicator["固定资产投资"]["value"] == "25000000000"
    # base units for machines, and beside them the number as people write it and the indicator as a key
    assert (by_indicator["固定资产投资"]["readable"], first["readable"]) == ("250亿元", "≈5%")
    assert first["indicator_key"] == "生产总值" and by_indicator["高新技术企业"]["indicator_key"] == "高新技术企业"
    assert by_indicator["居民人均可支配收入"]["change_basis"] == "from"
    assert by_indicator["居民人均可支配收入"]["change_value"] == "41000"
    assert {r["low"] for r in records if r["region"] == "乙省" and r["comparator"] == "range"} == {"4.5"}


def test_jsonl_is_one_flat_object_per_target(
    tmp_path: Path, doc_a: Document, doc_b: Document
) -> None:
    out = tmp_path / "targets.jsonl"
    export_documents([doc_a, doc_b], out, RULES)
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == len(doc_a.targets) + len(doc_b.targets)
    assert all(list(r) == list(TARGET_COLUMNS) for r in records)
    income = next(r for r in records if r["indicator"] == "居民人均可支配收入")
    assert income["change_value"] == 41000 and income["change_end"] > income["change_start"]
    assert (income["region"], income["pillar_title"], income["measure_title"]) == (
        "甲省",
        "持续保障和改善民生",
        "稳定扩大就业",
    )
    assert [r["value"] for r in records[:2]] == [5, 5.5]  # numbers stay numbers
    assert "地区生产总值" in lines[0]  # Chinese as is


def test_files_are_byte_identical_for_the_same_inputs(tmp_path: Path, doc_a: Document, doc_b: Document) -> None:
    for suffix in (".csv", ".jsonl"):
        export_documents([doc_a, doc_b], tmp_path / f"1{suffix}", RULES)
        again = [extract_text(REPORT_A, year=2026, region="甲省"), extract_text(REPORT_B, year=2026, region="乙省")]
        export_documents(again, tmp_path / f"2{suffix}", RULES)
        assert (tmp_path / f"1{suffix}").read_bytes() == (tmp_path / f"2{suffix}").read_bytes()


def test_unknown_extension_is_a_user_error(tmp_path: Path, doc_a: Document) -> None:
    for name in ("out.xlsx", "out", "out.json"):
        with pytest.raises(PlantoolError, match="unknown export format; use .sqlite, .csv or .jsonl"):
            export_documents([doc_a], tmp_path / name, RULES)
    assert list(tmp_path.iterdir()) == []
    assert export_documents([doc_a], tmp_path / "OUT.CSV", RULES).format == "csv"


# the corpus


@pytest.mark.slow
def test_corpus_gdp_growth_targets_by_region(tmp_path: Path, shared: Path) -> None:
    """The README's cross-province query: each province's 2026 growth target, once, however worded
    (地区生产总值, 经济增长, 生产总值)."""
    folder = shared / "corpus" / "provincial-2026"
    docs = [extract(path) for path in sorted(folder.glob("*.txt"))]
    db = tmp_path / "provinces.sqlite"
    summary = export_documents(docs, db, RULES)
    assert summary.rows["documents"] == 31 and summary.rows["targets"] == sum(len(d.targets) for d in docs)
    rows = _query(
        db,
        "SELECT region, readable FROM targets WHERE indicator_key = '生产总值' AND unit = '%' AND kind = 'increase' "
        "AND horizon = 'annual' AND restates IS NULL AND year = 2026 ORDER BY region",
    )
    assert len(rows) == len({region for region, _ in rows}) == 31
    by_region = dict(rows)
    # 地区生产总值增长5.5%左右, 4.5%—5%, 5%以上
    assert (by_region["四川省"], by_region["山西省"], by_region["山东省"]) == ("≈5.5%", "4.5–5%", "≥5%")
    # last year's figure is a result, not a target: 山东 地区生产总值增长5.5%
    assert ("山东省", 2026, 5.5) in _query(
        db, "SELECT region, year, value FROM results WHERE indicator LIKE '%生产总值%' AND unit = '%'"
    )


def test_every_field_of_a_target_reaches_every_table(tmp_path: Path, doc_a: Document) -> None:
    """A target's columns come from the model: each of its fields (spans split, the change's fields
    prefixed) is a column of CSV, JSONL, SQLite and the query table, so a field added to the model
    cannot be forgotten by one of them."""
    from typer.testing import CliRunner

    from plantool.cli import app
    from plantool.model import Target
    from plantool.output.serialize import to_json
    from plantool.output.tables import columns

    fields = columns(Target)
    assert {"indicator", "value", "span_start", "indicator_end", "change_value", "change_basis", "pillar_id"} <= set(fields)
    assert len(fields) > len(Target.model_fields)  # derived: spans and the change are flattened
    export_documents([doc_a], tmp_path / "t.csv", RULES)
    export_documents([doc_a], tmp_path / "t.jsonl", RULES)
    export_documents([doc_a], tmp_path / "t.sqlite", RULES)
    csv_columns = next(csv.reader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8-sig"))))
    jsonl_columns = list(json.loads((tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()[0]))
    sqlite_columns = [row[1] for row in _query(tmp_path / "t.sqlite", "PRAGMA table_info(targets)")]
    saved = tmp_path / "a.json"
    saved.write_text(to_json(doc_a), encoding="utf-8")
    query_columns = next(csv.reader(io.StringIO(CliRunner().invoke(app, ["query", str(saved), "-f", "csv"]).stdout)))
    for name, got in (("CSV", csv_columns), ("JSONL", jsonl_columns), ("SQLite", sqlite_columns), ("query", query_columns)):
        assert not set(fields) - set(got), (name, sorted(set(fields) - set(got)))
