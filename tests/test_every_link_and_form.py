"""Every link works and every form submits as the page renders it, across the demo world.

Tests that post fields directly can pass while the page is broken: a field the form does not
render, a button without its CSRF token, a link to a filter that fails. These tests use the
service as people do. For four kinds of person they follow every link from the home page, and
then submit every kind of form they met, filled in as a person would, exactly as rendered.

The demo is loaded once for the module inside a transaction rolled back at the end; each form
is submitted inside a savepoint rolled back at once, so every form meets the same world.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import override_settings
from django_webtest import DjangoTestApp
from pytest_django import DjangoDbBlocker, Settings
from webtest import TestResponse

from accounts.models import User
from conftest import web_app_as
from demo.partnership import load_demo_data
from tests.crawling import (
    ASSET_PREFIXES,
    CSRF_EXPIRED,
    DOWNLOAD_TYPES,
    HTML,
    SIGN_OUT,
    Crawl,
    crawl,
    error_summary_problems,
    error_texts,
    fill,
    form_action,
    submit_as_rendered,
    view_name,
)

BUSINESS_MANAGER = "business.manager@wcscp.example"
POLICE_LEAD = "police.lead@wexmoor-police.example"
SCHOOL_CONTRIBUTOR = "dsl@hollinlane.example"
INDEPENDENT_AUTHOR = "author@reviewers.example"

# The business manager first: another person's form is only tried when the manager never met
# that kind of form (a partner's own decision, an agency's return, the author's draft).
ROLES = [BUSINESS_MANAGER, POLICE_LEAD, SCHOOL_CONTRIBUTOR, INDEPENDENT_AUTHOR]

# Within one review, at most this many URLs of each view name (outside a review, this many in
# all). The demo has a review at each stage, so capping a view name across reviews would leave
# whole stages unseen (a closed review's letter, an LCSPR's drafts, a plan's actions): with
# three URLs per view name in all, the business manager's crawl missed a dozen pages and a
# fifth of the kinds of form. Within a review, the URLs of one view name differ only by the
# row they show (each request, each learning event, each theme): two of them reach every
# variation the demo holds, at two thirds of the time of following everything.
URLS_PER_VIEW_NAME = 2

# Fewer distinct view names than this means the crawl stopped early (a broken home page, a
# sign-in that did not take): the test must not pass by visiting nothing. About 85% of what
# the demo showed each person when this was written (73, 27, 22 and 28).
MIN_VIEW_NAMES = {
    BUSINESS_MANAGER: 62,
    POLICE_LEAD: 23,
    SCHOOL_CONTRIBUTOR: 18,
    INDEPENDENT_AUTHOR: 24,
}

# Links a person sees by design that answer with a refusal: (person, view name) -> why. None.
EXPECTED_REFUSALS: dict[tuple[str, str], str] = {}

# Each kind of form, (page's view name, action's view name), is tried at most this often.
SUBMISSIONS_PER_KIND = 2

# Fewer successful submissions than this means the filler or the pages have regressed (about
# 140 of 160 went through when this was written; the rest re-rendered with the domain's
# errors, which a generic filler cannot always avoid).
MIN_SUBMITTED = 100


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, demo_media: Path
) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=demo_media),
        transaction.atomic(),
    ):
        load_demo_data()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _isolated_media(settings: Settings, demo_media: Path) -> None:
    """The demo's generated documents stay readable where the module's demo wrote them."""
    settings.MEDIA_ROOT = demo_media


def _report(*lines: str) -> None:
    """Coverage for the person reading the run (``pytest -s``), not a condition of passing."""
    print("\n".join(lines))  # noqa: T201


def _as(email: str) -> DjangoTestApp:
    return web_app_as(User.objects.get(email=email))


Crawls = dict[str, Crawl]


@pytest.fixture(scope="module")
def crawls(demo: None) -> Crawls:
    """One crawl per person for the module, made by whichever test needs it first.

    A GET changes nothing a later page's links depend on (at most it adds to the access log).
    """
    return {}


def _crawl_as(email: str, crawls: Crawls) -> Crawl:
    if email not in crawls:
        crawls[email] = crawl(_as(email), per_view_name=URLS_PER_VIEW_NAME)
    return crawls[email]


@pytest.mark.django_db
def test_every_link_each_person_sees_answers(crawls: Crawls) -> None:
    failures: list[str] = []
    for email in ROLES:
        result = _crawl_as(email, crawls)
        _report(
            f"{email}: {len(result.visits)} URLs, {len(result.view_names)} view names, "
            f"{len(result.forms)} pages with forms, {result.skipped} links not followed"
        )
        assert len(result.view_names) >= MIN_VIEW_NAMES[email], sorted(result.view_names)
        for visit in result.failures():
            if (email, visit.view_name) not in EXPECTED_REFUSALS:
                failures.append(f"{email}: {visit}")
        for visit in result.visits:
            is_download = visit.status == 200 and visit.content_type != HTML
            is_asset = visit.url.startswith(ASSET_PREFIXES)
            if is_download and not is_asset and not visit.content_type.startswith(DOWNLOAD_TYPES):
                failures.append(f"{email}: {visit}: unexpected type {visit.content_type}")
    assert not failures, "\n".join(failures)


@dataclass
class FormResults:
    """What became of the forms submitted, for the assertions and the printed report."""

    failures: list[str] = field(default_factory=list)
    with_errors: list[str] = field(default_factory=list)
    submitted: int = 0
    tried: Counter[tuple[str, str]] = field(default_factory=Counter)
    tried_by: Counter[str] = field(default_factory=Counter)

    def record(self, where: str, response: TestResponse) -> bool:
        """Note what became of a submission; True when it was accepted."""
        status = response.status_int
        # The service re-renders a form with its errors as 400 (or 200): a generic filler
        # cannot always satisfy the domain's rules, so that alone is no failure.
        re_rendered = status in (200, 400) and "govuk-error-summary" in response.text
        if status == 403 and CSRF_EXPIRED in response.text:
            self.failures.append(f"{where}: 403 {CSRF_EXPIRED}")
        elif re_rendered:
            problems = error_summary_problems(response.text)
            self.failures.extend(f"{where}: {problem}" for problem in problems)
            self.with_errors.append(f"{where}: {'; '.join(error_texts(response.text))}")
        elif status >= 400:
            self.failures.append(f"{where}: answered {status}")
        else:
            self.submitted += 1
            return True
        return False


def _submit_each_kind(
    app: DjangoTestApp, email: str, forms: dict[str, list[str]], results: FormResults
) -> None:
    """Submit each kind of form this person's crawl met, until each kind had its tries."""
    for url, actions in forms.items():
        page_view = view_name(url)
        if all(results.tried[page_view, action] >= SUBMISSIONS_PER_KIND for action in actions):
            continue
        page = app.get(url, expect_errors=True)
        if page.status_int != 200:  # a submission before lost the session, or changed the page
            results.failures.append(f"{email}: {url} answered {page.status} when fetched again")
            continue
        _submit_forms(email, page, results, follow=True)


def _submit_forms(email: str, page: TestResponse, results: FormResults, *, follow: bool) -> None:
    """Fill and submit each of the page's forms whose kind still has tries, one at a time.

    Each submission is rolled back before the next. With ``follow``, the page a successful
    submission leads to is fetched before the rollback and its forms of kinds not yet tried
    are submitted in turn: some forms only appear once there is something to act on (a remove
    button beside the entry just added).
    """
    url = urlsplit(page.request.url).path
    page_view = view_name(url)
    for index, form in sorted((i, f) for i, f in page.forms.items() if isinstance(i, int)):
        action = form_action(form, url)
        kind = (page_view, view_name(action))
        if form.method.lower() != "post" or kind[1] == SIGN_OUT:
            continue
        # After a submission, only kinds no page has offered yet: the others get their tries
        # from the pages the crawl found, where a later submission may follow them further.
        if results.tried[kind] >= (SUBMISSIONS_PER_KIND if follow else 1):
            continue
        results.tried[kind] += 1
        results.tried_by[email] += 1
        where = f"{email}: form {index} on {url} ({page_view}) to {action}"
        fill(form)
        with transaction.atomic():
            savepoint = transaction.savepoint()
            try:
                response = submit_as_rendered(form)
                if results.record(where, response) and follow and response.location:
                    landing = response.follow(expect_errors=True)
                    if landing.status_int >= 400:
                        results.failures.append(
                            f"{where}: led to {response.location}, {landing.status}"
                        )
                    elif landing.content_type == HTML:
                        _submit_forms(email, landing, results, follow=False)
            except Exception as error:  # the test client re-raises a view's error
                results.failures.append(f"{where}: raised {type(error).__name__}: {error}")
            finally:
                transaction.savepoint_rollback(savepoint)


@pytest.mark.django_db
def test_every_form_submits_as_the_page_renders_it(crawls: Crawls) -> None:
    results = FormResults()
    for email in ROLES:
        forms = _crawl_as(email, crawls).forms
        _submit_each_kind(_as(email), email, forms, results)
    _report(
        f"{results.submitted} forms submitted, {len(results.with_errors)} re-rendered with "
        f"errors, {len(results.tried)} kinds of form, tried by {dict(results.tried_by)}",
        "Re-rendered with errors:",
        *results.with_errors,
    )
    assert not results.failures, "\n".join(results.failures)
    assert results.submitted >= MIN_SUBMITTED
