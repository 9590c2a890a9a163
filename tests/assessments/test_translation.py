"""Banks in several languages: the format of translations, the bank a respondent reads in a
language, English where a translation is missing, and the list of what is missing."""
from __future__ import annotations

import copy
import tomllib

import pandas as pd
import pytest

from assessments import BankError, bank_data, load_bank, parse_bank, score
from assessments.bank_excel import bank_to_toml
from assessments.translation import missing_text, missing_translations, translated


@pytest.fixture
def culture():
    return load_bank("culture")


def culture_data() -> dict:
    return bank_data(load_bank("culture"))


def item_data(data: dict, item_id: str) -> dict:
    return next(i for d in data["dimensions"] for i in d["items"] if i["id"] == item_id)


# --- the shipped bank ------------------------------------------------------------------------

def test_the_shipped_culture_bank_speaks_german_and_french_with_nothing_missing(culture):
    assert culture.languages == ("de", "fr")
    assert missing_translations(culture) == []
    german, french = translated(culture, "de"), translated(culture, "fr")
    assert german.item("c01").text.startswith("Die Menschen hier teilen unfertige Arbeit")
    assert french.item("c01").text.startswith("Ici, les gens partagent leur travail")
    assert german.labels[0] == "Stimme überhaupt nicht zu" and german.dont_know == "Weiß nicht"
    assert french.labels[-1] == "Tout à fait d’accord"
    assert french.dimensions[2].name == "Dirigeants prêts au dialogue ouvert"
    assert german.outcomes[0].text.startswith("Ich würde ein internes soziales Netzwerk")
    assert german.dimensions[2].gap_recommendations[0].detail != \
        culture.dimensions[2].gap_recommendations[0].detail


@pytest.mark.parametrize("language", ["de", "fr"])
def test_every_text_a_respondent_or_reader_sees_differs_from_the_english(culture, language):
    """A text copied over untranslated would pass as a translation: none is."""
    other = translated(culture, language)
    pairs = [(culture.title, other.title), (culture.description, other.description),
             *zip(culture.labels, other.labels), (culture.dont_know, other.dont_know),
             *((a.label, b.label) for a, b in zip(culture.bands, other.bands))]
    for english, theirs in zip(culture.dimensions, other.dimensions):
        pairs += [(english.name, theirs.name), (english.description, theirs.description)]
        pairs += [(a.text, b.text) for a, b in zip(english.items, theirs.items)]
        pairs += [(a.title, b.title) for a, b in zip(english.recommendations,
                                                      theirs.recommendations)]
        pairs += [(a.detail, b.detail) for a, b in zip(english.recommendations,
                                                        theirs.recommendations)]
        pairs += [(a.detail, b.detail) for a, b in zip(english.gap_recommendations,
                                                        theirs.gap_recommendations)]
    pairs += [(a.text, b.text) for a, b in zip(culture.outcomes, other.outcomes)]
    assert len(pairs) > 100
    assert [english for english, theirs in pairs if english == theirs] == []


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_translated_bank_keeps_every_id_flag_and_number_so_answers_pool(culture, language):
    other = translated(culture, language)
    assert [(i.id, i.reverse, i.dimension) for i in other.items] == [
        (i.id, i.reverse, i.dimension) for i in culture.items]
    assert [(b.id, b.min) for b in other.bands] == [(b.id, b.min) for b in culture.bands]
    assert (other.target, other.scale_max) == (culture.target, culture.scale_max)
    responses = pd.DataFrame([{"participant_id": p, "item": i.id, "value": 1 + (p + n) % 5,
                               "dont_know": False}
                              for p in range(4) for n, i in enumerate(culture.items)])
    columns = ["score", "band", "answered", "priority"]
    pd.testing.assert_frame_equal(score(other, responses).dimensions[columns],
                                  score(culture, responses).dimensions[columns])


def test_english_or_an_unlisted_language_gives_the_bank_itself(culture):
    assert translated(culture, "en") is culture
    assert translated(culture, "es") is culture


# --- a missing translation -------------------------------------------------------------------

def test_a_missing_translation_shows_the_english_and_is_listed_by_language():
    data = culture_data()
    del item_data(data, "c03")["translations"]["de"]
    del data["dimensions"][0]["recommendations"][1]["translations"]["fr"]["title"]
    del data["scale"]["translations"]["fr"]["dont_know"]
    bank = parse_bank(data)
    assert translated(bank, "de").item("c03").text == bank.item("c03").text
    assert translated(bank, "fr").item("c03").text != bank.item("c03").text
    french = translated(bank, "fr").dimensions[0].recommendations[1]
    assert french.title == bank.dimensions[0].recommendations[1].title
    assert french.detail.startswith("Choisissez une équipe pilote")
    assert translated(bank, "fr").dont_know == "Don't know"
    assert [(m.language, m.entry, m.fields) for m in missing_translations(bank)] == [
        ("de", "item 'c03'", ("text",)),
        ("fr", "the answer scale", ("dont_know",)),
        ("fr", "dimension 'open_sharing', recommendation 2", ("title",))]
    assert missing_text(missing_translations(bank)) == [
        "German (de): 1 entry shown in English: item 'c03' (text)",
        "French (fr): 2 entries shown in English: the answer scale (dont_know); dimension "
        "'open_sharing', recommendation 2 (title)"]


def test_a_new_language_with_nothing_translated_yet_is_listed_briefly():
    data = culture_data()
    data["bank"]["languages"] = ["de", "fr", "es"]
    [line] = missing_text(missing_translations(parse_bank(data)))
    assert line.startswith("Spanish (es): 73 entries shown in English: the bank's title and "
                           "description (title, description); the answer scale (labels, "
                           "dont_know); band 'barrier' (label);")
    assert line.endswith(", and 61 more")


def test_an_empty_optional_english_text_needs_no_translation():
    data = culture_data()
    data["dimensions"][0]["description"] = ""
    del data["dimensions"][0]["translations"]["de"]["description"]
    assert missing_translations(parse_bank(data)) == []


# --- the format ------------------------------------------------------------------------------

def test_a_bank_without_languages_reads_and_writes_exactly_as_before():
    maturity = load_bank("maturity")
    assert maturity.languages == () and missing_translations(maturity) == []
    text = bank_to_toml(bank_data(maturity))
    assert "languages" not in text and "translations" not in text
    older = culture_data()
    del older["bank"]["languages"]
    for entry in [older["bank"], older["scale"], *older["bands"], *older["outcomes"],
                  *older["dimensions"]]:
        entry.pop("translations", None)
    for dimension in older["dimensions"]:
        for entry in (*dimension["items"], *dimension["recommendations"],
                      *dimension.get("gap_recommendations", [])):
            entry.pop("translations")
    bank = parse_bank(older)
    assert bank.languages == () and translated(bank, "de") is bank
    assert bank_data(bank) == older


def test_translations_are_written_as_dotted_keys_beside_the_english_and_read_back(culture):
    text = bank_to_toml(bank_data(culture))
    assert ('reverse = true\ntranslations.de.text = "Offen eingestandene Fehler werden der '
            'betreffenden Person später vorgehalten."\n') in text
    assert parse_bank(tomllib.loads(text)) == culture


def test_translations_compare_equal_whatever_order_a_file_gives_them_in():
    data = culture_data()
    shuffled = copy.deepcopy(data)
    dimension = shuffled["dimensions"][0]
    dimension["translations"] = dict(reversed(list(
        {lang: dict(reversed(list(texts.items())))
         for lang, texts in dimension["translations"].items()}.items())))
    assert parse_bank(shuffled) == parse_bank(data)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["bank"].update(languages=["de", "en"]), "leave 'en' out"),
    (lambda d: d["bank"].update(languages=["de", "xx"]), "'xx' is not a language code"),
    (lambda d: d["bank"].update(languages=["de", "fr", "de"]), "lists a language twice"),
    (lambda d: d["bank"].update(languages="de"), "field 'languages' must list language codes"),
    (lambda d: item_data(d, "c01")["translations"].update(es={"text": "Hola"}),
     "item 'c01': field 'translations' has the language 'es', which the bank's 'languages' "
     "does not list (it lists de, fr)"),
    (lambda d: item_data(d, "c01")["translations"]["de"].update(reverse=True),
     "item 'c01', German translation: field 'reverse' is not translated here (the fields "
     "are text)"),
    (lambda d: item_data(d, "c01")["translations"]["de"].update(text="  "),
     "item 'c01', German translation: field 'text' must be non-empty text"),
    (lambda d: item_data(d, "c01").update(translations="Hallo"),
     "field 'translations' must be a table of languages"),
    (lambda d: d["scale"]["translations"]["de"].update(labels=["Ja", "Nein"]),
     "scale, German translation: field 'labels' must list 5 non-empty texts, one for each "
     "English one"),
    (lambda d: d["dimensions"][0]["translations"]["fr"].update(name="N" * 201),
     "dimension 'open_sharing', French translation: field 'name'"),
], ids=["english", "unknown code", "twice", "not a list", "unlisted", "not translated",
        "empty", "not a table", "label count", "too long"])
def test_a_broken_translation_is_rejected_naming_the_entry_and_field(change, message):
    data = culture_data()
    change(data)
    with pytest.raises(BankError, match="^culture.toml: ") as caught:
        parse_bank(data, "culture.toml")
    assert message in str(caught.value)


def test_translated_names_lose_direction_controls_like_english_ones():
    data = culture_data()
    data["dimensions"][0]["translations"]["de"]["name"] = "\u202eOffen\u202c"
    assert translated(parse_bank(data), "de").dimensions[0].name == "Offen"


def test_a_staged_bank_translates_its_stages_competencies_and_actions():
    data = bank_data(load_bank("maturity"))
    data["bank"]["languages"] = ["de"]
    data["stages"][0]["translations"] = {"de": {"name": "Hierarchie"}}
    competency = data["competencies"][0]
    competency["translations"] = {"de": {"name": "Strategie", "descriptors": [
        "Stufe eins", "Stufe zwei", "Stufe drei", "Stufe vier"]}}
    competency["actions"][0]["translations"] = {"de": {"title": "Verantwortung klären"}}
    bank = parse_bank(data)
    german = translated(bank, "de")
    assert german.stages[0].name == "Hierarchie"
    assert german.competencies[0].descriptors == ("Stufe eins", "Stufe zwei", "Stufe drei",
                                                  "Stufe vier")
    assert german.competencies[0].actions[0].title == "Verantwortung klären"
    assert german.competencies[1].name == bank.competencies[1].name
    assert any(m.entry == "competency 'strategy'" and m.fields == ("description",)
               for m in missing_translations(bank))
    assert parse_bank(tomllib.loads(bank_to_toml(bank_data(bank)))) == bank
