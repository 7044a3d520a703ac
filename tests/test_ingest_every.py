"""``kdeal ingest --every``: reading intervals and the schedule loop."""
from __future__ import annotations

import pytest
from kdeal.pipeline.ingest import parse_every, run_every

from kdeal.errors import KdealError


def test_intervals_are_read_in_seconds_minutes_hours_and_days():
    assert parse_every("30m") == 1800
    assert parse_every("1h30m") == 5400
    assert parse_every(" 90s ") == 90
    assert parse_every("2d") == 172800
    assert parse_every("1.5h") == 5400


@pytest.mark.parametrize("bad", ["", "30", "m", "30 minutes", "0s", "1h foo", "-5m"])
def test_unreadable_intervals_are_refused_with_an_example(bad):
    with pytest.raises(KdealError, match="e.g. 30m"):
        parse_every(bad)


class Clock:
    """A clock that moves only when someone sleeps or works."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.slept.append(round(s, 6))
        self.now += s


def test_runs_start_on_the_interval_and_a_failed_run_does_not_stop_the_schedule():
    clock = Clock()
    starts: list[float] = []

    def job() -> None:
        starts.append(clock.now)
        clock.now += 10  # the run takes 10 s
        if len(starts) == 2:
            raise KdealError("database unreachable")

    assert run_every(60, job, max_runs=3, sleep=clock.sleep, clock=clock) == 3
    assert starts == [1000.0, 1060.0, 1120.0]
    assert clock.slept == [50.0, 50.0]


def test_a_run_longer_than_the_interval_delays_the_next_instead_of_overlapping():
    clock = Clock()
    starts: list[float] = []

    def job() -> None:
        starts.append(clock.now)
        clock.now += 90 if len(starts) == 1 else 1

    run_every(60, job, max_runs=3, sleep=clock.sleep, clock=clock)
    assert starts[1] >= starts[0] + 90
    assert starts[2] - starts[1] == 60
