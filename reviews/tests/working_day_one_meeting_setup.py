"""What the decision meeting invitation tests share: a review, its legal representative, and
the meeting arranged.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from accounts.models import Organisation, Partnership, PartnershipRole, User
from reviews.actions.working_day_one import arrange_meeting
from reviews.models import Meeting, Review, ReviewRole
from reviews.tests.factories import join
from reviews.tests.working_day_one_setup import ask_partners, holder, open_rapid_review, staff

LONDON = ZoneInfo("Europe/London")

TEN_ON_WORKING_DAY_ELEVEN = dt.datetime(2026, 3, 23, 10, 0, tzinfo=LONDON)


def legal(partnership: Partnership) -> User:
    return holder(partnership, PartnershipRole.Role.LEGAL_REPRESENTATIVE, "Lena Counsel")


def review(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    school: Organisation,
    agency_contributor: User,
    legal: User,
) -> Review:
    """A rapid review with two partner leads, legal services and a school's contributor."""
    review = open_rapid_review(partnership, by=business_team_member)
    ask_partners(
        review,
        by=business_team_member,
        contributors={police: staff(police, "Pat Constable"), icb: staff(icb, "Isla Nurse")},
    )
    join(
        review,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=business_team_member,
        organisation=school,
    )
    return review


def person_named(name: str) -> User:
    return User.objects.get(full_name=name)


def form(people: list[User], **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": "0",
        "date-day": "23",
        "date-month": "3",
        "date-year": "2026",
        "start_time": "10:00",
        "duration_minutes": "90",
        "location": "Room 2, County Hall",
        "online_link": "https://meet.wexmoor.example/rr-11",
        "invitees": [str(person.pk) for person in people],
    }
    data.update(changes)
    return data


def arrange(review: Review, by: User, invitees: list[User], **changes: object) -> Meeting:
    values: dict[str, object] = {
        "expected_version": 0,
        "starts_at": TEN_ON_WORKING_DAY_ELEVEN,
        "duration_minutes": 90,
        "location": "Room 2, County Hall",
        "online_link": "",
        "invitees": invitees,
    }
    values.update(changes)
    return arrange_meeting(review, by=by, **values)  # type: ignore[arg-type]
