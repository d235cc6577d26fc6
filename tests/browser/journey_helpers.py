"""What the browser journeys share: signing in in a browser of one's own, finding things on the
GOV.UK pages, the refused page a person must meet, files to upload or read back, and a rapid
review brought to working day 7 through the real actions.

Dates are written as the pages write them ("Friday 27 March 2026"). The setup of a journey may
move the clock (``on_day``) while it calls the real actions; the browser never does, since the
live server answers from another thread.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import docx
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page, expect
from playwright.sync_api import Response as PageResponse

from accounts.models import Organisation, Partnership, PartnershipRole, User
from accounts.tests.factories import (
    TEST_PASSWORD,
    employ,
    give_role,
    make_organisation,
    make_partnership,
)
from accounts.tests.factories import make_user as make_person
from accounts.tests.helpers import code_for, give_device
from reviews import actions
from reviews.actions import working_day_one
from reviews.actions.notification import ChildDetails, record_notification
from reviews.actions.requests.attachments import add_chronology_entry
from reviews.actions.requests.returns import save_return_draft, submit_return
from reviews.models import InformationRequest, Review, ReviewRole
from reviews.models.calendar import working_calendar_for
from reviews.process import Step
from reviews.reads.working_day_one import default_period
from tests.browser.conftest import PageProblems


def long_date(day: dt.date) -> str:
    """Write a date as the pages do: "Friday 27 March 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def six_months_after(day: dt.date) -> dt.date:
    """The same day six calendar months later, or the month's last day (31 August: 28 February).

    Worked out here, not with the service's own arithmetic, so that a journey checks it.
    """
    year, month = divmod(day.month - 1 + 6, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@contextmanager
def on_day(day: dt.date, hour: int = 10) -> Iterator[None]:
    """Run the setup's actions inside as if it were that day (never the browser's requests)."""
    moment = dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=False):
        yield


def watch(page: Page, problems: PageProblems) -> None:
    """Record a page's console errors and failed loads, as the conftest's `page` fixture does."""

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.console_errors.append(message.text)

    def on_response(response: PageResponse) -> None:
        if response.status >= 400:
            problems.failed_responses.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.console_errors.append(str(error)))
    page.on("response", on_response)


def signed_in_page(
    browser: Browser, base_url: str, problems: PageProblems, email: str
) -> tuple[BrowserContext, Page]:
    """Open a browser of this person's own and sign them in: password, then their code."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch(page, problems)
    sign_in_with_code(page, email)
    return context, page


def sign_in_with_code(page: Page, email: str, password: str = TEST_PASSWORD) -> None:
    """Sign in on the real pages: password, then the code of the person's authenticator app."""
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    page.get_by_label("Security code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")


def choose(scope: Page | Locator, question: str, answer: str) -> None:
    """Tick one answer of a radios (or checkboxes) question, found by its legend."""
    group = scope.get_by_role("group", name=question, exact=True)
    group.get_by_label(answer, exact=True).check()


def fill_date(scope: Page | Locator, legend: str, day: dt.date) -> None:
    """Fill the three boxes of a GOV.UK date input, found by its legend."""
    group = scope.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def row(scope: Page | Locator, key: str) -> Locator:
    """The value of the summary list row with this key."""
    found = f'.govuk-summary-list__row:has(> .govuk-summary-list__key:text-is("{key}"))'
    return scope.locator(found).locator(".govuk-summary-list__value")


def success(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def task(page: Page, key: Step) -> Locator:
    """A step in the review's task list."""
    return page.locator(f".app-task--{key}")


def task_status(page: Page, key: Step) -> Locator:
    return task(page, key).locator(".govuk-task-list__status")


def expect_not_found(page: Page, path: str, *, problems: PageProblems, base_url: str) -> None:
    """Open a page this person must not see: the 404 page, as if it did not exist.

    Chromium reports the refused page itself as a console error and a failed load: both are
    expected here, so they are taken off the record, and only they.
    """
    before = len(problems.console_errors)
    answered = page.goto(path)
    assert answered is not None
    assert answered.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert all("404" in text for text in problems.console_errors[before:])
    del problems.console_errors[before:]
    problems.failed_responses.remove(f"404 {base_url}{path}")


def word_file(path: Path, *paragraphs: str) -> Path:
    """Write a real Word document (python-docx) holding these paragraphs."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def pdf_file(path: Path) -> Path:
    """Write a minimal valid PDF: one blank A4 page, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    content = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(content))
        content += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(content)
    content += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    content += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    content += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    path.write_bytes(bytes(content))
    return path


def docx_text(path: Path) -> str:
    """All the text of a Word document: its paragraphs, its tables' cells and its header."""
    document = docx.Document(str(path))
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for line in table.rows for cell in line.cells]
    for section in document.sections:
        texts += [paragraph.text for paragraph in section.header.paragraphs]
    return "\n".join(texts)


# A rapid review at working day 7, for the journeys after it.

Kind = Organisation.Kind
Role = PartnershipRole.Role

TEAM = "team@wexmoor.example"
SUBGROUP_CHAIR = "subgroup.chair@wexmoor.example"
PARTNERSHIP_CHAIR = "chair@wexmoor.example"


@dataclass(frozen=True)
class Partner:
    """A statutory partner of the journey, and the lead who speaks for it."""

    key: str
    name: str
    kind: Organisation.Kind
    email: str
    lead: str


SOCIAL_CARE = Partner(
    "csc",
    "Wexmoor Children's Social Care",
    Kind.CHILDRENS_SOCIAL_CARE,
    "lead@csc.example",
    "Sadie Test",
)
POLICE = Partner("police", "Wexmoor Police", Kind.POLICE, "lead@police.example", "Hannah Test")
ICB = Partner("icb", "Wexmoor Integrated Care Board", Kind.ICB, "lead@icb.example", "Omar Test")
PARTNERS = (SOCIAL_CARE, POLICE, ICB)


@dataclass(frozen=True)
class Journey:
    """The rapid review, and its statutory partners by key (csc, police, icb)."""

    review: Review
    partners: dict[str, Organisation]


def _person(partnership: Partnership, email: str, name: str) -> User:
    person = make_person(partnership=partnership, email=email, full_name=name)
    give_device(person)
    return person


def rapid_review_at_working_day_seven() -> Journey:
    """Bring a rapid review to working day 7 (today) through the real actions, each run on
    the day it would have been: the notification (working day 0); the period confirmed with
    the subgroup chair, the partnership chair added, the three partners asked and the decision
    meeting arranged (working day 1); the partners' returns (working day 4).

    Everyone has an authenticator app; the partnership also has a CSPR subgroup member.
    """
    partnership = make_partnership(
        name="Wexmoor Test Partnership", short_name="WTP", code_prefix="WT"
    )
    team = give_role(_person(partnership, TEAM, "Priya Test"), Role.BUSINESS_TEAM)
    subgroup_chair = give_role(
        _person(partnership, SUBGROUP_CHAIR, "Gwen Test"), Role.CSPR_SUBGROUP_CHAIR
    )
    chair = give_role(_person(partnership, PARTNERSHIP_CHAIR, "Ivor Test"), Role.PARTNERSHIP_CHAIR)
    give_role(_person(partnership, "member@wexmoor.example", "Mo Test"), Role.CSPR_SUBGROUP_MEMBER)
    legal = give_role(
        _person(partnership, "legal@wexmoor.example", "Lewis Test"), Role.LEGAL_REPRESENTATIVE
    )
    organisations: dict[str, Organisation] = {}
    leads: dict[Organisation, User] = {}
    for partner in PARTNERS:
        organisation = make_organisation(
            partnership=partnership, name=partner.name, kind=partner.kind, is_statutory_partner=True
        )
        organisations[partner.key] = organisation
        leads[organisation] = employ(
            _person(partnership, partner.email, partner.lead), organisation
        )

    days = working_calendar_for(partnership)
    today = timezone.localdate()
    told = days.subtract_working_days(today, 7)
    aware = days.subtract_working_days(told, 2)
    incident = aware - dt.timedelta(days=1)
    with on_day(told):
        review = record_notification(
            partnership=partnership,
            by=team,
            children=[ChildDetails(pseudonym="Child A", sex="female", age_years=6)],
            incident_date=incident,
            harm="seriously-harmed",
            incident_area="Wexmoor",
            home_area="Wexmoor",
            criterion="in-area",
            abuse_or_neglect="suspected",
            proceed_reason="",
            la_aware_on=aware,
            panel_notified_on=days.subtract_working_days(told, 1),
            partnership_told_on=told,
        )
    working_day_one_date = days.add_working_days(told, 1)
    with on_day(working_day_one_date):
        start, end = default_period(incident)
        working_day_one.confirm_period(
            review,
            by=team,
            expected_version=review.version,
            start=start,
            end=end,
            chair=subgroup_chair,
            confirmed_on=working_day_one_date,
        )
        actions.add_review_member(review, user=chair, role=ReviewRole.PARTNERSHIP_CHAIR, by=team)
        working_day_one.send_requests(review, by=team, contributors=leads)
        working_day_one.arrange_meeting(
            review,
            by=team,
            expected_version=0,
            # Arranged on working day 1 for this morning: held today, since no date recorded
            # may be in the future, and the live server cannot share a moved clock.
            starts_at=dt.datetime.combine(
                today, dt.time(9), tzinfo=timezone.get_current_timezone()
            ),
            duration_minutes=90,
            location="Room 2, Wexmoor County Hall",
            online_link="",
            invitees=[*leads.values(), legal],
        )
    with on_day(days.add_working_days(told, 4)):
        for request in InformationRequest.objects.filter(review=review).select_related(
            "organisation", "contributor"
        ):
            _return(request, incident)
    return Journey(review=review, partners=organisations)


def _return(request: InformationRequest, incident: dt.date) -> None:
    """Submit a partner's return through the real actions, as its lead."""
    lead = request.contributor
    assert lead is not None
    name = request.organisation.name
    request = save_return_draft(
        request,
        by=lead,
        expected_version=request.version,
        involvement=f"{name} knew Child A and the family.",
        analysis=f"{name} could have shared its concerns sooner.",
        immediate_actions=f"{name} has reviewed the open cases of the family.",
        learning=f"{name} will share concerns at the first contact.",
    )
    add_chronology_entry(
        request,
        by=lead,
        happened_on=incident - dt.timedelta(days=30),
        what_happened=f"{name} saw Child A",
    )
    request.refresh_from_db()
    submit_return(request, by=lead, expected_version=request.version)
