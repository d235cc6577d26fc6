"""The rapid review report: its versions, comparing two, and the approval chain.

Everyone with a part in the review but the agencies reads the page and downloads any version
(VIEW_DOCUMENTS), as a copy carrying the sign-offs recorded against that version by then; the
business team generates and uploads versions (RUN_REVIEW); the chairs and statutory partner
leads approve or send back, each in the parts ``approval_roles`` gives them. A package by
topic; reviews.urls includes ``urlpatterns``.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from reviews.views.report.approvals import report_approve, report_send_back
from reviews.views.report.compare import report_compare
from reviews.views.report.page import report
from reviews.views.report.versions import report_download, report_generate, report_upload

urlpatterns: list[URLPattern] = [
    path("<int:pk>/report/", report, name="report"),
    path("<int:pk>/report/generate/", report_generate, name="report-generate"),
    path("<int:pk>/report/upload/", report_upload, name="report-upload"),
    path("<int:pk>/report/approve/", report_approve, name="report-approve"),
    path("<int:pk>/report/send-back/", report_send_back, name="report-send-back"),
    path("<int:pk>/report/compare/", report_compare, name="report-compare"),
    path("<int:pk>/report/versions/<int:version_pk>/", report_download, name="report-download"),
]
