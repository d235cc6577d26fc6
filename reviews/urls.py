"""Every route under /reviews/, in one place, grouped by topic.

The views live in reviews/views/<topic>; each section here lists one topic's pages in the order
a review meets them. URL names are what templates, tests and the authorisation matrix
(tests/matrix/<topic>.py) use.
"""

from django.urls import URLPattern, path

from reviews.urls_lcspr import lcspr_and_learning
from reviews.urls_statistics import statistics
from reviews.views import (
    documents,
    feeds,
    notification,
    notification_ofsted,
    outbox,
    reminders,
    steps,
    work,
)
from reviews.views.decisions import meeting as decisions_meeting
from reviews.views.decisions import partners as decisions_partners
from reviews.views.panel import information as panel_information
from reviews.views.panel import outcome as panel_outcome
from reviews.views.panel import page as panel_page
from reviews.views.panel import posts as panel_posts
from reviews.views.report import approvals as report_approvals
from reviews.views.report import compare as report_compare
from reviews.views.report import page as report_page
from reviews.views.report import versions as report_versions
from reviews.views.requests import files as requests_files
from reviews.views.requests import follow_up as requests_follow_up
from reviews.views.requests import returns as requests_returns
from reviews.views.review import access_log as review_access_log
from reviews.views.review import dashboard as review_dashboard
from reviews.views.review import detail as review_detail
from reviews.views.review import edit as review_edit
from reviews.views.review import history as review_history
from reviews.views.review import identity as review_identity
from reviews.views.review import members as review_members
from reviews.views.working_day_one import meeting as working_day_one_meeting
from reviews.views.working_day_one import period as working_day_one_period
from reviews.views.working_day_one import requests as working_day_one_requests

app_name = "reviews"

ONE_REQUEST = "<int:pk>/requests/<int:request_pk>"
ONE_ACTION = "<int:pk>/actions/<int:action_pk>/"

urlpatterns: list[URLPattern] = [
    # The review, its people and the access log ---------------------------------------------------
    path("", review_dashboard.review_list, name="list"),
    path("<int:pk>/", review_detail.review_detail, name="detail"),
    # Work: everyone's work in the partnership (each person's own is the home page) -------------
    path("work/", work.everyones_work, name="everyones-work"),
    path("<int:pk>/edit/", review_edit.review_edit, name="edit"),
    path("<int:pk>/history/", review_history.review_history, name="history"),
    path("<int:pk>/people/", review_members.member_list, name="members"),
    path(
        "<int:pk>/people/<int:member_pk>/remove/",
        review_members.member_remove,
        name="member-remove",
    ),
    path("<int:pk>/identities/", review_identity.identities, name="identities"),
    path("access-log/", review_access_log.access_log, name="access-log"),
    path("<int:pk>/reminders/", reminders.review_reminders, name="reminders"),
    path("reminders/", reminders.partnership_reminders, name="reminders-sent"),
    # Notification --------------------------------------------------------------------------------
    path("new/", notification.notify_start, name="notify"),
    path("new/check/", notification.notify_check, name="notify-check"),
    path("new/<slug:question>/", notification.notify_step, name="notify-step"),
    path("<int:pk>/notification/", notification.notification_detail, name="notification"),
    path(
        "<int:pk>/notification/ofsted/",
        notification_ofsted.ofsted_notice,
        name="notification-ofsted",
    ),
    path(
        "<int:pk>/notification/ofsted/record/",
        notification_ofsted.ofsted_notice_record,
        name="notification-ofsted-record",
    ),
    # Working day 1 -------------------------------------------------------------------------------
    path("<int:pk>/period/", working_day_one_period.period, name="period"),
    path("<int:pk>/timeline/", working_day_one_period.timeline, name="timeline"),
    path("<int:pk>/requests/send/", working_day_one_requests.send_requests, name="send-requests"),
    path("<int:pk>/requests/add-agency/", working_day_one_requests.add_agency, name="add-agency"),
    path("<int:pk>/meeting/", working_day_one_meeting.meeting, name="meeting"),
    path(
        "<int:pk>/meeting/invitation.ics", working_day_one_meeting.meeting_ics, name="meeting-ics"
    ),
    # Steps and holds -----------------------------------------------------------------------------
    path("<int:pk>/steps/<slug:key>/", steps.step_detail, name="step"),
    path("<int:pk>/hold/", steps.hold, name="hold"),
    # Requests for information and returns --------------------------------------------------------
    path("<int:pk>/requests/", requests_follow_up.request_list, name="requests"),
    path(
        "<int:pk>/requests/chase-late/", requests_follow_up.chase_late, name="requests-chase-late"
    ),
    path(f"{ONE_REQUEST}/", requests_returns.request_page, name="request"),
    path(f"{ONE_REQUEST}/autosave/", requests_returns.autosave, name="request-autosave"),
    path(f"{ONE_REQUEST}/submit/", requests_returns.submit, name="request-submit"),
    path(
        f"{ONE_REQUEST}/no-involvement/",
        requests_returns.no_involvement,
        name="request-no-involvement",
    ),
    path(f"{ONE_REQUEST}/more-detail/", requests_follow_up.more_detail, name="request-more-detail"),
    path(f"{ONE_REQUEST}/chase/", requests_follow_up.chase, name="request-chase"),
    path(
        f"{ONE_REQUEST}/chronology/add/",
        requests_files.chronology_add,
        name="request-chronology-add",
    ),
    path(
        f"{ONE_REQUEST}/chronology/<int:entry_pk>/remove/",
        requests_files.chronology_remove,
        name="request-chronology-remove",
    ),
    path(
        f"{ONE_REQUEST}/chronology/import/",
        requests_files.chronology_import,
        name="request-chronology-import",
    ),
    path(f"{ONE_REQUEST}/documents/add/", requests_files.document_add, name="request-document-add"),
    path(
        f"{ONE_REQUEST}/documents/<int:document_pk>/",
        requests_files.document_download,
        name="request-document",
    ),
    path(
        f"{ONE_REQUEST}/documents/<int:document_pk>/remove/",
        requests_files.document_remove,
        name="request-document-remove",
    ),
    # Documents -----------------------------------------------------------------------------------
    path("<int:pk>/combined-report/", documents.combined_report, name="combined-report"),
    path(
        "<int:pk>/documents/<int:document_pk>/<str:format>/",
        documents.document_download,
        name="document-download",
    ),
    # Partners' decisions and the decision meeting ------------------------------------------------
    path("<int:pk>/decisions/", decisions_partners.partner_decisions, name="partner-decisions"),
    path(
        "<int:pk>/decisions/<int:organisation_pk>/",
        decisions_partners.partner_decision,
        name="partner-decision",
    ),
    path("<int:pk>/decision-meeting/", decisions_meeting.meeting_record, name="decision-meeting"),
    # The rapid review report ---------------------------------------------------------------------
    path("<int:pk>/report/", report_page.report, name="report"),
    path("<int:pk>/report/generate/", report_versions.report_generate, name="report-generate"),
    path("<int:pk>/report/upload/", report_versions.report_upload, name="report-upload"),
    path("<int:pk>/report/approve/", report_approvals.report_approve, name="report-approve"),
    path("<int:pk>/report/send-back/", report_approvals.report_send_back, name="report-send-back"),
    path("<int:pk>/report/compare/", report_compare.report_compare, name="report-compare"),
    path(
        "<int:pk>/report/versions/<int:version_pk>/",
        report_versions.report_download,
        name="report-download",
    ),
    # The National Panel and the outcome ----------------------------------------------------------
    path("<int:pk>/panel/", panel_page.panel, name="panel"),
    path("<int:pk>/panel/submission/", panel_posts.submit, name="panel-submit"),
    path("<int:pk>/panel/acknowledgement/", panel_posts.acknowledge, name="panel-acknowledge"),
    path("<int:pk>/panel/response/", panel_posts.respond, name="panel-respond"),
    path("<int:pk>/panel/response/letter/", panel_posts.letter, name="panel-letter"),
    path("<int:pk>/panel/reconvene/", panel_posts.reconvene, name="panel-reconvene"),
    path("<int:pk>/panel/subgroup/", panel_posts.inform_subgroup, name="panel-subgroup"),
    path(
        "<int:pk>/panel/information/",
        panel_information.request_information,
        name="panel-information",
    ),
    path(
        "<int:pk>/panel/information/<int:number>/",
        panel_information.correct_request,
        name="panel-information-correct",
    ),
    path(
        "<int:pk>/panel/information/<int:number>/supplied/",
        panel_information.supplied,
        name="panel-information-supplied",
    ),
    path(
        "<int:pk>/panel/information/<int:number>/resubmitted/",
        panel_information.resubmitted,
        name="panel-information-resubmitted",
    ),
    path(
        "<int:pk>/panel/reconvene/response-sent/",
        panel_information.response_sent,
        name="panel-response-sent",
    ),
    path("<int:pk>/panel/extension/", panel_information.agreed_extension, name="panel-extension"),
    path("<int:pk>/outcome/", panel_outcome.outcome, name="outcome"),
    path("<int:pk>/communications/", panel_outcome.communications, name="communications"),
    # Mail the service could not send (the business team) -----------------------------------------
    path("mail/failed/", outbox.failed_mail, name="failed-mail"),
    path(
        "mail/failed/<int:email_pk>/try-again/",
        outbox.failed_mail_retry,
        name="failed-mail-retry",
    ),
    # Calendar feeds (the feed itself is public, in config/urls.py) -------------------------------
    path("calendar/", feeds.calendar_feeds, name="calendar-feeds"),
    path("calendar/reset/", feeds.reset_calendar_feed, name="calendar-feed-reset"),
    path("calendar/team/reset/", feeds.reset_partnership, name="partnership-calendar-feed-reset"),
    # LCSPR and learning: reviews/urls_lcspr.py ---------------------------------------------------
    *lcspr_and_learning,
    # The partnership's statistics: reviews/urls_statistics.py ------------------------------------
    *statistics,
]
