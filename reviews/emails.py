"""Every email the service sends, one function per message: its subject, its words' context and
its template, written once. Actions decide who is told and when; they call these.

Messages carry the case code and a link only (reviews.mail): never a child's details, nor the
words a person typed. Each message is queued for after the action's transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from accounts.models import User
from reviews import calendar_files as ics
from reviews import moment
from reviews.dates_in_words import long_date, long_moment
from reviews.mail import Attachment, link_to, send_email
from reviews.models import (
    DraftReport,
    FeedbackLink,
    GeneratedDocument,
    InformationRequest,
    LearningEvent,
    Meeting,
    MonitoringEntry,
    Participant,
    PlanAction,
    Publication,
    ReportVersion,
    Review,
    TermsOfReference,
)

People = Iterable[str] | Iterable[User]  # addresses, or the people themselves


def _mail(
    review: Review,
    to: People,
    subject: str,
    template: str,
    *,
    attachments: Sequence[Attachment] = (),
    **context: Any,
) -> None:
    """Queue one message; every message's context names the case and the partnership."""
    common = {
        "case_code": review.case_code,
        "partnership": review.partnership.name,
        "chair": review.partnership.chair_title.lower(),  # independent or not, as it says
    }
    send_email(
        to=[each if isinstance(each, str) else each.email for each in to],
        subject=subject,
        template=template,
        context={**common, **context},
        attachments=attachments,
        review=review,
    )


def _calendar_file(filename: str, invitation: ics.Invitation) -> list[Attachment]:
    content = ics.build_ics(invitation)
    return [Attachment(filename=filename, content=content, mimetype=invitation.content_type)]


def request_link(info_request: InformationRequest) -> str:
    return link_to("reviews:request", pk=info_request.review_id, request_pk=info_request.pk)


def report_link(review: Review) -> str:
    return link_to("reviews:report", pk=review.pk)


def draft_link(draft: DraftReport) -> str:
    return link_to("reviews:draft", pk=draft.review_id, number=draft.number)


# Working day 1 -----------------------------------------------------------------------------


def request_sent(review: Review, *, to: User, organisation: str, due: str, link: str) -> None:
    subject = f"{review.case_code}: request for information, due {due}"
    _mail(review, [to], subject, "request_sent", organisation=organisation, due_on=due, link=link)


def forwarded_to_legal(review: Review, *, to: People, organisations: list[str], due: str) -> None:
    subject = f"{review.case_code}: requests for information sent, due {due}"
    link = link_to("reviews:detail", pk=review.pk)
    context: dict[str, Any] = {"organisations": organisations, "due_on": due, "link": link}
    _mail(review, to, subject, "forwarded_to_legal", **context)


def timeline_confirmed(review: Review, *, to: People, steps: Any) -> None:
    subject = f"{review.case_code}: timeline and deadlines of the rapid review"
    link = link_to("reviews:timeline", pk=review.pk)
    _mail(review, to, subject, "timeline_confirmed", steps=steps, link=link)


def decision_meeting_invitation(
    meeting: Meeting, to: Sequence[User], *, changed: bool, cancelled: bool, agenda: Any
) -> None:
    """The invitation, change or cancellation, with the calendar entry attached."""
    review = meeting.review
    method = ics.Method.CANCEL if cancelled else ics.Method.REQUEST
    # A cancellation names only the people it cancels for; an invitation lists everyone.
    attendees = to if cancelled else list(meeting.invitees.order_by("full_name"))
    invitation = ics.meeting_invitation(meeting, attendees=attendees, method=method)
    when = long_moment(meeting.starts_at)
    if cancelled:
        subject = f"{review.case_code}: you are no longer invited to the decision meeting"
    elif changed:
        subject = f"{review.case_code}: decision meeting changed, now {when}"
    else:
        subject = f"{review.case_code}: invitation to the decision meeting on {when}"
    attached = _calendar_file(ics.ics_filename(meeting), invitation)
    details = {"duration_minutes": meeting.duration_minutes, "location": meeting.location}
    _mail(
        review, to, subject, "meeting_invitation", attachments=attached,
        date=long_date(timezone.localtime(meeting.starts_at).date()), when=when,
        time=when.rsplit(" at ", 1)[-1], online_link=meeting.online_link,
        link=link_to("reviews:meeting", pk=review.pk), agenda=agenda, changed=changed,
        cancelled=cancelled, **details,
    )  # fmt: skip


# Requests and returns ----------------------------------------------------------------------


def return_submitted(info_request: InformationRequest, *, to: People, no_involvement: bool) -> None:
    review, link = info_request.review, request_link(info_request)
    subject = f"{review.case_code}: information returned"
    _mail(review, to, subject, "return_submitted", no_involvement=no_involvement, link=link)


def more_detail_requested(info_request: InformationRequest, *, to: People) -> None:
    review, link = info_request.review, request_link(info_request)
    subject = f"{review.case_code}: more detail requested"
    _mail(review, to, subject, "more_detail_requested", link=link)


def request_chased(info_request: InformationRequest, *, to: People, late: bool) -> None:
    review, link = info_request.review, request_link(info_request)
    subject = f"{review.case_code}: reminder to return your information"
    _mail(review, to, subject, "request_chased", due_on=info_request.due_on, late=late, link=link)


# Documents, report and Panel ---------------------------------------------------------------


def combined_report_circulated(document: GeneratedDocument, *, to: People) -> None:
    review, number = document.review, document.number
    subject = f"{review.case_code}: combined agency information report, version {number}"
    link = link_to("reviews:combined-report", pk=review.pk)
    _mail(review, to, subject, "combined_report_circulated", number=number, link=link)


def _report_version(version: ReportVersion, to: People, what: str, template: str) -> None:
    review, number = version.review, version.number
    subject = f"{review.case_code}: rapid review report version {number} {what}"
    _mail(review, to, subject, template, number=number, link=report_link(review))


def report_waiting(version: ReportVersion, *, to: People) -> None:
    _report_version(version, to, "to approve", "report_waiting")


def report_forwarded(version: ReportVersion, *, to: People) -> None:
    _report_version(version, to, "to agree", "report_forwarded")


def report_agreed(version: ReportVersion, *, to: People) -> None:
    # The email carries the case code and a link only: a reason may hold case details.
    _report_version(version, to, "agreed", "report_agreed")


def report_sent_back(version: ReportVersion, *, to: People) -> None:
    _report_version(version, to, "sent back", "report_sent_back")


def panel_response(review: Review, *, to: People, agrees: bool | None) -> None:
    subject = f"{review.case_code}: the National Panel has responded"
    link = link_to("reviews:panel", pk=review.pk)
    _mail(review, to, subject, "panel_response", agrees=agrees, link=link)


def subgroup_informed(review: Review, *, to: People) -> None:
    subject = f"{review.case_code}: the rapid review report and the National Panel's reply"
    _mail(review, to, subject, "subgroup_informed", link=link_to("reviews:panel", pk=review.pk))


def lcspr_commissioned(review: Review, lcspr: Review, *, to: People, decided: str) -> None:
    subject = f"{review.case_code}: an LCSPR has been commissioned ({lcspr.case_code})"
    link = link_to("reviews:detail", pk=lcspr.pk)
    _mail(review, to, subject, "outcome_lcspr_commissioned", lcspr=lcspr.case_code,
          decided_on=decided, link=link)  # fmt: skip


# LCSPR -------------------------------------------------------------------------------------


def author_commissioned(review: Review, *, to: User) -> None:
    subject = f"{review.case_code}: you have been commissioned as the independent author"
    link = link_to("reviews:detail", pk=review.pk)
    _mail(review, [to], subject, "lcspr_planning_author_commissioned", link=link)


def terms_shared(review: Review, terms: TermsOfReference, *, to: People) -> None:
    subject = f"{review.case_code}: terms of reference version {terms.number} to agree"
    link = link_to("reviews:terms", pk=review.pk)
    _mail(review, to, subject, "lcspr_planning_terms_shared", number=terms.number, link=link)


def learning_event_invitation(
    event: LearningEvent, participant: Participant, *, changed: bool, cancelled: bool
) -> None:
    """Email one participant their own calendar entry: nobody else's name or address."""
    if not participant.email:
        return
    review = event.review
    name = ics.learning_event_name(event.kind)
    invitation = ics.learning_event_invitation(
        event,
        attendee=ics.Attendee(name=participant.name, email=participant.email),
        method=ics.Method.CANCEL if cancelled else ics.Method.REQUEST,
    )
    starts_at = event.starts_at or moment.now()
    when = long_moment(starts_at)
    if cancelled:
        subject = f"{review.case_code}: you are no longer invited to the {name}"
    elif changed:
        subject = f"{review.case_code}: {name} changed, now {when}"
    else:
        subject = f"{review.case_code}: invitation to the {name} on {when}"
    attached = _calendar_file(ics.learning_event_filename(event), invitation)
    details = {"duration_minutes": event.duration_minutes, "location": event.location}
    _mail(
        review, [participant.email], subject, "lcspr_event_invitation", attachments=attached,
        participant=participant.name, event=name, when=when,
        date=long_date(timezone.localtime(starts_at).date()), time=when.rsplit(" at ", 1)[-1],
        areas=event.areas_to_explore, changed=changed, cancelled=cancelled, **details,
    )  # fmt: skip


def event_feedback(link: FeedbackLink, *, event: LearningEvent, days: int) -> None:
    """The practitioner's single-use link; the message names the event, not the case. The
    worker makes the link's token and renders the message as it sends (reviews.mail)."""
    name = ics.learning_event_name(event.kind)
    participant = link.place.participant
    held_on = long_date(event.held_on) if event.held_on else ""
    review = event.review
    send_email(to=[participant.email], subject=f"Your feedback on the {name} you attended",
               template="lcspr_event_feedback", review=review, feedback_link=link,
               context={"case_code": review.case_code, "partnership": review.partnership.name,
                        "participant": participant.name, "event": name, "held_on": held_on,
                        "days": days})  # fmt: skip


def _draft(draft: DraftReport, to: People, subject: str, template: str, **context: Any) -> None:
    review = draft.review
    context.setdefault("link", draft_link(draft))
    _mail(review, to, f"{review.case_code}: {subject}", template, number=draft.number, **context)


def draft_ready(draft: DraftReport, *, to: People) -> None:
    subject = f"draft report version {draft.number} is ready for comment"
    _draft(draft, to, subject, "lcspr_draft_ready")


def draft_commented(draft: DraftReport, *, to: People) -> None:
    _draft(draft, to, f"a comment on draft report version {draft.number}", "lcspr_draft_commented")


def draft_comment_answered(draft: DraftReport, *, to: People, status: str) -> None:
    subject = f"your comment on draft report version {draft.number} has been answered"
    _draft(draft, to, subject, "lcspr_draft_comment_answered", status=status)


def draft_final(draft: DraftReport, *, to: People) -> None:
    subject = f"draft report version {draft.number} is the final draft, to sign off"
    link = link_to("reviews:sign-off", pk=draft.review_id)
    _draft(draft, to, subject, "lcspr_draft_final", link=link)


def author_asked(entry: MonitoringEntry, *, to: People) -> None:
    review = entry.review
    link = f"{link_to('reviews:monitoring', pk=review.pk)}#entry-{entry.pk}"
    _mail(review, to, f"{review.case_code}: a request from the partnership",
          "lcspr_publication_author_asked", dated=long_date(entry.dated), link=link)  # fmt: skip


def publication_reminder(publication: Publication, *, to: People, published: str) -> None:
    review = publication.review
    subject = f"{review.case_code}: the minimum publication period has passed"
    link = link_to("reviews:publication", pk=review.pk)
    _mail(review, to, subject, "lcspr_publication_reminder", published_on=published,
          where=publication.where, link=link)  # fmt: skip


# Learning plans ----------------------------------------------------------------------------


def _plan_action(action: PlanAction, to: People, subject: str, template: str) -> None:
    review = action.review
    link = link_to("reviews:plan-action", pk=review.pk, action_pk=action.pk)
    _mail(review, to, f"{review.case_code}: {subject}", template,
          organisation=action.organisation.name, due_on=long_date(action.due_on),
          immediate=action.is_immediate, link=link)  # fmt: skip


def action_added(action: PlanAction, *, to: People) -> None:
    _plan_action(action, to, f"an action for {action.organisation.name}", "learning_action_added")


def action_completed(action: PlanAction, *, to: People) -> None:
    subject = f"an action of {action.organisation.name} is ready to confirm"
    _plan_action(action, to, subject, "learning_action_completed")


def action_confirmed(action: PlanAction, *, to: People) -> None:
    subject = f"an action of {action.organisation.name} is confirmed as complete"
    _plan_action(action, to, subject, "learning_action_confirmed")


def action_sent_back(action: PlanAction, *, to: People) -> None:
    subject = f"an action of {action.organisation.name} has been sent back"
    _plan_action(action, to, subject, "learning_action_sent_back")


def action_withdrawn(action: PlanAction, *, to: People) -> None:
    subject = f"an action of {action.organisation.name} has been withdrawn"
    _plan_action(action, to, subject, "learning_action_withdrawn")
