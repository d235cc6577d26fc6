from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from accounts import preference_views, second_factor_views, views
from accounts.forms import NewPasswordForm, ResetPasswordForm
from accounts.middleware import otp_not_required

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/security-code/", views.enter_code, name="enter-code"),
    path("sign-in/set-up-security-code/", views.set_up_code, name="set-up-code"),
    path("sign-in/backup-code/", second_factor_views.enter_backup_code, name="enter-backup-code"),
    path("account/backup-codes/", second_factor_views.backup_codes, name="backup-codes"),
    path("account/people/", second_factor_views.people, name="people"),
    path(
        "account/people/<int:pk>/reset-security-code/",
        second_factor_views.reset_second_factor,
        name="reset-second-factor",
    ),
    path(
        "sign-out/",
        otp_not_required(auth_views.LogoutView.as_view()),
        name="sign-out",
    ),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("account/reminders/", preference_views.reminder_settings, name="reminders"),
    path(
        "password-reset/",
        login_not_required(
            auth_views.PasswordResetView.as_view(
                form_class=ResetPasswordForm,
                template_name="accounts/password_reset.html",
                email_template_name="accounts/email/password_reset.txt",
                subject_template_name="accounts/email/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password-reset-sent"),
            )
        ),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        login_not_required(
            auth_views.PasswordResetDoneView.as_view(
                template_name="accounts/password_reset_sent.html"
            )
        ),
        name="password-reset-sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                form_class=NewPasswordForm,
                template_name="accounts/password_reset_confirm.html",
                success_url=reverse_lazy("accounts:password-reset-complete"),
            )
        ),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/password_reset_complete.html"
            )
        ),
        name="password-reset-complete",
    ),
]
