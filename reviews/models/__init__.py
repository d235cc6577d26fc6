"""The review domain's models, one module per aggregate."""

from reviews.models.calendar import ClosureDay, OneOffBankHoliday

__all__ = ["ClosureDay", "OneOffBankHoliday"]
