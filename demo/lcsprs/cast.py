"""The people and organisations who take part in the demo's LCSPRs, and one LCSPR being driven."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import Organisation, Partnership, User
from demo.days import on_day
from reviews.actions.steps import complete_step
from reviews.deadlines import WorkingCalendar
from reviews.models import Review
from reviews.process import Step
from reviews.reads.steps import is_done

POLICE = "Wexmoor Constabulary"
ICB = "Wexmoor and Calderbridge Integrated Care Board"
COUNTY_CSC = "Wexmoor County Council Children's Services"
CITY_CSC = "Calderbridge City Council Children's Social Care"
SCHOOL = "Hollin Lane Primary School"
HEALTH = "Wexmoor Community Health NHS Trust"


@dataclass(frozen=True)
class Cast:
    """The demo people who take part in the LCSPRs, looked up once."""

    team: User
    chair: User
    subgroup_chair: User
    legal: User
    author: User
    health_panel: User
    school_panel: User
    leads: dict[str, User]  # statutory partner's name → its lead
    organisations: dict[str, Organisation]

    def lead(self, organisation: str) -> User:
        return self.leads[organisation]


def cast_of(partnership: Partnership) -> Cast:
    def person(email: str) -> User:
        return User.objects.get(email=email)

    organisations = {
        organisation.name: organisation
        for organisation in Organisation.objects.filter(partnership=partnership)
    }
    return Cast(
        team=person("business.manager@wcscp.example"),
        chair=person("chair@wcscp.example"),
        subgroup_chair=person("subgroup.chair@wcscp.example"),
        legal=person("legal@wexmoor-council.example"),
        author=person("author@reviewers.example"),
        health_panel=person("subgroup.member@wexmoor-health.example"),
        school_panel=person("dsl@hollinlane.example"),
        leads={
            POLICE: person("police.lead@wexmoor-police.example"),
            ICB: person("icb.lead@wcicb.example"),
            COUNTY_CSC: person("csc.lead@wexmoor-council.example"),
            CITY_CSC: person("csc.lead@calderbridge-council.example"),
        },
        organisations=organisations,
    )


@dataclass(frozen=True)
class Run:
    """One LCSPR being driven: its review, the people and the working day n after its origin."""

    review: Review
    cast: Cast
    calendar: WorkingCalendar

    def day(self, n: int) -> dt.date:
        return self.calendar.add_working_days(self.review.origin, n)

    def fresh(self) -> Review:
        self.review.refresh_from_db()
        return self.review


def step(run: Run, key: Step, n: int, note: str = "") -> None:
    if not is_done(run.review, key):
        with on_day(run.day(n)):
            complete_step(run.review, key=key, by=run.cast.team, completed_on=run.day(n), note=note)
