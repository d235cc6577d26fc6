"""Step keys are declared once, as `Step`, and the converted layers use the enum, not strings."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from reviews.process import RULESETS, Step

ROOT = Path(__file__).resolve().parents[2]

# Everything but the processes themselves names steps through `Step`: Python outside
# reviews/process (and migrations, which are history), and the templates.
PACKAGES = ("accounts", "bench", "config", "demo", "reviews", "tests")
TEMPLATES = ("reviews/jinja2", "templates")

# Strings that happen to equal a step key but name something else.
HOMONYMS = {
    ("reviews/actions/lcspr/publication/family.py", "outcome"),  # what the family was told of
    ("reviews/forms/lcspr/publication.py", "outcome"),  # the same choice on the form
    ("reviews/tests/test_lcspr_publication_family.py", "outcome"),
    ("tests/matrix/lcspr_publication.py", "outcome"),
    ("reviews/models/panel.py", "outcome"),  # the related name of a review's outcome
    ("reviews/views/panel/outcome.py", "outcome"),  # the template's name for the outcome
    ("reviews/views/helpers.py", "reconvene"),  # the page section a step link lands on
    ("reviews/views/helpers.py", "published"),
    ("demo/lcsprs/cases.py", "published"),  # the demo stage an LCSPR stops at
    ("reviews/tests/test_lcspr_events_itinerary_confirmed.py", "family-engagement"),  # an item
    ("reviews/tests/test_lcspr_events_participants.py", "participants-briefed"),  # a URL name
    ("tests/test_page_structure.py", "combined-report"),  # URL names
    ("tests/test_page_structure.py", "partner-decisions"),
    ("tests/test_page_structure.py", "decision-meeting"),
    ("tests/test_page_structure.py", "outcome"),
    ("tests/test_page_structure.py", "introduction-meeting"),
    # The command's output is text: the test reads the keys as a person or a script would.
    ("reviews/tests/test_schedule_command.py", "panel-response"),
    ("reviews/tests/test_schedule_command.py", "published"),
    ("reviews/tests/test_schedule_command.py", "report-submitted"),
}


def _modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if not {"migrations", "process"} & set(path.relative_to(ROOT).parts[:2])
        and path != Path(__file__).resolve()  # this module: the scan's examples and list
    ]


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


def _url_names(tree: ast.Module) -> set[int]:
    """Return the ids of ``name=`` values: URL names, which may share a step's words."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword) and node.arg == "name"
    }


def _string_step_keys(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt = _other_vocabularies(tree) | _url_names(tree)
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


def test_the_scan_leaves_url_names_alone(tmp_path: Path) -> None:
    module = tmp_path / "urls.py"
    module.write_text('path("<int:pk>/outcome/", outcome, name="outcome")\n', encoding="utf-8")

    assert _string_step_keys(module, root=tmp_path) == []


def test_no_module_outside_the_processes_writes_a_step_key() -> None:
    modules = _modules()
    assert len(modules) > 400  # every package was found
    assert not any("process" in path.parts for path in modules)

    found = [hit for path in modules for hit in _string_step_keys(path)]

    assert found == [], "Use Step.X instead of the string key:\n" + "\n".join(found)


# A quoted key in a template: step_status("report-submitted"), blocked.get("published")...
QUOTED = re.compile(r"""["']([a-z]+(?:-[a-z]+)*)["']""")


def _template_step_keys(path: Path) -> list[str]:
    values = {step.value for step in Step}
    return [
        f"{path.relative_to(ROOT)}:{number}: {found!r}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for found in QUOTED.findall(line)
        if found in values and f'id="{found}"' not in line  # a section's anchor, not a key
    ]


def test_templates_name_steps_through_the_enum() -> None:
    templates = [path for folder in TEMPLATES for path in sorted((ROOT / folder).rglob("*.html"))]
    assert len(templates) > 100  # the templates were found

    found = [hit for path in templates for hit in _template_step_keys(path)]

    assert found == [], "Use Step.X (a template global) instead of the key:\n" + "\n".join(found)
