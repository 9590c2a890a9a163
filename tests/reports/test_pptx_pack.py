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


def test_every_part_and_every_shape_of_the_example_deck_has_a_name_and_id_of_its_own(
        example_db):
    """The deck names its parts and numbers its shapes itself (python-pptx looked at every
    part and shape for each new one): a repeated part name or shape id would make
    PowerPoint offer to repair the file."""
    import zipfile

    import workspace
    from outcomes import pack

    [example] = workspace.list_engagements(example_db)
    deck = pack.gather_pack(example_db, example.id, "2026-11-30")
    data = deck_pptx(deck)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(names) == len(set(names))
    charts = [name for name in names if name.startswith("ppt/charts/chart")]
    assert len(charts) == sum(1 for slide in deck.slides for block in slide.blocks
                              if hasattr(block, "kind") and block.draw is not None)
    presentation = Presentation(io.BytesIO(data))
    for slide in presentation.slides:
        ids = [shape.shape_id for shape in slide.shapes]
        assert len(ids) == len(set(ids)), slide.shapes.title.text_frame.text
        assert slide.shapes.title is not None and slide.shapes.title.text_frame.text
    notes = [slide.notes_slide.notes_text_frame.text for slide in presentation.slides
             if slide.has_notes_slide]
    assert len(notes) == sum(1 for slide in deck.slides if slide.notes) and all(notes)
