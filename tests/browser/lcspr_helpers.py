"""What the LCSPR browser journeys share: an LCSPR and its people set up through the real
actions, the refused page a person must meet, and a refusal the journey provokes on purpose.

Everyone has an authenticator app, so that each signs in in a browser of their own
(journey_helpers.signed_in_page). The child's real name is held apart from the review
(reviews.actions.record_identity), for the anonymisation check to find.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import employ, give_role, make_organisation, make_partnership
from accounts.tests.factories import make_user as make_person
from accounts.tests.helpers import give_device
from reviews.actions import add_review_member, record_identity
from reviews.actions.lcspr.planning.start import record_lcspr
from reviews.models import IdentityRecord, Review, ReviewRole
from tests.browser.conftest import PageProblems

Kind = Organisation.Kind

CHILD_NAME = "Maisie Thornbury"
PSEUDONYM = "Child M"


@dataclass(frozen=True)
class Person:
    """One person of the journey: how they sign in and the name the pages show."""

    email: str
    name: str


TEAM = Person("team@wexmoor.example", "Priya Test")
PANEL_MEMBER = Person("nurse@icb.example", "Omar Test")
POLICE_LEAD = Person("lead@police.example", "Hannah Test")
SOCIAL_CARE_LEAD = Person("lead@csc.example", "Sadie Test")
AUTHOR = Person("author@larkspur.example", "Ivy Test")
SCHOOL_CONTRIBUTOR = Person("head@school.example", "Rhona Test")
OUTSIDER = Person("team@elsewhere.example", "Otto Test")

POLICE = "Wexmoor Police"
SOCIAL_CARE = "Wexmoor Children's Social Care"
ICB = "Wexmoor Integrated Care Board"
SCHOOL = "Wexmoor Primary School"


@dataclass(frozen=True)
class LcsprJourney:
    """The LCSPR and the organisations that sign it off, by name."""

    review: Review
    organisations: dict[str, Organisation]
    decided_on: dt.date


def _person(partnership: Partnership, person: Person) -> User:
    user = make_person(partnership=partnership, email=person.email, full_name=person.name)
    give_device(user)
    return user


def lcspr_with_its_people(*, decided_days_ago: int = 60) -> LcsprJourney:
    """Record an LCSPR decided ``decided_days_ago`` days ago, with nothing before it, and give
    its people their parts through the real actions.

    The business team records it (and so leads it); a review panel member from the ICB; the
    police's and children's social care's leads; the school's agency contributor (who reads
    nothing of the review but its requests). The independent author has an account in the
    partnership but no part yet: the business team commissions them in the journey. Someone
    of another partnership has the business team's role there. The child's real name is held
    as an identity of the review.
    """
    partnership = make_partnership(
        name="Wexmoor Test Partnership", short_name="WTP", code_prefix="WT"
    )
    team = give_role(_person(partnership, TEAM), PartnershipRole.Role.BUSINESS_TEAM)
    organisations = {
        name: make_organisation(
            partnership=partnership,
            name=name,
            kind=kind,
            is_statutory_partner=kind in Organisation.STATUTORY_KINDS,
        )
        for name, kind in (
            (SOCIAL_CARE, Kind.CHILDRENS_SOCIAL_CARE),
            (POLICE, Kind.POLICE),
            (ICB, Kind.ICB),
            (SCHOOL, Kind.SCHOOL),
        )
    }
    panel_member = employ(_person(partnership, PANEL_MEMBER), organisations[ICB])
    police_lead = employ(_person(partnership, POLICE_LEAD), organisations[POLICE])
    social_care_lead = employ(_person(partnership, SOCIAL_CARE_LEAD), organisations[SOCIAL_CARE])
    contributor = employ(_person(partnership, SCHOOL_CONTRIBUTOR), organisations[SCHOOL])
    _person(partnership, AUTHOR)
    elsewhere = make_partnership(name="Elsewhere Test Partnership", short_name="ETP")
    give_role(_person(elsewhere, OUTSIDER), PartnershipRole.Role.BUSINESS_TEAM)

    decided_on = timezone.localdate() - dt.timedelta(days=decided_days_ago)
    review = record_lcspr(
        partnership=partnership,
        by=team,
        pseudonym=PSEUDONYM,
        summary="A girl of nine seriously harmed at home; agencies did not share their concerns.",
        decided_on=decided_on,
    )
    add_review_member(review, user=panel_member, role=ReviewRole.PANEL_MEMBER, by=team)
    for lead, name in ((police_lead, POLICE), (social_care_lead, SOCIAL_CARE)):
        add_review_member(
            review,
            user=lead,
            role=ReviewRole.STATUTORY_PARTNER_LEAD,
            by=team,
            organisation=organisations[name],
        )
    add_review_member(
        review,
        user=contributor,
        role=ReviewRole.AGENCY_CONTRIBUTOR,
        by=team,
        organisation=organisations[SCHOOL],
    )
    record_identity(
        review,
        by=team,
        subject=IdentityRecord.Subject.CHILD,
        pseudonym=PSEUDONYM,
        real_name=CHILD_NAME,
    )
    return LcsprJourney(review=review, organisations=organisations, decided_on=decided_on)


def open_step(page: Page, review: Review, title: str) -> None:
    """Go to the review's task list and follow a step's link."""
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_role("link", name=title, exact=True).click()


def _forget(problems: PageProblems, before: int, status: int, url: str) -> None:
    """Take a refusal the journey provoked on purpose off the record, and only it: Chromium
    reports the refused page as a console error and a failed load."""
    assert all(str(status) in text for text in problems.console_errors[before:])
    del problems.console_errors[before:]
    problems.failed_responses.remove(f"{status} {url}")


def expect_forbidden(page: Page, path: str, *, problems: PageProblems, base_url: str) -> None:
    """Open a page of a review this person takes part in, but whose part does not include it:
    the 403 page."""
    before = len(problems.console_errors)
    answered = page.goto(path)
    assert answered is not None
    assert answered.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    _forget(problems, before, 403, f"{base_url}{path}")


@contextmanager
def refused_on_purpose(problems: PageProblems, *, status: int, url: str) -> Iterator[None]:
    """Around a form the journey posts knowing it will be refused with ``status``."""
    before = len(problems.console_errors)
    yield
    _forget(problems, before, status, url)
