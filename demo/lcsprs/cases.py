"""The demo's LCSPRs, one for each stage they stop at, with the fictional identities each holds.

Each holds fictional real identities, so the anonymisation check has something to find: the
sign-off stage's first draft names the child and fails it, its second draft passes.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviews.models import IdentityRecord

Subject = IdentityRecord.Subject

# The stages, in order; each LCSPR below stops at one.
PLANNING = "planning"
EVENTS = "learning events"
DRAFTING = "drafting"
SIGN_OFF = "sign-off"
PUBLISHED = "published"
HELD = "held"


@dataclass(frozen=True)
class DemoLcspr:
    pseudonym: str
    stage: str
    decided_working_days_ago: int  # ignored for Child G, opened by its rapid review's outcome
    summary: str
    # (subject, pseudonym, fictional real name): what the anonymisation check looks for.
    identities: tuple[tuple[Subject, str, str], ...]


LCSPRS: tuple[DemoLcspr, ...] = (
    DemoLcspr(
        "Child K",
        PLANNING,
        15,
        "A four-year-old admitted to hospital with untreated burns; three agencies knew of "
        "neglect at home.",
        (
            (Subject.CHILD, "Child K", "Oakley Brindlecombe"),
            (Subject.PARENT, "Mother", "Gemma Brindlecombe"),
        ),
    ),
    DemoLcspr(
        "Child G",
        EVENTS,
        0,
        "",
        (
            (Subject.CHILD, "Child G", "Ellis Ravensworth"),
            (Subject.PARENT, "Mother", "Kerry Ravensworth"),
        ),
    ),
    DemoLcspr(
        "Child L",
        DRAFTING,
        90,
        "A baby seriously injured at home; the father's role in the baby's care was not known "
        "to the agencies.",
        (
            (Subject.CHILD, "Child L", "Jaxon Penhallow"),
            (Subject.PARENT, "Father", "Reece Penhallow"),
        ),
    ),
    DemoLcspr(
        "Child M",
        SIGN_OFF,
        115,
        "A seven-year-old whose school attendance fell for a year before she was found to be "
        "living with severe neglect.",
        (
            (Subject.CHILD, "Child M", "Tamsin Quarrendon"),
            (Subject.PARENT, "Mother", "Shelley Quarrendon"),
        ),
    ),
    DemoLcspr(
        "Child N",
        PUBLISHED,
        200,
        "The sudden unexpected death of a baby while co-sleeping with a parent after alcohol use.",
        (
            (Subject.CHILD, "Child N", "Isla Wetherden"),
            (Subject.PARENT, "Mother", "Chantelle Wetherden"),
        ),
    ),
    DemoLcspr(
        "Child P",
        HELD,
        160,
        "A toddler seriously harmed in a household known to the police for domestic abuse; "
        "the father has been charged.",
        (
            (Subject.CHILD, "Child P", "Mason Egglestone"),
            (Subject.PARENT, "Father", "Craig Egglestone"),
            (Subject.PARENT, "Mother", "Danielle Egglestone"),
        ),
    ),
)
