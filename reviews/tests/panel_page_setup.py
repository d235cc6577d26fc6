"""What the Panel page tests share: a review whose report is ready to send, and sending it.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accounts.models import Organisation, Partnership
from reviews.models import Review, StepRecord
from reviews.process import Step
from reviews.tests.form_data import date_fields
from reviews.tests.panel_setup import SENT_ON, Cast, open_with_people


def review(partnership: Partnership, cast: Cast, school: Organisation) -> Review:
    return open_with_people(partnership, cast, school=school)


def url(name: str, review: Review) -> str:
    return reverse(name, kwargs={"pk": review.pk})


def submit_to_panel(review: Review, version_pk: int, **changes: str) -> dict[str, str]:
    data = {
        "version": "0",
        "report_version": str(version_pk),
        "sent_to": "national.panel@panel.example",
        **date_fields("sent_on", SENT_ON),
    }
    return data | changes


def done_on(review: Review, key: Step) -> dt.date | None:
    record = StepRecord.objects.filter(review=review, key=key).first()
    return record.completed_on if record else None
