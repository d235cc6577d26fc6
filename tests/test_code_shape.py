"""The code stays easy to read: short modules and functions (issue 16's limits).

No module over 400 lines outside migrations; no function over 60 lines outside tests and
migrations. A longer one is a sign that two topics, or two steps of one flow, share a home.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("accounts", "bench", "config", "demo", "reviews", "tests")
MODULE_LINES = 400
FUNCTION_LINES = 60


def _is_test(path: Path) -> bool:
    relative = path.relative_to(ROOT).parts
    return "tests" in relative or path.name.startswith(("test_", "conftest"))


def python_modules(root: Path = ROOT) -> list[Path]:
    found = [root / "conftest.py"] if (root / "conftest.py").exists() else []
    for package in PACKAGES:
        found.extend(
            path
            for path in sorted((root / package).rglob("*.py"))
            if "migrations" not in path.relative_to(root).parts
        )
    return found


def long_modules(paths: list[Path], root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)}: {lines} lines"
        for path in paths
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    ]


def long_functions(paths: list[Path], root: Path = ROOT) -> list[str]:
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            first = min([node.lineno, *(each.lineno for each in node.decorator_list)])
            lines = (node.end_lineno or node.lineno) - first + 1
            if lines > FUNCTION_LINES:
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.name}: {lines} lines")
    return found


def test_the_scans_find_what_they_look_for(tmp_path: Path) -> None:
    (tmp_path / "reviews").mkdir()
    long = tmp_path / "reviews" / "long.py"
    body = "\n".join(f"    x{n} = {n}" for n in range(FUNCTION_LINES))
    long.write_text(f"def f() -> None:\n{body}\n" + "\n" * MODULE_LINES, encoding="utf-8")

    paths = python_modules(tmp_path)

    assert paths == [long]
    assert long_modules(paths, tmp_path) == [f"reviews/long.py: {MODULE_LINES + 61} lines"]
    assert long_functions(paths, tmp_path) == ["reviews/long.py:1 f: 61 lines"]


def test_no_module_is_over_400_lines() -> None:
    modules = python_modules()
    assert len(modules) > 200  # the packages were found

    assert long_modules(modules) == []


@pytest.mark.parametrize("package", ["accounts", "config", "demo", "reviews", "bench"])
def test_no_function_outside_tests_is_over_60_lines(package: str) -> None:
    modules = [
        path
        for path in python_modules()
        if path.relative_to(ROOT).parts[0] == package and not _is_test(path)
    ]

    assert long_functions(modules) == []
