"""Settings for a real background worker started by the mail fault tests.

The test settings, with the database task backend instead of running tasks at once, the test's
own database (its name from MAIL_TEST_DB_NAME: the file or PostgreSQL database the test
process uses) and real SMTP to the test's aiosmtpd server on MAIL_TEST_SMTP_PORT.
"""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DATABASES["default"]["NAME"] = os.environ["MAIL_TEST_DB_NAME"]
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["MAIL_TEST_SMTP_PORT"])
EMAIL_USE_TLS = False
EMAIL_HOST_USER = ""
EMAIL_HOST_PASSWORD = ""
EMAIL_TIMEOUT = 30
