"""Demo LCSPRs, one at each stage: planning, learning events, drafting, sign-off, published,
and one held while criminal proceedings run.

Each is driven through the real actions on the working day each thing happened, counted from
the decision to start it (itself counted back from today in the partnership's working days), so
every history page reads true and the deadlines are live. Child G's LCSPR, opened from its rapid
review's outcome by reviews/demo_reviews.py, is the one at the learning events; the others are
recorded directly, as LCSPRs decided before the service was in use. Each holds fictional real
identities, so the anonymisation check has something to find: the sign-off stage's first draft
names the child and fails it, its second draft passes. Fictional people, places and events only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from unittest import mock

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, Partnership, User
from reviews import moment
from reviews.actions import record_identity, start_hold
from reviews.actions.lcspr.anonymisation import check_anonymisation
from reviews.actions.lcspr.author import commission_author, record_introduction_meeting
from reviews.actions.lcspr.drafts import (
    agree_final_draft,
    answer_draft_comment,
    comment_on_draft,
    record_draft_presented,
    upload_draft,
)
from reviews.actions.lcspr.events import (
    complete_learning_events,
    confirm_itinerary,
    default_itinerary,
    draft_itinerary,
)
from reviews.actions.lcspr.family import (
    complete_family_engagement,
    defer_family_contact,
    record_family_contact,
    record_family_told,
    save_family_plan,
)
from reviews.actions.lcspr.feedback import give_feedback, send_feedback_links
from reviews.actions.lcspr.invitations import arrange_learning_event, record_event_held
from reviews.actions.lcspr.monitoring import ask_author, record_author_reply, record_checkpoint
from reviews.actions.lcspr.participants import add_participant, record_participants_briefed
from reviews.actions.lcspr.publication import (
    agree_media_strategy,
    delay_publication,
    plan_publication,
    record_pre_publication_notice,
    record_published,
    save_media_strategy,
    six_month_deadline,
)
from reviews.actions.lcspr.signoff import sign_off_final_draft
from reviews.actions.lcspr.start import record_lcspr
from reviews.actions.lcspr.terms import agree_terms, draft_terms, record_terms_agreed, share_terms
from reviews.actions.steps import complete_step
from reviews.actions.working_day_one.common import is_done, join, long_date
from reviews.deadlines import WorkingCalendar
from reviews.demo_reviews import _on
from reviews.mail import send_email
from reviews.models import (
    DraftComment,
    DraftReport,
    EventKind,
    IdentityRecord,
    LearningEvent,
    Participant,
    Review,
    ReviewKind,
    ReviewRole,
)
from reviews.models.calendar import working_calendar_for
from reviews.process import Step

Subject = IdentityRecord.Subject

POLICE = "Wexmoor Constabulary"
ICB = "Wexmoor and Calderbridge Integrated Care Board"
COUNTY_CSC = "Wexmoor County Council Children's Services"
CITY_CSC = "Calderbridge City Council Children's Social Care"
SCHOOL = "Hollin Lane Primary School"
HEALTH = "Wexmoor Community Health NHS Trust"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")

# The stages, in order; each LCSPR below stops at one.
PLANNING = "planning"
EVENTS = "learning events"
DRAFTING = "drafting"
SIGN_OFF = "sign-off"
PUBLISHED = "published"
HELD = "held"


@dataclass(frozen=True)
class DemoLcspr:
    pseudonym: str
    stage: str
    decided_working_days_ago: int  # ignored for Child G, opened by its rapid review's outcome
    summary: str
    # (subject, pseudonym, fictional real name): what the anonymisation check looks for.
    identities: tuple[tuple[Subject, str, str], ...]


LCSPRS: tuple[DemoLcspr, ...] = (
    DemoLcspr(
        "Child K",
        PLANNING,
        15,
        "A four-year-old admitted to hospital with untreated burns; three agencies knew of "
        "neglect at home.",
        (
            (Subject.CHILD, "Child K", "Oakley Brindlecombe"),
            (Subject.PARENT, "Mother", "Gemma Brindlecombe"),
        ),
    ),
    DemoLcspr(
        "Child G",
        EVENTS,
        0,
        "",
        (
            (Subject.CHILD, "Child G", "Ellis Ravensworth"),
            (Subject.PARENT, "Mother", "Kerry Ravensworth"),
        ),
    ),
    DemoLcspr(
        "Child L",
        DRAFTING,
        90,
        "A baby seriously injured at home; the father's role in the baby's care was not known "
        "to the agencies.",
        (
            (Subject.CHILD, "Child L", "Jaxon Penhallow"),
            (Subject.PARENT, "Father", "Reece Penhallow"),
        ),
    ),
    DemoLcspr(
        "Child M",
        SIGN_OFF,
        115,
        "A seven-year-old whose school attendance fell for a year before she was found to be "
        "living with severe neglect.",
        (
            (Subject.CHILD, "Child M", "Tamsin Quarrendon"),
            (Subject.PARENT, "Mother", "Shelley Quarrendon"),
        ),
    ),
    DemoLcspr(
        "Child N",
        PUBLISHED,
        200,
        "The sudden unexpected death of a baby while co-sleeping with a parent after alcohol use.",
        (
            (Subject.CHILD, "Child N", "Isla Wetherden"),
            (Subject.PARENT, "Mother", "Chantelle Wetherden"),
        ),
    ),
    DemoLcspr(
        "Child P",
        HELD,
        160,
        "A toddler seriously harmed in a household known to the police for domestic abuse; "
        "the father has been charged.",
        (
            (Subject.CHILD, "Child P", "Mason Egglestone"),
            (Subject.PARENT, "Father", "Craig Egglestone"),
            (Subject.PARENT, "Mother", "Danielle Egglestone"),
        ),
    ),
)
TRIAL_REASON = (
    "Criminal proceedings: the trial of the father is listed for {trial} at Calderbridge Crown "
    "Court. The police and the Crown Prosecution Service asked that the review does not publish "
    "or approach witnesses until the trial ends."
)


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


def load_demo_lcsprs(partnership: Partnership) -> dict[str, Review]:
    """Drive one LCSPR to each stage; return them by pseudonym (idempotence is the caller's)."""
    cast = cast_of(partnership)
    calendar = working_calendar_for(partnership)
    stages: dict[str, Callable[[Run], None]] = {
        PLANNING: _planning,
        EVENTS: _to_learning_events,
        DRAFTING: _to_drafting,
        SIGN_OFF: _to_sign_off,
        PUBLISHED: _to_published,
        HELD: _to_held,
    }
    made: dict[str, Review] = {}
    for spec in LCSPRS:
        review = _begin(partnership, cast, calendar, spec)
        run = Run(review=review, cast=cast, calendar=calendar)
        stages[spec.stage](run)
        made[spec.pseudonym] = run.fresh()
    return made


def _begin(
    partnership: Partnership, cast: Cast, calendar: WorkingCalendar, spec: DemoLcspr
) -> Review:
    """Record the LCSPR (or find Child G's), give the panel their parts, keep the identities."""
    existing = Review.objects.filter(
        partnership=partnership, kind=ReviewKind.LCSPR, pseudonym=spec.pseudonym
    ).first()
    if existing is None:
        decided = calendar.subtract_working_days(moment.today(), spec.decided_working_days_ago)
        with _on(decided):
            review = record_lcspr(
                partnership=partnership,
                by=cast.team,
                pseudonym=spec.pseudonym,
                summary=spec.summary,
                decided_on=decided,
            )
    else:
        review = existing
    with _on(review.origin, hour=14):
        _join_panel(review, cast)
        for subject, pseudonym, real_name in spec.identities:
            record_identity(
                review, by=cast.team, subject=subject, pseudonym=pseudonym, real_name=real_name
            )
    return review


def _join_panel(review: Review, cast: Cast) -> None:
    organisations = cast.organisations
    for name, lead in cast.leads.items():
        join(
            review,
            lead,
            ReviewRole.STATUTORY_PARTNER_LEAD,
            by=cast.team,
            organisation=organisations[name],
        )
    for person, organisation in (
        (cast.health_panel, organisations[HEALTH]),
        (cast.school_panel, organisations[SCHOOL]),
    ):
        join(review, person, ReviewRole.PANEL_MEMBER, by=cast.team, organisation=None)
        join(
            review,
            person,
            ReviewRole.AGENCY_CONTRIBUTOR,
            by=cast.team,
            organisation=organisation,
        )
    for person, role in (
        (cast.subgroup_chair, ReviewRole.SUBGROUP_CHAIR),
        (cast.chair, ReviewRole.PARTNERSHIP_CHAIR),
        (cast.legal, ReviewRole.LEGAL_REPRESENTATIVE),
    ):
        join(review, person, role, by=cast.team, organisation=None)


def _step(run: Run, key: Step, n: int, note: str = "") -> None:
    if not is_done(run.review, key):
        with _on(run.day(n)):
            complete_step(run.review, key=key, by=run.cast.team, completed_on=run.day(n), note=note)


# --- planning ----------------------------------------------------------------------------------


def _planning(run: Run) -> None:
    """Panel's view confirmed, the author commissioned, the terms drafted, shared and agreed
    by two of the panel so far."""
    cast, review = run.cast, run.review
    _step(run, Step.PANEL_VIEW_CONFIRMED, 1, "The National Panel agreed a local review is right.")
    _step(
        run, Step.RAPID_REVIEW_CIRCULATED, 2, "Sent to every review panel member by secure email."
    )
    with _on(run.day(3)):
        commission_author(
            review,
            by=cast.team,
            author=cast.author,
            author_organisation="Vale Safeguarding Reviews Ltd",
            starts_on=run.day(3),
            ends_on=run.day(3) + dt.timedelta(days=180),
            contract_reference=f"WCSCP/LCSPR/{review.case_code}",
        )
    with _on(run.day(5)):
        draft_terms(
            review,
            by=cast.team,
            period_start=review.origin - dt.timedelta(days=400),
            period_end=review.origin - dt.timedelta(days=20),
            practitioner_involvement="A half-day learning event for the practitioners who "
            "worked with the family, run by the author.",
            manager_involvement="A separate event for their managers and designated leads.",
            family_involvement="The author offers to meet the mother and the wider family at "
            "home, with the family's social worker present if they wish.",
            themes="How agencies shared what they knew\nProfessional curiosity about who "
            "lived in the household\nHearing the voice of the child",
            note="First draft, from the introduction call with the author.",
        )
        share_terms(review, by=cast.team)
    with _on(run.day(7)):
        for organisation in (POLICE, ICB):
            agree_terms(review, by=cast.lead(organisation), number=1)


def _agree_terms_and_meet(run: Run) -> None:
    cast, review = run.cast, run.review
    _planning(run)
    with _on(run.day(8)):
        for person in (cast.lead(COUNTY_CSC), cast.lead(CITY_CSC), cast.health_panel):
            agree_terms(review, by=person, number=1, comment="Agreed.")
        record_terms_agreed(review, by=cast.team, expected_version=run.fresh().version)
    with _on(run.day(10)):
        record_introduction_meeting(
            review,
            by=cast.team,
            expected_version=0,
            held_on=run.day(10),
            attendees=[cast.team, cast.author, *cast.leads.values()],
            others_present="",
            agreed="The author has the experience the case needs; the rapid review and the "
            "agencies' returns are shared with the author; the itinerary follows.",
        )


# --- learning events ---------------------------------------------------------------------------

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
    with _on(run.day(12)):
        planned = default_itinerary(review)
        planned[EventKind.PRACTITIONER_EVENT] = run.day(25)
        planned[EventKind.MANAGER_EVENT] = run.day(28)
        draft_itinerary(review, by=cast.author, planned=planned)
    with _on(run.day(14)):
        confirm_itinerary(
            review,
            by=cast.team,
            confirmed_on=run.day(14),
            adjustments="Manager event moved to follow the practitioner event within a week.",
            sensitivities="One practitioner is off work after the incident: invite with care.",
        )
    people: list[Participant] = []
    with _on(run.day(15)):
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
    with _on(run.day(18)):
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
    with _on(run.day(arranged)):
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
    with _on(run.day(held), hour=15):
        return record_event_held(
            event,
            by=cast.author,
            expected_version=event.version,
            held_on=run.day(held),
            attended={person.pk for person in invitees[1:]},
            notes="A frank and supportive discussion; the themes held up.",
        )


def _feedback_tokens(event: LearningEvent, by: User) -> list[str]:
    """Send the one-time feedback links, keeping each link's token as the email carries it."""
    tokens: list[str] = []

    def keep(**message: Any) -> None:
        found = TOKEN.search(str(message["context"]["link"]))
        if found:
            tokens.append(found.group())
        send_email(**message)

    with mock.patch("reviews.actions.lcspr.feedback.send_email", keep):
        send_feedback_links(event, by=by)
    return tokens


def _practitioner_event(run: Run) -> list[Participant]:
    """The practitioner event held, feedback links sent, one answered."""
    people = _itinerary_and_participants(run)
    practitioners = [person for person in people if person.kind == Participant.Kind.PRACTITIONER]
    event = _hold_event(run, EventKind.PRACTITIONER_EVENT, practitioners, arranged=19, held=25)
    with _on(run.day(25), hour=16):
        tokens = _feedback_tokens(event, run.cast.team)
    with _on(run.day(26)):
        give_feedback(
            tokens[0],
            what_helped="Hearing how the school and the health visitor saw the same worries.",
            what_got_in_the_way="We each held part of the picture and nobody put it together.",
            learning="I will ask who else lives in the home and write down the answer.",
        )
    return people


def _to_learning_events(run: Run) -> None:
    _agree_terms_and_meet(run)
    _practitioner_event(run)


def _events_done(run: Run, *, deferred: bool = False) -> None:
    """Both events held, the family engaged (or contact deferred), a monitoring checkpoint."""
    cast, review = run.cast, run.review
    _agree_terms_and_meet(run)
    people = _practitioner_event(run)
    managers = [person for person in people if person.kind == Participant.Kind.MANAGER]
    _hold_event(run, EventKind.MANAGER_EVENT, managers, arranged=20, held=28)
    with _on(run.day(16)):
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
        with _on(run.day(32)):
            record_family_contact(
                review,
                by=cast.author,
                contacted_on=run.day(32),
                with_whom="Mother",
                method="Home visit",
                summary="The mother spoke about what helped and what she wished had happened.",
            )
    with _on(run.day(30)):
        complete_learning_events(review, by=cast.team, completed_on=run.day(30))
        record_checkpoint(
            review,
            by=cast.team,
            dated=run.day(30),
            on_time=True,
            findings="Both learning events held on the planned dates; good attendance.",
        )
    with _on(run.day(33)):
        complete_family_engagement(review, by=cast.team, completed_on=run.day(33))


def _defer_family(run: Run) -> None:
    trial = _trial_date(run)
    with _on(run.day(17)):
        defer_family_contact(
            run.review,
            by=run.cast.team,
            since=run.day(17),
            until=trial + dt.timedelta(days=28),
            reason=f"Criminal proceedings against the father: the police asked that the family "
            f"is not approached before the trial, listed for {long_date(trial)}.",
        )


def _trial_date(run: Run) -> dt.date:
    return run.calendar.add_working_days(moment.today(), 30)


# --- drafts ------------------------------------------------------------------------------------


def _word(paragraphs: Sequence[str]) -> bytes:
    document = docx.Document()
    document.add_heading("Local child safeguarding practice review", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _draft(run: Run, n: int, *, naming: str = "", note: str = "") -> DraftReport:
    """The author uploads the next version; ``naming`` slips a real name into it."""
    pseudonym = run.review.pseudonym
    paragraphs = [
        f"This review considers the experiences of {pseudonym} and the help the agencies gave.",
        f"{naming or pseudonym} was seen by the health visitor, the school and the police in "
        "the year before the incident; each saw part of the picture.",
        "Learning: ask who lives in the household, and share what is seen when it is seen.",
    ]
    number = DraftReport.objects.filter(review=run.review).count() + 1
    if number > 1:
        paragraphs.append("Officers attended the home twice: in the winter and in the spring.")
    upload = SimpleUploadedFile(
        f"{pseudonym.lower().replace(' ', '-')}-draft-{number}.docx",
        _word(paragraphs),
        content_type=DOCX_TYPE,
    )
    with _on(run.day(n)):
        return upload_draft(run.review, by=run.cast.author, upload=upload, note=note)


def _drafts(run: Run, *, leave_open: bool) -> DraftReport:
    """Version 1 (naming the child, unless drafting only), a factual accuracy comment resolved,
    version 2; on the drafting stage a comment on version 2 stays open."""
    cast = run.cast
    first = _draft(run, 50, naming="" if leave_open else _real_child_name(run))
    with _on(run.day(51)):
        check_anonymisation(first, by=cast.team)
    with _on(run.day(52)):
        comment = comment_on_draft(
            first,
            by=cast.lead(POLICE),
            topic=DraftComment.Topic.FACTUAL_ACCURACY,
            where="Chronology, second paragraph",
            text="Officers attended twice, not once: the second visit was in the spring.",
            organisation=cast.organisations[POLICE],
        )
    with _on(run.day(55)):
        answer_draft_comment(
            comment,
            by=cast.author,
            expected_version=comment.version,
            status=DraftComment.Status.RESOLVED,
            response="Corrected in version 2: both visits are now in the chronology.",
        )
    second = _draft(run, 58, note="Police visits corrected; the child's name removed.")
    with _on(run.day(59)):
        check_anonymisation(second, by=cast.team)
    if leave_open:
        with _on(run.day(60)):
            comment_on_draft(
                second,
                by=cast.lead(ICB),
                topic=DraftComment.Topic.PRESENTATION,
                where="Learning, point 3",
                text="Could the learning about the missed appointment be written for GPs too?",
                organisation=cast.organisations[ICB],
            )
    return second


def _real_child_name(run: Run) -> str:
    return next(spec.identities[0][2] for spec in LCSPRS if spec.pseudonym == run.review.pseudonym)


def _to_drafting(run: Run) -> None:
    _events_done(run)
    _drafts(run, leave_open=True)
    with _on(run.day(61)):
        entry = ask_author(
            run.review,
            by=run.cast.team,
            dated=run.day(61),
            text="Please send version 3 by the end of next month, answering the open comments.",
        )
    with _on(run.day(63)):
        record_author_reply(
            run.review,
            by=run.cast.team,
            entry=entry,
            expected_version=entry.version,
            replied_on=run.day(63),
            reply="Version 3 will follow by then.",
        )


def _final_and_signed(run: Run, signers: Sequence[tuple[User, str]]) -> DraftReport:
    _events_done(run)
    final = _drafts(run, leave_open=False)
    cast = run.cast
    with _on(run.day(62)):
        record_draft_presented(final, by=cast.team, presented_on=run.day(62))
    with _on(run.day(66)):
        final = agree_final_draft(final, by=cast.team, agreed_on=run.day(66))
    for offset, (person, organisation) in enumerate(signers):
        with _on(run.day(68 + offset)):
            sign_off_final_draft(final, by=person, organisation=cast.organisations[organisation])
    return final


def _to_sign_off(run: Run) -> None:
    cast = run.cast
    _final_and_signed(
        run,
        [(cast.lead(POLICE), POLICE), (cast.lead(ICB), ICB), (cast.school_panel, SCHOOL)],
    )
    deadline = six_month_deadline(run.review)
    with _on(run.day(72)):
        save_media_strategy(
            run.review,
            by=cast.team,
            expected_version=0,
            impact_update="",
            publication_method="On the partnership's website, with a 7-minute briefing.",
            practitioner_update="",
            family_liaison="The social worker tells the mother before publication.",
        )
        if deadline is not None:
            plan_publication(
                run.review,
                by=cast.team,
                expected_version=0,
                planned_on=run.calendar.subtract_working_days(deadline, 3),
            )


def _to_published(run: Run) -> None:
    cast = run.cast
    _final_and_signed(
        run,
        [
            (cast.lead(POLICE), POLICE),
            (cast.lead(ICB), ICB),
            (cast.school_panel, SCHOOL),
            (cast.lead(COUNTY_CSC), COUNTY_CSC),
            (cast.lead(CITY_CSC), CITY_CSC),
            (cast.health_panel, HEALTH),
        ],
    )
    _publish(run, published=100)


def _publish(run: Run, *, published: int) -> None:
    cast, review = run.cast, run.review
    with _on(run.day(75)):
        save_media_strategy(
            review,
            by=cast.team,
            expected_version=0,
            impact_update="Since the rapid review every partner has changed how it advises "
            "parents on safe sleep; see the action plan.",
            publication_method="On the partnership's website, with a press release agreed with "
            "the communications leads of the three statutory partners.",
            practitioner_update="A 7-minute briefing and a lunchtime webinar for practitioners.",
            family_liaison="The author and the social worker meet the mother before publication.",
        )
        plan_publication(review, by=cast.team, expected_version=0, planned_on=run.day(published))
    with _on(run.day(78)):
        agree_media_strategy(review, by=cast.team, agreed_on=run.day(78))
    notice = run.day(published - 7)
    with _on(notice):
        record_pre_publication_notice(
            review,
            by=cast.team,
            sent_on=notice,
            sent_to="The National Panel and the Secretary of State (Department for Education)",
        )
    with _on(run.day(published - 3)):
        record_family_told(
            review, by=cast.team, about="publication", told_on=run.day(published - 3)
        )
    with _on(run.day(published)):
        record_published(
            review,
            by=cast.team,
            published_on=run.day(published),
            where="https://www.wcscp.example/reviews/published",
        )


# --- held --------------------------------------------------------------------------------------


def _to_held(run: Run) -> None:
    """Events held with the family's contact deferred; publication delayed past six months;
    the review on hold while the father's criminal trial is awaited."""
    _events_done(run, deferred=True)
    _draft(run, 50, note="First draft, written without the family's views while contact waits.")
    trial = _trial_date(run)
    reason = TRIAL_REASON.format(trial=long_date(trial))
    day = run.day(120)
    with _on(day):
        delay_publication(
            run.review,
            by=run.cast.team,
            new_date=trial + dt.timedelta(days=90),
            reason=reason,
        )
        start_hold(run.review, by=run.cast.team, start=day, reason=reason)
