"""A person can look at every slide: the deck as LibreOffice draws it, and the PDF's pages,
saved as PNG under shots/board-pack/ (kept as test artifacts, not in git).

LibreOffice opening the deck is also the check that it is a deck an office suite reads:
every slide renders, not blank, with its title as text (not a picture).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date

import pytest
from PIL import Image

import workspace
from outcomes import pack
from reports.pdf_pack import deck_pdf
from reports.pptx_pack import deck_pptx
from tests.conftest import ROOT
from tests.libreoffice import soffice
from tests.outcomes.test_one_truth import build, pdf_pages

SHOTS = ROOT / "shots" / "board-pack"


def _pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        reason = "pdftoppm is not installed: apt-get install poppler-utils"
        if os.environ.get("SOCIALREADY_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(reason + " (SOCIALREADY_REQUIRE_LIBREOFFICE=1)")
        pytest.skip(reason)
    return found


def _pngs(pdf, folder, prefix: str) -> list:
    for old in folder.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run([_pdftoppm(), "-png", "-r", "72", str(pdf), str(folder / prefix)],
                   check=True, timeout=300)
    return sorted(folder.glob(f"{prefix}-*.png"))


def _drawn_share(path) -> float:
    """The share of the picture that is not (nearly) white."""
    image = Image.open(path).convert("L").resize((160, 90))
    dark = image.point(lambda p: 255 if p < 235 else 0).histogram()[255]
    return dark / (160 * 90)


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["example", "empty", "all_knocked_out", "trend", "unicode"])
def test_every_slide_renders_in_libreoffice_and_is_kept_as_a_picture(which, example_db,
                                                                      tmp_path):
    eid = build(example_db, which)
    deck = pack.gather_pack(example_db, eid, date.today().isoformat())
    folder = SHOTS / which
    folder.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "board-pack.pptx"
    source.write_bytes(deck_pptx(deck))
    done = subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                           "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                           str(tmp_path), str(source)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    drawn = tmp_path / "board-pack.pdf"
    assert drawn.exists(), ("LibreOffice could not open the deck (libreoffice-impress?)",
                            done.stdout + done.stderr)
    pages = pdf_pages(drawn.read_bytes())
    assert len(pages) == len(deck.slides)
    for slide, text in zip(deck.slides, pages):
        assert " ".join(slide.title.split()[:3]) in text, slide.key
    shots = _pngs(drawn, folder, "slide")
    assert len(shots) == len(deck.slides)
    for shot, slide in zip(shots, deck.slides):
        assert _drawn_share(shot) > 0.02, (slide.key, "looks empty")
    pdf = tmp_path / "board-pack-pdf.pdf"
    pdf.write_bytes(deck_pdf(deck))
    pages = _pngs(pdf, folder, "page")
    assert len(pages) == len(deck.slides)
    for page, slide in zip(pages, deck.slides):
        assert _drawn_share(page) > 0.02, (slide.key, "looks empty")
