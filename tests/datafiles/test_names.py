"""Personal names typed in pulse comments are masked before anything is kept."""
import pytest

from datafiles.names import MASK, given_names, mask_names


@pytest.mark.parametrize("typed, kept", [
    ("Ask Anna Berg, she knows.", "Ask [name], she knows."),
    ("I told Thomas twice.", "I told [name] twice."),
    ("Frau Müller und Jürgen Schmidt", "[name] und [name]"),
    ("Hélène et Benoît", "[name] et [name]"),
    ("Marie-Claire Dubois left", "[name] left"),
    ("Mr Smith never answers.", "[name] never answers."),
    ("Dr. Anna Berg said so", "[name] said so"),
    ("M. Martin est là", "[name] est là"),
    ("Prof. Xu Li and Dr. Zhang", "[name] and [name]"),
    ("mail anna.berg@example.com or @aberg", "mail [name] or [name]"),
])
def test_names_the_module_recognizes_are_masked(typed, kept):
    assert mask_names(typed) == kept


@pytest.mark.parametrize("typed", [
    "Will leaders listen?", "Mark my words", "May brings the pilot", "Viva Engage works",
    "Human Resources owns it", "Dr is short for doctor", "M. le directeur", "the CEO said",
    "THOMAS wrote in capitals",
])
def test_ordinary_words_stay_as_typed(typed):
    assert mask_names(typed) == typed


def test_a_family_name_alone_is_not_recognized_and_the_docs_say_so():
    """Honest limits: a name that is not on the list passes (the page asks not to name
    anyone)."""
    assert mask_names("Ask Berg about it") == "Ask Berg about it"


def test_the_list_is_read_without_accents_and_has_no_everyday_words():
    names = given_names()
    assert "Jurgen" in names and "Helene" in names and len(names) > 250
    assert not names & {"Will", "May", "June", "Mark", "Grace", "Hope", "Bill"}
    assert MASK == "[name]"
