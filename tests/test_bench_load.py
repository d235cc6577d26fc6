"""The load benchmark's pieces for a moment against the live test server (timings are not
checked here): its people sign in with password and code, each phase answers without errors."""

from __future__ import annotations

import pytest
from pytest_django.live_server_helper import LiveServer

from bench import load, national


@pytest.mark.django_db(transaction=True)
def test_people_sign_in_with_their_code_and_every_phase_answers_without_errors(
    live_server: LiveServer,
) -> None:
    national.build((2,))
    crowd = load.people(2)

    phases = load.run(live_server.url, crowd, 0.2, behind_tls_proxy=False)

    names = [phase.name for phase in phases]
    mixes = ["mix (every page)", "mix (all but home)"]
    assert names == ["floor (before)", *crowd[0].pages, *mixes, "floor (after)"]
    assert all(phase.samples and phase.errors == 0 for phase in phases)
    assert "floor/this" in load.report("smoke", phases)


def test_server_configurations_are_read_as_workers_and_threads() -> None:
    assert load.servers("2,2x4") == [(2, 1), (2, 4)]
