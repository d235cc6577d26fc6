"""What the notification page tests share: the answers to each question and how to give them.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import sign_in

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


def text(html: str) -> str:
    """The page's words, without tags, for asserting on what a person reads."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
