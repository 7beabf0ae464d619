"""The packages are layered: pipeline (CLI) over db (schema, load, publish) over corpus (fetch, store, text)
over extractors (text in, facts out), each importing only downwards, and no package's modules import each
other in a circle. The contracts are in pyproject.toml ([tool.importlinter]); import-linter checks them."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extractors", "corpus", "db", "pipeline")
MAX_FUNCTION_IMPORTS = 2


def test_lint_imports_keeps_the_layers_and_finds_no_cycles():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), "import-linter is not installed: pip install -e '.[test]'"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def function_imports(path: Path):
    """(line, module) of each import of a project module inside a function of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and (node.level or node.module.split(".")[0] in PACKAGES):
                yield node.lineno, "." * node.level + (node.module or "")
            elif isinstance(node, ast.Import):
                yield from ((node.lineno, a.name) for a in node.names if a.name.split(".")[0] in PACKAGES)


def test_project_imports_inside_functions_are_few_and_say_why():
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            for line, module in function_imports(path):
                comment = lines[line - 1] + lines[line - 2]
                found.append((f"{path.relative_to(ROOT)}:{line} {module}", "imported here" in comment))
    assert len(found) <= MAX_FUNCTION_IMPORTS, found
    assert all(says_why for _, says_why in found), [where for where, says_why in found if not says_why]
