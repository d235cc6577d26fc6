"""What the backup-code and reset tests share: signing in through the pages as rendered
(WebTest), enrolling an authenticator app, and reading the codes the page shows once."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from django_webtest import DjangoTestApp
from webtest import TestResponse

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.helpers import code_for_secret

SIGN_IN = reverse("accounts:sign-in")
SECRET = re.compile(r'<code class="app-secret">([A-Z2-7 ]+)</code>')
CODE = re.compile(r'<code class="app-backup-code">([a-z2-7-]+)</code>')


def page_form(response: TestResponse) -> Any:
    """The page's own form: the last one, after the header's sign-out button, if any."""
    forms = [f for f in response.forms.values() if "sign-out" not in (f.action or "")]
    return forms[-1]


def sign_in_with_password(user: User) -> tuple[DjangoTestApp, TestResponse]:
    """A new browser that gives the email address and password; the page it is sent to."""
    app = DjangoTestApp()
    form = page_form(app.get(SIGN_IN))
    form["username"] = user.email
    form["password"] = TEST_PASSWORD
    return app, form.submit(status=302).follow()


def enrol(user: User) -> tuple[DjangoTestApp, list[str]]:
    """Sign in for the first time, set up the app, and read the backup codes shown."""
    app, set_up = sign_in_with_password(user)
    assert "Set up your security code" in set_up.text
    form = page_form(set_up)
    form["code"] = code_for_secret(SECRET.findall(set_up.text)[0])
    shown = form.submit(status=200)
    assert "Your backup codes" in shown.text
    return app, CODE.findall(shown.text)


def sign_in_with_backup_code(user: User, code: str, *, status: int = 302) -> TestResponse:
    """Sign in with a password, then choose "Use a backup code instead" and give this code."""
    _, enter_code = sign_in_with_password(user)
    backup_page = enter_code.click("Use a backup code instead")
    form = page_form(backup_page)
    form["code"] = code
    answer = form.submit(status=status)
    return answer.follow() if status == 302 else answer
