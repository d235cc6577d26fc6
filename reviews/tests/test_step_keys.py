"""Step keys are declared once, as `Step`, and the converted layers use the enum, not strings."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from reviews.process import RULESETS, Step

REVIEWS = Path(__file__).resolve().parent.parent

# The layers that name steps only through `Step`; views, forms and tests are not converted yet.
CONVERTED = (
    "actions",
    "clock.py",
    "schedule",
    "permissions.py",
    "mail.py",
    "documents",
    "management",
    "../demo",  # the demo package, beside reviews/
    "learning_summary.py",
    "themes_report.py",
    "event_types",
    "models",
)

# Strings that happen to equal a step key but name something else.
HOMONYMS = {
    ("actions/lcspr/family.py", "outcome"),  # what the family was told of: the outcome
    ("models/panel.py", "outcome"),  # the related name of a review's outcome
    ("../demo/lcsprs/cases.py", "published"),  # the demo stage an LCSPR stops at
}


def _modules() -> list[Path]:
    paths: list[Path] = []
    for pattern in CONVERTED:
        for path in sorted(REVIEWS.glob(pattern)):
            paths.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return paths


def _other_vocabularies(tree: ast.Module) -> set[int]:
    """Return the ids of the member values of enums and model choices (event types, document
    kinds, meeting kinds...): their own stored vocabularies, which may share a step's words."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = [ast.unparse(base) for base in node.bases]
        if not any(base.endswith(("Choices", "Enum")) for base in bases):
            continue
        for statement in node.body:
            if isinstance(statement, ast.Assign):
                exempt.update(id(value) for value in ast.walk(statement.value))
    return exempt


def _string_step_keys(path: Path, root: Path = REVIEWS) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt = _other_vocabularies(tree)
    relative = path.relative_to(root).as_posix()
    values = {step.value for step in Step}
    return [
        f"{relative}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in values
        and id(node) not in exempt
        and (relative, node.value) not in HOMONYMS
    ]


def test_every_key_of_every_process_is_a_step() -> None:
    for ruleset in RULESETS:
        for process in (ruleset.rapid_review, ruleset.lcspr):
            for definition in process.steps:
                assert isinstance(definition.key, Step), (ruleset.key, definition.key)
                if definition.after_step is not None:
                    assert isinstance(definition.after_step, Step), definition.key


def test_every_step_is_used_by_a_process() -> None:
    used = {
        definition.key
        for ruleset in RULESETS
        for process in (ruleset.rapid_review, ruleset.lcspr)
        for definition in process.steps
    }

    assert set(Step) - used == set()


def test_a_step_is_its_key() -> None:
    # Stored values, URLs and the command line keep the plain key.
    assert Step("notify-panel") is Step.NOTIFY_PANEL
    assert f"{Step.PUBLISHED}" == str(Step.PUBLISHED) == "published"
    assert json.dumps({"step": Step.PUBLISHED}) == '{"step": "published"}'


def test_the_scan_finds_a_string_step_key(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        'class Kind(TextChoices):\n    DRAFT = "draft-report", "A draft"\n\n'
        'def done() -> str:\n    return "draft-report"\n',
        encoding="utf-8",
    )

    assert _string_step_keys(module, root=tmp_path) == ["module.py:5: 'draft-report'"]


def test_the_converted_layers_name_steps_through_the_enum() -> None:
    modules = _modules()
    assert len(modules) > 50  # the layers were found

    found = [hit for path in modules for hit in _string_step_keys(path)]

    assert found == [], "Use Step.X instead of the string key:\n" + "\n".join(found)
