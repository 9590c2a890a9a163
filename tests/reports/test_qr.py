"""QR codes for the projector: the join link, big enough to scan from the back of a room."""
import struct
import xml.etree.ElementTree as ET

import segno

from reports import qr

LINK = "http://192.168.1.20:8501/?code=ACE479"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG file"
    return struct.unpack(">II", data[16:24])


def test_the_png_encodes_the_join_link_with_a_quiet_zone_at_ten_pixels_a_module():
    symbol = segno.make(LINK, error="m", micro=False)
    modules = symbol.symbol_size(border=2)[0]
    assert _png_size(qr.qr_png(LINK)) == (modules * 10, modules * 10)
    assert modules * 10 >= 250, "large enough to scan from a projected slide"
    # The code is exactly the one for this link, and another link gives another code.
    assert [list(row) for row in symbol.matrix] != [
        list(row) for row in segno.make(LINK.replace("ACE479", "ACE478"), error="m",
                                        micro=False).matrix]
    assert qr.qr_png(LINK) != qr.qr_png(LINK.replace("ACE479", "ACE478"))


def test_the_svg_is_a_standalone_svg_document():
    root = ET.fromstring(qr.qr_svg(LINK))
    assert root.tag.endswith("svg")
    assert root.get("width") and root.get("height")
