"""Which of the partnership's local authorities a notification's incident and child's home are
in (issue 14), checked when the notification is recorded.

Each is one of the partnership's authorities, or outside it and named in text. An area named
exactly like one of the partnership's authorities is that authority, so a caller that names
areas only (the demo, older callers) links them too. Where the partnership has authorities set
up, at least one of the two must be its: a partnership is notified by its own authority.
"""

from __future__ import annotations

from typing import Any

from accounts.local_authorities import LocalAuthority
from accounts.models import Partnership
from reviews.actions.base import ActionError

PLACES = (
    ("incident_authority", "incident_area", "where it happened"),
    ("home_authority", "home_area", "where the child normally lives"),
)


Place = tuple[LocalAuthority | None, str]  # an authority of the partnership (or None), a name


def authority_facts(partnership: Partnership, incident: Place, home: Place) -> dict[str, Any]:
    """Return the notification's authorities and the names of its areas (an authority's own
    name where it is one), refusing an authority of another partnership, or two areas both
    outside a partnership that has authorities (ActionError on the area's field)."""
    own = list(LocalAuthority.objects.filter(partnership=partnership))
    by_name = {each.name.casefold(): each for each in own}
    facts: dict[str, Any] = {}
    for (choice, name, where), (authority, area) in zip(PLACES, (incident, home), strict=True):
        if authority is not None and authority.partnership_id != partnership.pk:
            raise ActionError(
                f"Choose one of the partnership's local authorities for {where}.", field=name
            )
        found = authority or by_name.get(area.strip().casefold())
        facts[choice] = found
        facts[name] = found.name if found is not None else area.strip()
    if own and facts["incident_authority"] is None and facts["home_authority"] is None:
        raise ActionError(
            "Choose one of the partnership's local authorities for where it happened or where "
            "the child normally lives: the notification comes from one of them.",
            field="incident_area",
        )
    return facts
