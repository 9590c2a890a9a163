"""Where the board pack places things: headline cards keep their whole caption."""
from __future__ import annotations

from reports import pack_layout
from reports.pack import Headline, Metrics, Slide


def _words(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def test_a_headline_caption_is_never_cut_and_its_card_holds_it():
    """A consultant's review: slides 2, 3 and 17 read "Best weighted score among the ranked
    vendors (passing …" and "6 culture dimensions below target (3 …"."""
    captions = ["Best weighted score among the ranked vendors (passing every must-have)",
                "6 culture dimensions below target (3 barriers), 7 competency gaps",
                "Leaders and employees who answered the culture questionnaire", ""]
    block = Metrics([Headline(f"Label {n}", str(n * 11), caption)
                     for n, caption in enumerate(captions)])
    slide = Slide("headline", "Summary", "Headlines", "A message.", [block])
    [(placed, box)] = pack_layout.body(slide, pack_layout.heading(slide).body_y)
    for card, caption in zip(pack_layout.cards(placed, box), captions):
        assert "…" not in " ".join(card.caption.lines)
        assert _words(card.caption.lines) == caption
        inside = 12 + card.label.height + card.value.height + card.caption.height
        assert inside <= card.box.h
    assert box.y + box.h <= pack_layout.BODY_BOTTOM
