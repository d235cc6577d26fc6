"""Forms of an LCSPR's family engagement, regulation 14 monitoring, media strategy and
publication.

The forms check what was typed (types, lengths, tags, choices); the rules (dates against one
another, what must come first) are the actions'
(reviews.actions.lcspr.publication.family, .monitoring, .publishing), and their refusals come
back to the field they name.
"""

from __future__ import annotations

from django import forms

from reviews.forms.govuk_date import GovukDateField
from reviews.forms.notification.fields import text_field

TEXT_LIMIT = 10_000
REASON_LIMIT = 5_000
YES_NO = [("yes", "Yes"), ("no", "No")]


def _version() -> forms.IntegerField:
    """The version the person started from; 0 when nothing was recorded yet."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)


def _long_text(
    label: str, *, required: str | None = None, limit: int = TEXT_LIMIT, hint: str = ""
) -> forms.CharField:
    return text_field(label, max_length=limit, required=required, hint=hint, widget=forms.Textarea)


def _short_text(label: str, *, required: str, limit: int, hint: str = "") -> forms.CharField:
    return text_field(label, max_length=limit, required=required, hint=hint)


NO_NAMES = "Use roles, such as Mother or Grandfather, never names."


class FamilyPlanForm(forms.Form):
    version = _version()
    contact_plan = _long_text(
        "Contact plan (optional)",
        hint="How and when the family will be invited and engaged. " + NO_NAMES,
    )
    consent_and_wishes = _long_text(
        "Consent and wishes (optional)",
        hint="What the family agreed to, and how they wish to take part.",
    )
    advocate = text_field(
        "Advocate (optional)",
        max_length=200,
        hint="An advocate or supporter, if the family has one: an organisation or role.",
    )


class FamilyContactForm(forms.Form):
    contacted_on = GovukDateField(label="Date of the contact")
    with_whom = _short_text(
        "With whom", required="Enter who the contact was with", limit=200, hint=NO_NAMES
    )
    method = _short_text(
        "Method",
        required="Enter how the contact was made",
        limit=100,
        hint="For example home visit, telephone, letter.",
    )
    summary = _long_text("Summary", required="Enter a summary of the contact", hint=NO_NAMES)


class DeferContactForm(forms.Form):
    since = GovukDateField(
        label="Deferred from", required_message="Enter the date contact was deferred from"
    )
    until = GovukDateField(
        label="Expected to resume (optional)",
        required=False,
        past_only=False,
        help_text="When contact is expected to be possible, if known. For example, 27 3 2027.",
    )
    reason = _long_text(
        "Reason",
        required="Enter why contact with the family is deferred",
        limit=REASON_LIMIT,
        hint="For example, criminal proceedings are under way. No names.",
    )


class FamilyToldForm(forms.Form):
    about = forms.ChoiceField(
        label="What was the family told of?",
        choices=[("outcome", "The outcome of the review"), ("publication", "Its publication")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the family was told of",
            "invalid_choice": "Choose what the family was told of",
        },
    )
    told_on = GovukDateField(label="Date the family was told")


class CompleteFamilyStepForm(forms.Form):
    completed_on = GovukDateField(label="Date it was done")
    note = _long_text("Note (optional)", limit=REASON_LIMIT, hint="No names.")


class CheckpointForm(forms.Form):
    dated = GovukDateField(
        label="Date of the checkpoint", required_message="Enter the date of the checkpoint"
    )
    on_time = forms.TypedChoiceField(
        label="Is the review on time?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the review is on time",
            "invalid_choice": "Choose whether the review is on time",
        },
    )
    findings = _long_text(
        "Findings on time taken and quality",
        required="Enter the findings on time taken and quality",
    )


class AuthorRequestForm(forms.Form):
    dated = GovukDateField(label="Date of the request")
    text = _long_text(
        "Request",
        required="Enter the request to the author",
        hint="The information or draft asked for, as sent. The author is emailed a link to it.",
    )


class AuthorReplyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    replied_on = GovukDateField(label="Date of the reply")
    reply = _long_text("Reply", required="Enter the reply")


class MediaStrategyForm(forms.Form):
    version = _version()
    impact_update = _long_text(
        "Impact update (optional)",
        hint="What the review's action plan has achieved, for publication with the report.",
    )
    publication_method = _long_text(
        "Method of publication (optional)", hint="Where and how the report will be published."
    )
    practitioner_update = _long_text("Update for practitioners and managers (optional)")
    family_liaison = _long_text(
        "Family liaison (optional)", hint="How the family is told before publication. No names."
    )


class AgreeMediaStrategyForm(forms.Form):
    agreed_on = GovukDateField(label="Date it was agreed")


class PlanPublicationForm(forms.Form):
    version = _version()
    planned_on = GovukDateField(
        label="Planned publication date",
        past_only=False,
        help_text="For example, 27 3 2027.",
    )


class NoticeForm(forms.Form):
    sent_on = GovukDateField(
        label="Date sent", required_message="Enter the date the final report was sent"
    )
    sent_to = _short_text(
        "Sent to",
        required="Enter who the final report was sent to",
        limit=500,
        hint="The National Panel and the Secretary of State (the Department for Education's "
        "mailbox), and Ofsted.",
    )


class DelayForm(forms.Form):
    new_date = GovukDateField(
        label="New publication date",
        past_only=False,
        help_text="After the current deadline. For example, 27 3 2027.",
    )
    reason = _long_text(
        "Reason for the delay",
        required="Enter why publication is delayed",
        limit=2000,
        hint="For example, a criminal trial, an inquest or family proceedings.",
    )
    told_on = GovukDateField(
        label="Date the National Panel and the Secretary of State were told why",
        required_message="Enter the date the National Panel and the Secretary of State were "
        "told why publication is delayed",
    )
    told_how = _short_text(
        "How they were told",
        required="Enter how the National Panel and the Secretary of State were told why",
        limit=500,
        hint="For example, a letter to the Panel and an email to the Department for "
        "Education's mailbox.",
    )


class PublishedForm(forms.Form):
    published_on = GovukDateField(label="Date of publication")
    where = _short_text(
        "Where it was published",
        required="Enter where it was published",
        limit=500,
        hint="A web address or a place.",
    )
    improvements_only = forms.BooleanField(
        label="Only the improvements were published, because publishing the report was "
        "inappropriate",
        required=False,
    )
    improvements_justification = _long_text(
        "Why publishing the report is inappropriate (if only the improvements are published)",
        limit=REASON_LIMIT,
        hint="Needed when only the improvements are published.",
    )
    delay_reason = _long_text(
        "Reason for the delay (if later than six months)",
        limit=REASON_LIMIT,
        hint="Needed when publication is later than six months after the decision, unless "
        "already recorded with a delay.",
    )
    # Shown only while the final draft is not signed off or no media strategy is agreed.
    gaps_confirmed = forms.BooleanField(
        label="Publish anyway: publication goes ahead without what is listed above",
        required=False,
    )
    gaps_reason = _long_text(
        "Why publication goes ahead now",
        limit=REASON_LIMIT,
        hint="Needed when the final draft is not signed off by every organisation or no media "
        "strategy is agreed. It is kept in the review's history.",
    )
