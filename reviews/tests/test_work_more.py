"""Each person's work, further: approvals of the rapid review report and sign-offs of the final
LCSPR report as items, followed to the page where they are done and done there; and the tags
over a bank holiday, as the home page shows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_webtest import DjangoTestApp
from webtest import TestResponse
from webtest.forms import Form

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import employ, make_user
from conftest import WebAs
from reviews.actions.report import generate_report_version
from reviews.models import ApprovalRole
from reviews.models.calendar import working_calendar_for
from reviews.process import RuleSettings
from reviews.reads.work import Tag, work_for, work_in_partnership
from reviews.tests import learning_plans_setup as plans
from reviews.tests.factories import make_review
from reviews.tests.lcspr_drafts_setup import LcsprCase, final_version, lcspr_case
from reviews.tests.report_setup import WORKING_DAY_TWELVE, ReportCase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_off")]

DAY_TWELVE = WORKING_DAY_TWELVE.date()


def _keys(user: User, today: dt.date) -> list[str]:
    return [each.key for each in work_for(user, today)]


def _follow(app: DjangoTestApp, key: str) -> TestResponse:
    """Open the home page and follow the item's link, as rendered."""
    home = app.get("/")
    row = home.html.select_one(f'tr[data-key="{key}"]')
    assert row is not None, key
    href = row.select_one('[data-testid="work-link"]')["href"]
    opened = app.get(href)
    assert opened.status_code == 200
    assert opened.request.path == href
    return opened


def _form_posting_to(page: TestResponse, action: str) -> Form:
    found = [form for form in page.forms.values() if form.action == action]
    assert len(found) == 1, action
    return found[0]


@pytest.fixture
def at_day_twelve() -> Iterator[None]:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        yield


@pytest.mark.usefixtures("at_day_twelve")
def test_the_subgroup_chair_approves_first_then_the_partnership_chair(
    web_as: WebAs, case: ReportCase
) -> None:
    review = case.review
    chair_key = f"review-{review.pk}:approval:v1:{ApprovalRole.SUBGROUP_CHAIR.value}"
    independent_key = f"review-{review.pk}:approval:v1:{ApprovalRole.PARTNERSHIP_CHAIR.value}"
    # No version yet: nobody has an approval to give.
    assert not any(":approval:" in key for key in _keys(case.subgroup_chair, DAY_TWELVE))
    generate_report_version(review, by=case.team)

    assert _keys(case.subgroup_chair, DAY_TWELVE) == [chair_key]
    assert independent_key not in _keys(case.partnership_chair, DAY_TWELVE)
    (only,) = work_for(case.subgroup_chair, DAY_TWELVE)
    assert only.what == "Approve version 1 of the report as CSPR subgroup chair"

    app = web_as(case.subgroup_chair)
    report = _follow(app, chair_key)
    approve = _form_posting_to(report, f"/reviews/{review.pk}/report/approve/")
    assert approve["role"].value == ApprovalRole.SUBGROUP_CHAIR.value
    approve.submit().follow()

    # Approved: it drops off the chair's list and the next in the chain has it.
    assert chair_key not in _keys(case.subgroup_chair, DAY_TWELVE)
    assert not app.get("/").html.select_one(f'tr[data-key="{chair_key}"]')
    assert independent_key in _keys(case.partnership_chair, DAY_TWELVE)
    _follow(web_as(case.partnership_chair), independent_key)
    # The partners approve after the partnership chair, in the same turn.
    police_key = (
        f"review-{review.pk}:approval:v1:{ApprovalRole.STATUTORY_PARTNER.value}"
        f":{case.partners['police'].pk}"
    )
    assert police_key in _keys(case.leads["police"], DAY_TWELVE)
    # Legal never approves.
    assert not any(":approval:" in key for key in _keys(case.legal, DAY_TWELVE))


@pytest.fixture
def signing(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> LcsprCase:
    case = lcspr_case(
        partnership,
        team=business_team_member,
        author=independent_author,
        police_lead=partner_lead,
        police=police,
        school=school,
    )
    final_version(case.lcspr, author=independent_author, team=business_team_member)
    return case


def test_each_signer_sees_the_sign_off_until_it_is_signed(
    web_as: WebAs, signing: LcsprCase, police: Organisation, icb: Organisation
) -> None:
    lcspr = signing.lcspr
    today = timezone.localdate()
    police_key = f"review-{lcspr.pk}:sign-off:{police.pk}"
    mine = [key for key in _keys(signing.police_lead, today) if ":sign-off:" in key]
    assert mine == [police_key]
    # The author and a panel member speak for no organisation: no sign-off.
    for nobody in (signing.author, signing.panel_member, signing.chair):
        assert not any(":sign-off:" in key for key in _keys(nobody, today))

    app = web_as(signing.police_lead)
    page = _follow(app, police_key)
    sign = _form_posting_to(page, f"/reviews/{lcspr.pk}/sign-off/sign/")
    sign["organisation"] = str(police.pk)
    done = sign.submit().follow()
    assert f"{police.name} has signed off version 1." in done.text

    assert police_key not in _keys(signing.police_lead, today)
    assert not app.get("/").html.select_one(f'tr[data-key="{police_key}"]')
    # Another partner still has its sign-off to give, on everyone's work.
    everyone = {each.key for each in work_in_partnership(lcspr.partnership, today)}
    assert police_key not in everyone
    assert f"review-{lcspr.pk}:sign-off:{icb.pk}" in everyone


def test_an_agency_contributor_who_cannot_open_the_sign_off_has_no_item_for_it(
    web_as: WebAs, signing: LcsprCase, school: Organisation
) -> None:
    # The school's contributor speaks for the school but may not read the LCSPR: the item
    # stays on everyone's work (the business team records it on the school's behalf).
    today = timezone.localdate()
    key = f"review-{signing.lcspr.pk}:sign-off:{school.pk}"
    assert key not in _keys(signing.school_contributor, today)
    assert key in {each.key for each in work_in_partnership(signing.lcspr.partnership, today)}
    web_as(signing.school_contributor).get(f"/reviews/{signing.lcspr.pk}/sign-off/", status=403)


# The clock on Thursday 2 April 2026, the day before Good Friday; Easter Monday follows. "Due
# soon" is two working days on: Tuesday 7 April is one, Wednesday 8 April two. Without the two
# bank holidays the window would end on Monday 6 April and Wednesday would be "not yet due".
THURSDAY = dt.date(2026, 4, 2)
EXPECTED = {
    dt.date(2026, 4, 1): Tag.OVERDUE,  # yesterday
    THURSDAY: Tag.DUE_TODAY,
    dt.date(2026, 4, 7): Tag.DUE_SOON,  # Tuesday: one working day on
    dt.date(2026, 4, 8): Tag.DUE_SOON,  # Wednesday: two working days on
    dt.date(2026, 4, 9): Tag.NOT_YET_DUE,  # Thursday: three working days on
}


def test_tags_over_easter_on_the_home_page(
    web_as: WebAs,
    partnership: Partnership,
    business_team_member: User,
    icb: Organisation,
) -> None:
    assert RuleSettings.of(partnership).due_soon_working_days == 2
    assert working_calendar_for(partnership).add_working_days(THURSDAY, 2) == dt.date(2026, 4, 8)
    owner = employ(make_user(partnership=partnership, full_name="Omar Owner"), icb)
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC), tick=False):
        review = make_review(partnership=partnership, by=business_team_member)
        recommendation = plans.recommendation(
            review, business_team_member, plans.themes(partnership, business_team_member)
        )
        actions = {
            due: plans.add_test_action(
                recommendation, business_team_member, icb, lead=owner, due_on=due
            )
            for due in EXPECTED
        }
    keys = {f"action-{actions[due].pk}": tag for due, tag in EXPECTED.items()}
    with time_machine.travel(dt.datetime(2026, 4, 2, 10, tzinfo=dt.UTC), tick=False):
        page = web_as(owner).get("/")
    rows = page.html.select('[data-testid="work"] tr[data-key]')
    assert [row["data-key"] for row in rows] == list(keys)  # by due date
    for row in rows:
        tag = row.select_one('[data-testid="tag"]')
        assert tag["data-tag"] == keys[row["data-key"]].value, row["data-key"]


def test_your_account_links_the_reminders_backup_codes_and_for_the_team_people(
    web_as: WebAs, business_team_member: User, partner_lead: User
) -> None:
    team = web_as(business_team_member)
    home = team.get("/")
    assert home.html.select_one('nav a[href="/#your-account"]').get_text(strip=True) == (
        "Your account"
    )
    account = home.html.select_one('[data-testid="account-links"]')
    assert [link["href"] for link in account.select("a")] == [
        "/account/reminders/",
        "/account/backup-codes/",
        "/account/people/",
    ]
    assert home.click(href="/account/backup-codes/").status_code == 200
    people = home.click(href="/account/people/")
    assert partner_lead.full_name in people.text
    # Not the business team: no "People" link, and the page is refused.
    lead = web_as(partner_lead)
    theirs = lead.get("/").html.select_one('[data-testid="account-links"]')
    assert [link["href"] for link in theirs.select("a")] == [
        "/account/reminders/",
        "/account/backup-codes/",
    ]
    lead.get("/account/people/", status=404)


def test_no_backup_codes_link_without_a_second_factor(partner_lead: User) -> None:
    # Signed in with a password only (the second factor switched off): no codes to manage.
    client = Client()
    client.force_login(partner_lead)
    app = DjangoTestApp()
    app.set_cookie(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    links = app.get("/").html.select('[data-testid="account-links"] a')
    assert [link["href"] for link in links] == ["/account/reminders/"]
