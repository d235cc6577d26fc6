from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415

        from accounts.sessions import record_sign_in  # noqa: PLC0415

        user_logged_in.connect(record_sign_in, dispatch_uid="accounts.record_sign_in")
