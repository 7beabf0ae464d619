"""What the HTML reader needs at run time is installed by the plain requirements of pyproject.toml: an older
pip that does not follow a dependency's extras (justext asks for ``lxml[html_clean]``) must still install
it."""

import importlib.metadata
import tomllib
from pathlib import Path

import pytest

packaging = pytest.importorskip("packaging.requirements")
from packaging.utils import canonicalize_name  # noqa: E402

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def plain_closure(requirements: list[str]) -> set[str]:
    """The distributions ``requirements`` install when no dependency's extras are followed."""
    seen, todo = set(), [packaging.Requirement(r) for r in requirements]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        try:
            todo.extend(packaging.Requirement(r) for r in importlib.metadata.requires(name) or [])
        except importlib.metadata.PackageNotFoundError:
            continue
    return seen


def test_the_html_cleaner_trafilatura_needs_is_a_plain_requirement():
    import lxml.html.clean  # noqa: F401  (what justext, trafilatura's, imports)

    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    assert "lxml-html-clean" in plain_closure(declared)
