"""Journey: a looked-after child's death, done in Chromium by the business team.

The notification is recorded in the browser: a looked-after child died. The local authority
became aware on Thursday 5 March 2026, so the step "notify Ofsted and the Secretary of State"
is on the task list, due 5 working days later, on Thursday 12 March 2026 (Friday 6, Monday 9
to Thursday 12: no bank holiday between), and overdue until the dates they were told are
recorded; then it is done. The report then goes to the National Panel through the real
actions, each on its day, and the Panel answers that it needs more information; on the Panel
page the business team records the Panel's request, sees it listed with its deadline tag,
records the information supplied and the review resubmitted, and the round is complete.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from accounts.models import PartnershipRole
from accounts.tests.factories import give_role, make_partnership, make_user
from accounts.tests.helpers import give_device
from reviews.models import InformationRound, Notification
from tests.browser.conftest import PageProblems
from tests.browser.journey_helpers import TEAM, signed_in_page
from tests.browser.panel_information_steps import (
    Dates,
    answer_the_panel,
    panel_asks_for_more_information,
    record_looked_after_death,
    tell_ofsted,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATES = Dates(
    incident=dt.date(2026, 3, 4),
    aware=dt.date(2026, 3, 5),
    notified=dt.date(2026, 3, 6),
    told=dt.date(2026, 3, 6),
)
# Worked out by hand: 5 working days after Thursday 5 March 2026.
OFSTED_DUE = dt.date(2026, 3, 12)
ASKS = "The placement history of Child A and the minutes of the last looked-after review."


def test_a_looked_after_childs_death_and_the_panels_request_for_more_information(
    browser: Browser, live_server: LiveServer, problems: PageProblems, tmp_path: Path
) -> None:
    partnership = make_partnership(
        name="Wexmoor Test Partnership", short_name="WTP", code_prefix="WT"
    )
    team = make_user(partnership=partnership, email=TEAM, full_name="Priya Test")
    give_device(team)
    give_role(team, PartnershipRole.Role.BUSINESS_TEAM)
    context, page = signed_in_page(browser, live_server.url, problems, TEAM)
    try:
        # 1: the notification: a looked-after child died.
        review = record_looked_after_death(page, DATES)

        # 2: Ofsted and the Secretary of State told, within the 5 working days.
        ofsted, secretary_of_state = dt.date(2026, 3, 9), dt.date(2026, 3, 10)
        tell_ofsted(page, review, OFSTED_DUE, ofsted, secretary_of_state)
        notification = Notification.objects.get(review=review)
        assert notification.ofsted_told_on == ofsted
        assert notification.secretary_of_state_told_on == secretary_of_state

        # 3: the Panel needs more information, and gets it.
        panel_asks_for_more_information(review, team=team, tmp_path=tmp_path)
        today = timezone.localdate()
        answer_the_panel(page, review, today, ASKS)
        answered = InformationRound.objects.get(review=review)
        assert (answered.number, answered.asks) == (1, ASKS)
        assert answered.supplied_on == answered.resubmitted_on == today
    finally:
        context.close()

    assert problems.csp_violations() == []
    assert problems.console_errors == []
    assert problems.failed_responses == []
