"""Reads for the end of an LCSPR: the statutory date for publication, the date published or
planned, and the end of the minimum publication period (Working Together: publish within six
calendar months of the decision to start the review; keep it published for at least a year)."""

from __future__ import annotations

import datetime as dt

from reviews.clock import schedule_for
from reviews.deadlines import add_months
from reviews.models import Publication, Review
from reviews.process import Step

# Keep the report published for at least one year (Working Together).
MINIMUM_PERIOD_MONTHS = 12


def six_month_deadline(review: Review) -> dt.date | None:
    """The statutory date for publication, before any extension or hold."""
    step = schedule_for(review).step(Step.PUBLISHED)
    return step.original_due or step.due


def publication_date(review: Review) -> dt.date | None:
    """The date the review was published, or else the date planned; None if neither."""
    found = (
        Publication.objects.filter(review=review).values_list("published_on", "planned_on").first()
    )
    if found is None:
        return None
    return found[0] or found[1]


def minimum_period_ends(published_on: dt.date) -> dt.date:
    """The day the minimum publication period of a year ends (29 February + 1 year = 28th)."""
    return add_months(published_on, MINIMUM_PERIOD_MONTHS)
