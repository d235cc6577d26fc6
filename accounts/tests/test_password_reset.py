"""Resetting a forgotten password through a link sent by email."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_webtest import DjangoTestApp
from webtest import Form, TestResponse

from accounts import forms as password_reset_form
from accounts.models import User
from accounts.password_reset import send_reset_link
from accounts.tests.factories import TEST_PASSWORD
from tests.page_checks import error_links, misdirected_error_links

NEW_PASSWORD = "lantern orchard pebble violet"  # not a real credential


def _ask_for_a_link(client: Client, email: str = "manager@wtp.example") -> str:
    """Ask for a reset link; return the path of the link in the email."""
    response = client.post(reverse("accounts:password-reset"), {"email": email})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert link is not None
    return urlsplit(link.group(0)).path


def _choose(client: Client, form_url: str, password: str) -> str:
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    return response.content.decode() if response.status_code == 200 else response["Location"]


def test_it_shows_the_reset_page(client: Client) -> None:
    response = client.get(reverse("accounts:password-reset"))

    assert response.status_code == 200
    assert "Reset your password" in response.content.decode()


def test_it_emails_a_link_to_the_person(client: Client, business_team_member: User) -> None:
    path = _ask_for_a_link(client, "Manager@WTP.example")

    message = mail.outbox[0]
    assert message.to == ["manager@wtp.example"]
    assert message.subject == "Reset your password for safeguarding practice reviews"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "within one hour" in message.body
    # A plain-text email: nothing in it is HTML-escaped.
    assert "&#" not in message.body
    assert "&amp;" not in message.body
    assert path.startswith("/password-reset/")


def test_it_sends_nothing_for_an_unknown_address_but_says_the_same(
    client: Client, business_team_member: User
) -> None:
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@wtp.example"})

    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert mail.outbox == []
    sent = client.get(response["Location"])
    assert "If the address belongs to an account" in sent.content.decode()


def test_it_sends_nothing_to_a_switched_off_account(
    client: Client, business_team_member: User
) -> None:
    business_team_member.is_active = False
    business_team_member.save(update_fields=["is_active"])

    client.post(reverse("accounts:password-reset"), {"email": "manager@wtp.example"})

    assert mail.outbox == []


def test_the_link_sets_a_new_password(client: Client, business_team_member: User) -> None:
    link = _ask_for_a_link(client)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0]
    # The token leaves the address bar (and the Referer header) before the form is shown.
    assert form_url.endswith("/set-password/")

    assert _choose(client, form_url, NEW_PASSWORD) == reverse("accounts:password-reset-complete")
    business_team_member.refresh_from_db()
    assert business_team_member.check_password(NEW_PASSWORD)
    assert not business_team_member.check_password(TEST_PASSWORD)
    complete = client.get(reverse("accounts:password-reset-complete"))
    assert "Your password has been changed" in complete.content.decode()


def test_resetting_does_not_sign_the_person_in(client: Client, business_team_member: User) -> None:
    link = _ask_for_a_link(client)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    _choose(client, form_url, NEW_PASSWORD)

    response = client.get(reverse("home"))

    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize(
    ("weak_password", "message"),
    [
        ("short1", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("918273645546372819", "This password is entirely numeric."),
        ("manager@wtp.example", "The password is too similar to the email."),
        ("Priya Test 2026", "The password is too similar to the full name."),
    ],
)
def test_it_refuses_a_weak_password_with_a_clear_message(
    client: Client, business_team_member: User, weak_password: str, message: str
) -> None:
    link = _ask_for_a_link(client)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    page = _choose(client, form_url, weak_password)

    assert "There is a problem" in page
    assert message in page
    business_team_member.refresh_from_db()
    assert business_team_member.check_password(TEST_PASSWORD)


def test_it_refuses_two_different_passwords(client: Client, business_team_member: User) -> None:
    link = _ask_for_a_link(client)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": "lantern orchard pebble"}
    )

    assert "The passwords do not match: enter the same new password twice" in (
        response.content.decode()
    )


def _form_with(page: TestResponse, field: str) -> Form:
    [form] = [form for form in page.forms.values() if field in form.fields]
    return form


def test_an_empty_address_is_asked_for_by_name_at_its_box(
    django_app_factory: Callable[..., DjangoTestApp],
) -> None:
    page = django_app_factory(csrf_checks=True).get(reverse("accounts:password-reset"))

    response = _form_with(page, "email").submit()

    assert error_links(response.text) == [("Enter your email address", "#id_email")]
    assert misdirected_error_links(response.text) == []
    assert "This field is required" not in response.text
    assert mail.outbox == []


def test_empty_new_password_boxes_are_each_asked_for_by_name(
    client: Client,
    django_app_factory: Callable[..., DjangoTestApp],
    business_team_member: User,
) -> None:
    link = _ask_for_a_link(client)
    page = django_app_factory(csrf_checks=True).get(link).follow()

    response = _form_with(page, "new_password1").submit()

    assert error_links(response.text) == [
        ("Enter a new password", "#id_new_password1"),
        ("Confirm your new password", "#id_new_password2"),
    ]
    assert misdirected_error_links(response.text) == []
    assert "This field is required" not in response.text
    business_team_member.refresh_from_db()
    assert business_team_member.check_password(TEST_PASSWORD)


def test_the_link_works_once(client: Client, business_team_member: User) -> None:
    link = _ask_for_a_link(client)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    _choose(client, form_url, NEW_PASSWORD)

    again = client.get(link, follow=True)

    html = again.content.decode()
    assert "This link has expired" in html
    assert "new_password1" not in html
    # Nor can the form be sent again from the same browser.
    refused = client.post(
        form_url, {"new_password1": "another long passphrase", "new_password2": "x"}
    )
    assert "This link has expired" in refused.content.decode()
    business_team_member.refresh_from_db()
    assert business_team_member.check_password(NEW_PASSWORD)


def test_a_made_up_link_is_refused(client: Client, business_team_member: User) -> None:
    response = client.get(
        reverse(
            "accounts:password-reset-confirm", kwargs={"uidb64": "MQ", "token": "made-up-token"}
        ),
        follow=True,
    )

    assert "This link has expired" in response.content.decode()


def test_the_validators_refuse_a_password_like_the_persons_name(
    business_team_member: User,
) -> None:
    with pytest.raises(ValidationError, match="too similar to the full name"):
        validate_password("PriyaTest2026", business_team_member)

    validate_password(NEW_PASSWORD, business_team_member)


class _Spy:
    """Counts the calls to a function and, for the task, keeps them without running it."""

    def __init__(self, wrapped: Callable[..., object] | None = None) -> None:
        self.wrapped = wrapped
        self.calls: list[dict[str, object]] = []

    def __call__(self, *args: object, **kwargs: object) -> object:
        self.calls.append(kwargs)
        return self.wrapped(*args, **kwargs) if self.wrapped else None

    enqueue = __call__


def test_the_page_does_the_same_work_for_an_unknown_address(
    client: Client,
    business_team_member: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    work = {}
    for email in ("manager@wtp.example", "nobody@wtp.example"):
        task, tokens = _Spy(), _Spy(default_token_generator.make_token)
        monkeypatch.setattr(password_reset_form, "send_reset_link", task)
        monkeypatch.setattr(default_token_generator, "make_token", tokens)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("accounts:password-reset"), {"email": email})
        assert response["Location"] == reverse("accounts:password-reset-sent")
        work[email] = (task.calls, len(tokens.calls), len(queries))

    known, unknown = work["manager@wtp.example"], work["nobody@wtp.example"]
    # One queued task each, differing only in the address; no token or lookup in the page.
    assert [call["email"] for call in known[0]] == ["manager@wtp.example"]
    assert [call["email"] for call in unknown[0]] == ["nobody@wtp.example"]
    assert [{**call, "email": ""} for call in known[0]] == [
        {**call, "email": ""} for call in unknown[0]
    ]
    assert known[1:] == unknown[1:]
    assert known[1] == 0
    assert mail.outbox == []


def test_the_worker_sends_the_link_only_to_an_account(business_team_member: User) -> None:
    for email in ("nobody@wtp.example", "MANAGER@wtp.example"):
        send_reset_link.call(email=email, domain="reviews.example.org", use_https=True)

    [message] = mail.outbox
    assert message.to == ["manager@wtp.example"]
    assert "https://reviews.example.org/password-reset/" in str(message.body)
