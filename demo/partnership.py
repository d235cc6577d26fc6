"""The demo partnership: fictional people and places only, for `make run` and browser tests.

Later capabilities extend `load_demo_data` so that the demo always shows the product at its best.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.local_authorities import LocalAuthority
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
        "Delegated safeguarding partner: police",
    ),
    DemoPerson(
        "csc.lead@calderbridge-council.example",
        "Nadia Forsyth",
        "Calderbridge City Council Children's Social Care",
        "Service manager, safeguarding",
        None,
        "Delegated safeguarding partner: city children's social care",
    ),
    DemoPerson(
        "icb.lead@wcicb.example",
        "Samuel Achebe",
        "Wexmoor and Calderbridge Integrated Care Board",
        "Designated nurse",
        None,
        "Delegated safeguarding partner: ICB",
    ),
    DemoPerson(
        "csc.lead@wexmoor-council.example",
        "Ruth Pennington",
        "Wexmoor County Council Children's Services",
        "Head of safeguarding",
        None,
        "Delegated safeguarding partner: children's social care",
    ),
    DemoPerson(
        "chief.executive@wexmoor-council.example",
        "Alistair Brennan",
        "Wexmoor County Council Children's Services",
        "Chief executive, Wexmoor County Council",
        None,
        "Lead safeguarding partner: Wexmoor County Council",
    ),
    DemoPerson(
        "chief.executive@calderbridge-council.example",
        "Helena Voss",
        "Calderbridge City Council Children's Social Care",
        "Chief executive, Calderbridge City Council",
        None,
        "Lead safeguarding partner: Calderbridge City Council",
    ),
    DemoPerson(
        "chief.constable@wexmoor-police.example",
        "Miriam Oduya",
        "Wexmoor Constabulary",
        "Chief constable",
        None,
        "Lead safeguarding partner: police",
    ),
    DemoPerson(
        "chief.executive@wcicb.example",
        "Jonah Pryce",
        "Wexmoor and Calderbridge Integrated Care Board",
        "Chief executive",
        None,
        "Lead safeguarding partner: ICB",
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

# The partnership's two local authorities, each with its children's social care and legal
# services (issue 14): the names the demo's notifications give, so they link to them.
LOCAL_AUTHORITIES = {
    "Wexmoor County Council": "Wexmoor County Council Children's Services",
    "Calderbridge City Council": "Calderbridge City Council Children's Social Care",
}
LEGAL_AUTHORITY = {"legal@wexmoor-council.example": "Wexmoor County Council"}

# Working Together 2023: the people who act for each statutory partner on reviews are its
# delegated safeguarding partners, so they decide, agree the report and sign off for it.
DELEGATED_SAFEGUARDING_PARTNERS = {
    "police.lead@wexmoor-police.example": "Wexmoor Constabulary",
    "csc.lead@calderbridge-council.example": "Calderbridge City Council Children's Social Care",
    "icb.lead@wcicb.example": "Wexmoor and Calderbridge Integrated Care Board",
    "csc.lead@wexmoor-council.example": "Wexmoor County Council Children's Services",
}
# Each statutory partner's lead safeguarding partner (its chief officer), who delegates.
LEAD_SAFEGUARDING_PARTNERS = {
    "chief.executive@wexmoor-council.example": "Wexmoor County Council Children's Services",
    "chief.executive@calderbridge-council.example": (
        "Calderbridge City Council Children's Social Care"
    ),
    "chief.constable@wexmoor-police.example": "Wexmoor Constabulary",
    "chief.executive@wcicb.example": "Wexmoor and Calderbridge Integrated Care Board",
}

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


def _local_authorities(partnership: Partnership) -> None:
    """Each authority, its children's social care and its legal representatives."""
    for name, care in LOCAL_AUTHORITIES.items():
        authority, _ = LocalAuthority.objects.get_or_create(partnership=partnership, name=name)
        Organisation.objects.filter(partnership=partnership, name=care).update(
            local_authority=authority
        )
    for email, name in LEGAL_AUTHORITY.items():
        PartnershipRole.objects.filter(
            partnership=partnership, user__email=email, role=Role.LEGAL_REPRESENTATIVE
        ).update(local_authority=LocalAuthority.objects.get(partnership=partnership, name=name))


def _safeguarding_partners(partnership: Partnership) -> None:
    """Name each statutory partner's lead and delegated safeguarding partners."""
    for role, people in [
        (Role.LEAD_SAFEGUARDING_PARTNER, LEAD_SAFEGUARDING_PARTNERS),
        (Role.DELEGATED_SAFEGUARDING_PARTNER, DELEGATED_SAFEGUARDING_PARTNERS),
    ]:
        for email, name in people.items():
            PartnershipRole.objects.get_or_create(
                user=User.objects.get(email=email),
                partnership=partnership,
                role=role,
                organisation=Organisation.objects.get(partnership=partnership, name=name),
            )


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
    _local_authorities(partnership)
    _safeguarding_partners(partnership)
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
