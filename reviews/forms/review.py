"""Forms for the review's own pages: details, people, identities, history, access log."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Organisation, Partnership, User
from reviews.models import AccessLogEntry, ReviewRole
from reviews.permissions_partners import PARTNER_ROLES


class VersionedForm(forms.Form):
    """A form that edits one record: it carries the version the person started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class ReviewDetailsForm(VersionedForm):
    pseudonym = forms.CharField(
        label="Pseudonym",
        max_length=100,
        help_text="How the child is referred to in this review, for example Child A. "
        "Never a real name.",
        error_messages={
            "required": "Enter the pseudonym",
            "max_length": "Pseudonym must be 100 characters or fewer",
        },
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        help_text="A short description with no names, addresses or dates of birth.",
        error_messages={"max_length": "Summary must be 5,000 characters or fewer"},
    )


class AddMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        error_messages={
            "required": "Choose the person to add",
            "invalid_choice": "Choose a person from the list",
        },
    )
    role = forms.ChoiceField(
        label="Their part in this review",
        choices=ReviewRole.choices,
        error_messages={
            "required": "Choose their part in this review",
            "invalid_choice": "Choose a part from the list",
        },
    )
    organisation = forms.ModelChoiceField(
        label="Organisation they speak for",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="For a statutory partner lead or an agency contributor.",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    delegated_by = forms.ModelChoiceField(
        label="Delegated by",
        queryset=User.objects.none(),
        required=False,
        help_text="For a statutory partner lead who is not one of its lead or delegated "
        "safeguarding partners: which of them delegated this person on this review.",
        error_messages={"invalid_choice": "Choose who delegated them from the list"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this partnership's people and organisations can be chosen, whatever is posted.
        user_field = self.fields["user"]
        organisation_field = self.fields["organisation"]
        if not isinstance(user_field, forms.ModelChoiceField) or not isinstance(
            organisation_field, forms.ModelChoiceField
        ):
            raise TypeError("AddMemberForm's choice fields changed type")
        user_field.queryset = User.objects.filter(partnership=partnership, is_active=True)
        organisation_field.queryset = Organisation.objects.filter(partnership=partnership)
        delegated_field = self.fields["delegated_by"]
        if isinstance(delegated_field, forms.ModelChoiceField):
            delegated_field.queryset = User.objects.filter(
                partnership=partnership,
                is_active=True,
                partnership_roles__role__in=PARTNER_ROLES,
            ).distinct()


class RevealIdentityForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to see the real identities?",
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is recorded with your name and the time, and auditors can read it.",
        error_messages={
            "required": "Enter why you need to see the real identities",
            "min_length": "Enter a reason of at least 10 characters",
            "max_length": "Reason must be 2,000 characters or fewer",
        },
    )


class HistoryFilterForm(forms.Form):
    type = forms.ChoiceField(
        label="What happened",
        required=False,
        error_messages={"invalid_choice": "Choose what happened from the list"},
    )
    person = forms.TypedChoiceField(
        label="Who",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a person from the list"},
    )

    def __init__(
        self,
        *args: Any,
        people: list[tuple[int, str]],
        types: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        """``people``: who acted on the review; ``types``: the kinds of event to offer, as
        (value, words), in the order to list them."""
        super().__init__(*args, **kwargs)
        person_field = self.fields["person"]
        type_field = self.fields["type"]
        if not isinstance(person_field, forms.TypedChoiceField) or not isinstance(
            type_field, forms.ChoiceField
        ):
            raise TypeError("HistoryFilterForm's fields changed type")
        person_field.choices = [("", "Anyone"), *people]
        type_field.choices = [("", "Everything"), *types]


class AccessLogSearchForm(forms.Form):
    person = forms.CharField(label="Person's name or email", required=False, max_length=200)
    case_code = forms.CharField(label="Case code", required=False, max_length=12)
    action = forms.ChoiceField(
        label="What they did",
        required=False,
        choices=[("", "Anything"), *AccessLogEntry.Action.choices],
    )
    since = forms.DateField(
        label="From",
        required=False,
        error_messages={"invalid": "Enter the date in the form 2026-03-27"},
    )
    until = forms.DateField(
        label="To",
        required=False,
        error_messages={"invalid": "Enter the date in the form 2026-03-27"},
    )
