"""Imported once by the forkserver that ``reviews.bounded`` starts: Django set up and the
parsers imported, so each child forked from it starts at once (ADR 0021).

Never imported by the service itself.
"""

from __future__ import annotations

import os

import django

if os.environ.get("DJANGO_SETTINGS_MODULE"):
    django.setup()

    import docx  # noqa: F401
    import openpyxl  # noqa: F401

    import reviews.actions.lcspr.drafts.anonymisation
    import reviews.documents.rapid_review_report
    import reviews.imports  # noqa: F401
