"""docs/domain-rules.md names a source and a real test for every rule it lists.

Each row of its tables is `rule | source | enforced in | test`. The test cell names tests as
`path/to/test_file.py::test_name`, `::test_other` (the same file as the name before it),
`::test_prefix_*` (every test whose name starts so: at least one must exist) or a whole test
file. These tests fail when a row leaves a cell empty, or names a test file, a test function or
a prefix that does not exist, or a path under "enforced in" that is gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "domain-rules.md"
HEADER = ("Rule", "Source", "Enforced in", "Test")
CODE = re.compile(r"`([^`]+)`")
TEST_NAME = re.compile(r"^(?:async )?def (test_\w+)\(", re.MULTILINE)


@dataclass(frozen=True)
class Row:
    line: int
    rule: str
    source: str
    enforced_in: str
    test: str


def _cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.strip().strip("|").split("|")]


def rows(text: str) -> list[Row]:
    """Every table row of the document but the headers and the separators."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("|"):
            continue
        cells = _cells(line)
        if tuple(cells) == HEADER or all(set(cell) <= {"-", ":"} for cell in cells):
            continue
        if len(cells) != len(HEADER):
            raise AssertionError(f"line {number}: {len(cells)} cells, not {len(HEADER)}: {line}")
        found.append(Row(number, *cells))
    return found


def references_in(cell: str) -> list[tuple[str, str]]:
    """(file, name) pairs a test cell names; name is "" for a whole file, "x*" for a prefix."""
    references = []
    current = ""
    for code in CODE.findall(cell):
        path, _, name = code.partition("::")
        if path:
            current = path
        elif not current:
            raise AssertionError(f"{code!r} has no test file before it")
        references.append((current, name.split("[", 1)[0]))
    return references


@cache
def names_in(path: str) -> frozenset[str]:
    return frozenset(TEST_NAME.findall((ROOT / path).read_text(encoding="utf-8")))


def problems_with(row: Row) -> list[str]:
    """What is wrong with one row, in words (nothing when it is right)."""
    where = f"line {row.line}"
    problems = [
        f"{where}: the {label} is empty"
        for label, value in (("rule", row.rule), ("source", row.source), ("test", row.test))
        if not value
    ]
    references = references_in(row.test)
    if row.test and not references:
        problems.append(f"{where}: the test cell names no test in backticks")
    for path, name in references:
        if not (ROOT / path).is_file():
            problems.append(f"{where}: there is no test file {path}")
        elif name.endswith("*"):
            if not any(test.startswith(name[:-1]) for test in names_in(path)):
                problems.append(f"{where}: no test in {path} starts with {name[:-1]}")
        elif name and name not in names_in(path):
            problems.append(f"{where}: there is no {name} in {path}")
    for code in CODE.findall(row.enforced_in):
        path = code.split(" ", 1)[0]
        if "/" in path and not (ROOT / path).exists():
            problems.append(f"{where}: the enforcing path {path} does not exist")
    return problems


def test_every_row_names_a_source_and_tests_that_exist() -> None:
    problems = [
        problem for row in rows(DOC.read_text(encoding="utf-8")) for problem in problems_with(row)
    ]
    assert not problems, "\n".join(problems)


def test_the_document_lists_the_rules_of_every_topic() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert len(rows(text)) >= 80
    assert len(re.findall(r"^## ", text, flags=re.MULTILINE)) >= 10


def test_a_missing_test_function_is_caught() -> None:
    row = Row(
        1,
        "A rule",
        "A source",
        "`reviews/actions/steps.py`",
        "`reviews/tests/test_clock.py::test_there_is_no_such_test`, `::test_a_*`",
    )
    assert problems_with(row) == [
        "line 1: there is no test_there_is_no_such_test in reviews/tests/test_clock.py"
    ]


def test_a_missing_file_prefix_and_empty_cells_are_caught() -> None:
    row = Row(
        2,
        "A rule",
        "",
        "`reviews/no_such_module.py` (f)",
        "`reviews/tests/test_no_such_file.py::test_x`, `reviews/tests/test_clock.py::test_zz_*`",
    )
    assert problems_with(row) == [
        "line 2: the source is empty",
        "line 2: there is no test file reviews/tests/test_no_such_file.py",
        "line 2: no test in reviews/tests/test_clock.py starts with test_zz_",
        "line 2: the enforcing path reviews/no_such_module.py does not exist",
    ]


def test_a_row_with_the_wrong_number_of_cells_is_refused() -> None:
    with pytest.raises(AssertionError, match="3 cells"):
        rows("| a | b | c |\n")
