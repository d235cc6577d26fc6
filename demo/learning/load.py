"""Demo learning across three years of reviews, and what was done about it.

Four rapid reviews from the two years before the demo's current year (none became an LCSPR:
they ran before the service was in use and are recorded here from the partnership's files),
the rapid reviews and LCSPRs of demo/rapid_reviews.py and demo/lcsprs/, and learning
on each tagged with the partnership's themes, so that the themes page shows a pattern: safe
sleep and professional curiosity every year, fathers and male carers twice. Then
recommendations with actions for several organisations in every state (some overdue),
immediate corrective actions raised while reviews run, how the learning was shared, and a
7-minute briefing. ``REVIEW_LEARNING`` is the table of reviews and themes the tests count from.

Everything is done through the real actions on the day it happened (as in
demo/rapid_reviews.py). Fictional people, places and events only.
"""

from __future__ import annotations

from accounts.models import Partnership
from demo.lcsprs.cast import cast_of
from demo.learning.learning import REVIEW_LEARNING, record_demo_learning
from demo.learning.past_reviews import PAST_RAPID_REVIEWS, past_rapid_review
from demo.learning.plans import immediate_actions, past_action_plans
from demo.learning.published_lcspr import published_lcspr_plan
from reviews.models import Review, Theme
from reviews.models.calendar import working_calendar_for


def load_demo_learning(partnership: Partnership) -> None:
    """Past rapid reviews, learning on every review of the table, action plans and sharing
    (after demo/rapid_reviews.py and demo/lcsprs/; idempotence is the caller's)."""
    cast = cast_of(partnership)
    calendar = working_calendar_for(partnership)
    for past in PAST_RAPID_REVIEWS:
        past_rapid_review(partnership, cast, calendar, past)
    themes = {theme.name: theme for theme in Theme.objects.filter(partnership=partnership)}
    for (pseudonym, kind), pieces in REVIEW_LEARNING.items():
        review = Review.objects.get(partnership=partnership, pseudonym=pseudonym, kind=kind)
        record_demo_learning(review, cast, calendar, pieces, themes)
    past_action_plans(partnership, cast, calendar)
    published_lcspr_plan(partnership, cast, calendar)
    immediate_actions(partnership, cast, calendar)
