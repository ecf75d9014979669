"""Reading: encodings are told apart without flags; bad input is one clear PlantoolError."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from plantool import PlantoolError
from plantool.pipeline.read import decode_source, read_source

TEXT = "各位代表：\r\n今年新增就业1万人，城镇调查失业率控制在5.5%以内。\n"
DECODED = "各位代表：\n今年新增就业1万人，城镇调查失业率控制在5.5%以内。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "gbk", "gb18030"],
)
def test_encodings_decode_without_flags(data: bytes, encoding: str) -> None:
    src = decode_source(data, "r.txt")
    assert src.text == DECODED
    assert src.encoding == encoding


def test_encoding_override_and_bom_removed(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode("gbk"))
    assert read_source(path, "gbk").text == DECODED
    assert not decode_source(codecs.BOM_UTF8 + b"abc\xe4\xbb\x8a", "x").text.startswith("\ufeff")


def test_sha256_is_of_the_bytes(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    assert read_source(path).sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        (b"", None, "empty"),
        (b"  \n\t\n", None, "empty"),
        (b"\x00\x01\x02binary\x00" * 20, None, "binary"),
        (bytes(range(1, 32)) * 10 + "文字".encode(), None, "binary"),
        (b"\x81\x30\xff\xfe\x80" * 5, None, "cannot decode"),
        ("今年".encode("gbk"), "utf-8", "not valid utf-8"),
        (b"abc", "no-such-codec", "unknown encoding"),
    ],
    ids=["empty", "whitespace", "nul-bytes", "control-chars", "undecodable", "wrong-override", "unknown-codec"],
)
def test_bad_bytes_are_one_clear_error(data: bytes, encoding: str | None, message: str) -> None:
    with pytest.raises(PlantoolError) as err:
        decode_source(data, "r.txt", encoding)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(PlantoolError, match="file not found"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(PlantoolError, match="is a directory"):
        read_source(tmp_path)
