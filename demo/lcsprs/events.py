"""An LCSPR's learning events: the itinerary, the participants, the events held, feedback through
the one-time links, and the family's part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from accounts.models import User
from demo.days import on_day
from demo.lcsprs.cast import COUNTY_CSC, HEALTH, POLICE, SCHOOL, Run
from demo.lcsprs.planning import agree_terms_and_meet
from reviews import moment
from reviews.actions.lcspr.events.feedback import (
    give_feedback,
    issue_feedback_token,
    send_feedback_links,
)
from reviews.actions.lcspr.events.invitations import arrange_learning_event, record_event_held
from reviews.actions.lcspr.events.itinerary import (
    complete_learning_events,
    confirm_itinerary,
    draft_itinerary,
)
from reviews.actions.lcspr.events.participants import add_participant, record_participants_briefed
from reviews.actions.lcspr.publication.family import (
    complete_family_engagement,
    defer_family_contact,
    record_family_contact,
    save_family_plan,
)
from reviews.actions.lcspr.publication.monitoring import record_checkpoint
from reviews.dates_in_words import long_date
from reviews.models import EventKind, LearningEvent, Participant
from reviews.reads.lcspr.events import default_itinerary

PRACTITIONERS: tuple[tuple[str, str, str, bool], ...] = (
    # name, job title, organisation, sensitive
    ("Bethany Cole", "Health visitor", HEALTH, False),
    ("Liam Garside", "Police constable, response team", POLICE, False),
    ("Rosa Mendel", "Social worker", COUNTY_CSC, True),
    ("Owen Tate", "Class teacher", SCHOOL, False),
)
MANAGERS: tuple[tuple[str, str, str], ...] = (
    ("Farah Idris", "Team manager, safeguarding", COUNTY_CSC),
    ("Graham Pell", "Detective sergeant", POLICE),
)


def _itinerary_and_participants(run: Run) -> list[Participant]:
    cast, review = run.cast, run.review
    with on_day(run.day(12)):
        planned = default_itinerary(review)
        planned[EventKind.PRACTITIONER_EVENT] = run.day(25)
        planned[EventKind.MANAGER_EVENT] = run.day(28)
        draft_itinerary(review, by=cast.author, planned=planned)
    with on_day(run.day(14)):
        confirm_itinerary(
            review,
            by=cast.team,
            confirmed_on=run.day(14),
            adjustments="Manager event moved to follow the practitioner event within a week.",
            sensitivities="One practitioner is off work after the incident: invite with care.",
        )
    people: list[Participant] = []
    with on_day(run.day(15)):
        slug = review.case_code.lower()
        for name, job, organisation, sensitive in PRACTITIONERS:
            people.append(
                add_participant(
                    review,
                    by=cast.team,
                    kind=Participant.Kind.PRACTITIONER,
                    name=name,
                    job_title=job,
                    organisation=cast.organisations[organisation],
                    email=f"{name.split()[0].lower()}.{slug}@practitioners.example",
                    sensitive=sensitive,
                    sensitivity_note="Off work after the incident; her manager keeps in touch."
                    if sensitive
                    else "",
                    support_in_place=True,
                )
            )
        for name, job, organisation in MANAGERS:
            people.append(
                add_participant(
                    review,
                    by=cast.team,
                    kind=Participant.Kind.MANAGER,
                    name=name,
                    job_title=job,
                    organisation=cast.organisations[organisation],
                    email=f"{name.split()[0].lower()}.{slug}@managers.example",
                    support_in_place=True,
                )
            )
    with on_day(run.day(18)):
        record_participants_briefed(
            review,
            by=cast.team,
            briefed_on=run.day(18),
            note="Each panel member briefed their staff; support is offered through occupational "
            "health.",
        )
    return people


def _hold_event(
    run: Run, kind: EventKind, invitees: Sequence[Participant], *, arranged: int, held: int
) -> LearningEvent:
    """Arrange an event (invitations sent) and hold it; everyone attends but the first."""
    cast = run.cast
    event = LearningEvent.objects.get(review=run.review, kind=kind)
    with on_day(run.day(arranged)):
        event = arrange_learning_event(
            event,
            by=cast.team,
            expected_version=event.version,
            starts_at=dt.datetime.combine(
                run.day(held), dt.time(9, 30), tzinfo=timezone.get_current_timezone()
            ),
            duration_minutes=180,
            location="Training room 1, Calderbridge Civic Centre",
            areas_to_explore="What each agency knew, and what made sharing it hard.",
            invitees=invitees,
        )
    with on_day(run.day(held), hour=15):
        return record_event_held(
            event,
            by=cast.author,
            expected_version=event.version,
            held_on=run.day(held),
            attended={person.pk for person in invitees[1:]},
            notes="A frank and supportive discussion; the themes held up.",
        )


def _feedback_tokens(event: LearningEvent, by: User) -> list[str]:
    """Send the one-time feedback links and make each link's token, as the worker does when it
    sends a link's email (only a token's hash is stored), to answer one link as a practitioner
    would. The worker makes a fresh token for a link still unanswered when its email goes."""
    links = send_feedback_links(event, by=by)
    return [token for link in links if (token := issue_feedback_token(link.pk)) is not None]


def _practitioner_event(run: Run) -> list[Participant]:
    """The practitioner event held, feedback links sent, one answered."""
    people = _itinerary_and_participants(run)
    practitioners = [person for person in people if person.kind == Participant.Kind.PRACTITIONER]
    event = _hold_event(run, EventKind.PRACTITIONER_EVENT, practitioners, arranged=19, held=25)
    with on_day(run.day(25), hour=16):
        tokens = _feedback_tokens(event, run.cast.team)
    with on_day(run.day(26)):
        give_feedback(
            tokens[0],
            what_helped="Hearing how the school and the health visitor saw the same worries.",
            what_got_in_the_way="We each held part of the picture and nobody put it together.",
            learning="I will ask who else lives in the home and write down the answer.",
        )
    return people


def to_learning_events(run: Run) -> None:
    agree_terms_and_meet(run)
    _practitioner_event(run)


def events_done(run: Run, *, deferred: bool = False) -> None:
    """Both events held, the family engaged (or contact deferred), a monitoring checkpoint."""
    cast, review = run.cast, run.review
    agree_terms_and_meet(run)
    people = _practitioner_event(run)
    managers = [person for person in people if person.kind == Participant.Kind.MANAGER]
    _hold_event(run, EventKind.MANAGER_EVENT, managers, arranged=20, held=28)
    with on_day(run.day(16)):
        save_family_plan(
            review,
            by=cast.team,
            expected_version=0,
            contact_plan="The author writes to the family, then visits with the social worker.",
            consent_and_wishes="",
            advocate="",
        )
    if deferred:
        _defer_family(run)
    else:
        with on_day(run.day(32)):
            record_family_contact(
                review,
                by=cast.author,
                contacted_on=run.day(32),
                with_whom="Mother",
                method="Home visit",
                summary="The mother spoke about what helped and what she wished had happened.",
            )
    with on_day(run.day(30)):
        complete_learning_events(review, by=cast.team, completed_on=run.day(30))
        record_checkpoint(
            review,
            by=cast.team,
            dated=run.day(30),
            on_time=True,
            findings="Both learning events held on the planned dates; good attendance.",
        )
    with on_day(run.day(33)):
        complete_family_engagement(review, by=cast.team, completed_on=run.day(33))


def _defer_family(run: Run) -> None:
    trial = trial_date(run)
    with on_day(run.day(17)):
        defer_family_contact(
            run.review,
            by=run.cast.team,
            since=run.day(17),
            until=trial + dt.timedelta(days=28),
            reason=f"Criminal proceedings against the father: the police asked that the family "
            f"is not approached before the trial, listed for {long_date(trial)}.",
        )


def trial_date(run: Run) -> dt.date:
    return run.calendar.add_working_days(moment.today(), 30)
