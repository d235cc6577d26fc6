"""Every page needs a signed-in, code-verified person, except a short list of public ones.

The pages are found by walking the URL resolver, so a new page is covered the moment it is
routed: if it is reachable without signing in, this fails until it is added to PUBLIC_PAGES
(which then needs a reason).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

from accounts.models import User
from accounts.tests.helpers import give_device, sign_in_with_password
from config.urls import urlpatterns as service_urlpatterns

# Reachable without signing in, each for a reason.
PUBLIC_PAGES = {
    "accounts:sign-in": "the way in",
    "admin:login": "hands over to accounts:sign-in, so the admin needs the code too",
    "accounts:signed-out": "shown after signing out",
    "accounts:password-reset": "a person who cannot sign in asks for a link",
    "accounts:password-reset-sent": "says the link is on its way",
    "accounts:password-reset-confirm": "the link itself; the token is the credential",
    "accounts:password-reset-complete": "says the password changed",
    "accessibility": "the accessibility statement must be public (PSBAR 2018)",
    "privacy": "the privacy notice must be readable before signing in (UK GDPR art. 13)",
    "feedback": "a participant's one-time feedback link: participants have no account, and "
    "the token is the credential",
    "calendar-feed": "a person's private calendar feed: calendar apps cannot sign in, and the "
    "token is the credential (reviews/tests/test_feeds_links.py)",
}

# Public pages whose address holds a credential: a made-up one is not found (404), like any
# address that does not exist, rather than a page.
NOT_FOUND_WITHOUT_A_REAL_TOKEN = {"feedback", "calendar-feed"}

# Reachable after the password but before the code: the code pages and the way out.
CODE_PAGES = {
    "accounts:enter-code",
    "accounts:enter-backup-code",
    "accounts:set-up-code",
    "accounts:sign-out",
}

# Values tried for each URL parameter, first match wins; add one for a new converter.
SAMPLE_VALUES = [
    "1",
    "sample",
    "00000000-0000-4000-8000-000000000001",
    "WC26-001",
    "2026-03-02",
    "sample/1",
]

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")
_NAMED_GROUP_START = re.compile(r"\(\?P<(?P<name>\w+)>")
_WORDS = re.compile(r"^[\w-]+(\|[\w-]+)*$")


@dataclass(frozen=True)
class Page:
    """One routed URL pattern and a concrete URL that reaches it."""

    name: str  # the namespaced URL name, or the route for an unnamed pattern
    url: str

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"


def _group_alternatives(regex: str) -> dict[str, list[str]]:
    """Return the words of each named group that is a plain alternation, like (?P<app>a|b)."""
    found: dict[str, list[str]] = {}
    for start in _NAMED_GROUP_START.finditer(regex):
        depth, position = 1, start.end()
        while depth and position < len(regex):
            if regex[position] == "\\":
                position += 1
            elif regex[position] == "(":
                depth += 1
            elif regex[position] == ")":
                depth -= 1
            position += 1
        body = regex[start.end() : position - 1]
        if _WORDS.match(body):
            found[start.group("name")] = body.split("|")
    return found


def _templates(pattern: URLPattern | URLResolver) -> list[tuple[str, dict[str, list[str]]]]:
    """Return ways to write one piece of a URL: a format string and candidates per parameter."""
    piece = pattern.pattern
    if isinstance(piece, RoutePattern):
        route = str(piece)
        candidates: dict[str, list[str]] = {}
        for parameter in _ROUTE_PARAMETER.finditer(route):
            name = parameter.group("parameter")
            converter = piece.converters[name]
            candidates[name] = [
                value for value in SAMPLE_VALUES if re.fullmatch(converter.regex, value)
            ]
        return [(_ROUTE_PARAMETER.sub(r"%(\g<parameter>)s", route), candidates)]
    if isinstance(piece, RegexPattern):
        regex = str(piece)
        alternatives = _group_alternatives(regex)
        return [
            (
                template,
                {name: [*alternatives.get(name, []), *SAMPLE_VALUES] for name in parameters},
            )
            for template, parameters in normalize(regex)
        ]
    raise TypeError(f"Teach this test to write URLs for {type(piece).__name__}")


def _url_for(chain: Sequence[URLPattern | URLResolver]) -> str | None:
    """Return a URL that resolves to the last pattern of the chain, or None if none is found."""
    target = chain[-1]
    assert isinstance(target, URLPattern)
    for pieces in itertools.product(*(_templates(pattern) for pattern in chain)):
        template = "".join(text for text, _ in pieces)
        candidates: dict[str, list[str]] = {}
        for _, more in pieces:
            candidates.update(more)
        names = list(candidates)
        for values in itertools.product(*(candidates[name] for name in names)):
            url = "/" + template % dict(zip(names, values, strict=True))
            try:
                match = resolve(url)
            except Resolver404:
                continue
            if match.func is target.callback:
                return url
    return None


def _walk(
    patterns: Sequence[URLPattern | URLResolver],
    chain: tuple[URLPattern | URLResolver, ...] = (),
    namespaces: tuple[str, ...] = (),
) -> Iterator[tuple[str, tuple[URLPattern | URLResolver, ...]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, (*chain, pattern), inner)
        else:
            full_chain = (*chain, pattern)
            if pattern.name:
                name = ":".join((*namespaces, pattern.name))
            else:
                name = "".join(str(piece.pattern) for piece in full_chain)
            yield name, full_chain


def every_page() -> list[Page]:
    pages = []
    for name, chain in _walk(get_resolver().url_patterns):
        url = _url_for(chain)
        assert url is not None, f"No sample value reaches {name}: add one to SAMPLE_VALUES"
        pages.append(Page(name, url))
    return pages


def _final_destination(client: Client, url: str) -> tuple[int, str]:
    """Follow this site's redirects; return the last status and the path it stopped at."""
    response = client.get(url)
    path = urlsplit(url).path
    for _ in range(5):
        if response.status_code not in {301, 302, 303, 307, 308}:
            break
        location = urlsplit(response["Location"])
        assert not location.netloc, f"{url} redirects off the site to {response['Location']}"
        path = location.path
        response = client.get(response["Location"])
    return response.status_code, path


PAGES = every_page()
SIGN_IN = reverse("accounts:sign-in")
ADMIN_SIGN_IN = reverse("admin:login")


def test_the_walk_finds_the_pages_people_use() -> None:
    names = {page.name for page in PAGES}

    assert {"home", "accounts:sign-in", "accounts:enter-code", "admin:index"} <= names
    assert "admin:accounts_user_change" in names
    assert len(PAGES) > 30


def test_every_public_page_still_exists() -> None:
    names = {page.name for page in PAGES}

    assert set(PUBLIC_PAGES) - names == set()
    assert CODE_PAGES - names == set()


@pytest.mark.django_db
@pytest.mark.parametrize("page", [p for p in PAGES if p.name not in PUBLIC_PAGES], ids=str)
def test_an_anonymous_person_is_sent_to_sign_in(client: Client, page: Page) -> None:
    response = client.get(page.url)

    assert response.status_code == 302, f"{page} is reachable without signing in"
    location = urlsplit(response["Location"])
    # The admin's pages go through its login URL, which hands over to ours.
    assert location.path in {SIGN_IN, ADMIN_SIGN_IN}, f"{page} sends people to {location}"
    assert _final_destination(client, page.url) == (200, SIGN_IN)


@pytest.mark.django_db
@pytest.mark.parametrize("page", [p for p in PAGES if p.name in PUBLIC_PAGES], ids=str)
def test_a_public_page_is_reachable_without_signing_in(client: Client, page: Page) -> None:
    status, path = _final_destination(client, page.url)

    assert status == (404 if page.name in NOT_FOUND_WITHOUT_A_REAL_TOKEN else 200)
    assert path != SIGN_IN or page.name in {"accounts:sign-in", "admin:login"}


@pytest.mark.parametrize(
    "page", [p for p in PAGES if p.name not in PUBLIC_PAGES.keys() | CODE_PAGES], ids=str
)
def test_a_person_who_has_given_only_a_password_is_sent_to_the_code_page(
    client: Client, business_team_member: User, page: Page
) -> None:
    give_device(business_team_member)
    sign_in_with_password(client, business_team_member)

    response = client.get(page.url)

    assert response.status_code == 302, f"{page} is reachable without the code"
    assert response["Location"] == reverse("accounts:enter-code"), page


@login_not_required
def _forgotten_page(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Someone forgot to protect this page")


# The service's routes plus one page left public by mistake (used by the test below).
urlpatterns = [
    *service_urlpatterns,
    path("reports/<int:pk>/", _forgotten_page, name="forgotten"),
]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_it_notices_a_new_page_left_public(client: Client) -> None:
    pages = {page.name: page for page in every_page()}

    forgotten = pages["forgotten"]

    assert forgotten.url == "/reports/1/"
    assert forgotten.name not in PUBLIC_PAGES
    # What test_an_anonymous_person_is_sent_to_sign_in would then find:
    assert client.get(forgotten.url).status_code == 200
