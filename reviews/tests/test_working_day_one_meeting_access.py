"""Who sees the decision meeting and its calendar invitation, and the page's queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from conftest import WebAs, sign_in
from reviews.models import AccessLogEntry, Meeting, Review, ReviewRole
from reviews.tests import working_day_one_meeting_setup as setup
from reviews.tests.factories import join
from reviews.tests.working_day_one_meeting_setup import arrange, form, person_named
from reviews.tests.working_day_one_setup import PSEUDONYM, WORKING_DAY_ONE, body_of, mail_to, staff


@pytest.fixture(autouse=True)
def _on_working_day_one() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        yield


@pytest.fixture
def legal(partnership: Partnership) -> User:
    return setup.legal(partnership=partnership)


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    school: Organisation,
    agency_contributor: User,
    legal: User,
) -> Review:
    return setup.review(
        partnership=partnership,
        business_team_member=business_team_member,
        police=police,
        icb=icb,
        school=school,
        agency_contributor=agency_contributor,
        legal=legal,
    )


def test_people_taking_part_see_the_meeting_and_download_the_same_invitation(
    client: Client, review: Review, business_team_member: User
) -> None:
    pat = person_named("Pat Constable")
    meeting = arrange(review, business_team_member, [pat, person_named("Lena Counsel")])
    sign_in(client, pat)

    page = client.get(reverse("reviews:meeting", kwargs={"pk": review.pk})).content.decode()
    download = client.get(reverse("reviews:meeting-ics", kwargs={"pk": review.pk}))
    refused = client.post(
        reverse("reviews:meeting", kwargs={"pk": review.pk}),
        form([pat], version=str(meeting.version), start_time="16:00"),
    )

    assert "Monday 23 March 2026 at 10:00am" in page
    assert "Lena Counsel" in page
    assert "Send the update" not in page
    assert download["Content-Type"] == "text/calendar; method=REQUEST"
    assert download["Content-Disposition"] == (
        f'attachment; filename="{review.case_code}-decision-meeting.ics"'
    )
    calendar = Calendar.from_ical(download.content)
    (event,) = calendar.events
    assert (str(event["UID"]), event["SEQUENCE"]) == (meeting.uid, 0)
    assert PSEUDONYM not in download.content.decode()
    assert AccessLogEntry.objects.filter(
        user=pat, action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT, review=review
    ).exists()
    assert refused.status_code == 403


def test_agencies_not_invited_and_outsiders_cannot_see_the_meeting_and_none_means_not_found(
    client: Client,
    review: Review,
    business_team_member: User,
    agency_contributor: User,
    outsider: User,
) -> None:
    sign_in(client, business_team_member)
    before = client.get(reverse("reviews:meeting-ics", kwargs={"pk": review.pk})).status_code
    arrange(review, business_team_member, [person_named("Pat Constable")])

    sign_in(client, agency_contributor)
    as_agency = client.get(reverse("reviews:meeting-ics", kwargs={"pk": review.pk})).status_code
    sign_in(client, outsider)
    as_outsider = client.get(reverse("reviews:meeting-ics", kwargs={"pk": review.pk})).status_code

    assert (before, as_agency, as_outsider) == (404, 403, 404)


def test_an_invited_agency_contributor_opens_the_link_in_their_invitation(
    web_as: WebAs,
    review: Review,
    business_team_member: User,
    agency_contributor: User,
    outsider: User,
    school: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """The invitation links to the meeting's page: everyone invited opens it and sees the
    meeting, but an invitation shows no more of the review than their part allows."""
    not_invited = staff(school, "Tess Teacher")
    join(
        review,
        not_invited,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=business_team_member,
        organisation=school,
    )
    with django_capture_on_commit_callbacks(execute=True):
        arrange(
            review,
            business_team_member,
            [person_named("Pat Constable"), agency_contributor],
            online_link="https://meet.wexmoor.example/rr-11",
        )
    (invitation,) = mail_to(agency_contributor.email)
    (link,) = re.findall(r"https?://\S+/meeting/", body_of(invitation))
    path = urlsplit(link).path
    app = web_as(agency_contributor)

    page = app.get(path)

    assert page.status_int == 200
    assert "Monday 23 March 2026 at 10:00am" in page.text  # the date and the time
    assert "90 minutes" in page.text
    assert "Room 2, County Hall" in page.text
    assert 'href="https://meet.wexmoor.example/rr-11"' in page.text
    agenda = " ".join(page.html.select_one('[data-testid="agenda"]').get_text(" ").split())
    assert "decide whether the case meets the criteria" in agenda
    assert "Pat Constable" in page.text  # who is invited
    assert "Send the update" not in page.text
    assert f'href="{reverse("reviews:detail", kwargs={"pk": review.pk})}"' not in page.text
    assert app.get(path + "invitation.ics").status_int == 200
    # The invitation opens the meeting only: the review itself stays closed to them.
    detail = reverse("reviews:detail", kwargs={"pk": review.pk})
    assert app.get(detail, expect_errors=True).status_int == 403
    assert web_as(not_invited).get(path, expect_errors=True).status_int == 403
    assert web_as(outsider).get(path, expect_errors=True).status_int == 404


def test_the_page_makes_the_same_number_of_queries_however_many_people(
    client: Client, partnership: Partnership, review: Review, business_team_member: User
) -> None:
    arrange(review, business_team_member, [person_named("Pat Constable")])
    sign_in(client, business_team_member)
    url = reverse("reviews:meeting", kwargs={"pk": review.pk})
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    people = [make_user(partnership=partnership) for _ in range(8)]
    for person in people:
        join(review, person, ReviewRole.PANEL_MEMBER, by=business_team_member)
    meeting = Meeting.objects.get(review=review)
    arrange(review, business_team_member, people, expected_version=meeting.version)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)
