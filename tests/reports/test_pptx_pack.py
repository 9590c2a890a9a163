"""The PowerPoint deck's drawing: what it places where on a slide."""
from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation

from reports.formats import Column, Kind, table
from reports.pack import Deck, Slide, TableBlock
from reports.pptx_pack import deck_pptx


def test_the_rows_left_out_note_sits_clear_of_the_table_however_tall_its_rows_render():
    """A consultant's review: in LibreOffice's render "First 12 of 54 rows shown" lay over
    the table's last row (it renders rows taller than placed, so a note under the table
    moves into it); the note goes above the table, in the room kept for it."""
    frame = pd.DataFrame({"name": [f"Group {n}" for n in range(54)], "score": range(54)})
    long = table(frame, [Column("name", "Group"), Column("score", "Score", Kind.SCORE_100)])
    deck = Deck("Acme", "Board pack", "2026-11-30", [
        Slide("title", "", "Acme", ""),
        Slide("long", "Readiness", "A long table", "Many rows.", [TableBlock(long, rows=12)])])
    slide = Presentation(io.BytesIO(deck_pptx(deck))).slides[1]
    [grid] = [shape for shape in slide.shapes if shape.has_table]
    [note] = [shape for shape in slide.shapes
              if shape.has_text_frame and "First 12 of 54 rows shown" in shape.text_frame.text]
    assert note.top + note.height <= grid.top
    assert len(grid.table.rows) == 13
