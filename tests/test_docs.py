"""Documentation checked by tests, as datasette and sqlite-utils do: every command and option is in
README.md."""

import re
from pathlib import Path

import click
import pytest

from pipeline.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def walk_commands(group: click.Group, prefix=("casewatch",)):
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        path = prefix + (name,)
        yield path, command
        if isinstance(command, click.Group):
            yield from walk_commands(command, path)


COMMANDS = list(walk_commands(cli))
OPTIONS = [
    (path, opt)
    for path, command in COMMANDS
    for param in command.params
    if isinstance(param, click.Option)
    for opt in param.opts
    if opt.startswith("--")
]


def test_there_are_commands_to_document():
    names = {path[1] for path, _ in COMMANDS}
    assert {"ingest", "extract", "extract-file", "serve", "demo"} <= names


@pytest.mark.parametrize("path", [" ".join(p) for p, _ in COMMANDS])
def test_command_in_readme(path):
    assert f"`{path}" in README or f"{path} " in README, f"{path} is not documented in README.md"


@pytest.mark.parametrize("path,option", [(" ".join(p), o) for p, o in OPTIONS])
def test_option_in_readme(path, option):
    assert option in README, f"{path} {option} is not documented in README.md"


@pytest.mark.parametrize("path", [" ".join(p) for p, _ in COMMANDS])
def test_command_has_help(path):
    command = dict((" ".join(p), c) for p, c in COMMANDS)[path]
    assert command.help and len(command.help.strip()) > 20, f"{path} needs a --help text that explains it"


ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
NAMED_PATHS = sorted(
    set(re.findall(r"`((?:corpus|db|extractors|pipeline|tests|docs)/[\w./*<>]*)`", ARCHITECTURE))
)
NAMED_OBJECTS = sorted(
    set(re.findall(r"`((?:corpus|db|extractors|pipeline)/[\w/]+\.py)` `(\w+)`", ARCHITECTURE))
)


@pytest.mark.parametrize("path", NAMED_PATHS)
def test_every_path_architecture_names_exists(path):
    """A path with a placeholder (``test_extract_<kind>.py``, ``test_fetch_*.py``) names files that exist."""
    pattern = re.sub(r"<\w+>", "*", path).rstrip("/")
    assert list(ROOT.glob(pattern)), path


@pytest.mark.parametrize("path,name", NAMED_OBJECTS)
def test_every_function_or_class_architecture_names_is_in_its_module(path, name):
    assert re.search(rf"^(def|class) {name}\b|^{name} = ", (ROOT / path).read_text(encoding="utf-8"), re.M), (
        name
    )
