"""Fixtures more than one test file shares."""

import pytest
from click.testing import CliRunner

from pipeline.cli import cli


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory):
    """The demo database: the bundled samples through the real pipeline, the bundled official record
    imported. Built once per session; a test that changes a database works on a copy."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "casewatch.db"
    result = CliRunner().invoke(
        cli, ["demo", "--no-serve", "--db", str(path), "--data-dir", str(folder / "data")]
    )
    assert result.exit_code == 0, result.output
    return path
