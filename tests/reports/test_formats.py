"""How counts and numbers read in words."""
from reports.formats import counted


def test_a_counted_noun_agrees_with_its_number():
    assert counted(1, "value") == "1 value"
    assert counted(0, "vendor") == "0 vendors"
    assert counted(3, "must-have") == "3 must-haves"
    assert counted(2, "competency") == "2 competencies"
    assert counted(7, "competency gap") == "7 competency gaps"
    assert counted(2, "survey") == "2 surveys"
    assert counted(2, "analysis", "analyses") == "2 analyses"
