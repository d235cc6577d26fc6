"""The walk of the accessibility checks: each person signs in, follows the links of the demo
world a few pages per view, and runs axe on every page met (tests/browser/test_accessibility.py)."""

from __future__ import annotations

import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page
from playwright.sync_api import Error as PlaywrightError

from demo.partnership import DEMO_PASSWORD
from reviews.forms.notification.draft import QUESTION_PAGES
from tests.browser.accessibility import Finding, run_axe, scrolls_sideways_when_narrow
from tests.browser.journey_helpers import sign_in_with_code

BUSINESS_MANAGER = "business manager"

ROLES = {
    BUSINESS_MANAGER: "business.manager@wcscp.example",
    "partner lead": "police.lead@wexmoor-police.example",
    "agency contributor": "dsl@hollinlane.example",
}

PAGES_PER_VIEW = 2

# Beyond its two checked pages a view's pages are still read for their links (without a
# browser: no rendering, no axe), one for each of the demo's 19 reviews, so that pages reached
# only through a review at a later stage (its recommendations, its itinerary's draft) are found.
READ_PER_VIEW = 20

# Signing out ends the walk; the sign-in pages are not the signed-in person's to see.
SKIPPED_VIEWS = {
    "accounts:sign-out",
    "accounts:signed-out",
    "accounts:sign-in",
    "accounts:enter-code",
    "accounts:set-up-code",
}

# A form that posts and has a button that submits it (the header's sign-out form is not one).
SUBMIT = "button:not([type=button]):not([type=reset]), input[type=submit]"

FORMS = f"main form[method=post i]:has({SUBMIT})"


@dataclass(frozen=True)
class FormPage:
    """A form that posts: the page it is on, who saw it, where it posts, its kinds of field."""

    role: str
    view_name: str
    url: str
    index: int
    action_view: str
    kinds: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.action_view} form on {self.url} ({', '.join(self.kinds)})"


@dataclass
class Walk:
    """What one person's walk found, and how long each part of it took."""

    role: str
    pages: list[str] = field(default_factory=list)
    views: Counter[str] = field(default_factory=Counter)
    violations: list[Finding] = field(default_factory=list)
    advice: list[Finding] = field(default_factory=list)
    too_wide: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    forms: list[FormPage] = field(default_factory=list)
    reveals: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))


@dataclass
class World:
    """The demo world behind a live server, with each person's own browser, signed in once."""

    browser: Browser
    base_url: str
    contexts: dict[str, tuple[BrowserContext, Page, list[str]]] = field(default_factory=dict)
    walks: dict[str, Walk] = field(default_factory=dict)
    form_checks: FormChecks | None = None

    def page_for(self, role: str) -> tuple[Page, list[str]]:
        """This person's page (signed in on first use) and the console errors it has logged."""
        if role not in self.contexts:
            context = self.browser.new_context(base_url=self.base_url, locale="en-GB")
            context.set_default_timeout(15_000)
            page = context.new_page()
            errors: list[str] = []

            def on_console(message: ConsoleMessage) -> None:
                if message.type == "error":
                    errors.append(f"{page.url}: {message.text}")

            page.on("console", on_console)
            page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
            sign_in(page, ROLES[role])
            self.contexts[role] = (context, page, errors)
        _, page, errors = self.contexts[role]
        return page, errors

    def walk(self, role: str) -> Walk:
        if role not in self.walks:
            self.walks[role] = walk_as(self, role)
        return self.walks[role]

    def close(self) -> None:
        for context, _, _ in self.contexts.values():
            context.close()


def sign_in(page: Page, email: str) -> None:
    """Password, then the code of the authenticator app the fixture gave the demo person."""
    sign_in_with_code(page, email, DEMO_PASSWORD)


def first_addresses(role: str) -> list[str]:
    """The home page; for the business team also the notification's questions, which a button
    ("Start now"), not a link, leads to."""
    if role != BUSINESS_MANAGER:
        return ["/"]
    questions = ["child", *QUESTION_PAGES]
    return ["/", *(reverse("reviews:notify-step", args=[question]) for question in questions)]


def page_kind(address: str) -> str:
    """What counts towards the two pages per view: the view, or for the notification's
    questions (one view), each question."""
    match = resolve(urlsplit(address).path)
    if match.view_name == "reviews:notify-step":
        return f"{match.view_name} {match.kwargs['question']}"
    return match.view_name


def view_name_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class Links(HTMLParser):
    """The href of every link of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def read_links(page: Page, address: str) -> list[str]:
    """Fetch a page with the person's cookies, without rendering it; return its links."""
    response = page.context.request.get(address)
    if not response.headers.get("content-type", "").startswith("text/html"):
        return []
    parser = Links()
    parser.feed(response.text())
    return [urljoin(response.url, href) for href in parser.hrefs]


def follow(hrefs: list[str], queue: deque[str], seen: set[str], base_url: str) -> None:
    """Queue the same-site links not met before (without their #fragment)."""
    origin = urlsplit(base_url).netloc
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme not in {"http", "https"} or parts.netloc != origin:
            continue
        link = parts.path + (f"?{parts.query}" if parts.query else "")
        if link not in seen:
            seen.add(link)
            queue.append(link)


# What the walk wants to know of a page, in one call: its links, whether it has a table or a
# radio that reveals a question, and its forms that post (with their kinds of field).
PAGE_FACTS = """
(formsSelector) => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const describe = (form) => {
    const fields = [...form.querySelectorAll("input, select, textarea")]
      .filter((el) => !["hidden", "submit", "button", "reset"].includes(el.type));
    const kinds = new Set(fields.map((el) => {
      if (el.closest(".govuk-date-input")) return "date";
      if (el.type === "radio") return "radios";
      if (el.type === "checkbox") return "checkboxes";
      if (el.type === "file") return "file";
      return el.tagName.toLowerCase();
    }));
    return {kinds: [...kinds].sort(), visible: fields.some(visible), action: form.action};
  };
  return {
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
    table: document.querySelector("main table") !== null,
    reveal: document.querySelector(".govuk-radios__conditional") !== null,
    forms: [...document.querySelectorAll(formsSelector)].map(describe),
  };
}
"""


def walk_as(world: World, role: str) -> Walk:
    """Breadth first over same-site links from the home page, two addresses per view at most."""
    page, errors = world.page_for(role)
    walk = Walk(role=role)
    queue: deque[str] = deque(first_addresses(role))
    seen = set(queue)
    clock = time.monotonic()

    def took(part: str) -> None:
        nonlocal clock
        now = time.monotonic()
        walk.seconds[part] += now - clock
        clock = now

    while queue:
        address = queue.popleft()
        view_name = view_name_of(urlsplit(address).path)
        if view_name is None or view_name in SKIPPED_VIEWS:
            continue
        kind = page_kind(address)
        walk.views[kind] += 1
        if walk.views[kind] > READ_PER_VIEW:
            continue
        if walk.views[kind] > PAGES_PER_VIEW:
            follow(read_links(page, address), queue, seen, world.base_url)
            walk.read.append(address)
            took("read for links")
            continue
        errors_before = len(errors)
        try:
            response = page.goto(address)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                walk.downloads.append(address)
                continue
            raise
        took("load")
        assert response is not None, address
        assert "/sign-in/" not in page.url, f"Signed out while walking, at {address}"
        if not response.headers.get("content-type", "").startswith("text/html"):
            walk.downloads.append(address)
            continue
        if response.status >= 500:  # a server error: a page broken for everyone
            walk.broken.append(f"{response.status} {address}")
        walk.pages.append(page.url)
        result = run_axe(page)
        walk.violations += result.violations
        walk.advice += result.advice
        took("axe")
        facts = page.evaluate(PAGE_FACTS, FORMS)
        width = scrolls_sideways_when_narrow(page)
        if width is not None:
            table = " (it has a table)" if facts["table"] else ""
            walk.too_wide.append(f"{page.url} is {width}px wide at 320px{table}")
        took("reflow")
        if facts["reveal"]:
            walk.reveals.append(address)
        for index, form in enumerate(facts["forms"]):
            if form["visible"]:
                action = view_name_of(urlsplit(form["action"]).path) or view_name
                kinds = tuple(form["kinds"])
                walk.forms.append(FormPage(role, view_name, address, index, action, kinds))
        walk.console_errors += errors[errors_before:]
        follow(facts["links"], queue, seen, world.base_url)
        took("facts")
    return walk


@dataclass
class FormChecks:
    """What submitting the chosen forms empty showed."""

    checked: list[str] = field(default_factory=list)
    missing_kinds: list[str] = field(default_factory=list)
    accepted_empty: list[str] = field(default_factory=list)
    not_submitted: list[str] = field(default_factory=list)
    links_followed: list[str] = field(default_factory=list)
    focus_problems: list[str] = field(default_factory=list)
    violations: list[Finding] = field(default_factory=list)
