"""Run every benchmark and print its table: `python -m bench [reviews]`; the reminders alone:
`python -m bench reminders [reviews ...]` (default 100 and 5,000); national-scale data and
the page benchmark on DATABASE_URL's database: `python -m bench national --reviews 10,300,5000`,
`python -m bench pages [--rounds N]`, `python -m bench statistics [--rounds N]`."""

from __future__ import annotations

import os
import sys

from bench import reminders, schedules


def main(argv: list[str]) -> None:
    if argv[:1] in (["national"], ["pages"], ["statistics"]):
        _with_django(argv)
        return
    if argv[:1] == ["reminders"]:
        print(reminders.report(reminders.run([int(n) for n in argv[1:]] or [100, 5_000])))
        return
    count = int(argv[0]) if argv else 100_000
    print(schedules.report(schedules.run(count)))
    print(reminders.report(reminders.run([100, 5_000])))


def _with_django(argv: list[str]) -> None:
    """The national-scale generator and the page benchmark, on DATABASE_URL's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django  # noqa: PLC0415  settings first

    django.setup()
    from bench import national, pages, statistics  # noqa: PLC0415  needs the apps loaded

    mains = {"national": national.main, "pages": pages.main, "statistics": statistics.main}
    mains[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
