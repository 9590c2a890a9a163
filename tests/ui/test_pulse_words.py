"""The respondent page's own words: every language says everything English says, with the
same placeholders (a missing one would show "{minimum}" or fail on a respondent's phone)."""
import string

import pytest

from assessments.languages import LANGUAGES
from ui.pulse_words import WORDS, words


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", [code for code in WORDS if code != "en"])
def test_every_language_has_every_text_with_the_same_placeholders(language):
    english, theirs = WORDS["en"], WORDS[language]
    assert set(theirs) == set(english)
    for key, text in english.items():
        assert placeholders(theirs[key]) == placeholders(text), key
        assert theirs[key] != text, key


def test_the_page_speaks_the_shipped_culture_banks_languages():
    from assessments import load_bank

    assert set(load_bank("culture").languages) <= set(WORDS) <= set(LANGUAGES)


def test_a_language_the_page_does_not_speak_falls_back_to_english():
    assert words("es") is WORDS["en"] and words("de")["start"] == "Befragung beginnen"
