"""What the decision meeting tests share: the case's fixture, the page's address, posting the
record and reading its events.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from reviews.event_types import EventType
from reviews.models import Event
from reviews.tests.decisions_setup import Case, meeting_form, ready_for_decisions


def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    partner_lead: User,
) -> Case:
    return ready_for_decisions(
        partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        police_lead=partner_lead,
    )


def meeting_url(case: Case) -> str:
    return reverse("reviews:decision-meeting", kwargs={"pk": case.review.pk})


def events(case: Case, event_type: EventType) -> list[Event]:
    return list(Event.objects.filter(review=case.review, type=event_type.value).order_by("pk"))


def post(client: Client, case: Case, **changes: Any) -> Any:
    return client.post(meeting_url(case), meeting_form(case, **changes))
