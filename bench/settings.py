"""The benchmarks' settings: development's (console mail, plain static files) with DEBUG off
and the second factor required, so pages run through the production middleware and
templates as they would be served. The database is DATABASE_URL's."""

from config.settings.development import *  # noqa: F403

DEBUG = False
OTP_REQUIRED = True
ALLOWED_HOSTS = ["testserver", "localhost"]
