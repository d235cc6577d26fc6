"""Recording a notification through the real pages: one question a page, check, save."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, User
from conftest import sign_in
from reviews.event_types import EventType
from reviews.forms.notification_draft import SESSION_KEY, ChildAnswer, Draft
from reviews.models import Child, IdentityRecord, Notification, Review, ReviewRole
from reviews.tests.factories import join

D = dt.date.fromisoformat
START = reverse("reviews:notify")
CHECK = reverse("reviews:notify-check")
CHILD = {
    "pseudonym": "Child A",
    "real_name": "",
    "age_years": "7",
    "sex": "female",
    "ethnicity": "White British",
    "disability": "",
    "looked_after": "no",
    "plan": "child-in-need",
}


@pytest.fixture(autouse=True)
def _thursday_12_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 12, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def team(client: Client, business_team_member: User) -> Client:
    return sign_in(client, business_team_member)


def page(question: str) -> str:
    return reverse("reviews:notify-step", kwargs={"question": question})


def parts(name: str, day: str) -> dict[str, str]:
    year, month, date = day.split("-")
    return {f"{name}-day": date, f"{name}-month": month, f"{name}-year": year}


def answer(client: Client, question: str, data: dict[str, str], then: str) -> None:
    response = client.post(page(question), data)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == then


def answer_everything(
    client: Client,
    *,
    children: tuple[dict[str, str], ...] = (CHILD,),
    criterion: str = "in-area",
    notified: str = "2026-03-05",
) -> None:
    """Go through every question: aware Monday 2 March, partnership told Friday 6 March."""
    client.post(START)
    for number, child in enumerate(children):
        answer(client, "child", child, page("children"))
        more = "yes" if number < len(children) - 1 else "no"
        answer(
            client,
            "children",
            {"add_another": more},
            page("child" if more == "yes" else "incident-date"),
        )
    answer(client, "incident-date", parts("incident_date", "2026-03-01"), page("harm"))
    answer(client, "harm", {"harm": "died"}, page("areas"))
    answer(
        client, "areas", {"incident_area": "Wexmoor", "home_area": "Northfen"}, page("criterion")
    )
    answer(client, "criterion", {"criterion": criterion}, page("abuse-or-neglect"))
    after = page("proceed-reason") if criterion == "none" else page("dates")
    answer(client, "abuse-or-neglect", {"abuse_or_neglect": "known"}, after)
    if criterion == "none":
        answer(
            client,
            "proceed-reason",
            {"proceed_reason": "The partners agreed to review."},
            page("dates"),
        )
    dates = (
        parts("la_aware_on", "2026-03-02")
        | parts("panel_notified_on", notified)
        | parts("partnership_told_on", "2026-03-06")
    )
    answer(client, "dates", dates, CHECK)


def task(html: str, key: str) -> str:
    """The task list item of one step on the review page."""
    return next(part for part in html.split("app-task--")[1:] if part.startswith(f'{key}"'))


def text(html: str) -> str:
    """The page's words, without tags, for asserting on what a person reads."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_business_manager_records_a_notification_and_opens_the_rapid_review(
    team: Client,
) -> None:
    assert f'href="{START}"' in team.get(reverse("reviews:list")).content.decode()
    assert "Start now" in team.get(START).content.decode()
    child_b = CHILD | {
        "pseudonym": "Child B",
        "age_years": "",
        "real_name": "Ava Fictional",
        **parts("date_of_birth", "2019-03-02"),
    }
    child_c = CHILD | {"pseudonym": "Child C"}

    team.post(START)
    first = team.get(page("child")).content.decode()
    assert 'value="Child A"' in first  # the next free pseudonym, offered
    answer(team, "child", CHILD, page("children"))
    answer(team, "children", {"add_another": "yes"}, page("child"))
    answer(team, "child", child_b, page("children"))
    answer(team, "children", {"add_another": "yes"}, page("child"))
    answer(team, "child", child_c, page("children"))
    assert "You have added 3 children" in team.get(page("children")).content.decode()
    answer(team, "remove-child-3", {"confirm": "yes"}, page("children"))
    answer(team, "children", {"add_another": "no"}, page("incident-date"))
    answer(team, "incident-date", parts("incident_date", "2026-03-01"), page("harm"))
    answer(team, "harm", {"harm": "died"}, page("areas"))
    answer(team, "areas", {"incident_area": "Wexmoor", "home_area": "Wexmoor"}, page("criterion"))
    answer(team, "criterion", {"criterion": "in-area"}, page("abuse-or-neglect"))
    answer(team, "abuse-or-neglect", {"abuse_or_neglect": "suspected"}, page("dates"))
    dates = (
        parts("la_aware_on", "2026-03-02")
        | parts("panel_notified_on", "2026-03-05")
        | parts("partnership_told_on", "2026-03-06")
    )
    answer(team, "dates", dates, CHECK)
    # A change goes back to its question and returns to check answers.
    answer(team, "harm", {"harm": "seriously-harmed"}, CHECK)
    check = team.get(CHECK).content.decode()
    saved_nothing_yet = not Review.objects.exists()
    saved = team.post(CHECK)
    done = team.get(saved["Location"]).content.decode()

    assert saved_nothing_yet
    assert "Check your answers before opening the rapid review" in check
    words = text(check[check.index("<h1") :])  # after the "Child C has been removed" banner
    assert "Child C has been removed" in text(check)
    assert "Child B" in words
    assert "Age 6" in words
    assert "Child C" not in words
    assert "The child was seriously harmed" in words
    assert "Friday 6 March 2026" in words
    assert "Late" not in words
    for question in ["child-1", "child-2", "incident-date", "harm", "areas", "criterion", "dates"]:
        assert f'href="{page(question)}"' in check
    assert "Ava Fictional" not in check
    assert saved["Location"] == page("done")
    review = Review.objects.get()
    assert "Rapid review opened" in done
    assert "Case code AWT26" in text(done)
    assert f'href="{reverse("reviews:detail", kwargs={"pk": review.pk})}"' in done
    assert SESSION_KEY not in team.session
    assert list(Child.objects.values_list("pseudonym", "age_years")) == [
        ("Child A", 7),
        ("Child B", 6),
    ]

    html = team.get(reverse("reviews:detail", kwargs={"pk": review.pk})).content.decode()
    overview = text(html)
    submitted = text(task(html, "report-submitted"))
    assert "Send the report to the National Panel" in submitted
    assert "Due Friday 27 March 2026" in submitted  # working day 15 from Friday 6 March
    assert "Child B, aged 6, female" in overview
    assert "Ava" not in overview
    assert "2019" not in overview
    identities = team.post(
        reverse("reviews:identities", kwargs={"pk": review.pk}),
        {"reason": "Checking the notification against the referral."},
    )
    assert "Ava Fictional" in identities.content.decode()
    assert "Saturday 2 March 2019" in identities.content.decode()


def test_a_late_notification_is_flagged_before_saving_and_on_the_review(team: Client) -> None:
    answer_everything(team, notified="2026-03-10")

    check = text(team.get(CHECK).content.decode())
    team.post(CHECK)
    review = Review.objects.get()
    overview = team.get(reverse("reviews:detail", kwargs={"pk": review.pk})).content.decode()

    assert "Late notification: the National Panel was notified on Tuesday 10 March 2026" in check
    assert "It was due by Monday 9 March 2026" in check
    assert 'data-testid="late-notification">Notified late' in overview
    assert review.events.get(type=EventType.NOTIFICATION_RECORDED).detail["late"] is True


def test_a_notification_meeting_no_criterion_is_refused_without_a_reason(team: Client) -> None:
    team.post(START)
    answer(team, "child", CHILD, page("children"))
    answer(team, "children", {"add_another": "no"}, page("incident-date"))
    answer(team, "criterion", {"criterion": "none"}, page("incident-date"))
    answer(team, "abuse-or-neglect", {"abuse_or_neglect": "known"}, page("incident-date"))

    refused = team.post(page("proceed-reason"), {"proceed_reason": ""})
    skipped = team.get(CHECK)

    assert refused.status_code == 400
    assert "Enter why the review goes ahead although no statutory criterion is met" in (
        refused.content.decode()
    )
    assert "meets no statutory criterion" in refused.content.decode()
    assert skipped["Location"] == page("incident-date")  # unanswered questions come first
    assert not Review.objects.exists()

    answer_everything(team, criterion="none")
    check = text(team.get(CHECK).content.decode())
    team.post(CHECK)

    assert "Why the review goes ahead The partners agreed to review." in check
    assert Notification.objects.get().proceed_reason == "The partners agreed to review."


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
    assert team.session[SESSION_KEY] == Draft().to_json()
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
def test_a_tampered_or_stale_session_starts_the_flow_again(team: Client, stored: Any) -> None:
    responses = []
    for method, url in [("get", CHECK), ("post", CHECK), ("post", page("harm"))]:
        session = team.session
        session[SESSION_KEY] = stored
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
