"""The independent author's commission: access to their LCSPR only, changes version checked,
and its pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.planning.author import change_commission, commission_author
from reviews.event_types import EventType
from reviews.models import AuthorCommission, ReviewMember, ReviewRole, StepRecord
from reviews.process import Step
from reviews.tests import lcspr_planning_author_setup as setup
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_planning_author_setup import TODAY, Cast, commission_for


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def cast(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
) -> Cast:
    return setup.cast(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
    )


def _commission_data(
    commission: AuthorCommission | None, author: User, /, **changes: str
) -> dict[str, str]:
    return {
        "version": str(commission.version if commission else 0),
        "author": str(author.pk),
        "author_organisation": "Fenwick Reviews Ltd",
        **date_fields("starts_on", dt.date(2026, 10, 5)),
        **date_fields("ends_on", dt.date(2027, 3, 31)),
        "contract_reference": "WTP-2026-014",
        **changes,
    }


def test_commissioning_gives_the_author_this_review_only_and_emails_them(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        commission = commission_for(cast)

    assert commission.author == cast.author
    assert ReviewMember.objects.filter(
        review=cast.lcspr, user=cast.author, role=ReviewRole.INDEPENDENT_AUTHOR, active=True
    ).exists()
    step = StepRecord.objects.get(review=cast.lcspr, key=Step.AUTHOR_COMMISSIONED)
    assert step.completed_on == TODAY
    event = cast.lcspr.events.get(type=EventType.AUTHOR_COMMISSIONED)
    assert event.detail["author"] == "Imogen Test"
    assert [message.to for message in mail.outbox] == [[cast.author.email]]
    assert reverse("reviews:detail", kwargs={"pk": cast.lcspr.pk}) in mail.outbox[0].body
    assert "Child A" not in mail.outbox[0].body
    sign_in(client, cast.author)
    assert client.get(reverse("reviews:detail", kwargs={"pk": cast.lcspr.pk})).status_code == 200
    for elsewhere in (cast.other_lcspr, cast.rapid_review):
        assert client.get(reverse("reviews:detail", kwargs={"pk": elsewhere.pk})).status_code == 404
    assert cast.other_lcspr.case_code not in client.get(reverse("reviews:list")).content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": dt.date(2026, 10, 4)}, "ends_on"),
        ({"ends_on": dt.date(2040, 1, 1)}, "ends_on"),
        ({"contract_reference": " "}, "contract_reference"),
        ({"contract_reference": "x" * 101}, "contract_reference"),
        ({"author_organisation": "x" * 201}, "author_organisation"),
    ],
)
def test_a_commission_the_rules_refuse_names_the_field(
    cast: Cast, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ActionError) as refusal:
        commission_for(cast, **changes)

    assert refusal.value.field == field
    assert not AuthorCommission.objects.exists()
    assert not ReviewMember.objects.filter(role=ReviewRole.INDEPENDENT_AUTHOR).exists()


def test_the_author_must_be_in_the_partnership_and_a_rapid_review_has_none(
    cast: Cast, outsider: User
) -> None:
    with pytest.raises(ActionError) as refusal:
        commission_for(cast, author=outsider)
    assert refusal.value.field == "author"

    with pytest.raises(ActionError):
        commission_author(
            cast.rapid_review,
            by=cast.team,
            author=cast.author,
            author_organisation="",
            starts_on=TODAY,
            ends_on=TODAY,
            contract_reference="X",
        )


def test_a_review_has_one_commission(cast: Cast) -> None:
    commission_for(cast)

    with pytest.raises(ActionError, match="already commissioned"):
        commission_for(cast)


def test_changing_the_author_moves_the_access(
    client: Client,
    cast: Cast,
    partnership: Partnership,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    commission = commission_for(cast)
    successor = make_user(partnership=partnership, full_name="Nadia Newauthor")

    with django_capture_on_commit_callbacks(execute=True):
        changed = change_commission(
            commission,
            by=cast.team,
            expected_version=commission.version,
            author=successor,
            author_organisation="",
            starts_on=commission.starts_on,
            ends_on=commission.ends_on,
            contract_reference="WTP-2026-015",
        )

    assert (changed.author, changed.version) == (successor, 2)
    authors = ReviewMember.objects.filter(review=cast.lcspr, role=ReviewRole.INDEPENDENT_AUTHOR)
    assert {(member.user, member.active) for member in authors} == {
        (cast.author, False),
        (successor, True),
    }
    assert [message.to for message in mail.outbox] == [[successor.email]]
    event = cast.lcspr.events.get(type=EventType.COMMISSION_CHANGED)
    assert set(event.detail["changes"]) == {
        "author_id",
        "author_organisation",
        "contract_reference",
    }
    sign_in(client, cast.author)
    assert client.get(reverse("reviews:detail", kwargs={"pk": cast.lcspr.pk})).status_code == 404


def test_a_change_from_an_old_version_is_refused(cast: Cast) -> None:
    commission = commission_for(cast)
    change_commission(
        commission,
        by=cast.team,
        expected_version=1,
        author=cast.author,
        author_organisation="",
        starts_on=commission.starts_on,
        ends_on=commission.ends_on,
        contract_reference="WTP-2026-014A",
    )

    with pytest.raises(EditConflict) as clash:
        change_commission(
            commission,
            by=cast.team,
            expected_version=1,
            author=cast.author,
            author_organisation="Fenwick Reviews Ltd",
            starts_on=commission.starts_on,
            ends_on=commission.ends_on,
            contract_reference="WTP-2026-014B",
        )

    assert clash.value.theirs["contract_reference"] == "WTP-2026-014A"
    commission.refresh_from_db()
    assert commission.contract_reference == "WTP-2026-014A"
    assert cast.lcspr.events.filter(type=EventType.EDIT_REFUSED).count() == 1


def test_the_business_team_commissions_the_author_on_the_page(client: Client, cast: Cast) -> None:
    sign_in(client, cast.team)
    url = reverse("reviews:author", kwargs={"pk": cast.lcspr.pk})

    form = client.get(url).content.decode()
    response = client.post(url, _commission_data(None, cast.author))

    assert "Imogen Test (author@reviewer.example)" in form
    assert response.status_code == 302
    assert AuthorCommission.objects.get().author == cast.author


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"author": ""}, "author", "Choose the independent author"),
        ({"author": "999999"}, "author", "Choose the independent author from the list"),
        ({"contract_reference": ""}, "contract_reference", "Enter the contract reference"),
        (
            {**date_fields("ends_on", dt.date(2026, 10, 1))},
            "ends_on",
            "The end of the commission must be on or after its start",
        ),
        ({"starts_on-month": "13"}, "starts_on", "Start of the commission must be a real date"),
    ],
)
def test_a_bad_commission_on_the_page_names_the_field(
    client: Client, cast: Cast, changes: dict[str, str], field: str, message: str
) -> None:
    sign_in(client, cast.team)

    response = client.post(
        reverse("reviews:author", kwargs={"pk": cast.lcspr.pk}),
        _commission_data(None, cast.author, **changes),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}"' in page
    assert not AuthorCommission.objects.exists()


def test_the_contract_reference_is_for_the_team_and_the_author(client: Client, cast: Cast) -> None:
    commission_for(cast)
    url = reverse("reviews:author", kwargs={"pk": cast.lcspr.pk})

    as_lead = sign_in(Client(), cast.police_lead).get(url).content.decode()
    as_author = sign_in(Client(), cast.author).get(url).content.decode()

    assert "Imogen Test" in as_lead
    assert "WTP-2026-014" not in as_lead
    assert "WTP-2026-014" in as_author
    assert reverse("reviews:author-edit", kwargs={"pk": cast.lcspr.pk}) not in as_author


def test_a_clash_on_the_change_page_is_a_409_showing_both(client: Client, cast: Cast) -> None:
    commission = commission_for(cast)
    sign_in(client, cast.team)
    url = reverse("reviews:author-edit", kwargs={"pk": cast.lcspr.pk})
    first = client.post(url, _commission_data(commission, cast.author, contract_reference="REF-A"))

    second = client.post(url, _commission_data(commission, cast.author, contract_reference="REF-B"))

    assert first.status_code == 302
    assert second.status_code == 409
    page = second.content.decode()
    assert "REF-A" in page
    assert "REF-B" in page
    commission.refresh_from_db()
    assert commission.contract_reference == "REF-A"


def test_the_author_pages_refuse_those_without_the_part(
    client: Client, cast: Cast, outsider: User
) -> None:
    commission_for(cast)

    def status(user: User, name: str, method: str = "get", pk: int | None = None) -> int:
        browser = sign_in(Client(), user)
        url = reverse(name, kwargs={"pk": pk or cast.lcspr.pk})
        return (browser.post(url, {}) if method == "post" else browser.get(url)).status_code

    assert status(outsider, "reviews:author") == 404
    assert status(cast.police_lead, "reviews:author", "post") == 403
    assert status(cast.author, "reviews:author-edit") == 403
    assert status(cast.team, "reviews:author", pk=cast.rapid_review.pk) == 404
