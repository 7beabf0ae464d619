"""A file whose name is not UTF-8 (b"caf\\xe9.txt", a Latin-1 name on Linux) is ingested like any other: its
name is stored and shown with U+FFFD for the bytes that are not UTF-8, and the run goes on to the other
files."""

import json
import os

import pytest
from click.testing import CliRunner

from corpus.ingest import display_name, ingest_paths
from db.database import open_db
from pipeline.cli import cli

CASELOAD = b"Social workers in Barnsley now carry an average caseload of 17 children.\n"
FUNDING = "The Council will invest £6.5m a year in children's social care.\n".encode()


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    try:
        (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes(CASELOAD)
        (folder / os.fsdecode(b"r\xe9sum\xe9.txt")).write_bytes(b"\x00\x01\x02 binary")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 file names")
    (folder / "funding.txt").write_bytes(FUNDING)
    return folder


def test_display_name_replaces_the_bytes_that_are_not_utf8():
    assert display_name(os.fsdecode(b"/docs/caf\xe9.txt")) == "/docs/caf\ufffd.txt"
    assert display_name("/docs/café.txt") == "/docs/café.txt"


def test_ingest_stores_a_file_with_a_non_utf8_name_and_keeps_what_was_stored(tmp_path, folder):
    db = open_db(tmp_path / "cw.db")
    (tmp_path / "before.txt").write_bytes(b"Caseloads in Wigan fell to 18.\n")
    ingest_paths(db, tmp_path / "data", [tmp_path / "before.txt"])
    before = list(db["documents"].rows)
    result = CliRunner().invoke(
        cli, ["ingest", str(folder), "--db", str(tmp_path / "cw.db"), "--data-dir", str(tmp_path / "data")]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "2 stored, 0 already stored, 1 failed" in result.output
    assert f"{folder}/r\ufffdsum\ufffd.txt: binary content" in result.output
    rows = {row["path"]: row for row in db["documents"].rows}
    assert rows[str(tmp_path / "before.txt")] == before[0]
    assert rows[f"{folder}/caf\ufffd.txt"]["text"] == CASELOAD.decode()
    assert f"{folder}/funding.txt" in rows
    assert [row["source"] for row in db["ingest_errors"].rows] == [f"{folder}/r\ufffdsum\ufffd.txt"]


def test_a_file_that_cannot_be_read_is_logged_in_plain_words(tmp_path, folder):
    missing = os.fsdecode(os.fsencode(folder) + b"/gone\xe9.txt")
    os.symlink(folder / "nowhere.txt", missing)
    db = open_db(tmp_path / "cw.db")
    report = ingest_paths(db, tmp_path / "data", [missing, folder / "funding.txt"])
    assert [name for name, _ in report.errors] == [f"{folder}/gone\ufffd.txt"]
    assert report.errors[0][1] == "cannot read the file: No such file or directory"
    assert [row["source"] for row in db["ingest_errors"].rows] == [f"{folder}/gone\ufffd.txt"]
    assert report.stored == [f"{folder}/funding.txt"]


def test_extract_file_names_it_the_same_way(folder):
    result = CliRunner().invoke(
        cli, ["extract-file", os.fsdecode(os.fsencode(folder) + b"/caf\xe9.txt"), str(folder / "funding.txt")]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["path"] for line in lines] == [f"{folder}/caf\ufffd.txt", f"{folder}/funding.txt"]
    assert [f["value"] for f in lines[0]["caseloads"]] == [17]
