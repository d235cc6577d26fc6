"""A step that cannot be done yet says so, and what must happen first, in place of its form.

Each page shows the same message (reviews/macros/not_yet.html, from
reviews.views.helpers.not_yet) where the step's form would be, naming the earlier step linked to
its page; the rest of the page still shows what is recorded. Once the earlier step is done the
form is back, and it submits. Posting it anyway is refused by the step's action.

The rapid review's clock: the partnership was told on Friday 6 March 2026, the report goes to
the Panel on Friday 27 March and these tests run on Friday 24 April 2026 (panel_setup). The
LCSPR's run on Wednesday 20 May 2026.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse
from webtest import Form, TestResponse

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews import actions
from reviews.actions import ActionError
from reviews.actions.lcspr.drafts.anonymisation import check_anonymisation
from reviews.actions.lcspr.publication.publishing import (
    plan_publication,
    record_pre_publication_notice,
)
from reviews.actions.panel import record_reconvened
from reviews.models import (
    DraftReport,
    Outcome,
    OutcomeKind,
    PanelSubmission,
    Publication,
    Reconvened,
    Review,
)
from reviews.process import Step
from reviews.tests.lcspr_drafts_setup import LcsprCase, final_version, lcspr_case, upload
from reviews.tests.panel_setup import (
    RECEIVED_ON,
    RECONVENED_ON,
    SENT_ON,
    TODAY,
    Cast,
    acknowledge,
    add_report_version,
    approve_fully,
    open_with_people,
    respond,
    send_to_panel,
    up_to_the_response,
)

LCSPR_DAY = dt.datetime(2026, 5, 20, 12, tzinfo=dt.UTC)  # Wednesday 20 May 2026


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, cast: Cast, school: Organisation) -> Review:
    return open_with_people(partnership, cast, school=school)


def _url(name: str, review: Review, **kwargs: int | str) -> str:
    return reverse(name, kwargs={"pk": review.pk, **kwargs})


def _forms_posting_to(page: TestResponse, url: str) -> list[Form]:
    return [form for form in dict.fromkeys(page.forms.values()) if form.action == url]


def _not_yet(page: TestResponse, key: Step) -> str:
    """The "cannot do this yet" message of one step, as HTML (fails the test if absent)."""
    found = page.html.select(f'[data-testid="not-yet-{key}"]')
    assert len(found) == 1, f"no message that {key} cannot be done yet"
    text = " ".join(found[0].get_text(" ").split())
    assert text.startswith("You cannot do this yet")
    return str(found[0])


def _link(title: str, href: str) -> str:
    return f'<a class="govuk-link" href="{href}">{title}</a>'


def _date(form: Form, name: str, day: dt.date) -> None:
    form[f"{name}-day"] = str(day.day)
    form[f"{name}-month"] = str(day.month)
    form[f"{name}-year"] = str(day.year)


# The outcome --------------------------------------------------------------------------------


def test_the_outcome_waits_for_the_panel_s_response_then_its_form_submits(
    web_as: WebAs, review: Review, cast: Cast
) -> None:
    send_to_panel(review, cast)
    acknowledge(review, cast)
    app = web_as(cast.team)

    waiting = app.get(_url("reviews:outcome", review))

    message = _not_yet(waiting, Step.OUTCOME)
    panel = _url("reviews:panel", review)
    assert _link("National Panel responds", f"{panel}#response") in message
    assert "No outcome is recorded yet" in waiting.text
    assert not _forms_posting_to(waiting, "")  # the outcome form posts to its own page

    respond(review, cast, agrees=True)
    page = app.get(_url("reviews:outcome", review))
    assert not page.html.select('[data-testid="not-yet-outcome"]')
    (form,) = _forms_posting_to(page, "")
    form["kind"] = OutcomeKind.NATIONAL.value
    _date(form, "decided_on", RECEIVED_ON)
    form["rationale"] = "The Panel will carry out a national review."
    response = form.submit()

    assert response.status_code == 302
    assert Outcome.objects.get(review=review).kind == OutcomeKind.NATIONAL


def test_the_outcome_waits_for_the_partners_to_reconvene_when_the_panel_disagrees(
    web_as: WebAs, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = up_to_the_response(partnership, cast, school=school, agrees=False)

    page = web_as(cast.team).get(_url("reviews:outcome", review))

    message = _not_yet(page, Step.OUTCOME)
    assert _link("Reconvene the partners", _url("reviews:panel", review) + "#reconvene") in message
    assert "National Panel responds" not in message  # that is done
    assert not _forms_posting_to(page, "")


def test_a_step_s_own_page_says_what_it_waits_for(
    web_as: WebAs, review: Review, cast: Cast
) -> None:
    page = web_as(cast.team).get(_url("reviews:step", review, key=Step.OUTCOME))

    message = _not_yet(page, Step.OUTCOME)
    assert "National Panel responds" in message
    assert 'value="complete"' not in page.text


def test_the_action_refuses_a_step_the_clock_says_cannot_start(review: Review, cast: Cast) -> None:
    with pytest.raises(ActionError, match="“Record the outcome” cannot start until “National"):
        actions.complete_step(review, key=Step.OUTCOME, by=cast.team, completed_on=SENT_ON)


# The National Panel page --------------------------------------------------------------------


def test_the_report_is_sent_only_once_it_has_a_version_then_the_form_submits(
    web_as: WebAs, review: Review, cast: Cast
) -> None:
    app = web_as(cast.team)
    submit = _url("reviews:panel-submit", review)

    waiting = app.get(_url("reviews:panel", review))

    message = _not_yet(waiting, Step.REPORT_SUBMITTED)
    report = _url("reviews:report", review)
    assert _link("Add a version of the report", f"{report}#add-version") in message
    assert "The report has not been sent to the Panel yet" in waiting.text
    assert not _forms_posting_to(waiting, submit)

    approve_fully(add_report_version(review, by=cast.team), cast)
    page = app.get(_url("reviews:panel", review))
    assert not page.html.select('[data-testid="not-yet-report-submitted"]')
    (form,) = _forms_posting_to(page, submit)
    _date(form, "sent_on", SENT_ON)
    form["sent_to"] = "national.panel@panel.example"
    response = form.submit()

    assert response.status_code == 302
    assert PanelSubmission.objects.get(review=review).sent_on == SENT_ON


def test_the_response_waits_for_the_acknowledgement_which_waits_for_the_report(
    web_as: WebAs, review: Review, cast: Cast
) -> None:
    app = web_as(cast.team)
    panel = _url("reviews:panel", review)
    before_sending = app.get(panel)
    send_to_panel(review, cast)

    page = app.get(panel)

    acknowledgement = _not_yet(before_sending, Step.PANEL_ACKNOWLEDGED)
    assert _link("Send the report to the National Panel", f"{panel}#submission") in (
        acknowledgement
    )
    assert _link("National Panel confirms receipt", f"{panel}#acknowledgement") in _not_yet(
        page, Step.PANEL_RESPONSE
    )
    assert not _forms_posting_to(page, _url("reviews:panel-respond", review))
    assert _forms_posting_to(page, _url("reviews:panel-acknowledge", review))
    with pytest.raises(ActionError, match="Record the Panel's acknowledgement"):
        respond(review, cast, agrees=True)

    acknowledge(review, cast)
    answered = app.get(panel)
    assert not answered.html.select('[data-testid="not-yet-panel-response"]')
    assert _forms_posting_to(answered, _url("reviews:panel-respond", review))


def test_the_reconvened_meeting_waits_for_the_panel_s_response_to_be_done(
    web_as: WebAs, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = up_to_the_response(partnership, cast, school=school, agrees=False)
    # The response's step reopened: it was recorded as done by mistake.
    actions.reopen_step(review, key=Step.PANEL_RESPONSE, by=cast.team, reason="Wrong date")
    app = web_as(cast.team)
    reconvene = _url("reviews:panel-reconvene", review)

    waiting = app.get(_url("reviews:panel", review))

    message = _not_yet(waiting, Step.RECONVENE)
    assert _link("National Panel responds", _url("reviews:panel", review) + "#response") in message
    assert "The Panel does not agree with the partners" in waiting.text  # still readable
    assert not _forms_posting_to(waiting, reconvene)
    with pytest.raises(ActionError, match="cannot start until “National Panel responds” is done"):
        record_reconvened(
            review,
            by=cast.team,
            held_on=RECONVENED_ON,
            next_course_of_action="Commission an LCSPR.",
            response_to_panel="We agree.",
        )

    actions.complete_step(review, key=Step.PANEL_RESPONSE, by=cast.team, completed_on=RECEIVED_ON)
    page = app.get(_url("reviews:panel", review))
    (form,) = _forms_posting_to(page, reconvene)
    _date(form, "held_on", RECONVENED_ON)
    form["next_course_of_action"] = "Commission an LCSPR on joint working."
    form["response_to_panel"] = "The partners agree with the Panel."
    form["attendance"] = "Pat Harrow (police lead)"
    response = form.submit()

    assert response.status_code == 302
    assert Reconvened.objects.filter(review=review).exists()


def test_people_who_cannot_act_see_no_such_message(
    web_as: WebAs, review: Review, cast: Cast, police: Organisation
) -> None:
    page = web_as(cast.partner_leads[police]).get(_url("reviews:outcome", review))

    assert 'data-testid="not-yet-' not in page.text


# The LCSPR ----------------------------------------------------------------------------------


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    school: Organisation,
) -> Iterator[LcsprCase]:
    with time_machine.travel(LCSPR_DAY, tick=False):
        yield lcspr_case(
            partnership,
            team=business_team_member,
            author=independent_author,
            police_lead=partner_lead,
            police=police,
            school=school,
        )


def test_the_final_draft_waits_for_a_draft_then_its_form_submits(
    web_as: WebAs, case: LcsprCase
) -> None:
    lcspr = case.lcspr
    app = web_as(case.team)

    waiting = app.get(_url("reviews:drafts", lcspr))

    message = _not_yet(waiting, Step.FINAL_DRAFT_AGREED)
    assert _link("The author uploads a draft", _url("reviews:drafts", lcspr) + "#upload") in (
        message
    )
    assert not [form for form in waiting.forms.values() if form.action.endswith("/final/")]

    draft = upload(lcspr, case.author, "The draft about Child G.")
    listed = app.get(_url("reviews:drafts", lcspr))
    assert not listed.html.select('[data-testid="not-yet-final-draft-agreed"]')
    page = app.get(_url("reviews:draft", lcspr, number=draft.number))
    (form,) = _forms_posting_to(page, _url("reviews:draft-final", lcspr, number=draft.number))
    _date(form, "agreed_on", LCSPR_DAY.date())
    form["reason"] = "Agreed at the review panel meeting."  # nobody agreed it on its page
    response = form.submit()

    assert response.status_code == 302
    assert DraftReport.objects.get(pk=draft.pk).final_agreed_on == LCSPR_DAY.date()


def test_sign_off_waits_for_the_final_draft(web_as: WebAs, case: LcsprCase) -> None:
    page = web_as(case.police_lead).get(_url("reviews:sign-off", case.lcspr))

    message = _not_yet(page, Step.SIGNED_OFF)
    assert _link("Agree the final draft", _url("reviews:drafts", case.lcspr)) in message
    for name in ("reviews:sign-off-sign", "reviews:sign-off-on-behalf"):
        assert not _forms_posting_to(page, _url(name, case.lcspr))


def test_publication_waits_for_the_notice_and_the_checked_final_draft_then_submits(
    web_as: WebAs, case: LcsprCase
) -> None:
    lcspr, team = case.lcspr, case.team
    publication = _url("reviews:publication", lcspr)
    publish = _url("reviews:publication-publish", lcspr)
    today = LCSPR_DAY.date()
    app = web_as(team)
    unplanned = app.get(publication)
    plan_publication(lcspr, by=team, expected_version=0, planned_on=dt.date(2026, 6, 3))
    waiting = app.get(publication)

    planned_first = _not_yet(unplanned, Step.PRE_PUBLICATION_NOTICE)
    message = _not_yet(waiting, Step.PUBLISHED)
    notice = "Send the final report to the National Panel and the Secretary of State"
    assert _link("Plan the publication date", f"{publication}#planned") in planned_first
    assert _link(notice, f"{publication}#notice") in message
    assert _link("Agree the final draft", _url("reviews:drafts", lcspr)) in message
    assert "The agreed final draft passes the anonymisation check" in message
    assert not _forms_posting_to(waiting, publish)

    record_pre_publication_notice(lcspr, by=team, sent_on=today, sent_to="The Panel")
    final = final_version(lcspr, author=case.author, team=team)
    unchecked = app.get(publication)
    check = _url("reviews:anonymisation", lcspr, number=final.number)
    assert _link("The agreed final draft passes the anonymisation check", check) in (
        _not_yet(unchecked, Step.PUBLISHED)
    )
    assert notice not in _not_yet(unchecked, Step.PUBLISHED)
    assert not _forms_posting_to(unchecked, publish)

    check_anonymisation(final, by=team)
    page = app.get(publication)
    (form,) = _forms_posting_to(page, publish)
    _date(form, "published_on", today)
    form["where"] = "https://wexmoor.example/lcspr"
    form["gaps_confirmed"] = True
    form["gaps_reason"] = "The partners agreed to publish on the date set."
    response = form.submit()

    assert response.status_code == 302
    assert Publication.objects.get(review=lcspr).published_on == today
