"""The LCSPR's draft pages: the list of versions, uploads and downloads, comments and answers,
the final and presented pages, and who may use them."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions.lcspr.drafts.versions import answer_draft_comment
from reviews.models import AccessLogEntry, DraftComment, DraftReport, ReviewRole
from reviews.process import Step
from reviews.tests import lcspr_drafts_setup as setup
from reviews.tests.factories import join
from reviews.tests.lcspr_drafts_setup import TODAY, LcsprCase, comment_on, done, upload, word_file


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> LcsprCase:
    return setup.case(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        school=school,
    )


def _url(name: str, case: LcsprCase, **kwargs: int) -> str:
    return reverse(name, kwargs={"pk": case.lcspr.pk, **kwargs})


def test_the_list_shows_every_version_with_its_comment_counts(
    client: Client, case: LcsprCase
) -> None:
    first = upload(case.lcspr, case.author, "First.")
    comment = comment_on(case, first)
    comment_on(case, first, "Another.")
    answer_draft_comment(
        comment,
        by=case.author,
        expected_version=1,
        status=DraftComment.Status.ANSWERED,
        response="No change.",
    )
    upload(case.lcspr, case.author, "Second.")
    sign_in(client, case.chair)

    page = client.get(_url("reviews:drafts", case)).content.decode()

    assert "Version 2" in page
    assert "Version 1" in page
    assert 'data-testid="comments-1">1 open, 1 answered' in page
    assert "Upload the new version" not in page  # the chair reads; the author uploads


def test_the_list_makes_the_same_number_of_queries_for_many_versions(
    client: Client, case: LcsprCase, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    sign_in(client, case.team)
    upload(case.lcspr, case.author, "One.")
    with django_assert_max_num_queries(30) as one:
        client.get(_url("reviews:drafts", case))
    for n in range(4):
        comment_on(case, upload(case.lcspr, case.author, f"Version {n}."))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(_url("reviews:drafts", case)).status_code == 200


def test_the_version_page_makes_the_same_number_of_queries_for_many_comments(
    client: Client, case: LcsprCase, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    sign_in(client, case.team)
    draft = upload(case.lcspr, case.author, "One.")
    comment_on(case, draft)
    with django_assert_max_num_queries(40) as one:
        client.get(_url("reviews:draft", case, number=1))
    for n in range(5):
        comment_on(case, draft, f"Comment {n}.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(_url("reviews:draft", case, number=1)).status_code == 200


def test_the_author_uploads_through_the_page(client: Client, case: LcsprCase) -> None:
    sign_in(client, case.author)

    response = client.post(
        _url("reviews:draft-upload", case), {"file": word_file(), "note": "First full draft."}
    )

    assert response.status_code == 302
    assert response["Location"] == _url("reviews:draft", case, number=1)
    assert DraftReport.objects.get(review=case.lcspr).note == "First full draft."


def test_a_refused_upload_names_the_field(client: Client, case: LcsprCase) -> None:
    sign_in(client, case.author)

    response = client.post(
        _url("reviews:draft-upload", case),
        {"file": SimpleUploadedFile("draft.docx", b"not word")},
    )

    assert response.status_code == 400
    assert "contents are not one" in response.content.decode()
    assert 'href="#id_file"' in response.content.decode()


def test_a_too_large_upload_is_refused_before_it_is_kept(
    client: Client, case: LcsprCase, settings: Any
) -> None:
    settings.SUPPORTING_DOCUMENT_MAX_BYTES = 1024
    sign_in(client, case.author)

    response = client.post(_url("reviews:draft-upload", case), {"file": word_file()})

    assert response.status_code == 400
    assert "must be smaller than 1 KB" in response.content.decode()
    assert not DraftReport.objects.exists()


def test_the_download_is_logged_and_sent_as_an_attachment(client: Client, case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "The draft text about Child G.")
    sign_in(client, case.chair)

    response = client.get(_url("reviews:draft-download", case, number=1))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert "Child G" in "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)
    assert AccessLogEntry.objects.filter(
        user=case.chair, action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT
    ).exists()


def test_comment_then_answer_through_the_pages(client: Client, case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "A draft.")
    sign_in(client, case.police_lead)
    response = client.post(
        _url("reviews:draft-comment", case, number=1),
        {"topic": "factual-accuracy", "where": "Page 2", "text": "<script>x</script> wrong date"},
    )
    assert response.status_code == 302
    comment = DraftComment.objects.get()
    assert comment.organisation is not None  # the one organisation the lead speaks for

    sign_in(client, case.author)
    page = client.get(_url("reviews:draft", case, number=1)).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x</script>" not in page
    prefix = f"comment-{comment.pk}"
    response = client.post(
        _url("reviews:draft-comment-answer", case, number=1, comment_pk=comment.pk),
        {f"{prefix}-version": "1", f"{prefix}-status": "resolved", f"{prefix}-response": "Fixed."},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == DraftComment.Status.RESOLVED


def test_a_clashing_answer_is_a_409_showing_both(client: Client, case: LcsprCase) -> None:
    comment = comment_on(case, upload(case.lcspr, case.author, "A draft."))
    answer_draft_comment(
        comment,
        by=case.team,
        expected_version=1,
        status=DraftComment.Status.ANSWERED,
        response="Their answer.",
    )
    sign_in(client, case.author)
    prefix = f"comment-{comment.pk}"

    response = client.post(
        _url("reviews:draft-comment-answer", case, number=1, comment_pk=comment.pk),
        {f"{prefix}-version": "1", f"{prefix}-status": "resolved", f"{prefix}-response": "Mine."},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Their answer." in page
    assert "Mine." in page


def test_a_comment_without_text_names_the_field(client: Client, case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "A draft.")
    sign_in(client, case.police_lead)

    response = client.post(
        _url("reviews:draft-comment", case, number=1), {"topic": "factual-accuracy", "text": ""}
    )

    assert response.status_code == 400
    assert "Enter your comment" in response.content.decode()


def test_the_final_page_refusal_says_how_many_comments_are_open(
    client: Client, case: LcsprCase
) -> None:
    comment_on(case, upload(case.lcspr, case.author, "A draft."))
    sign_in(client, case.team)
    today = TODAY()

    response = client.post(
        _url("reviews:draft-final", case, number=1),
        {"agreed_on-day": today.day, "agreed_on-month": today.month, "agreed_on-year": today.year},
    )

    assert response.status_code == 400
    assert "has 1 open comment" in response.content.decode()


def test_presented_through_the_page(client: Client, case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "A draft.")
    sign_in(client, case.author)
    today = TODAY()

    response = client.post(
        _url("reviews:draft-presented", case, number=1),
        {
            "presented_on-day": today.day,
            "presented_on-month": today.month,
            "presented_on-year": today.year,
        },
    )

    assert response.status_code == 302
    assert done(case, Step.DRAFT_PRESENTED) == today


@pytest.mark.parametrize(
    ("who", "name", "status"),
    [
        ("outsider", "reviews:drafts", 404),
        ("agency_contributor", "reviews:drafts", 403),
        ("chair", "reviews:draft-upload", 403),
        ("author", "reviews:draft-comment", 403),
        ("police_lead", "reviews:draft-final", 403),
        ("author", "reviews:draft-final", 403),
        ("chair", "reviews:draft-presented", 403),
    ],
)
def test_people_are_refused_what_their_part_does_not_include(
    client: Client,
    case: LcsprCase,
    outsider: User,
    agency_contributor: User,
    school: Organisation,
    who: str,
    name: str,
    status: int,
) -> None:
    upload(case.lcspr, case.author, "A draft.")
    join(
        case.lcspr,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=case.team,
        organisation=school,
    )
    people = {
        "outsider": outsider,
        "agency_contributor": agency_contributor,
        "chair": case.chair,
        "author": case.author,
        "police_lead": case.police_lead,
    }
    sign_in(client, people[who])
    kwargs = {} if name in {"reviews:drafts", "reviews:draft-upload"} else {"number": 1}
    url = _url(name, case, **kwargs)

    response = client.get(url) if name == "reviews:drafts" else client.post(url, {})

    assert response.status_code == status


@pytest.mark.parametrize(
    "name", ["reviews:drafts", "reviews:draft", "reviews:draft-download", "reviews:sign-off"]
)
def test_a_rapid_review_has_no_draft_pages(client: Client, case: LcsprCase, name: str) -> None:
    sign_in(client, case.team)
    kwargs = {"number": 1} if name in {"reviews:draft", "reviews:draft-download"} else {}

    response = client.get(reverse(name, kwargs={"pk": case.rapid_review.pk, **kwargs}))

    assert response.status_code == 404
