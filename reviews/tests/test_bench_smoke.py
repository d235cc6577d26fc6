"""The schedule benchmark runs end to end on a few reviews (timings are not checked here)."""

from __future__ import annotations

from bench import schedules


def test_the_schedule_benchmark_runs_and_reports() -> None:
    result = schedules.run(200, repeat=1)

    assert result.reviews == 200
    assert result.due_dates > 200 * 11  # at least the eleven working-day steps each
    assert "floor" in schedules.report(result)
