"""What the request sending tests share: a review, its partners and legal representative, and
the form.

The functions named after fixtures are the fixtures' bodies: each test module wraps the ones
it needs in ``@pytest.fixture``, so the fixtures stay its own.
"""

from __future__ import annotations

from accounts.models import Organisation, Partnership, PartnershipRole, User
from reviews.models import Review
from reviews.tests.working_day_one_setup import holder, open_rapid_review, staff

Kind = Organisation.Kind


def review(partnership: Partnership, business_team_member: User) -> Review:
    return open_rapid_review(partnership, by=business_team_member)


def partners(
    police: Organisation, icb: Organisation, childrens_social_care: Organisation
) -> dict[Organisation, User]:
    return {
        police: staff(police, "Pat Constable"),
        icb: staff(icb, "Isla Nurse"),
        childrens_social_care: staff(childrens_social_care, "Sol Worker"),
    }


def legal(partnership: Partnership) -> User:
    return holder(partnership, PartnershipRole.Role.LEGAL_REPRESENTATIVE, "Lena Counsel")


def form(chosen: dict[Organisation, User]) -> dict[str, object]:
    data: dict[str, object] = {"organisations": [str(each.pk) for each in chosen]}
    data.update({f"contributor_{each.pk}": str(person.pk) for each, person in chosen.items()})
    return data
