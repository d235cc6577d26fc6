"""How the demo's learning was shared with each agency's practitioners."""

from __future__ import annotations

import datetime as dt

from demo.days import on_day
from demo.lcsprs.cast import HEALTH, ICB, POLICE, SCHOOL, Cast
from reviews import moment
from reviews.actions.learning.sharing import record_dissemination
from reviews.models import Dissemination, Review


def disseminate(review: Review, cast: Cast, day: dt.date) -> None:
    with on_day(min(day, moment.today()), hour=16):
        for organisation, method, reached in (
            (POLICE, Dissemination.Method.TEAM_MEETING, 45),
            (ICB, Dissemination.Method.NEWSLETTER, 300),
            (SCHOOL, Dissemination.Method.BRIEFING, 25),
            (HEALTH, Dissemination.Method.TRAINING, 60),
        ):
            record_dissemination(
                review,
                by=cast.team,
                organisation=cast.organisations[organisation],
                shared_on=min(day, moment.today()),
                method=method,
                practitioners_reached=reached,
            )
