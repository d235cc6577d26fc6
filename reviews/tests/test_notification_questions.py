"""The notification's question pages: refusals naming the field, dates caught before saving, the
next pseudonym, stale sessions, who records, and corrections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, User
from conftest import sign_in
from reviews.event_types import EventType
from reviews.forms.notification.draft import SESSION_KEY, ChildAnswer, Draft
from reviews.models import IdentityRecord, Notification, NotificationDraft, Review, ReviewRole
from reviews.tests import notification_flow_setup as setup
from reviews.tests.factories import join
from reviews.tests.notification_flow_setup import (
    CHECK,
    CHILD,
    START,
    answer,
    answer_everything,
    page,
    parts,
    text,
)


@pytest.fixture(autouse=True)
def _thursday_12_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 12, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def team(client: Client, business_team_member: User) -> Client:
    return setup.team(client=client, business_team_member=business_team_member)


BAD_INPUT = [
    ("child", CHILD | {"age_years": "seven"}, "age_years", "Age must be a whole number of years"),
    ("child", CHILD | {"age_years": "9" * 30}, "age_years", "Age must be 25 or less"),
    ("child", CHILD | {"age_years": ""}, "age_years", "Enter the child&#39;s age or their date"),
    (
        "child",
        CHILD | parts("date_of_birth", "2019-01-01"),
        "age_years",
        "Enter the child&#39;s age or their date of birth, not both",
    ),
    (
        "child",
        CHILD | {"pseudonym": "<script>alert(1)</script>"},
        "pseudonym",
        "Pseudonym must not include HTML tags such as &lt;script&gt;",
    ),
    ("child", CHILD | {"pseudonym": "A" * 101}, "pseudonym", "Pseudonym must be 100 characters"),
    ("child", CHILD | {"pseudonym": ""}, "pseudonym", "Enter a pseudonym for the child"),
    ("child", CHILD | {"sex": "robot"}, "sex", "Select the child&#39;s sex"),
    (
        "child",
        CHILD | {"disability": "x" * 100_000},
        "disability",
        "Disability must be 300 characters or fewer",
    ),
    (
        "child",
        CHILD | {"age_years": ""} | parts("date_of_birth", "2026-03-13"),
        "date_of_birth",
        "Date of birth must be today or in the past",
    ),
    (
        "child",
        CHILD | {"age_years": ""} | parts("date_of_birth", "2019-02-31"),
        "date_of_birth",
        "Date of birth must be a real date",
    ),
    (
        "child",
        CHILD | {"age_years": "", "date_of_birth-day": "2", "date_of_birth-year": "2019"},
        "date_of_birth",
        "Date of birth must include a month",
    ),
    (
        "incident-date",
        parts("incident_date", "2026-03-13"),
        "incident_date",
        "Date of the incident must be today or in the past",
    ),
    (
        "incident-date",
        {"incident_date-day": "1", "incident_date-month": "March", "incident_date-year": "2026"},
        "incident_date",
        "Date of the incident must be a real date",
    ),
    (
        "incident-date",
        {"incident_date-day": "1", "incident_date-month": "3", "incident_date-year": "26"},
        "incident_date",
        "Year in date of the incident must include 4 numbers",
    ),
    ("incident-date", {}, "incident_date", "Enter the date of the incident"),
    ("harm", {"harm": "hurt"}, "harm", "Select whether the child died or was seriously harmed"),
    (
        "areas",
        {"incident_area": "W" * 5000, "home_area": "Wexmoor"},
        "incident_area",
        "Local authority where it happened must be 200 characters or fewer",
    ),
    (
        "areas",
        {"incident_area": "Wexmoor", "home_area": "<img src=x onerror=alert(1)>"},
        "home_area",
        "Local authority where the child normally lives must not include HTML tags",
    ),
    ("criterion", {"criterion": "'; DROP TABLE"}, "criterion", "Select which statutory criterion"),
    (
        "dates",
        parts("la_aware_on", "2026-03-05")
        | parts("panel_notified_on", "2026-03-04")
        | parts("partnership_told_on", "2026-03-06"),
        "panel_notified_on",
        "Date the local authority notified the National Panel must be the same as or after",
    ),
    (
        "dates",
        parts("la_aware_on", "2026-03-02")
        | parts("panel_notified_on", "2026-03-04")
        | parts("partnership_told_on", "2026-03-13"),
        "partnership_told_on",
        "Date the local authority told the partnership must be today or in the past",
    ),
]


@pytest.mark.parametrize(("question", "data", "field", "message"), BAD_INPUT)
def test_bad_answers_get_a_message_naming_the_field_and_nothing_is_kept(
    team: Client, question: str, data: dict[str, Any], field: str, message: str
) -> None:
    team.post(START)

    response = team.post(page(question), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in html
    assert message in html
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    kept = NotificationDraft.objects.get(pk=team.session[SESSION_KEY])
    assert kept.answers == Draft().to_json()
    assert not Review.objects.exists()


def test_a_date_the_incident_moved_past_is_caught_before_saving(team: Client) -> None:
    answer_everything(team)
    answer(team, "incident-date", parts("incident_date", "2026-03-04"), CHECK)

    response = team.post(CHECK)

    assert response.status_code == 400
    assert "Date the local authority became aware must be the same as or after the date of" in (
        response.content.decode()
    )
    assert f'href="{page("dates")}"' in response.content.decode()
    assert not Review.objects.exists()


def test_a_date_of_birth_after_a_changed_incident_date_is_caught_before_saving(
    team: Client,
) -> None:
    born = CHILD | {"age_years": ""} | parts("date_of_birth", "2026-02-20")
    answer_everything(team, children=(born,))
    answer(team, "incident-date", parts("incident_date", "2026-02-10"), CHECK)

    response = team.post(CHECK)

    assert response.status_code == 400
    assert "Child A&#39;s date of birth is after the incident" in response.content.decode()
    assert f'href="{page("child-1")}"' in response.content.decode()
    assert not Review.objects.exists()


def test_the_next_free_pseudonym_is_offered(team: Client) -> None:
    team.post(START)
    answer(team, "child", CHILD | {"pseudonym": "Child B"}, page("children"))

    assert 'value="Child A"' in team.get(page("child")).content.decode()


VALID = Draft().to_json()

GOOD_CHILD = ChildAnswer(pseudonym="Child A", sex="male", plan="none", looked_after=False).to_json()


@pytest.mark.parametrize(
    "stored",
    [
        "not a draft",
        {},
        {key: value for key, value in VALID.items() if key != "harm"},
        VALID | {"version": 0},
        VALID | {"surprise": True},
        VALID | {"harm": "bogus"},
        VALID | {"incident_date": "2026-13-45"},
        VALID | {"la_aware_on": 20260302},
        VALID | {"home_area": "W" * 10_000},
        VALID | {"children": "Child A"},
        VALID | {"children": [{"pseudonym": "Child A"}]},
        VALID | {"children": [GOOD_CHILD | {"age_years": "seven"}]},
        VALID | {"children": [GOOD_CHILD | {"sex": "<script>"}]},
        VALID | {"children_done": "yes"},
    ],
)
def test_a_tampered_or_stale_draft_starts_the_flow_again(
    team: Client, business_team_member: User, stored: Any
) -> None:
    responses = []
    for method, url in [("get", CHECK), ("post", CHECK), ("post", page("harm"))]:
        kept = NotificationDraft.objects.create(owner=business_team_member, answers=stored)
        session = team.session
        session[SESSION_KEY] = str(kept.pk)
        session.save()
        responses.append(getattr(team, method)(url, {"harm": "died"}))
    restarted = team.get(START)

    assert [response.status_code for response in responses] == [302, 302, 302]
    assert {response["Location"] for response in responses} == {START}
    assert "Your answers could not be read back" in restarted.content.decode()
    assert SESSION_KEY not in team.session
    assert not Review.objects.exists()


def test_every_question_page_has_a_heading_a_hint_and_a_back_link(team: Client) -> None:
    answer_everything(team, criterion="none")
    questions = [
        "child",
        "child-1",
        "remove-child-1",
        "children",
        "incident-date",
        "harm",
        "areas",
        "criterion",
        "abuse-or-neglect",
        "proceed-reason",
        "dates",
    ]

    for question in questions:
        html = team.get(page(question)).content.decode()
        assert 'class="govuk-back-link"' in html, question
        assert html.count("<h1") == 1, question
        assert 'type="submit"' in html or "govuk-button" in html, question
    assert 'class="govuk-hint"' in team.get(page("incident-date")).content.decode()
    assert f'href="{page("children")}" class="govuk-back-link"' in (
        team.get(page("incident-date")).content.decode()
    )


def test_an_unknown_question_is_not_found(team: Client) -> None:
    assert team.get(page("favourite-colour")).status_code == 404
    assert team.get(page("child-9")).status_code == 302  # no ninth child: back to the list


def test_only_the_business_team_records_notifications(client: Client, partner_lead: User) -> None:
    sign_in(client, partner_lead)

    for response in [client.get(START), client.post(START), client.post(CHECK)]:
        assert response.status_code == 403
    assert not Review.objects.exists()


def test_the_recorded_notification_is_shown_and_corrected_without_overwriting(
    team: Client,
    client: Client,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    answer_everything(team)
    team.post(CHECK)
    review = Review.objects.get()
    url = reverse("reviews:notification", kwargs={"pk": review.pk})
    form = {
        "version": "1",
        **parts("incident_date", "2026-03-01"),
        "harm": "died",
        "incident_area": "Wexmoor",
        "home_area": "Southmere",
        "criterion": "in-area",
        "abuse_or_neglect": "known",
        "proceed_reason": "",
        **parts("la_aware_on", "2026-03-02"),
        **parts("panel_notified_on", "2026-03-05"),
        **parts("partnership_told_on", "2026-03-06"),
    }

    shown = team.get(url).content.decode()
    corrected = team.post(url, form)
    clash = team.post(url, form | {"home_area": "Eastwold"})
    wrong = team.post(url, form | {"version": "2", "criterion": "none"})

    assert "Northfen" in text(shown)
    assert "Correct the notification" in shown
    assert corrected.status_code == 302
    assert clash.status_code == 409
    assert "Someone else saved a change while you were editing" in clash.content.decode()
    assert wrong.status_code == 400
    assert "Enter why the review goes ahead" in wrong.content.decode()
    assert Notification.objects.get().home_area == "Southmere"
    assert review.events.filter(type=EventType.NOTIFICATION_CHANGED).count() == 1
    assert IdentityRecord.objects.count() == 0

    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    sign_in(client, partner_lead)
    assert "Southmere" in client.get(url).content.decode()
    assert "Correct the notification" not in client.get(url).content.decode()
    assert client.post(url, form | {"version": "2"}).status_code == 403
