"""Choosing a respondent's language from what their browser asks for."""
import pytest

from assessments.languages import LANGUAGES, best_language, english_name, native_name

OFFERED = ("en", "de", "fr")


@pytest.mark.parametrize("header, expected", [
    ("de-CH,de;q=0.9,en;q=0.8", "de"),
    ("fr-FR", "fr"),
    ("it-IT,fr;q=0.5,en;q=0.7", "en"),          # the highest quality offered wins
    ("en;q=0.1, fr;q=0.9", "fr"),
    ("DE", "de"),
    ("de;q=0, fr;q=0.3", "fr"),                 # q=0 says "not this one"
    ("es,it", None),
    ("", None),
    (None, None),
    ("de;q=abc, ;;, fr", "fr"),                 # a malformed part is skipped, not an error
])
def test_the_browsers_preferred_offered_language_is_chosen(header, expected):
    assert best_language(header, OFFERED) == expected


def test_every_known_language_has_a_name_in_itself_and_in_english():
    assert native_name("de") == "Deutsch" and english_name("fr") == "French"
    assert all(native and english for native, english in LANGUAGES.values())
    assert native_name("xx") == "xx"
