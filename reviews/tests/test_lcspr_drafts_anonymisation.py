"""The anonymisation check: the pure scanner, the action, the page and a real Word file."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews import actions
from reviews.actions.lcspr.drafts.anonymisation import check_anonymisation
from reviews.actions.lcspr.drafts.versions import agree_final_draft
from reviews.anonymisation import (
    HitKind,
    IdentityValues,
    find_identifiers,
    identifiers,
    split_aliases,
)
from reviews.event_types import EventType
from reviews.models import AccessLogEntry, AnonymisationCheck, Event, IdentityRecord
from reviews.reads.lcspr.drafts import identities_of, latest_check_passed
from reviews.tests.lcspr_drafts_setup import PANEL_REASON, LcsprCase, lcspr_case, upload

GEMMA = IdentityValues(
    real_name="Gemma Hartley-Nwosu",
    aliases=("Gem", "Gemmy"),
    date_of_birth=dt.date(2019, 3, 27),
    address="12 Larch Way\nFernbrook, Wexmoor\nWX4 7QT",
    school="Fernbrook Primary School",
)


def _kinds(text: str, identities: tuple[IdentityValues, ...] = (GEMMA,)) -> list[str]:
    return [str(hit.kind) for hit in find_identifiers(text, identities)]


# The scanner -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Gemma Hartley-Nwosu was seen.", HitKind.NAME, "Gemma Hartley-Nwosu"),
        ("GEMMA was seen.", HitKind.NAME, "GEMMA"),
        ("Seen by Ms Hartley.", HitKind.NAME, "Hartley"),
        ("Known as Nwosu.", HitKind.NAME, "Nwosu"),
        ("Gemma\n  Hartley-Nwosu", HitKind.NAME, "Gemma\n  Hartley-Nwosu"),
        ("Gemma Hartley \u2013 Nwosu", HitKind.NAME, "Gemma Hartley \u2013 Nwosu"),
        ("Her friends called her Gemmy.", HitKind.ALIAS, "Gemmy"),
        ("She lived at 12 Larch Way.", HitKind.ADDRESS, "12 Larch Way"),
        ("A house on Larch  Way.", HitKind.ADDRESS, "Larch  Way"),
        ("Postcode wx47qt.", HitKind.ADDRESS, "wx47qt"),
        ("Postcode WX4   7QT.", HitKind.ADDRESS, "WX4   7QT"),
        ("Moved to Fernbrook.", HitKind.ADDRESS, "Fernbrook"),
        ("Born 27/03/2019.", HitKind.DATE_OF_BIRTH, "27/03/2019"),
        ("Born 27/3/2019.", HitKind.DATE_OF_BIRTH, "27/3/2019"),
        ("Born 27.03.2019.", HitKind.DATE_OF_BIRTH, "27.03.2019"),
        ("Born 2019-03-27.", HitKind.DATE_OF_BIRTH, "2019-03-27"),
        ("Born 27 March 2019.", HitKind.DATE_OF_BIRTH, "27 March 2019"),
        ("Born 27th March 2019.", HitKind.DATE_OF_BIRTH, "27th March 2019"),
        ("Born March 27, 2019.", HitKind.DATE_OF_BIRTH, "March 27, 2019"),
        ("Born 27 Mar 2019.", HitKind.DATE_OF_BIRTH, "27 Mar 2019"),
        ("Born 27 march\n2019.", HitKind.DATE_OF_BIRTH, "27 march\n2019"),
        ("Attended Fernbrook Primary School.", HitKind.SCHOOL, "Fernbrook Primary School"),
    ],
)
def test_it_finds_each_kind_of_identifier(text: str, kind: HitKind, found: str) -> None:
    hits = find_identifiers(text, [GEMMA])

    assert [(hit.kind, hit.text) for hit in hits] == [(kind, found)]
    assert text[hits[0].start : hits[0].end] == found


@pytest.mark.parametrize(
    "text",
    [
        "Child G lived with her mother.",
        "Child G's school.",
        "Gemstones and Hartleyford are other words.",
        "Born 28/03/2019 or 27/03/2018 or 127/03/2019.",
        "Born 27 May 2019.",
        "Gemmas",
        "A gem of a practitioner.",  # the alias "Gem" matches only as a whole word
    ],
)
def test_it_does_not_hit_the_pseudonym_or_near_misses(text: str) -> None:
    kinds = _kinds(text)
    if text.startswith("A gem"):
        assert kinds == ["alias"]  # a whole word: the business team judges it
    else:
        assert kinds == []


def test_curly_and_straight_apostrophes_match_each_other() -> None:
    liam = IdentityValues(real_name="Liam O'Connell")

    assert _kinds("Liam O\u2019Connell attended.", (liam,)) == ["name"]
    assert _kinds("Liam O'Connell attended.", (liam,)) == ["name"]
    assert _kinds("Mr O\u2018Connell", (liam,)) == ["name"]


def test_a_full_name_is_one_hit_not_three() -> None:
    hits = find_identifiers("Gemma Hartley-Nwosu, Hartley and Gemma.", [GEMMA])

    assert [hit.text for hit in hits] == ["Gemma Hartley-Nwosu", "Hartley", "Gemma"]


def test_short_name_parts_are_not_looked_for() -> None:
    jo = IdentityValues(real_name="Jo Li")

    assert _kinds("Jo Li visited.", (jo,)) == ["name"]
    assert _kinds("Jo visited. Li said.", (jo,)) == []


def test_a_hit_gives_forty_characters_of_context() -> None:
    text = "x" * 100 + " Gemma " + "y" * 100

    (hit,) = find_identifiers(text, [GEMMA])

    assert hit.before == "x" * 39 + " "
    assert hit.after == " " + "y" * 39
    assert hit.context == f"{'x' * 39} Gemma {'y' * 39}"


def test_the_values_counted_are_each_distinct_value_once() -> None:
    values = [each.value for each in identifiers([GEMMA, GEMMA])]

    assert len(values) == len(set(values))
    assert "WX4 7QT" in values
    assert "Larch Way" in values


def test_aliases_are_split_on_commas() -> None:
    assert split_aliases(" Gem, Gemmy ,, ") == ("Gem", "Gemmy")


_names = st.text(alphabet=string.ascii_letters, min_size=3, max_size=12)
_filler = st.text(alphabet=string.ascii_lowercase + " .,\n", max_size=60)


@settings(max_examples=150, deadline=None)
@given(first=_names, last=_names, before=_filler, after=_filler)
def test_a_real_name_anywhere_is_always_found(
    first: str, last: str, before: str, after: str
) -> None:
    identity = IdentityValues(real_name=f"{first} {last}")
    text = f"{before} {first.upper()} {last.lower()} {after}"

    hits = find_identifiers(text, [identity])

    assert any(hit.kind == HitKind.NAME for hit in hits)
    assert all(text[hit.start : hit.end] == hit.text for hit in hits)


# Without q, v, x, y or z, no run of filler can spell a part of the names below.
_plain_words = st.text(alphabet="abcdefghijklmnoprstuw .,\n'", max_size=60)


@settings(max_examples=150, deadline=None)
@given(letter=st.sampled_from(string.ascii_uppercase), words=_plain_words)
def test_the_pseudonym_is_never_a_hit(letter: str, words: str) -> None:
    identity = IdentityValues(real_name="Zyxqua Vorthwimble", aliases=("Zyxy",))

    assert find_identifiers(f"Child {letter} {words} Child {letter}'s", [identity]) == []


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2025, 12, 31)))
def test_a_date_of_birth_is_found_in_every_common_form(day: dt.date) -> None:
    identity = IdentityValues(real_name="Zyxqua Vorthwimble", date_of_birth=day)
    forms = [
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d.%m.%Y}",
        day.isoformat(),
        f"{day.day} {day:%B %Y}",
        f"{day.day}th {day:%B %Y}",
        f"{day:%B} {day.day}, {day.year}",
        f"{day.day} {day:%b %Y}",
    ]

    for written in forms:
        hits = find_identifiers(f"Born on {written}.", [identity])
        assert [(hit.kind, hit.text) for hit in hits] == [(HitKind.DATE_OF_BIRTH, written)]


# The action and the page -----------------------------------------------------------------------


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    school: Organisation,
) -> LcsprCase:
    case = lcspr_case(
        partnership,
        team=business_team_member,
        author=independent_author,
        police_lead=partner_lead,
        police=police,
        school=school,
    )
    # Recorded on the rapid review, as the business team does when it opens it.
    actions.record_identity(
        case.rapid_review,
        by=business_team_member,
        subject=IdentityRecord.Subject.CHILD,
        pseudonym="Child G",
        real_name="Gemma Hartley",
        date_of_birth=dt.date(2019, 3, 27),
        school="Fernbrook Primary School",
    )
    actions.record_identity(
        case.lcspr,
        by=business_team_member,
        subject=IdentityRecord.Subject.PARENT,
        pseudonym="Mother",
        real_name="Sandra Hartley",
        aliases="Sandy",
    )
    return case


def test_identities_of_the_lcspr_and_its_rapid_review_are_looked_for(case: LcsprCase) -> None:
    names = sorted(each.real_name for each in identities_of(case.lcspr))

    assert names == ["Gemma Hartley", "Sandra Hartley"]


def test_a_word_file_with_a_real_name_fails_and_a_clean_one_passes(case: LcsprCase) -> None:
    """A real .docx built with python-docx: the name is in a table and the header."""
    leaky = upload(
        case.lcspr,
        case.author,
        "Child G lived with her mother.",
        header="Review of Gemma Hartley",
        table=[["Agency", "Finding"], ["School", "Sandy did not attend the meeting."]],
    )
    leaky.refresh_from_db()

    failed = check_anonymisation(leaky, by=case.team)

    assert [(hit.kind, hit.text) for hit in failed.hits] == [
        (HitKind.ALIAS, "Sandy"),
        (HitKind.NAME, "Gemma Hartley"),
    ]
    assert failed.check.hits == 2
    assert not failed.check.passed

    clean = upload(
        case.lcspr,
        case.author,
        "Child G lived with her mother.",
        header="Review of Child G",
        table=[["Agency", "Finding"], ["School", "Her mother did not attend the meeting."]],
    )
    clean.refresh_from_db()
    passed = check_anonymisation(clean, by=case.team)

    assert passed.hits == []
    assert passed.check.passed


def test_a_check_stores_counts_and_logs_the_look_but_never_the_values(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "Gemma Hartley was born 27/03/2019.")
    draft.refresh_from_db()

    check_anonymisation(draft, by=case.team)

    check = AnonymisationCheck.objects.get()
    assert (check.hits, check.run_by) == (2, case.team)
    assert check.values_checked > 0
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.VIEWED_IDENTITY)
    assert entry.reason == "anonymisation check"
    event = Event.objects.get(type=EventType.ANONYMISATION_CHECKED)
    assert event.detail["hits"] == 2
    assert "Gemma" not in str(event.detail)
    assert "Gemma" not in entry.target


def test_latest_check_passed_follows_the_final_drafts_latest_check(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "About Gemma.")
    draft.refresh_from_db()
    assert not latest_check_passed(case.lcspr)  # no final, no check

    check_anonymisation(draft, by=case.team)
    agree_final_draft(draft, by=case.team, agreed_on=timezone.localdate(), reason=PANEL_REASON)
    assert not latest_check_passed(case.lcspr)  # the final's check found a name

    clean = upload(case.lcspr, case.author, "About Child G.")
    clean.refresh_from_db()
    check_anonymisation(clean, by=case.team)
    assert not latest_check_passed(case.lcspr)  # clean, but not yet the final

    agree_final_draft(clean, by=case.team, agreed_on=timezone.localdate(), reason=PANEL_REASON)
    assert latest_check_passed(case.lcspr)


def _page(case: LcsprCase, number: int = 1) -> str:
    return reverse("reviews:anonymisation", kwargs={"pk": case.lcspr.pk, "number": number})


def test_the_page_shows_the_hits_once_and_then_only_counts(client: Client, case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "Seen by Sandra Hartley at <b>home</b>.")
    sign_in(client, case.team)

    ran = client.post(_page(case))
    later = client.get(_page(case))

    assert ran.status_code == 200
    page = ran.content.decode()
    assert "<mark>Sandra Hartley</mark>" in page
    assert "&lt;b&gt;home&lt;/b&gt;" in page
    assert "Not passed" in page
    assert later.status_code == 200
    assert "Sandra Hartley" not in later.content.decode()
    assert 'data-testid="checks"' in later.content.decode()


def test_only_the_business_team_runs_the_check(
    client: Client, case: LcsprCase, outsider: User
) -> None:
    upload(case.lcspr, case.author, "A draft.")
    for person, status in (
        (case.author, 403),
        (case.police_lead, 403),
        (case.chair, 403),
        (outsider, 404),
    ):
        sign_in(client, person)
        assert client.post(_page(case)).status_code == status
        assert client.get(_page(case)).status_code == status
    assert not AnonymisationCheck.objects.exists()


def test_the_check_is_not_on_a_rapid_review(client: Client, case: LcsprCase) -> None:
    sign_in(client, case.team)

    url = reverse("reviews:anonymisation", kwargs={"pk": case.rapid_review.pk, "number": 1})

    assert client.get(url).status_code == 404
