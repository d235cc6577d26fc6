"""Every page inside a review says which review it belongs to and what it is.

The caption is the review (case code and pseudonym), the h1 is the page's own subject and the
<title> names the page, so a screen reader, a browser tab and the browser's history tell two
pages of one review apart. Two different pages (URL names) never share a title, and headings
below the h1 go down one level at a time. A table wider than three columns scrolls sideways in
its own box, which a keyboard can reach, rather than widening the page on a narrow screen.

The demo is loaded once for the module, inside a transaction rolled back at the end. The
business manager, who may open every page of a review, starts on a review's task list and
follows every link that stays inside that review, for a rapid review that went all the way to
an LCSPR and for two of the demo's LCSPRs.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from django.db import transaction
from django.test import Client
from django.urls import resolve
from pytest_django import DjangoDbBlocker

from accounts.models import User
from conftest import sign_in
from demo.lcsprs.cases import EVENTS, LCSPRS, PLANNING, SIGN_OFF
from demo.partnership import load_demo_data
from reviews.models import Review, ReviewKind

BUSINESS_MANAGER = "business.manager@wcscp.example"
DASH = "\N{EN DASH}"

# Pages of one kind (one URL name) visited at most this often: a request page per agency, a
# participant page per person, and so on, say nothing more after the first few.
PER_URL_NAME = 3

# Pages whose <title> deliberately differs from the h1: the h1 names a person, and titles end up
# in browser history and tab lists, so the title says what the page is without the name.
TITLE_WITHOUT_THE_NAME = {"participant-edit": "Change a participant's details"}

# A table with more columns than this scrolls inside its own box on a narrow screen.
WIDEST_TABLE_WITHOUT_A_CONTAINER = 3

# Pages that include the review header and that the crawl must reach, so that the checks
# below cannot pass by reaching nothing.
MUST_REACH = {
    "detail",
    "edit",
    "history",
    "members",
    "identities",
    "notification",
    "period",
    "send-requests",
    "add-agency",
    "timeline",
    "meeting",
    "requests",
    "request",
    "combined-report",
    "partner-decisions",
    "partner-decision",
    "decision-meeting",
    "report",
    "panel",
    "outcome",
    "communications",
    "learning",
    "learning-documents",
    "dissemination",
    "dissemination-add",
    "author",
    "terms",
    "introduction-meeting",
    "itinerary",
    "itinerary-draft",
    "participants",
    "learning-event",
    "family",
    "drafts",
    "draft",
    "sign-off",
}


@dataclass(frozen=True)
class Page:
    """What one page of a review shows at its top."""

    review: Review
    url: str
    url_name: str
    title: str
    h1s: tuple[str, ...]
    caption: str
    # Every heading's level, h1 to h6, in the order of the page.
    levels: tuple[int, ...]
    # The column headers of each table wider than three columns that is not inside a scrolling
    # container a keyboard can reach.
    unscrollable_tables: tuple[str, ...]


def _words(tag: Tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def _in_a_scrolling_container(table: Tag) -> bool:
    box = table.find_parent(class_="app-table-container")
    return (
        isinstance(box, Tag)
        and box.get("role") == "region"
        and box.get("tabindex") == "0"
        and bool(box.get("aria-label"))
    )


def _unscrollable_tables(main: Tag) -> tuple[str, ...]:
    found = []
    for table in main.select("table.govuk-table"):
        columns = [_words(header) for header in table.select("thead th")]
        if len(columns) > WIDEST_TABLE_WITHOUT_A_CONTAINER and not _in_a_scrolling_container(table):
            found.append(", ".join(columns))
    return tuple(found)


def _read(review: Review, url: str, html: str) -> Page:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    assert isinstance(main, Tag), url
    caption = main.find(class_="govuk-caption-l")
    headings = main.find_all(re.compile(r"^h[1-6]$"))
    return Page(
        review=review,
        url=url,
        url_name=str(resolve(urlsplit(url).path).url_name),
        title=_words(soup.title) if soup.title else "",
        h1s=tuple(_words(h1) for h1 in main.find_all("h1")),
        caption=_words(caption) if isinstance(caption, Tag) else "",
        levels=tuple(int(heading.name[1]) for heading in headings),
        unscrollable_tables=_unscrollable_tables(main),
    )


def _links(html: str, inside: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for link in soup.find_all("a", href=True):
        href = urldefrag(str(link["href"])).url.split("?")[0]
        if href.startswith(inside):
            found.append(href)
    return found


def _walk(client: Client, review: Review) -> list[Page]:
    """Every HTML page of the review reached by following links from its task list."""
    inside = f"/reviews/{review.pk}/"
    queue = deque([inside])
    seen = {inside}
    per_name: dict[str, int] = defaultdict(int)
    pages = []
    while queue:
        url = queue.popleft()
        name = str(resolve(url).url_name)
        if per_name[name] >= PER_URL_NAME:
            continue
        per_name[name] += 1
        response = client.get(url)
        assert response.status_code in {200, 404}, (url, response.status_code)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue  # a download, or a link that is not this test's business
        html = response.content.decode()
        pages.append(_read(review, url, html))
        for link in _links(html, inside):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def _lcspr(stage: str) -> Review:
    spec = next(spec for spec in LCSPRS if spec.stage == stage)
    return Review.objects.get(kind=ReviewKind.LCSPR, pseudonym=spec.pseudonym)


@pytest.fixture(scope="module")
def pages(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[list[Page]]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data()
        client = sign_in(Client(), User.objects.get(email=BUSINESS_MANAGER))
        # The LCSPR at the learning-events stage was opened by its rapid review's outcome, so
        # that rapid review has every page; the LCSPR being planned has the itinerary to draft.
        rapid_review = _lcspr(EVENTS).rapid_review
        assert rapid_review is not None
        yield [
            page
            for review in (rapid_review, _lcspr(PLANNING), _lcspr(SIGN_OFF))
            for page in _walk(client, review)
        ]
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_walk_reaches_every_kind_of_page_with_the_review_header(pages: list[Page]) -> None:
    assert MUST_REACH - {page.url_name for page in pages} == set()


@pytest.mark.django_db
def test_the_caption_is_the_review_and_the_one_h1_is_the_page(pages: list[Page]) -> None:
    def names_the_review(caption: str, review: Review) -> bool:
        # A request's pages add the agency: "TDS20 Child K: Wexmoor Police".
        review_name = f"{review.case_code} {review.pseudonym}"
        return caption == review_name or caption.startswith(f"{review_name}: ")

    wrong = [
        (page.url, page.caption, page.h1s)
        for page in pages
        if not names_the_review(page.caption, page.review)
        or len(page.h1s) != 1
        or page.review.case_code in page.h1s[0]
    ]

    assert wrong == []


@pytest.mark.django_db
def test_the_task_list_is_headed_by_the_kind_of_review(pages: list[Page]) -> None:
    headings = {page.review.kind: page.h1s for page in pages if page.url_name == "detail"}

    assert headings == {
        ReviewKind.RAPID_REVIEW: ("Rapid review",),
        ReviewKind.LCSPR: ("Local child safeguarding practice review",),
    }


@pytest.mark.django_db
def test_each_title_names_its_page_then_the_review(pages: list[Page]) -> None:
    wrong = []
    for page in pages:
        named = TITLE_WITHOUT_THE_NAME.get(page.url_name, page.h1s[0])
        if not page.title.startswith(f"{named} {DASH} {page.review.case_code} {DASH} "):
            wrong.append((page.url, page.title, page.h1s))

    assert wrong == []


@pytest.mark.django_db
def test_no_two_kinds_of_page_share_a_title(pages: list[Page]) -> None:
    names_by_title: dict[tuple[int, str], set[str]] = defaultdict(set)
    for page in pages:
        names_by_title[page.review.pk, page.title].add(page.url_name)

    shared = {title: names for (_, title), names in names_by_title.items() if len(names) > 1}

    assert shared == {}


@pytest.mark.django_db
def test_headings_go_down_one_level_at_a_time(pages: list[Page]) -> None:
    skips = []
    for page in pages:
        # An error summary or a banner may come before the h1; the outline starts at the h1.
        outline = page.levels[page.levels.index(1) :] if 1 in page.levels else page.levels
        if any(after > before + 1 for before, after in pairwise(outline)):
            skips.append((page.url, page.levels))

    assert skips == [], "\n".join(f"{url}: {levels}" for url, levels in skips)


@pytest.mark.django_db
def test_wide_tables_scroll_in_a_box_a_keyboard_can_reach(pages: list[Page]) -> None:
    unscrollable = [
        (page.url, page.unscrollable_tables) for page in pages if page.unscrollable_tables
    ]

    assert unscrollable == []
