"""Paging through a long list: every list of rows that can grow (the reviews list, the action
tracker, the access log, a review's history) shows one page at a time, with the GOV.UK
pagination component under it (reviews/jinja2/reviews/macros/pagination.html).

``?page=`` is read safely: anything that is not a whole number, and anything below 1, gives
the first page; a number past the end gives the last page; never an error. Page links keep
every other GET parameter (the filters). A page costs two queries on a QuerySet (a COUNT and
the page's rows) or none on a list already in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE: Final = 50
# Digits enough for any number someone might type; longer text is not a page number.
LONGEST_NUMBER: Final = 100
# Page numbers shown each side of the current one before an ellipsis.
AROUND: Final = 1
ONE_LEFT_OUT: Final = 2  # the gap between two page numbers with one page between them

T = TypeVar("T")


def page_number(raw: str | None) -> int:
    """The page asked for: a whole number of at least 1, or 1 for anything else."""
    text = (raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > LONGEST_NUMBER:
        return 1
    return max(int(text), 1)


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a list, and what its pagination needs."""

    page: Page[T]
    items: list[T]
    noun: str  # the rows' name in the plural ("reviews", "actions")
    filters: str  # the other GET parameters, url-encoded

    @property
    def total(self) -> int:
        return int(self.page.paginator.count)

    @property
    def first(self) -> int:
        return int(self.page.start_index())

    @property
    def last(self) -> int:
        return int(self.page.end_index())

    @property
    def has_other_pages(self) -> bool:
        return bool(self.page.has_other_pages())

    def href(self, number: int) -> str:
        return "?" + (f"{self.filters}&" if self.filters else "") + f"page={number}"

    def _item(self, number: int, current: int) -> dict[str, Any]:
        return {"number": number, "href": self.href(number), "current": number == current}

    def pagination(self) -> dict[str, Any]:
        """The parameters of govukPagination: previous, next, and the page numbers, with an
        ellipsis for the runs left out (the first, the last and the current one's neighbours
        are always shown)."""
        current, pages = self.page.number, self.page.paginator.num_pages
        shown = sorted(
            {1, pages} | set(range(max(current - AROUND, 1), min(current + AROUND, pages) + 1))
        )
        items: list[dict[str, Any]] = []
        before = 0
        for number in shown:
            if number - before == ONE_LEFT_OUT:  # show that page rather than an ellipsis
                items.append(self._item(before + 1, current))
            elif before and number - before > ONE_LEFT_OUT:
                items.append({"ellipsis": True})
            items.append(self._item(number, current))
            before = number
        return {
            "previous": {"href": self.href(current - 1)} if self.page.has_previous() else None,
            "next": {"href": self.href(current + 1)} if self.page.has_next() else None,
            "items": items,
        }


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[T],
    *,
    noun: str,
    per_page: int = PAGE_SIZE,
) -> Paged[T]:
    """The page of ``rows`` that ``?page=`` asks for (ordered rows: a QuerySet needs an
    ``order_by``), clamped to the pages there are."""
    paginator: Paginator[T] = Paginator(rows, per_page, allow_empty_first_page=True)
    number = min(page_number(request.GET.get("page")), paginator.num_pages)
    page = paginator.page(number)
    params = request.GET.copy()
    params.pop("page", None)
    return Paged(page=page, items=list(page.object_list), noun=noun, filters=params.urlencode())
