"""Set-up shared by the combined report's tests: a version generated as people get it.

``generate_combined_report`` records the version queued and, once its transaction commits,
queues the worker's task; the test settings' backend (django-tasks' ImmediateBackend) runs a
queued task at once, so running the on-commit callbacks runs the real worker path.
"""

from __future__ import annotations

from django.test import TestCase

from accounts.models import User
from reviews.actions.documents import generate_combined_report
from reviews.models import GeneratedDocument, Review


def generate_ready(review: Review, *, by: User) -> GeneratedDocument:
    """Ask for a version and let the worker write its files, as it does after the click."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = generate_combined_report(review, by=by)
    document.refresh_from_db()
    return document
