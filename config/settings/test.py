"""The test suite: fast hashing, in-memory email, tasks run at once, the real database engine.

DATABASE_URL chooses the engine, as in production, so the same suite runs on SQLite and
PostgreSQL.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared in-memory database: the concurrency tests need the real
    # write-ahead log, busy timeout and immediate transactions that production uses.
    # pytest-django adds each xdist worker's name to it (reviews-test.sqlite3_gw0, ...), so
    # parallel workers never share a file and `pytest --reuse-db` finds its database again.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / "reviews-test.sqlite3")
    }

# The flush between transactional tests empties the audit tables past the triggers that refuse
# every other delete (config/test_backends); production's backends have no such path.
DATABASES["default"]["ENGINE"] = {  # noqa: F405
    "django.db.backends.sqlite3": "config.test_backends.sqlite3",
    "django.db.backends.postgresql": "config.test_backends.postgresql",
}[DATABASES["default"]["ENGINE"]]  # noqa: F405
