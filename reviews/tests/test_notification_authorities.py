"""The right local authority (issue 14, item 2): a notification records which of the
partnership's local authorities the incident happened in and the child lives in; the
partnership's setting says which leads when they differ, and the legal services where the child
lives (else the lead authority's) are told of the requests.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django_webtest import DjangoTestApp
from webtest import TestResponse

from accounts.local_authorities import LocalAuthority
from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import make_organisation
from conftest import WebAs
from reviews.actions import ActionError
from reviews.actions.notification import ChildDetails, record_notification
from reviews.models import AbuseOrNeglect, Criterion, Harm, Notification, Review, Sex
from reviews.reads.authorities import legal_representatives, review_authorities
from reviews.tests.notification_flow_setup import CHECK, CHILD, START, page
from reviews.tests.working_day_one_setup import holder

COUNTY, CITY = "Wexmoor County Council", "Calderbridge City Council"
OUTSIDE = None  # outside the partnership: Northfen Council
INCIDENT, HOME = "incident", "child-lives"


@pytest.fixture(autouse=True)
def _thursday_12_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 12, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def authorities(partnership: Partnership) -> dict[str, LocalAuthority]:
    return {
        name: LocalAuthority.objects.create(partnership=partnership, name=name)
        for name in (COUNTY, CITY)
    }


@pytest.fixture
def lawyers(partnership: Partnership, authorities: dict[str, LocalAuthority]) -> dict[str, User]:
    """One legal representative for each authority's legal services."""
    found = {}
    for name, person in ((COUNTY, "Lena Counsel"), (CITY, "Carys Solicitor")):
        found[name] = holder(partnership, PartnershipRole.Role.LEGAL_REPRESENTATIVE, person)
        PartnershipRole.objects.filter(user=found[name]).update(local_authority=authorities[name])
    return found


def notify(
    partnership: Partnership,
    by: User,
    *,
    incident: LocalAuthority | None,
    home: LocalAuthority | None,
    **areas: str,
) -> Review:
    return record_notification(
        partnership=partnership,
        by=by,
        children=[ChildDetails(pseudonym="Child A", sex=Sex.FEMALE, age_years=4)],
        incident_date=dt.date(2026, 3, 1),
        harm=Harm.SERIOUSLY_HARMED,
        incident_area=areas.get("incident_area", "Northfen Council"),
        home_area=areas.get("home_area", "Northfen Council"),
        criterion=Criterion.IN_AREA,
        abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
        proceed_reason="",
        la_aware_on=dt.date(2026, 3, 2),
        panel_notified_on=dt.date(2026, 3, 5),
        partnership_told_on=dt.date(2026, 3, 6),
        incident_authority=incident,
        home_authority=home,
    )


# (lead_authority setting, where it happened, where the child lives, who leads, whose legal
# services are told): the same authority, two of the partnership's, and a child living (or
# harmed) outside the partnership, under each setting.
CASES = [
    (INCIDENT, COUNTY, COUNTY, COUNTY, COUNTY),
    (HOME, COUNTY, COUNTY, COUNTY, COUNTY),
    (INCIDENT, CITY, COUNTY, CITY, COUNTY),
    (HOME, CITY, COUNTY, COUNTY, COUNTY),
    (INCIDENT, COUNTY, CITY, COUNTY, CITY),
    (HOME, COUNTY, CITY, CITY, CITY),
    (INCIDENT, CITY, OUTSIDE, CITY, CITY),
    (HOME, CITY, OUTSIDE, CITY, CITY),
    (INCIDENT, OUTSIDE, COUNTY, COUNTY, COUNTY),
    (HOME, OUTSIDE, COUNTY, COUNTY, COUNTY),
]


@pytest.mark.parametrize(("setting", "incident", "home", "lead", "legal"), CASES)
def test_the_lead_and_the_legal_services_told_follow_the_setting_and_the_places(
    partnership: Partnership,
    business_team_member: User,
    authorities: dict[str, LocalAuthority],
    lawyers: dict[str, User],
    setting: str,
    incident: str | None,
    home: str | None,
    lead: str,
    legal: str,
) -> None:
    partnership.lead_authority = setting
    partnership.save(update_fields=["lead_authority"])
    review = notify(
        partnership,
        business_team_member,
        incident=authorities.get(incident or ""),
        home=authorities.get(home or ""),
    )

    found = review_authorities(review)

    assert (found.lead, found.legal) == (authorities[lead], authorities[legal])
    assert legal_representatives(review) == [lawyers[legal]]


def test_the_authority_where_it_happened_leads_unless_the_partnership_says_otherwise() -> None:
    assert Partnership().lead_authority == Partnership.LeadAuthority.WHERE_INCIDENT_HAPPENED


def test_a_partnership_with_one_authority_tells_every_legal_representative(
    partnership: Partnership, business_team_member: User
) -> None:
    only = LocalAuthority.objects.create(partnership=partnership, name=COUNTY)
    lawyer = holder(partnership, PartnershipRole.Role.LEGAL_REPRESENTATIVE, "Lena Counsel")
    review = notify(partnership, business_team_member, incident=only, home=None)

    # The child lives outside: the lead authority's legal services, whose role names none.
    assert review_authorities(review).legal == only
    assert legal_representatives(review) == [lawyer]


@pytest.mark.parametrize(
    ("incident", "home", "areas", "field", "words"),
    [
        (None, None, {}, "incident_area", "Choose one of the partnership's local authorities"),
        ("other", None, {}, "incident_area", "for where it happened"),
        (None, "other", {}, "home_area", "for where the child normally lives"),
    ],
)
def test_the_action_refuses_places_the_partnership_has_no_part_in(
    partnership: Partnership,
    other_partnership: Partnership,
    business_team_member: User,
    authorities: dict[str, LocalAuthority],
    incident: str | None,
    home: str | None,
    areas: dict[str, str],
    field: str,
    words: str,
) -> None:
    elsewhere = LocalAuthority.objects.create(partnership=other_partnership, name="Northfen")
    chosen = {"other": elsewhere}

    with pytest.raises(ActionError) as refused:
        notify(
            partnership,
            business_team_member,
            incident=chosen.get(incident or ""),
            home=chosen.get(home or ""),
            **areas,
        )

    assert refused.value.field == field
    assert words in str(refused.value)
    assert not Review.objects.exists()


def test_an_area_named_like_an_authority_is_that_authority(
    partnership: Partnership, business_team_member: User, authorities: dict[str, LocalAuthority]
) -> None:
    review = notify(
        partnership,
        business_team_member,
        incident=None,
        home=None,
        incident_area="calderbridge city council",
        home_area="Northfen Council",
    )

    notification = Notification.objects.get(review=review)
    assert notification.incident_authority == authorities[CITY]
    assert notification.incident_area == CITY
    assert (notification.home_authority, notification.home_area) == (None, "Northfen Council")


# The pages, submitted as rendered.


def page_forms(response: TestResponse) -> list[Any]:
    return [form for form in response.forms.values() if "sign-out" not in (form.action or "")]


def give(app: DjangoTestApp, url: str, answers: dict[str, str], *, status: int = 302) -> Any:
    (form,) = page_forms(app.get(url))
    for name, value in answers.items():
        form[name] = value
    return form.submit(status=status)


def up_to_areas(app: DjangoTestApp) -> None:
    page_forms(app.get(START))[-1].submit(status=302)
    give(app, page("child"), CHILD)
    give(app, page("children"), {"add_another": "no"})
    give(
        app,
        page("incident-date"),
        {"incident_date-day": "1", "incident_date-month": "3", "incident_date-year": "2026"},
    )
    give(app, page("harm"), {"harm": "died"})


def after_areas(app: DjangoTestApp, *, checked: str = "") -> Review:
    give(app, page("criterion"), {"criterion": "in-area"})
    give(app, page("abuse-or-neglect"), {"abuse_or_neglect": "known"})
    dates = {"la_aware_on": "2", "panel_notified_on": "5", "partnership_told_on": "6"}
    answers: dict[str, str] = {}
    for name, day in dates.items():
        answers |= {f"{name}-day": day, f"{name}-month": "3", f"{name}-year": "2026"}
    give(app, page("dates"), answers)
    check = app.get(CHECK)
    assert checked in check.text
    page_forms(check)[-1].submit(status=302)
    return Review.objects.get()


@pytest.fixture
def app(web_as: WebAs, business_team_member: User) -> DjangoTestApp:
    return web_as(business_team_member)


def test_the_team_chooses_each_authority_or_names_one_outside_the_partnership(
    app: DjangoTestApp, authorities: dict[str, LocalAuthority]
) -> None:
    up_to_areas(app)
    areas = app.get(page("areas"))
    assert "Outside the partnership" in areas.text
    (form,) = page_forms(areas)
    assert form["incident_authority"].value is None  # two to choose from: none chosen yet

    give(
        app,
        page("areas"),
        {
            "incident_authority": str(authorities[CITY].pk),
            "home_authority": "outside",
            "home_area": "Northfen Council",
        },
    )
    review = after_areas(app, checked="Northfen Council (outside the partnership)")

    notification = Notification.objects.get(review=review)
    assert (notification.incident_authority, notification.incident_area) == (
        authorities[CITY],
        CITY,
    )
    assert (notification.home_authority, notification.home_area) == (None, "Northfen Council")
    summary = app.get(f"/reviews/{review.pk}/notification/").text
    assert "Lead local authority" in summary
    assert "Legal services told of the requests" in summary


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {"incident_authority": "outside", "incident_area": "Northfen Council"},
            "local authorities for where it happened or where the child normally lives",
        ),
        ({"home_authority": "outside"}, "Enter the local authority where the child normally"),
    ],
)
def test_an_answer_the_partnership_cannot_take_is_refused_on_its_field(
    app: DjangoTestApp,
    authorities: dict[str, LocalAuthority],
    answers: dict[str, str],
    message: str,
) -> None:
    up_to_areas(app)
    both_outside = {
        "incident_authority": str(authorities[COUNTY].pk),
        "home_authority": "outside",
        "home_area": "Northfen Council",
    }

    refused = give(app, page("areas"), both_outside | answers | {"home_area": ""}, status=400)

    assert message in refused.text
    assert not Review.objects.exists()


def test_with_one_authority_it_is_chosen_already(
    app: DjangoTestApp, partnership: Partnership
) -> None:
    only = LocalAuthority.objects.create(partnership=partnership, name=COUNTY)
    up_to_areas(app)

    (form,) = page_forms(app.get(page("areas")))
    assert form["incident_authority"].value == form["home_authority"].value == str(only.pk)
    form.submit(status=302)
    review = after_areas(app)

    notification = Notification.objects.get(review=review)
    assert notification.incident_authority == notification.home_authority == only
    assert notification.incident_area == notification.home_area == COUNTY


def test_the_migrations_give_every_partnership_an_authority_and_link_its_notifications(
    partnership: Partnership, business_team_member: User
) -> None:
    care = make_organisation(
        partnership=partnership,
        name="Wexmoor Children's Services",
        kind=Organisation.Kind.CHILDRENS_SOCIAL_CARE,
        is_statutory_partner=True,
    )
    lawyer = holder(partnership, PartnershipRole.Role.LEGAL_REPRESENTATIVE, "Lena Counsel")
    review = notify(partnership, business_team_member, incident=None, home=None)
    accounts_step = importlib.import_module("accounts.migrations.0007_local_authorities")
    reviews_step = importlib.import_module("reviews.migrations.0017_notification_authorities")

    accounts_step.one_authority_each(apps, None)
    reviews_step.link_authorities(apps, None)

    (authority,) = LocalAuthority.objects.filter(partnership=partnership)
    assert authority.name == partnership.name
    care.refresh_from_db()
    assert care.local_authority == authority
    assert PartnershipRole.objects.get(user=lawyer).local_authority == authority
    notification = Notification.objects.get(review=review)
    assert (notification.incident_authority, notification.home_authority) == (authority, None)
