"""Run every benchmark and print its table: `python -m bench [reviews]`; the reminders alone:
`python -m bench reminders [reviews ...]` (default 100 and 5,000)."""

from __future__ import annotations

import sys

from bench import reminders, schedules


def main(argv: list[str]) -> None:
    if argv[:1] == ["reminders"]:
        print(reminders.report(reminders.run([int(n) for n in argv[1:]] or [100, 5_000])))
        return
    count = int(argv[0]) if argv else 100_000
    print(schedules.report(schedules.run(count)))
    print(reminders.report(reminders.run([100, 5_000])))


if __name__ == "__main__":
    main(sys.argv[1:])
