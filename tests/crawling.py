"""Use the service as a person does: follow the links a page shows, submit the forms it renders.

`crawl` walks a signed-in WebTest app breadth-first from the home page; `fill` completes a
rendered form the way a person in a hurry would; `error_summary_problems` reads a re-rendered
page for errors that point at nothing the person could correct. The tests that use them are in
`tests/test_every_link_and_form.py`.
"""

from __future__ import annotations

import io
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from django.urls import Resolver404, resolve
from django.utils import timezone
from django_webtest import DjangoTestApp
from docx import Document
from webtest import Form, TestResponse, Upload
from webtest.forms import Checkbox, Field, File, MultipleSelect, Radio, Select, Submit

# Answers whose body is a page to read for more links; anything else is a download or an
# asset, fetched and checked but not parsed.
HTML = "text/html"

# Links that leave the page's world rather than lead to another page of it.
NOT_FOLLOWED_SCHEMES = ("mailto:", "tel:", "javascript:")

SIGN_OUT = "accounts:sign-out"
REDIRECTS = (301, 302, 303, 307, 308)

# Assets are fetched once each (they are the same for everyone) but not parsed.
ASSET_PREFIXES = ("/static/", "/media/")

# The content types a download may have: Word, PDF, CSV, Excel and calendar invitations.
DOWNLOAD_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/pdf",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/calendar",
)

# The words of a short text that any free-text field accepts.
SAMPLE_TEXT = "A short fictional note for the crawler test."


@dataclass(frozen=True)
class Visit:
    """One URL fetched once: what it answered and the page that linked to it."""

    url: str
    status: int
    content_type: str
    view_name: str
    linked_from: str
    error: str = ""  # the exception a view raised, for a 500

    def __str__(self) -> str:
        error = f": {self.error}" if self.error else ""
        return f"{self.status} {self.url} ({self.view_name}), linked from {self.linked_from}{error}"


@dataclass
class Crawl:
    """Everything one person reached by following links from the home page."""

    visits: list[Visit] = field(default_factory=list)
    # Each page that renders a form posting somewhere (sign-out aside), with the view name of
    # each such form's action, in the order of the page.
    forms: dict[str, list[str]] = field(default_factory=dict)
    # Links not followed because their view name had had its share of that review's URLs.
    skipped: int = 0

    @property
    def view_names(self) -> set[str]:
        return {visit.view_name for visit in self.visits}

    def failures(self) -> list[Visit]:
        return [visit for visit in self.visits if visit.status >= 400]


def view_name(url: str) -> str:
    """The URL's view name, like ``reviews:detail``; the path itself when nothing resolves."""
    path = urlsplit(url).path
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def _budget_key(url: str) -> tuple[str, object]:
    """What a URL counts against: its view name, within its review (``pk``) if it has one."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return path, None
    return match.view_name, match.kwargs.get("pk")


def _same_site_path(href: str, base: str) -> str | None:
    """The path and query an ``<a href>`` leads to on this site, or None to leave it alone."""
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(NOT_FOLLOWED_SCHEMES):
        return None
    absolute, _fragment = urldefrag(urljoin(base, href))
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc not in ("testserver", ""):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def form_action(form: Tag | Form, page_url: str) -> str:
    """Where a form posts: its action, or the page itself when the action is empty."""
    action = str(form.action if isinstance(form, Form) else form.get("action") or "")
    return urlsplit(urljoin(f"http://testserver{page_url}", action or page_url)).path


def post_forms(soup: BeautifulSoup, page_url: str) -> list[str]:
    """The view names of the page's forms that post, without the sign-out every page has."""
    actions = [
        view_name(form_action(form, page_url))
        for form in soup.find_all("form")
        if isinstance(form, Tag) and str(form.get("method", "get")).lower() == "post"
    ]
    return [action for action in actions if action != SIGN_OUT]


def crawl(app: DjangoTestApp, *, per_view_name: int, start: str = "/") -> Crawl:
    """Follow every same-site link breadth-first from ``start``, fetching each URL once.

    Within one review, at most ``per_view_name`` URLs of each view name are fetched (outside
    a review, at most that many in all): see URLS_PER_VIEW_NAME in the tests for why.
    """
    result = Crawl()
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen: set[str] = {start}
    fetched: Counter[tuple[str, object]] = Counter()
    while queue:
        url, linked_from = queue.popleft()
        name = view_name(url)
        is_asset = url.startswith(ASSET_PREFIXES)
        key = _budget_key(url)
        if not is_asset and fetched[key] >= per_view_name:
            result.skipped += 1
            continue
        fetched[key] += 1
        try:
            response = app.get(url, expect_errors=True)
        except Exception as error:  # the test client re-raises a view's error
            result.visits.append(
                Visit(url, 500, "", name, linked_from, error=f"{type(error).__name__}: {error}")
            )
            continue
        content_type = response.content_type or ""
        result.visits.append(Visit(url, response.status_int, content_type, name, linked_from))
        location = _same_site_path(response.location or "", f"http://testserver{url}")
        if response.status_int in REDIRECTS and location and location not in seen:
            seen.add(location)
            queue.append((location, url))
        if is_asset or response.status_int != 200 or content_type != HTML:
            continue
        soup = BeautifulSoup(response.text, "html.parser")
        if actions := post_forms(soup, url):
            result.forms[url] = actions
        for anchor in soup.find_all("a", href=True):
            if not isinstance(anchor, Tag):
                continue
            target = _same_site_path(str(anchor["href"]), f"http://testserver{url}")
            if target is None or target in seen or view_name(target) == SIGN_OUT:
                continue
            seen.add(target)
            queue.append((target, url))
    return result


# --- filling a form ---------------------------------------------------------------------------

DATE_PARTS = ("-day", "-month", "-year")


def small_docx() -> bytes:
    """A small Word document with fictional text, as an author or an agency would upload."""
    document = Document()
    document.add_heading("Fictional draft for a crawler test", level=1)
    document.add_paragraph("Nothing in this document is about a real child or family.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)

SMALL_CSV = b"date,what happened\n02/03/2026,Seen at home by the health visitor\n"


def _upload_for(accept: str) -> Upload:
    """A small valid file of the kind the input accepts; a Word document when it says nothing."""
    accept = accept.lower()
    if accept and ".docx" not in accept and "wordprocessingml" not in accept:
        if ".csv" in accept or "text/csv" in accept:
            return Upload("chronology.csv", SMALL_CSV, "text/csv")
        if ".pdf" in accept or "application/pdf" in accept:
            return Upload("fictional.pdf", SMALL_PDF, "application/pdf")
    return Upload(
        "fictional-draft.docx",
        small_docx(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _is_confirmation(name: str, checkboxes_named: int) -> bool:
    """A lone checkbox that asks the person to confirm something: a person ticks it."""
    return checkboxes_named == 1 and any(
        word in name.lower() for word in ("confirm", "agree", "declar", "understand")
    )


def _date_value(name: str) -> str | None:
    today = timezone.localdate()
    for suffix, value in zip(DATE_PARTS, (today.day, today.month, today.year), strict=True):
        if name.endswith(suffix):
            return str(value)
    return None


def _first_real_option(field_: Select | MultipleSelect) -> str | None:
    return next((value for value, _selected, *_ in field_.options if value), None)


def _fill_choice(form: Form, name: str, fields: list[Field]) -> None:
    """Radios, checkboxes and selects: choose as little as a person must."""
    first = fields[0]
    if isinstance(first, Radio):
        if first.value is None and first.options:
            form[name] = first.options[0][0]
    elif isinstance(first, Checkbox):
        if _is_confirmation(name, len(fields)):
            first.checked = True
    elif isinstance(first, MultipleSelect):
        option = _first_real_option(first)
        if not first.value and option is not None:
            first.value = [option]
    elif isinstance(first, Select) and not first.value:
        option = _first_real_option(first)
        if option is not None:
            first.value = option


def fill(form: Form) -> None:
    """Complete a rendered form as a person would: keep what is there, fill what is empty."""
    for name, fields in form.fields.items():
        first: Field = fields[0]
        if not name or isinstance(first, Submit) or first.attrs.get("type") == "hidden":
            continue
        if isinstance(first, File):
            form[name] = _upload_for(str(first.attrs.get("accept", "")))
        elif isinstance(first, Checkbox | Select | MultipleSelect):
            _fill_choice(form, name, fields)
        elif not first.value:
            numeric = first.attrs.get("inputmode") == "numeric"
            first.value = _sample_value(name, "number" if numeric else first.attrs.get("type"))


def _sample_value(name: str, input_type: str | None) -> str:
    date_part = _date_value(name)
    if date_part is not None:
        return date_part
    if input_type == "email":
        return "someone@example.org"
    if input_type == "number":
        return "1"
    if input_type == "time":
        return "10:00"
    if input_type == "url":
        return "https://example.org/fictional"
    return SAMPLE_TEXT


def first_submit(form: Form) -> tuple[str | None, int | None]:
    """The name and index of the form's first submit button, the one a person presses."""
    for position, (name, field_) in enumerate(form.field_order):
        if isinstance(field_, Submit):
            if not name:
                return None, None
            return name, sum(1 for other, _ in form.field_order[:position] if other == name)
    return None, None


def submit_as_rendered(form: Form) -> TestResponse:
    """Press the form's first button, sending exactly the fields the page rendered."""
    name, index = first_submit(form)
    if name is None:
        return form.submit(expect_errors=True)
    return form.submit(name, index=index, expect_errors=True)


# --- reading the answer -----------------------------------------------------------------------

CONTROLS = ("input", "select", "textarea", "button")
FIELD_ID = "#id_"
CSRF_EXPIRED = "This form has expired"


def error_summary_problems(html: str) -> list[str]:
    """Error-summary links that lead nowhere a person could put the error right.

    A link to a field (``#id_…``, as Django names fields) must lead to an element of the page
    that is a form control or holds one (a fieldset, a date input's wrapper): otherwise the
    error names a field the form does not render, and no one can ever correct it. A link to
    a section (a refusal about the whole page) must lead to an element that exists. A bare
    ``#`` is how the shared macro shows an error about the whole form, naming no field.
    """
    soup = BeautifulSoup(html, "html.parser")
    problems: list[str] = []
    for link in soup.select(".govuk-error-summary a[href]"):
        href = str(link["href"])
        text = link.get_text(" ", strip=True)
        if href == "#":
            continue
        if not href.startswith("#"):
            problems.append(f"error {text!r} links to {href!r}, away from the form")
            continue
        target = soup.find(id=href[1:])
        if not isinstance(target, Tag):
            problems.append(f"error {text!r} links to {href}, which is not on the page")
        elif (
            href.startswith(FIELD_ID) and target.name not in CONTROLS and not target.find(CONTROLS)
        ):
            problems.append(f"error {text!r} links to {href}, a <{target.name}> with no field")
    return problems


def error_texts(html: str) -> list[str]:
    """The errors a re-rendered page lists in its summary, in words."""
    soup = BeautifulSoup(html, "html.parser")
    return [item.get_text(" ", strip=True) for item in soup.select(".govuk-error-summary li")]
