"""The demo partnership: fictional people and places only, for `make run` and browser tests.

Later capabilities extend `load_demo_data` so that the demo always shows the product at its best.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Membership, Organisation, Partnership, PartnershipRole, User
from demo.lcsprs.stages import load_demo_lcsprs
from demo.learning.load import load_demo_learning
from demo.rapid_reviews import load_demo_reviews
from reviews.actions.learning.plans.themes import add_common_themes
from reviews.models import Review

DEMO_PASSWORD = "demo-only-password"  # noqa: S105  development demo accounts, printed on start

Kind = Organisation.Kind
Role = PartnershipRole.Role


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    organisation: str | None
    job_title: str
    role: Role | None
    description: str


PARTNERSHIP = {
    "name": "Wexmoor and Calderbridge Safeguarding Children Partnership",
    "short_name": "WCSCP",
    "code_prefix": "WC",
}

ORGANISATIONS: list[tuple[str, Kind, bool]] = [
    ("Wexmoor County Council Children's Services", Kind.CHILDRENS_SOCIAL_CARE, True),
    ("Calderbridge City Council Children's Social Care", Kind.CHILDRENS_SOCIAL_CARE, True),
    ("Wexmoor Constabulary", Kind.POLICE, True),
    ("Wexmoor and Calderbridge Integrated Care Board", Kind.ICB, True),
    ("Hollin Lane Primary School", Kind.SCHOOL, False),
    ("St Aldric's Academy", Kind.SCHOOL, False),
    ("Cafcass", Kind.CAFCASS, False),
    ("Wexmoor Community Health NHS Trust", Kind.HEALTH_PROVIDER, False),
    ("Wexmoor County Council Legal Services", Kind.OTHER, False),
    ("Wexmoor and Calderbridge Safeguarding Children Partnership Team", Kind.OTHER, False),
]

PEOPLE: list[DemoPerson] = [
    DemoPerson(
        "business.manager@wcscp.example",
        "Priya Marsh",
        "Wexmoor and Calderbridge Safeguarding Children Partnership Team",
        "Partnership business manager",
        Role.BUSINESS_TEAM,
        "Business team: runs every review",
    ),
    DemoPerson(
        "chair@wcscp.example",
        "Gwen Hartley",
        None,
        "Independent chair",
        Role.PARTNERSHIP_CHAIR,
        "Partnership independent chair",
    ),
    DemoPerson(
        "subgroup.chair@wcscp.example",
        "Tobias Fenwick",
        None,
        "Independent chair, CSPR subgroup",
        Role.CSPR_SUBGROUP_CHAIR,
        "CSPR subgroup chair",
    ),
    DemoPerson(
        "subgroup.member@wexmoor-health.example",
        "Amara Okafor",
        "Wexmoor Community Health NHS Trust",
        "Named nurse for safeguarding",
        Role.CSPR_SUBGROUP_MEMBER,
        "CSPR subgroup member",
    ),
    DemoPerson(
        "legal@wexmoor-council.example",
        "Declan Rowe",
        "Wexmoor County Council Legal Services",
        "Senior solicitor",
        Role.LEGAL_REPRESENTATIVE,
        "Local authority legal representative",
    ),
    DemoPerson(
        "police.lead@wexmoor-police.example",
        "Hannah Stroud",
        "Wexmoor Constabulary",
        "Detective inspector, public protection",
        None,
        "Statutory partner lead: police",
    ),
    DemoPerson(
        "csc.lead@calderbridge-council.example",
        "Nadia Forsyth",
        "Calderbridge City Council Children's Social Care",
        "Service manager, safeguarding",
        None,
        "Statutory partner lead: city children's social care",
    ),
    DemoPerson(
        "icb.lead@wcicb.example",
        "Samuel Achebe",
        "Wexmoor and Calderbridge Integrated Care Board",
        "Designated nurse",
        None,
        "Statutory partner lead: ICB",
    ),
    DemoPerson(
        "csc.lead@wexmoor-council.example",
        "Ruth Pennington",
        "Wexmoor County Council Children's Services",
        "Head of safeguarding",
        None,
        "Statutory partner lead: children's social care",
    ),
    DemoPerson(
        "dsl@hollinlane.example",
        "Colin Barraclough",
        "Hollin Lane Primary School",
        "Designated safeguarding lead",
        None,
        "Agency contributor: school",
    ),
    DemoPerson(
        "author@reviewers.example",
        "Imogen Vale",
        None,
        "Independent reviewer",
        None,
        "Independent author (LCSPR only)",
    ),
    DemoPerson(
        "auditor@wcscp.example",
        "Martin Ashdown",
        None,
        "Information governance officer",
        Role.AUDITOR,
        "Auditor: reads the access log",
    ),
]

OTHER_PARTNERSHIP = {
    "name": "Northfen Safeguarding Children Partnership",
    "short_name": "NSCP",
    "code_prefix": "NF",
}
OUTSIDER = DemoPerson(
    "business.manager@northfen.example",
    "Leah Brandt",
    None,
    "Partnership business manager",
    Role.BUSINESS_TEAM,
    "Another partnership: sees none of ours",
)


def _person(partnership: Partnership, spec: DemoPerson) -> User:
    user, created = User.objects.get_or_create(
        email=spec.email, defaults={"full_name": spec.full_name, "partnership": partnership}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if spec.organisation:
        organisation = Organisation.objects.get(partnership=partnership, name=spec.organisation)
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"job_title": spec.job_title}
        )
    if spec.role:
        PartnershipRole.objects.get_or_create(user=user, partnership=partnership, role=spec.role)
    return user


@transaction.atomic
def load_demo_data() -> list[DemoPerson]:
    """Create (or complete) the demo partnerships; safe to run again. Return the demo people."""
    partnership, _ = Partnership.objects.get_or_create(
        short_name=PARTNERSHIP["short_name"], defaults=PARTNERSHIP
    )
    for name, kind, statutory in ORGANISATIONS:
        Organisation.objects.get_or_create(
            partnership=partnership,
            name=name,
            defaults={"kind": kind, "is_statutory_partner": statutory},
        )
    for spec in PEOPLE:
        _person(partnership, spec)
    add_common_themes(partnership)

    northfen, _ = Partnership.objects.get_or_create(
        short_name=OTHER_PARTNERSHIP["short_name"], defaults=OTHER_PARTNERSHIP
    )
    _person(northfen, OUTSIDER)
    add_common_themes(northfen)
    if not Review.objects.filter(partnership=partnership).exists():
        load_demo_reviews(partnership)
        load_demo_lcsprs(partnership)
        load_demo_learning(partnership)
    return [*PEOPLE, OUTSIDER]


def account_lines(people: list[DemoPerson]) -> list[str]:
    """Say who the demo people are, for the console of `make run` and `make demo`."""
    width = max(len(person.email) for person in people)
    return [
        f"Demo accounts (password for all: {DEMO_PASSWORD}):",
        *(f"  {person.email:<{width}}  {person.description}" for person in people),
    ]
