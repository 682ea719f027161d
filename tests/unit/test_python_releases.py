"""python_min offers the releases that are not past end of life (includes/python_releases.yml
through copier.yml)."""

from __future__ import annotations

from datetime import date

from helpers import python_releases, question_choices

RELEASES = [release["version"] for release in python_releases()]


def test_python_min_offers_the_releases_not_past_end_of_life() -> None:
    today = date.today().isoformat()
    current = [r["version"] for r in python_releases() if r["end_of_life"] >= today]
    assert question_choices("python_min") == current
    # the table as of this change: 3.9 and 3.10 retired, 3.11 to 3.15 supported
    on_the_day = [r["version"] for r in python_releases() if r["end_of_life"] >= "2026-11-30"]
    assert on_the_day[0] == "3.11" and {"3.14", "3.15"} <= set(on_the_day)
    assert {"3.9", "3.10"} <= set(RELEASES) - set(on_the_day)
