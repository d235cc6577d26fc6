"""Production: every secret from the environment, HTTPS only, hardened cookies and headers."""

from config.settings.base import *  # noqa: F403
from config.settings.base import database_from_url, env, env_bool, env_list

# No fallbacks in production: a missing value stops the service instead of guessing.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", env("DJANGO_ALLOWED_HOSTS"))
DATABASES = {"default": database_from_url(env("DATABASE_URL"))}

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
