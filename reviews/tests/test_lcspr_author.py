"""The independent author's commission (access to their LCSPR only) and the introduction
meeting with key partners."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.author import (
    change_commission,
    commission_author,
    record_introduction_meeting,
)
from reviews.event_types import EventType
from reviews.models import (
    AuthorCommission,
    IntroductionMeeting,
    Review,
    ReviewKind,
    ReviewMember,
    ReviewRole,
    StepRecord,
)
from reviews.tests.factories import join, make_review

TODAY = dt.date(2026, 10, 1)
ORIGIN = dt.date(2026, 3, 6)  # reviews.tests.factories.DEFAULT_ORIGIN


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@dataclass
class Cast:
    team: User
    author: User
    police_lead: User
    lcspr: Review
    rapid_review: Review
    other_lcspr: Review


@pytest.fixture
def cast(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
) -> Cast:
    team = business_team_member
    rapid = make_review(partnership=partnership, by=team)
    lcspr = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR, rapid_review=rapid)
    other = make_review(
        partnership=partnership, by=team, kind=ReviewKind.LCSPR, pseudonym="Child Q"
    )
    join(lcspr, team, ReviewRole.BUSINESS_TEAM_LEAD, by=team)
    join(lcspr, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    return Cast(team, independent_author, partner_lead, lcspr, rapid, other)


def _commission(cast: Cast, **changes: object) -> AuthorCommission:
    values: dict[str, object] = {
        "author": cast.author,
        "author_organisation": "Fenwick Reviews Ltd",
        "starts_on": dt.date(2026, 10, 5),
        "ends_on": dt.date(2027, 3, 31),
        "contract_reference": "WTP-2026-014",
    }
    values.update(changes)
    return commission_author(cast.lcspr, by=cast.team, **values)  # type: ignore[arg-type]


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _commission_data(
    commission: AuthorCommission | None, author: User, /, **changes: str
) -> dict[str, str]:
    return {
        "version": str(commission.version if commission else 0),
        "author": str(author.pk),
        "author_organisation": "Fenwick Reviews Ltd",
        **_date("starts_on", dt.date(2026, 10, 5)),
        **_date("ends_on", dt.date(2027, 3, 31)),
        "contract_reference": "WTP-2026-014",
        **changes,
    }


# Commissioning


def test_commissioning_gives_the_author_this_review_only_and_emails_them(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        commission = _commission(cast)

    assert commission.author == cast.author
    assert ReviewMember.objects.filter(
        review=cast.lcspr, user=cast.author, role=ReviewRole.INDEPENDENT_AUTHOR, active=True
    ).exists()
    step = StepRecord.objects.get(review=cast.lcspr, key="author-commissioned")
    assert step.completed_on == TODAY
    event = cast.lcspr.events.get(type=EventType.AUTHOR_COMMISSIONED)
    assert event.detail["author"] == "Imogen Test"
    assert [message.to for message in mail.outbox] == [[cast.author.email]]
    assert reverse("reviews:detail", kwargs={"pk": cast.lcspr.pk}) in mail.outbox[0].body
    assert "Child A" not in mail.outbox[0].body
    sign_in(client, cast.author)
    assert client.get(reverse("reviews:detail", kwargs={"pk": cast.lcspr.pk})).status_code == 200
    for elsewhere in (cast.other_lcspr, cast.rapid_review):
        assert client.get(reverse("reviews:detail", kwargs={"pk": elsewhere.pk})).status_code == 404
    assert cast.other_lcspr.case_code not in client.get(reverse("reviews:list")).content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": dt.date(2026, 10, 4)}, "ends_on"),
        ({"ends_on": dt.date(2040, 1, 1)}, "ends_on"),
        ({"contract_reference": " "}, "contract_reference"),
        ({"contract_reference": "x" * 101}, "contract_reference"),
        ({"author_organisation": "x" * 201}, "author_organisation"),
    ],
)
def test_a_commission_the_rules_refuse_names_the_field(
    cast: Cast, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ActionError) as refusal:
        _commission(cast, **changes)

    assert refusal.value.field == field
    assert not AuthorCommission.objects.exists()
    assert not ReviewMember.objects.filter(role=ReviewRole.INDEPENDENT_AUTHOR).exists()


def test_the_author_must_be_in_the_partnership_and_a_rapid_review_has_none(
    cast: Cast, outsider: User
) -> None:
    with pytest.raises(ActionError) as refusal:
        _commission(cast, author=outsider)
    assert refusal.value.field == "author"

    with pytest.raises(ActionError):
        commission_author(
            cast.rapid_review,
            by=cast.team,
            author=cast.author,
            author_organisation="",
            starts_on=TODAY,
            ends_on=TODAY,
            contract_reference="X",
        )


def test_a_review_has_one_commission(cast: Cast) -> None:
    _commission(cast)

    with pytest.raises(ActionError, match="already commissioned"):
        _commission(cast)


def test_changing_the_author_moves_the_access(
    client: Client,
    cast: Cast,
    partnership: Partnership,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    commission = _commission(cast)
    successor = make_user(partnership=partnership, full_name="Nadia Newauthor")

    with django_capture_on_commit_callbacks(execute=True):
        changed = change_commission(
            commission,
            by=cast.team,
            expected_version=commission.version,
            author=successor,
            author_organisation="",
            starts_on=commission.starts_on,
            ends_on=commission.ends_on,
            contract_reference="WTP-2026-015",
        )

    assert (changed.author, changed.version) == (successor, 2)
    authors = ReviewMember.objects.filter(review=cast.lcspr, role=ReviewRole.INDEPENDENT_AUTHOR)
    assert {(member.user, member.active) for member in authors} == {
        (cast.author, False),
        (successor, True),
    }
    assert [message.to for message in mail.outbox] == [[successor.email]]
    event = cast.lcspr.events.get(type=EventType.COMMISSION_CHANGED)
    assert set(event.detail["changes"]) == {
        "author_id",
        "author_organisation",
        "contract_reference",
    }
    sign_in(client, cast.author)
    assert client.get(reverse("reviews:detail", kwargs={"pk": cast.lcspr.pk})).status_code == 404


def test_a_change_from_an_old_version_is_refused(cast: Cast) -> None:
    commission = _commission(cast)
    change_commission(
        commission,
        by=cast.team,
        expected_version=1,
        author=cast.author,
        author_organisation="",
        starts_on=commission.starts_on,
        ends_on=commission.ends_on,
        contract_reference="WTP-2026-014A",
    )

    with pytest.raises(EditConflict) as clash:
        change_commission(
            commission,
            by=cast.team,
            expected_version=1,
            author=cast.author,
            author_organisation="Fenwick Reviews Ltd",
            starts_on=commission.starts_on,
            ends_on=commission.ends_on,
            contract_reference="WTP-2026-014B",
        )

    assert clash.value.theirs["contract_reference"] == "WTP-2026-014A"
    commission.refresh_from_db()
    assert commission.contract_reference == "WTP-2026-014A"
    assert cast.lcspr.events.filter(type=EventType.EDIT_REFUSED).count() == 1


# The author's pages


def test_the_business_team_commissions_the_author_on_the_page(client: Client, cast: Cast) -> None:
    sign_in(client, cast.team)
    url = reverse("reviews:author", kwargs={"pk": cast.lcspr.pk})

    form = client.get(url).content.decode()
    response = client.post(url, _commission_data(None, cast.author))

    assert "Imogen Test (author@reviewer.example)" in form
    assert response.status_code == 302
    assert AuthorCommission.objects.get().author == cast.author


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"author": ""}, "author", "Choose the independent author"),
        ({"author": "999999"}, "author", "Choose the independent author from the list"),
        ({"contract_reference": ""}, "contract_reference", "Enter the contract reference"),
        (
            {**_date("ends_on", dt.date(2026, 10, 1))},
            "ends_on",
            "The end of the commission must be on or after its start",
        ),
        ({"starts_on-month": "13"}, "starts_on", "Start of the commission must be a real date"),
    ],
)
def test_a_bad_commission_on_the_page_names_the_field(
    client: Client, cast: Cast, changes: dict[str, str], field: str, message: str
) -> None:
    sign_in(client, cast.team)

    response = client.post(
        reverse("reviews:author", kwargs={"pk": cast.lcspr.pk}),
        _commission_data(None, cast.author, **changes),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}"' in page
    assert not AuthorCommission.objects.exists()


def test_the_contract_reference_is_for_the_team_and_the_author(client: Client, cast: Cast) -> None:
    _commission(cast)
    url = reverse("reviews:author", kwargs={"pk": cast.lcspr.pk})

    as_lead = sign_in(Client(), cast.police_lead).get(url).content.decode()
    as_author = sign_in(Client(), cast.author).get(url).content.decode()

    assert "Imogen Test" in as_lead
    assert "WTP-2026-014" not in as_lead
    assert "WTP-2026-014" in as_author
    assert reverse("reviews:author-edit", kwargs={"pk": cast.lcspr.pk}) not in as_author


def test_a_clash_on_the_change_page_is_a_409_showing_both(client: Client, cast: Cast) -> None:
    commission = _commission(cast)
    sign_in(client, cast.team)
    url = reverse("reviews:author-edit", kwargs={"pk": cast.lcspr.pk})
    first = client.post(url, _commission_data(commission, cast.author, contract_reference="REF-A"))

    second = client.post(url, _commission_data(commission, cast.author, contract_reference="REF-B"))

    assert first.status_code == 302
    assert second.status_code == 409
    page = second.content.decode()
    assert "REF-A" in page
    assert "REF-B" in page
    commission.refresh_from_db()
    assert commission.contract_reference == "REF-A"


def test_the_author_pages_refuse_those_without_the_part(
    client: Client, cast: Cast, outsider: User
) -> None:
    _commission(cast)

    def status(user: User, name: str, method: str = "get", pk: int | None = None) -> int:
        browser = sign_in(Client(), user)
        url = reverse(name, kwargs={"pk": pk or cast.lcspr.pk})
        return (browser.post(url, {}) if method == "post" else browser.get(url)).status_code

    assert status(outsider, "reviews:author") == 404
    assert status(cast.police_lead, "reviews:author", "post") == 403
    assert status(cast.author, "reviews:author-edit") == 403
    assert status(cast.team, "reviews:author", pk=cast.rapid_review.pk) == 404


# The introduction meeting


def _meet(cast: Cast, **changes: object) -> IntroductionMeeting:
    values: dict[str, object] = {
        "expected_version": 0,
        "held_on": dt.date(2026, 9, 28),
        "attendees": [cast.team, cast.police_lead],
        "others_present": "Minute taker",
        "agreed": "Draft terms shared; learning events in November.",
    }
    values.update(changes)
    return record_introduction_meeting(cast.lcspr, by=cast.team, **values)  # type: ignore[arg-type]


def test_recording_the_meeting_completes_its_step(cast: Cast) -> None:
    meeting = _meet(cast)

    assert set(meeting.attendees.all()) == {cast.team, cast.police_lead}
    step = StepRecord.objects.get(review=cast.lcspr, key="introduction-meeting")
    assert step.completed_on == dt.date(2026, 9, 28)
    event = cast.lcspr.events.get(type=EventType.INTRODUCTION_MEETING_RECORDED)
    assert event.detail["held_on"] == "Monday 28 September 2026"


def test_correcting_the_meeting_moves_the_step_and_keeps_the_history(cast: Cast) -> None:
    meeting = _meet(cast)

    corrected = _meet(cast, expected_version=1, held_on=dt.date(2026, 9, 29), attendees=[cast.team])

    assert (corrected.pk, corrected.version) == (meeting.pk, 2)
    assert list(corrected.attendees.all()) == [cast.team]
    assert StepRecord.objects.get(review=cast.lcspr, key="introduction-meeting").completed_on == (
        dt.date(2026, 9, 29)
    )
    changed = cast.lcspr.events.get(type=EventType.INTRODUCTION_MEETING_CHANGED)
    assert changed.detail["changes"] == ["attendees", "held_on"]
    assert corrected.history.count() >= 2
    with pytest.raises(EditConflict) as clash:
        _meet(cast, expected_version=1, agreed="Something else.")
    assert clash.value.theirs["agreed"] == "Draft terms shared; learning events in November."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": TODAY + dt.timedelta(days=1)}, "held_on"),
        ({"held_on": ORIGIN - dt.timedelta(days=1)}, "held_on"),
        ({"agreed": ""}, "agreed"),
        ({"agreed": "x" * 10_001}, "agreed"),
        ({"others_present": "x" * 2001}, "others_present"),
        ({"attendees": [], "others_present": ""}, "attendees"),
    ],
)
def test_a_meeting_the_rules_refuse_names_the_field(
    cast: Cast, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ActionError) as refusal:
        _meet(cast, **changes)

    assert refusal.value.field == field
    assert not IntroductionMeeting.objects.exists()


def test_only_people_taking_part_are_attendees(cast: Cast, partnership: Partnership) -> None:
    stranger = make_user(partnership=partnership, full_name="Sid Stranger")

    with pytest.raises(ActionError) as refusal:
        _meet(cast, attendees=[cast.team, stranger])

    assert refusal.value.field == "attendees"


def _meeting_data(cast: Cast, version: int, **changes: str) -> dict[str, object]:
    return {
        "version": str(version),
        **_date("held_on", dt.date(2026, 9, 28)),
        "attendees": [str(cast.police_lead.pk)],
        "others_present": "",
        "agreed": "Draft terms shared.",
        **changes,
    }


def test_the_author_records_the_meeting_on_its_page(client: Client, cast: Cast) -> None:
    _commission(cast)
    sign_in(client, cast.author)
    url = reverse("reviews:introduction-meeting", kwargs={"pk": cast.lcspr.pk})

    form = client.get(url).content.decode()
    response = client.post(url, _meeting_data(cast, 0))

    assert "Hannah Test (Statutory partner lead, Wexmoor Police)" in form
    assert response.status_code == 302
    meeting = IntroductionMeeting.objects.get()
    assert (meeting.recorded_by, list(meeting.attendees.all())) == (cast.author, [cast.police_lead])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"agreed": ""}, "agreed", "Enter what was agreed"),
        ({"held_on-year": "26"}, "held_on", "Year in date of the meeting must include 4 numbers"),
        (
            {**_date("held_on", dt.date(2026, 3, 1))},
            "held_on",
            "The date the meeting was held must be on or after Friday 6 March 2026",
        ),
        ({"attendees": "999999"}, "attendees", "Choose who attended from the list"),
    ],
)
def test_a_bad_meeting_on_the_page_names_the_field(
    client: Client, cast: Cast, changes: dict[str, str], field: str, message: str
) -> None:
    sign_in(client, cast.team)

    response = client.post(
        reverse("reviews:introduction-meeting", kwargs={"pk": cast.lcspr.pk}),
        _meeting_data(cast, 0, **changes),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}"' in page
    assert not IntroductionMeeting.objects.exists()


def test_a_clash_on_the_meeting_page_is_a_409(client: Client, cast: Cast) -> None:
    sign_in(client, cast.team)
    url = reverse("reviews:introduction-meeting", kwargs={"pk": cast.lcspr.pk})
    client.post(url, _meeting_data(cast, 0, agreed="First record."))

    response = client.post(url, _meeting_data(cast, 0, agreed="Second record."))

    assert response.status_code == 409
    page = response.content.decode()
    assert "First record." in page
    assert "Second record." in page
    assert IntroductionMeeting.objects.get().agreed == "First record."


def test_the_meeting_page_is_read_by_the_panel_and_recorded_by_the_review_team(
    client: Client, cast: Cast, outsider: User
) -> None:
    _meet(cast)
    url = reverse("reviews:introduction-meeting", kwargs={"pk": cast.lcspr.pk})
    lead = sign_in(Client(), cast.police_lead)

    page = lead.get(url)
    refused = lead.post(url, _meeting_data(cast, 1))

    assert page.status_code == 200
    assert "Draft terms shared; learning events in November." in page.content.decode()
    assert 'name="agreed"' not in page.content.decode()
    assert refused.status_code == 403
    assert sign_in(Client(), outsider).get(url).status_code == 404


def test_the_meeting_page_makes_the_same_number_of_queries_however_many_attended(
    client: Client, cast: Cast, partnership: Partnership
) -> None:
    _meet(cast, attendees=[cast.team])
    sign_in(client, cast.team)
    url = reverse("reviews:introduction-meeting", kwargs={"pk": cast.lcspr.pk})
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    people = [make_user(partnership=partnership) for _ in range(4)]
    for each in people:
        join(cast.lcspr, each, ReviewRole.PANEL_MEMBER, by=cast.team)
    _meet(cast, expected_version=1, attendees=[cast.team, *people])
    with CaptureQueriesContext(connection) as five:
        client.get(url)

    assert len(five) == len(one)
