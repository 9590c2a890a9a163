"""The board pack's PDF: its text is text in the embedded font, whatever people typed."""
from __future__ import annotations

import io

from pypdf import PdfReader

import workspace
from outcomes import pack
from reports.pdf_pack import deck_pdf
from tests.outcomes.test_one_truth import pdf_pages


def _fonts(document: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(document)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


def test_a_hostile_engagement_name_is_set_as_plain_text_on_every_page(example_db):
    [example] = workspace.list_engagements(example_db)
    hostile = "=HYPERLINK(\"x\") <b>Ærø</b> \u202eevil\u202c 田中 & Co"
    workspace.update_engagement(example_db, example.id, name=hostile)
    deck = pack.gather_pack(example_db, example.id, "2026-11-30")
    pages = pdf_pages(deck_pdf(deck))
    assert len(pages) == len(deck.slides)
    # Formula-like and markup-like text is only text in a PDF; the bidi override is dropped
    # (it would reverse what follows), and characters the font lacks show as "?" rather
    # than vanishing from a name.
    shown = '=HYPERLINK("x") <b>Ærø</b> evil ?? & Co'
    assert shown in pages[0]
    assert all(shown in page for page in pages[1:]), "each page's footer names it"
    assert not any("\u202e" in page for page in pages)
    # The document's title property needs no font: it keeps every character typed.
    title = PdfReader(io.BytesIO(deck_pdf(deck))).metadata.title
    assert title == workspace.get_engagement(example_db, example.id).name and "田中" in title


def test_the_page_text_is_set_in_the_embedded_liberation_sans(example_db):
    [example] = workspace.list_engagements(example_db)
    document = deck_pdf(pack.gather_pack(example_db, example.id, "2026-11-30"))
    fonts = _fonts(document)
    assert {"LiberationSans", "LiberationSansBold"} <= fonts, fonts
    reader = PdfReader(io.BytesIO(document))
    assert reader.metadata.title == example.name
    assert float(reader.pages[0].mediabox.width) == 960
    assert float(reader.pages[0].mediabox.height) == 540
