"""A partnership's local authorities: each has its own children's social care and legal
services (issue 14), and a partnership may cover more than one."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models


class LocalAuthority(models.Model):
    """A local authority of a partnership."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="local_authorities"
    )
    name = models.CharField(max_length=200)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name_plural = "local authorities"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="local_authority_name_unique_in_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name


def authority_field(related_name: str, whose: str) -> Any:
    """The local authority a row belongs to (children's social care, a legal representative)."""
    return models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=f"{whose} local authority (required when the partnership has more than one).",
    )


def check_authority(
    partnership_id: int | None, authority: LocalAuthority | None, *, needed: bool
) -> None:
    """Refuse a row's local authority on its field: it must be one of its partnership's, and
    where the partnership has more than one, a row that needs one must name it."""
    if authority is not None and authority.partnership_id != partnership_id:
        raise ValidationError(
            {"local_authority": "Choose one of the partnership's local authorities."}
        )
    if (
        authority is None
        and needed
        and LocalAuthority.objects.filter(partnership=partnership_id).count() > 1
    ):
        raise ValidationError(
            {"local_authority": "Choose which of the partnership's local authorities."}
        )
