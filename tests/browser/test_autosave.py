"""Journey: an agency contributor's return saves itself as they type, and a second tab that
falls behind is stopped rather than overwriting the first (frontend/src/autosave.mjs)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Organisation, PartnershipRole
from accounts.tests.factories import (
    TEST_PASSWORD,
    employ,
    give_role,
    make_organisation,
    make_partnership,
    make_user,
)
from accounts.tests.helpers import give_device
from reviews.models import InformationRequest, RequestStatus
from reviews.tests.factories import make_review
from reviews.tests.request_helpers import send_request
from tests.browser.conftest import PageProblems, SignIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _school_request() -> InformationRequest:
    partnership = make_partnership(name="Hollin Test Partnership")
    team = give_role(make_user(partnership=partnership), PartnershipRole.Role.BUSINESS_TEAM)
    school = make_organisation(
        partnership=partnership, name="Hollin Test School", kind=Organisation.Kind.SCHOOL
    )
    contributor = employ(
        make_user(partnership=partnership, email="dsl@hollin.example", full_name="Dee Test"),
        school,
    )
    give_device(contributor)
    review = make_review(partnership=partnership, by=team)
    return send_request(review, school, by=team, contributor=contributor)


def _open(page: Page, info_request: InformationRequest) -> None:
    page.goto(f"/reviews/{info_request.review_id}/requests/{info_request.pk}/")
    # Save after a fraction of a second rather than 20: the same code path, a faster test.
    page.locator("form#answer").evaluate("form => { form.dataset.autosaveDelay = '200'; }")


def test_the_draft_saves_itself_and_a_stale_tab_is_stopped(
    page: Page, problems: PageProblems, sign_in: SignIn
) -> None:
    info_request = _school_request()
    sign_in("dsl@hollin.example", TEST_PASSWORD)
    _open(page, info_request)
    second_tab = page.context.new_page()
    _open(second_tab, info_request)

    page.get_by_label("Your organisation's involvement").fill("Seen in class every day.")
    status = page.get_by_test_id("autosave-status")
    expect(status).to_contain_text("Draft saved at")
    expect(page.locator('input[name="version"]')).to_have_value("2")

    second_tab.get_by_label("Analysis of your practice").fill("Typed in the older tab.")
    stale = second_tab.get_by_test_id("autosave-status")
    expect(stale).to_contain_text("This return was saved somewhere else")
    expect(stale).to_contain_text("Changed there: Your organisation's involvement")
    expect(stale).to_have_class("govuk-body-s govuk-error-message")

    info_request.refresh_from_db()
    assert info_request.involvement == "Seen in class every day."
    assert info_request.analysis == ""
    assert info_request.status == RequestStatus.IN_PROGRESS
    assert problems.csp_violations() == []
    assert problems.console_errors == []  # the first tab's; the second's 409 is expected


def test_a_chronology_entry_does_not_lose_words_typed_in_the_answer(
    page: Page, problems: PageProblems, sign_in: SignIn
) -> None:
    info_request = _school_request()
    sign_in("dsl@hollin.example", TEST_PASSWORD)
    page.goto(f"/reviews/{info_request.review_id}/requests/{info_request.pk}/")

    page.get_by_label("Learning already identified").fill("Share attendance concerns sooner.")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("What happened").fill("Absent without explanation")
    page.get_by_role("button", name="Add to chronology").click()

    expect(page.get_by_text("The entry has been added to the chronology.")).to_be_visible()
    expect(page.get_by_label("Learning already identified")).to_have_value(
        "Share attendance concerns sooner."
    )
    info_request.refresh_from_db()
    assert info_request.learning == "Share attendance concerns sooner."
    assert problems.csp_violations() == []
    assert problems.console_errors == []
