"""The HTML report: the board pack's slides as sections of one offline document.

The report and the PowerPoint and PDF packs share one content list
(:func:`outcomes.pack.board_pack`), so they say the same things with the same numbers; the
HTML shows every row and column of a table where a slide shows the first ones. Every
section that has no data says so and shows no verdict.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from outcomes import pack
from outcomes.gather import Platforms, Readiness
from reports.html import ReportInput, Section, engagement_report
from reports.pack import Deck


def report_input(engagement: Mapping[str, object], deck: Deck) -> ReportInput:
    """The report of one engagement (``engagement``: name, organization, industry, size,
    purpose, is_example): a section per slide after the title."""
    return ReportInput(engagement=engagement, metrics=[],
                       sections=[Section(slide.title, message=slide.message,
                                         blocks=slide.blocks)
                                 for slide in deck.slides if slide.key != "title"],
                       exported_on=deck.exported_on)


def report_html(engagement: Mapping[str, object], readiness: Readiness,
                platforms: Platforms | None, exported_on: str,
                snapshots: Sequence[Any] = (), sign_offs: Sequence[Any] = ()) -> bytes:
    """The HTML report as UTF-8 bytes (``snapshots``: the engagement's saved snapshots,
    for the trend; ``sign_offs``: its signed-off decisions)."""
    deck = pack.board_pack(engagement, readiness, platforms, exported_on, snapshots,
                           sign_offs=sign_offs)
    return engagement_report(report_input(engagement, deck)).encode("utf-8")
