"""Join codes: read off a projector and typed by hand, so nothing ambiguous and no fuss."""
import pytest

from workshops import ALPHABET, CODE_LENGTH, display_code, new_code, normalize_code

LOOKALIKES = "0OQD1IL2Z5S8BGUV"


@pytest.mark.parametrize("character", LOOKALIKES)
def test_alphabet_leaves_out_characters_that_look_or_sound_alike(character):
    assert character not in ALPHABET


def test_alphabet_is_twenty_distinct_capitals_and_digits_giving_64_million_codes():
    assert len(set(ALPHABET)) == len(ALPHABET) == 20
    assert all(ch.isascii() and (ch.isupper() or ch.isdigit()) for ch in ALPHABET)
    assert CODE_LENGTH == 6
    assert len(ALPHABET) ** CODE_LENGTH == 64_000_000


def test_new_code_has_six_characters_of_the_alphabet():
    for _ in range(500):
        code = new_code()
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(ALPHABET)


def test_new_codes_are_random_not_repeated():
    # 1,000 draws from 64 million: the expected number of colliding pairs is
    # 1000 * 999 / 2 / 64e6 = 0.008, so more than a handful of repeats means a weak source.
    codes = [new_code() for _ in range(1_000)]
    assert len(set(codes)) >= 995


def test_every_character_turns_up_in_every_position():
    # 2,000 codes: each character is expected 100 times per position; missing one by
    # chance has probability (19/20) ** 2000, about 1e-45.
    codes = [new_code() for _ in range(2_000)]
    for position in range(CODE_LENGTH):
        assert {code[position] for code in codes} == set(ALPHABET)


@pytest.mark.parametrize("typed", [
    "ACE479", "ace479", "ACE-479", "ace-479", " ace 479 ", "a c e 4 7 9", "Ace_479",
    "ACE.479", "ace\t479", "ACE - 479", "ACE·479", "ACE--479\n",
])
def test_case_spaces_and_dashes_do_not_matter(typed):
    assert normalize_code(typed) == "ACE479"


@pytest.mark.parametrize("typed", ["", "   ", "ACE47", "ACE-4799", "AC-E4", "ACEACE479"])
def test_a_code_of_the_wrong_length_is_no_code(typed):
    assert normalize_code(typed) is None


@pytest.mark.parametrize("typed", [
    "ACE-470",        # zero is left out (looks like O)
    "ACO-479",        # O is left out
    "ABC-479",        # B is left out (looks like 8)
    "ACE+479",        # punctuation that is not a separator
    "ACÉ-479",        # accented letter
    "ＡＣＥ４７９",      # full-width characters look the same but are different
    "ACE47٩",         # Arabic-Indic nine
])
def test_characters_outside_the_alphabet_are_refused(typed):
    assert normalize_code(typed) is None


@pytest.mark.parametrize("value", [None, 479479, 4.79, b"ACE479", ["ACE479"], {"ACE479"}])
def test_something_that_is_not_text_is_no_code(value):
    assert normalize_code(value) is None


def test_a_huge_string_is_refused_even_if_it_hides_a_code():
    assert normalize_code("A" * 1_000_000) is None
    assert normalize_code("ACE-479" + " " * 100) is None


def test_code_is_shown_as_two_groups_of_three():
    assert display_code("ACE479") == "ACE-479"


def test_a_shown_code_typed_back_is_the_same_code():
    for _ in range(100):
        code = new_code()
        shown = display_code(code)
        assert shown[3] == "-" and len(shown) == 7
        assert normalize_code(shown) == code
        assert normalize_code(shown.lower()) == code
