"""The notification's question "Which local authorities are involved?" (issue 14).

Where the partnership has local authorities set up, each answer is one of them or "outside the
partnership" with the authority's name typed; at least one must be the partnership's (the
authority that notifies it). With one authority, it is chosen already. A partnership with none
set up names both in text, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from accounts.local_authorities import LocalAuthority
from reviews.forms.notification.fields import ErrorsInFieldOrder, choice_field, text_field

OUTSIDE = "outside"
# Each place asked: the choice's field, the name's field, and how the question says it.
PLACES = (
    ("incident_authority", "incident_area", "where it happened"),
    ("home_authority", "home_area", "where the child normally lives"),
)


def name_field(where: str, *, required: bool) -> forms.CharField:
    if required:
        return text_field(
            f"Local authority {where}",
            max_length=200,
            required=f"Enter the local authority {where}",
            name_like=True,
        )
    return text_field(
        "Name of the local authority",
        max_length=200,
        hint="A local authority outside the partnership, for example Northfen Council.",
        name_like=True,
    )


class AreasForm(ErrorsInFieldOrder):
    """Where the incident happened and where the child normally lives."""

    def __init__(
        self, *args: Any, authorities: Sequence[LocalAuthority] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.authorities = {str(each.pk): each for each in authorities}
        choices = [(key, each.name) for key, each in self.authorities.items()]
        choices.append((OUTSIDE, "Outside the partnership"))
        for choice, name, where in PLACES:
            if self.authorities:
                self.fields[choice] = choice_field(
                    f"Local authority {where}",
                    choices,
                    required=f"Select the local authority {where}",
                )
                self.initial[choice] = self._initial_choice(choice, name)
            self.fields[name] = name_field(where, required=not self.authorities)
        self.order_fields([field for place in PLACES for field in place[:2]])

    def _initial_choice(self, choice: str, name: str) -> str | None:
        chosen = self.initial.get(choice)
        if chosen is not None:
            self.initial.pop(name, None)  # the name is the authority's own
            return str(chosen)
        if self.initial.get(name):  # answered before: outside the partnership
            return OUTSIDE
        # One authority: it is the answer unless the person says otherwise.
        return next(iter(self.authorities)) if len(self.authorities) == 1 else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.authorities:
            data["incident_authority"] = data["home_authority"] = None
            return data
        for choice, name, where in PLACES:
            picked = data.get(choice)
            if picked is None:
                continue
            if picked == OUTSIDE:
                data[choice] = None
                if not data.get(name, "").strip() and name not in self.errors:
                    self.add_error(name, f"Enter the local authority {where}")
            else:
                data[choice] = self.authorities[picked].pk
                data[name] = self.authorities[picked].name
        if (
            "incident_authority" in data
            and "home_authority" in data
            and data["incident_authority"] is None
            and data["home_authority"] is None
        ):
            self.add_error(
                "incident_authority",
                "Select one of the partnership's local authorities for where it happened or "
                "where the child normally lives: the notification comes from one of them",
            )
        return data
