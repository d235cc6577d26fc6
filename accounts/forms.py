"""Sign-in and password reset forms. Error messages name the field and say what to do, as the
Design System asks (never Django's "This field is required.")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.http import HttpRequest

from accounts.models import User
from accounts.password_reset import BODY_TEMPLATE, SUBJECT_TEMPLATE, send_reset_link

if TYPE_CHECKING:
    _SetPasswordForm = SetPasswordForm[User]
else:  # generic for the type checker only
    _SetPasswordForm = SetPasswordForm


class SignInForm(AuthenticationForm):
    """Email and password. The field stays named ``username`` because django-axes reads it."""

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=1000,
        error_messages={"required": "Enter your password"},
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Ask your partnership's business team.",
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app."""

    code = forms.RegexField(
        label="Security code",
        regex=r"^\s*\d{6}\s*$",
        max_length=20,
        error_messages={
            "required": "Enter the 6-digit security code from your authenticator app",
            "invalid": "Enter the security code as 6 digits, like 123456",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric"}
        )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()


class ResetPasswordForm(PasswordResetForm):
    """The email address to send a reset link to."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def save(  # type: ignore[override]  # queues the link instead of sending it
        self,
        domain_override: str | None = None,
        subject_template_name: str = SUBJECT_TEMPLATE,
        email_template_name: str = BODY_TEMPLATE,
        use_https: bool = False,
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        """Queue the link for the worker, the same one step for every address: whether it
        belongs to an account is found out there, so the page takes as long either way."""
        domain = domain_override or (request.get_host() if request is not None else "")
        send_reset_link.enqueue(
            email=self.cleaned_data["email"],
            domain=domain,
            use_https=use_https,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
        )


def _new_password(label: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=1000,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={
            "required": required,
            "max_length": f"{label} must be 1,000 characters or fewer",
        },
    )


class NewPasswordForm(_SetPasswordForm):
    """The new password, typed twice, from a reset link."""

    new_password1 = _new_password("New password", "Enter a new password")
    new_password2 = _new_password("Confirm your new password", "Confirm your new password")

    error_messages = {
        "password_mismatch": "The passwords do not match: enter the same new password twice",
    }


class BackupCodeForm(forms.Form):
    """One of the person's backup codes, as printed: ``abcd-efgh-jkmn``."""

    code = forms.RegexField(
        label="Backup code",
        regex=r"^[\sA-Za-z2-7-]{12,20}$",
        max_length=30,
        error_messages={
            "required": "Enter one of your backup codes",
            "invalid": "Enter the backup code as 12 letters and numbers, like abcd-efgh-jkmn",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


class ResetSecondFactorForm(forms.Form):
    """Why the business team is resetting someone's second factor (kept in the record)."""

    reason = forms.CharField(
        label="Why are you resetting their security code?",
        help_text="For example: they told you by phone that they lost their work phone.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you are resetting their security code",
            "max_length": "Reason must be 500 characters or fewer",
        },
    )
