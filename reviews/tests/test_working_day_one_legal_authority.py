"""Requests go to the right local authority's services only (issue 14, item 2).

A two-authority partnership: the child was harmed in the city and lives in the county. Both
authorities' children's social care may be asked; the details are forwarded to the county's
legal services only (where the child lives), only the county's legal representative joins the
review, and the city's legal representative gets 404 on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django_webtest import DjangoTestApp
from markupsafe import escape
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.local_authorities import LocalAuthority
from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import make_organisation
from conftest import WebAs
from reviews.actions import ActionError
from reviews.actions.notification import ChildDetails, record_notification
from reviews.actions.working_day_one import send_requests
from reviews.models import AbuseOrNeglect, Criterion, Harm, Review, ReviewMember, ReviewRole, Sex
from reviews.reads.documents import circulation_recipients
from reviews.tests.working_day_one_setup import WORKING_DAY_ONE, holder, mail_to, staff

Kind = Organisation.Kind
COUNTY, CITY = "Wexmoor County Council", "Calderbridge City Council"


@pytest.fixture(autouse=True)
def _on_working_day_one() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        yield


@pytest.fixture
def authorities(partnership: Partnership) -> dict[str, LocalAuthority]:
    return {
        name: LocalAuthority.objects.create(partnership=partnership, name=name)
        for name in (COUNTY, CITY)
    }


@pytest.fixture
def care(
    partnership: Partnership, authorities: dict[str, LocalAuthority]
) -> dict[str, Organisation]:
    """Each authority's children's social care, a statutory partner."""
    found = {}
    for name in (COUNTY, CITY):
        found[name] = make_organisation(
            partnership=partnership,
            name=f"{name} Children's Services",
            kind=Kind.CHILDRENS_SOCIAL_CARE,
            is_statutory_partner=True,
        )
        Organisation.objects.filter(pk=found[name].pk).update(local_authority=authorities[name])
        found[name].refresh_from_db()
    return found


@pytest.fixture
def lawyers(partnership: Partnership, authorities: dict[str, LocalAuthority]) -> dict[str, User]:
    found = {}
    for name, person in ((COUNTY, "Lena Counsel"), (CITY, "Carys Solicitor")):
        found[name] = holder(partnership, PartnershipRole.Role.LEGAL_REPRESENTATIVE, person)
        PartnershipRole.objects.filter(user=found[name]).update(local_authority=authorities[name])
    return found


@pytest.fixture
def partners(
    police: Organisation, icb: Organisation, care: dict[str, Organisation]
) -> dict[Organisation, User]:
    return {
        police: staff(police, "Pat Constable"),
        icb: staff(icb, "Isla Nurse"),
        care[COUNTY]: staff(care[COUNTY], "Sol Worker"),
        care[CITY]: staff(care[CITY], "Cy Worker"),
    }


def notify(
    partnership: Partnership, by: User, *, incident: LocalAuthority, home: LocalAuthority
) -> Review:
    return record_notification(
        partnership=partnership,
        by=by,
        children=[ChildDetails(pseudonym="Child A", sex=Sex.FEMALE, age_years=4)],
        incident_date=dt.date(2026, 3, 1),
        harm=Harm.SERIOUSLY_HARMED,
        incident_area="",
        home_area="",
        criterion=Criterion.IN_AREA,
        abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
        proceed_reason="",
        la_aware_on=dt.date(2026, 3, 2),
        panel_notified_on=dt.date(2026, 3, 5),
        partnership_told_on=dt.date(2026, 3, 6),
        incident_authority=incident,
        home_authority=home,
    )


@pytest.fixture
def review(
    partnership: Partnership, business_team_member: User, authorities: dict[str, LocalAuthority]
) -> Review:
    """Harmed in the city, living in the county."""
    return notify(
        partnership, business_team_member, incident=authorities[CITY], home=authorities[COUNTY]
    )


def page_form(response: Any) -> Any:
    (form,) = [each for each in response.forms.values() if "sign-out" not in (each.action or "")]
    return form


def test_only_the_county_legal_services_are_told_and_join_and_the_city_lawyer_gets_404(
    web_as: WebAs,
    review: Review,
    business_team_member: User,
    partners: dict[Organisation, User],
    lawyers: dict[str, User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    app: DjangoTestApp = web_as(business_team_member)
    page = app.get(reverse("reviews:send-requests", kwargs={"pk": review.pk}))
    assert "forwarded to legal services: Lena Counsel." in page.text
    assert "Carys Solicitor" not in page.text

    with django_capture_on_commit_callbacks(execute=True):
        page_form(page).submit(status=302)

    # Both authorities' children's social care were asked (the incident's and the home's).
    assert {each for (each,) in review.requests.values_list("organisation")} == {
        each.pk for each in partners
    }
    assert len(mail_to(lawyers[COUNTY].email)) == 1
    assert mail_to(lawyers[CITY].email) == []
    legal = ReviewMember.objects.filter(review=review, role=ReviewRole.LEGAL_REPRESENTATIVE)
    assert [member.user for member in legal] == [lawyers[COUNTY]]
    notification = reverse("reviews:notification", kwargs={"pk": review.pk})
    assert web_as(lawyers[COUNTY]).get(notification).status_code == 200
    city = web_as(lawyers[CITY])
    city.get(reverse("reviews:detail", kwargs={"pk": review.pk}), status=404)
    city.get(notification, status=404)
    assert len(mail.outbox) == len(partners) + 1


def test_the_combined_report_circulates_to_the_county_lawyer_only(
    review: Review, lawyers: dict[str, User]
) -> None:
    assert circulation_recipients(review) == [lawyers[COUNTY]]


def test_another_authoritys_childrens_social_care_is_neither_offered_nor_asked(
    web_as: WebAs,
    partnership: Partnership,
    business_team_member: User,
    authorities: dict[str, LocalAuthority],
    partners: dict[Organisation, User],
    care: dict[str, Organisation],
) -> None:
    county_only = notify(
        partnership, business_team_member, incident=authorities[COUNTY], home=authorities[COUNTY]
    )
    page = web_as(business_team_member).get(
        reverse("reviews:send-requests", kwargs={"pk": county_only.pk})
    )
    assert str(escape(care[COUNTY].name)) in page.text
    assert str(escape(care[CITY].name)) not in page.text

    with pytest.raises(ActionError) as refused:
        send_requests(
            county_only,
            by=business_team_member,
            contributors={care[CITY]: partners[care[CITY]]},
        )

    assert refused.value.field == "organisations"
    assert f"{care[CITY].name} is another local authority's children's social care" in str(
        refused.value
    )
    assert not county_only.requests.exists()
