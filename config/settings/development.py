"""Local development: the demo data, console email, no one-time passwords for demo accounts."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "development-only-not-secret")

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = True
OTP_REQUIRED = False
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
