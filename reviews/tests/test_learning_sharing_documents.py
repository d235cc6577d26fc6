"""The 7-minute briefing and the learning on one page: generating numbered versions, what the
Word and PDF files say (and never say), downloading them, and who may do what.

Learning, recommendations and actions are written by reviews.tests.learning_rows (an ORM
stand-in for the learning and plan actions written alongside). PDF text is read back with
poppler's ``pdftotext`` (see test_documents_combined_report_files).
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews import actions
from reviews.actions.base import ActionError
from reviews.actions.learning.sharing import generate_learning_document, record_dissemination
from reviews.documents.learning.content import ONE_PAGE_POINTS, QUESTIONS
from reviews.event_types import EventType, describe
from reviews.models import (
    AccessLogEntry,
    ActionStatus,
    Dissemination,
    DocumentKind,
    Event,
    GeneratedDocument,
    IdentityRecord,
    Review,
    ReviewKind,
    ReviewRole,
)
from reviews.tests.factories import join, make_review
from reviews.tests.learning_rows import add_action, add_learning, add_recommendation, theme
from reviews.tests.test_documents_combined_report_files import pdf_text, word_text

BRIEFING = DocumentKind.SEVEN_MINUTE_BRIEFING
ONE_PAGE = DocumentKind.LEARNING_ON_ONE_PAGE
REAL_NAME = "Marigold Pennywhistle"
ADDRESS = "14 Quillon Crescent, Wexmoor"


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
) -> Review:
    team = business_team_member
    review = make_review(
        partnership=partnership, by=team, kind=ReviewKind.LCSPR, pseudonym="Child Q"
    )
    actions.record_identity(
        review,
        by=team,
        subject=IdentityRecord.Subject.CHILD,
        pseudonym="Child Q",
        real_name=REAL_NAME,
        address=ADDRESS,
    )
    neglect = theme(partnership, "Neglect")
    sharing = theme(partnership, "Information sharing")
    first = add_learning(
        review,
        by=team,
        summary="Missed health appointments were not followed up",
        detail="Three appointments were missed over a year.\nNobody asked why.",
        themes=[neglect, sharing],
    )
    add_learning(
        review,
        by=team,
        summary="The school did not hear of the police callouts",
        themes=[sharing],
        organisation=school,
    )
    add_learning(review, by=team, summary="Supervision did not test the plan")
    recommendation = add_recommendation(
        review,
        by=team,
        text="Agencies follow up every missed health appointment for a child on a plan.",
        themes=[neglect],
        learning=[first],
    )
    add_action(
        review,
        by=team,
        organisation=police,
        due_on=dt.date(2026, 9, 1),
        recommendation=recommendation,
    )
    add_action(
        review,
        by=team,
        organisation=school,
        due_on=dt.date(2026, 9, 1),
        recommendation=recommendation,
        status=ActionStatus.IN_PROGRESS,
    )
    record_dissemination(
        review,
        by=team,
        organisation=police,
        shared_on=review.origin,
        method=Dissemination.Method.TRAINING,
        practitioners_reached=40,
    )
    return review


def _docx(document: GeneratedDocument) -> docx.document.Document:
    with document.docx.open("rb") as handle:
        return docx.Document(BytesIO(handle.read()))


def _pdf(document: GeneratedDocument) -> bytes:
    with document.pdf.open("rb") as handle:
        data: bytes = handle.read()
    return data


def _headings(document: docx.document.Document) -> list[str]:
    return [
        paragraph.text
        for paragraph in document.paragraphs
        if paragraph.style is not None and str(paragraph.style.name).startswith("Heading")
    ]


def test_the_business_team_generates_numbered_versions(
    client: Client, review: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:learning-documents-generate", kwargs={"pk": review.pk})

    first = client.post(url, {"kind": BRIEFING})
    second = client.post(url, {"kind": BRIEFING})
    one_page = client.post(url, {"kind": ONE_PAGE})

    assert first.status_code == second.status_code == one_page.status_code == 302
    numbers = GeneratedDocument.objects.filter(review=review).values_list("kind", "number")
    assert sorted(numbers) == [(ONE_PAGE, 1), (BRIEFING, 1), (BRIEFING, 2)]
    events = Event.objects.filter(review=review, type=EventType.LEARNING_DOCUMENT_GENERATED)
    assert [event.detail["number"] for event in events.order_by("pk")] == [1, 2, 1]
    assert [describe(event) for event in events.order_by("pk")] == [
        "Generated version 1 of the 7-minute briefing",
        "Generated version 2 of the 7-minute briefing",
        "Generated version 1 of the learning on one page",
    ]
    page = client.get(reverse("reviews:learning-documents", kwargs={"pk": review.pk}))
    assert page.status_code == 200
    assert page.content.decode().count('data-version="') == 3


def test_the_briefing_has_its_seven_sections_in_word(
    review: Review, business_team_member: User
) -> None:
    document = generate_learning_document(review, kind=BRIEFING, by=business_team_member)
    word = _docx(document)
    text = word_text(word)

    assert _headings(word) == [
        "1. Background",
        "2. Why it matters",
        "3. What we found",
        "Information sharing",
        "Other learning",
        "4. What we must do",
        "Recommendation 1",
        "5. Questions to reflect on",
        "6. Further information",
        "7. Dissemination so far",
    ]
    assert review.case_code in text
    assert "The child is referred to as Child Q." in text
    assert "Local child safeguarding practice review" in text
    # Learning sits under its first theme, naming the others.
    assert "Missed health appointments were not followed up" in text
    assert "Multi-agency. Also about: Neglect." in text
    assert "Single-agency: Hollin Test School." in text
    assert "Nobody asked why." in text
    assert "Actions by: Hollin Test School, Wexmoor Police." in text
    assert QUESTIONS["information sharing"] in text
    assert QUESTIONS["neglect"] in text
    assert "contact the Wexmoor Test Partnership business team" in text
    assert "1 organisation has shared this learning, reaching 40 practitioners." in text
    header = [p.text for p in word.sections[0].header.paragraphs]
    footer = [p.text for p in word.sections[0].footer.paragraphs]
    assert "OFFICIAL-SENSITIVE" in header
    assert "OFFICIAL-SENSITIVE" in footer
    assert f"{review.case_code} 7-minute briefing" in header


def test_the_files_never_hold_an_identity_or_a_persons_name(
    review: Review, business_team_member: User
) -> None:
    for kind in (BRIEFING, ONE_PAGE):
        document = generate_learning_document(review, kind=kind, by=business_team_member)
        texts = [word_text(_docx(document)), pdf_text(_pdf(document))]
        for text in texts:
            assert "Child Q" in text
            for secret in (REAL_NAME, "Marigold", "Quillon", business_team_member.full_name):
                assert secret not in text
        assert _docx(document).core_properties.author == ""


def test_the_briefing_pdf_says_the_same(review: Review, business_team_member: User) -> None:
    document = generate_learning_document(review, kind=BRIEFING, by=business_team_member)
    data = _pdf(document)
    text = " ".join(pdf_text(data).split())

    assert data.startswith(b"%PDF")
    for heading in (
        "1. Background",
        "2. Why it matters",
        "3. What we found",
        "4. What we must do",
        "5. Questions to reflect on",
        "6. Further information",
        "7. Dissemination so far",
    ):
        assert heading in text
    assert "OFFICIAL-SENSITIVE" in text
    assert "Missed health appointments were not followed up" in text
    assert "Actions by: Hollin Test School, Wexmoor Police." in text


def test_learning_on_one_page_names_themes_learning_and_recommendations(
    review: Review, business_team_member: User
) -> None:
    document = generate_learning_document(review, kind=ONE_PAGE, by=business_team_member)
    word = _docx(document)
    text = word_text(word)
    pdf = pdf_text(_pdf(document))

    assert _headings(word) == ["Themes", "Key learning", "Recommendations"]
    assert "Information sharing, Neglect" in text
    assert "Missed health appointments were not followed up (Multi-agency)" in text
    assert "1. Agencies follow up every missed health appointment" in text
    assert "OFFICIAL-SENSITIVE" in [p.text for p in word.sections[0].header.paragraphs]
    assert "Information sharing, Neglect" in pdf
    assert pdf.count("\f") == 1  # pdftotext ends each page with a form feed


def test_learning_on_one_page_stays_on_one_page_however_much_there_is(
    partnership: Partnership, business_team_member: User, police: Organisation
) -> None:
    team = business_team_member
    review = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR)
    themes = [theme(partnership, f"Theme number {index}") for index in range(18)]
    for index in range(20):
        add_learning(review, by=team, summary=f"Point {index} " + "word " * 58, themes=themes)
    for index in range(12):
        add_recommendation(review, by=team, text=f"Recommendation {index} " + "long " * 1900)

    document = generate_learning_document(review, kind=ONE_PAGE, by=team)
    text = pdf_text(_pdf(document))

    assert text.count("\f") == 1
    assert f"And {20 - ONE_PAGE_POINTS} more in the 7-minute briefing." in " ".join(text.split())


def test_nothing_is_generated_before_any_learning(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:learning-documents-generate", kwargs={"pk": review.pk}),
        {"kind": BRIEFING},
    )

    assert response.status_code == 400
    assert "No learning has been recorded for this review yet" in response.content.decode()
    assert not GeneratedDocument.objects.filter(review=review).exists()
    with pytest.raises(ActionError):
        generate_learning_document(
            review, kind=DocumentKind.COMBINED_REPORT, by=business_team_member
        )


def test_an_unknown_kind_is_refused(
    client: Client, review: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:learning-documents-generate", kwargs={"pk": review.pk}),
        {"kind": DocumentKind.COMBINED_REPORT},
    )

    assert response.status_code == 400
    assert "Choose the 7-minute briefing or the learning on one page" in response.content.decode()
    assert not GeneratedDocument.objects.filter(review=review).exists()


def test_a_download_is_logged(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    document = generate_learning_document(review, kind=BRIEFING, by=business_team_member)
    join(
        review,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    sign_in(client, partner_lead)

    response = client.get(
        reverse(
            "reviews:document-download",
            kwargs={"pk": review.pk, "document_pk": document.pk, "format": "docx"},
        )
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]
    entry = AccessLogEntry.objects.get(user=partner_lead)
    assert entry.action == AccessLogEntry.Action.DOWNLOADED_DOCUMENT
    assert "7-minute briefing, version 1" in entry.target


def test_who_may_read_and_who_may_generate(
    client: Client,
    review: Review,
    business_team_member: User,
    partner_lead: User,
    agency_contributor: User,
    auditor: User,
    outsider: User,
    police: Organisation,
    school: Organisation,
) -> None:
    team = business_team_member
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    join(review, agency_contributor, ReviewRole.AGENCY_CONTRIBUTOR, by=team, organisation=school)
    page = reverse("reviews:learning-documents", kwargs={"pk": review.pk})
    generate = reverse("reviews:learning-documents-generate", kwargs={"pk": review.pk})

    expected = {
        partner_lead: (200, 403),
        agency_contributor: (403, 403),
        auditor: (404, 404),  # the partnership's auditor has no part in the review
        outsider: (404, 404),
    }
    for user, (reads, generates) in expected.items():
        sign_in(client, user)
        assert client.get(page).status_code == reads, user.email
        assert client.post(generate, {"kind": BRIEFING}).status_code == generates, user.email
    assert not GeneratedDocument.objects.filter(review=review).exists()
    sign_in(client, partner_lead)
    assert "Generate a new version" not in client.get(page).content.decode()


def test_the_page_takes_a_fixed_number_of_queries(
    client: Client,
    review: Review,
    business_team_member: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(2):
        generate_learning_document(review, kind=BRIEFING, by=business_team_member)
        generate_learning_document(review, kind=ONE_PAGE, by=business_team_member)
    sign_in(client, business_team_member)
    url = reverse("reviews:learning-documents", kwargs={"pk": review.pk})

    with django_assert_max_num_queries(20):
        response = client.get(url)

    assert response.status_code == 200
    assert "Impact update: " in response.content.decode()
