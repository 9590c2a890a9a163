"""The languages a bank's text can be translated into, and an entry's translations.

A bank is written in English (the engagement's language: results, reports and exports are in
English). It may list other languages (``[bank] languages = ["de", "fr"]``), and each of its
entries (an item, a dimension, a recommendation...) may carry its text in those languages.
A pulse respondent answers in one of them; the item ids are the same in every language, so
answers pool whatever the language.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ENGLISH = "en"
# Language codes a bank may list (ISO 639-1): the name in the language itself (what a
# respondent chooses from) and in English (what a facilitator reads in a message).
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "English"),
    "de": ("Deutsch", "German"),
    "fr": ("Français", "French"),
    "es": ("Español", "Spanish"),
    "it": ("Italiano", "Italian"),
    "nl": ("Nederlands", "Dutch"),
    "pt": ("Português", "Portuguese"),
    "pl": ("Polski", "Polish"),
    "cs": ("Čeština", "Czech"),
    "sk": ("Slovenčina", "Slovak"),
    "hu": ("Magyar", "Hungarian"),
    "ro": ("Română", "Romanian"),
    "sv": ("Svenska", "Swedish"),
    "da": ("Dansk", "Danish"),
    "nb": ("Norsk bokmål", "Norwegian Bokmål"),
    "fi": ("Suomi", "Finnish"),
    "el": ("Ελληνικά", "Greek"),
    "tr": ("Türkçe", "Turkish"),
    "ru": ("Русский", "Russian"),
    "uk": ("Українська", "Ukrainian"),
    "ar": ("العربية", "Arabic"),
    "he": ("עברית", "Hebrew"),
    "hi": ("हिन्दी", "Hindi"),
    "ja": ("日本語", "Japanese"),
    "ko": ("한국어", "Korean"),
    "zh": ("中文", "Chinese"),
}


def native_name(language: str) -> str:
    """The language's name in itself ("Deutsch"), or the code when it is not known."""
    return LANGUAGES.get(language, (language, language))[0]


def english_name(language: str) -> str:
    """The language's name in English ("German"), or the code when it is not known."""
    return LANGUAGES.get(language, (language, language))[1]


@dataclass(frozen=True)
class Translations:
    """An entry's text in other languages: (language, field, text) triples, in the order the
    file gives them. A list field (answer labels, stage descriptors) holds a tuple."""
    texts: tuple[tuple[str, str, Any], ...] = ()

    def get(self, language: str, field: str, default: Any = None) -> Any:
        """The field's text in ``language``, or ``default`` when it is not translated."""
        for found_language, found_field, text in self.texts:
            if found_language == language and found_field == field:
                return text
        return default

    def has(self, language: str, field: str) -> bool:
        return any(lang == language and name == field for lang, name, _ in self.texts)

    def data(self, fields: tuple[str, ...] | None = None) -> dict[str, dict[str, Any]]:
        """As the bank file holds them: ``{language: {field: text}}`` (lists as lists),
        only ``fields`` when given."""
        out: dict[str, dict[str, Any]] = {}
        for language, field, text in self.texts:
            if fields is None or field in fields:
                out.setdefault(language, {})[field] = list(text) if isinstance(
                    text, tuple) else text
        return out

    def __bool__(self) -> bool:
        return bool(self.texts)


def best_language(accept_language: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered language a browser's ``Accept-Language`` header prefers most, or None.

    ``"de-CH,de;q=0.9,en;q=0.8"`` with German offered gives "de"; a region falls back to
    its language; ``q=0`` excludes. Malformed parts are skipped (the header is the visitor's).
    """
    if not accept_language:
        return None
    ranked = []
    for position, part in enumerate(str(accept_language)[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if not tag or quality <= 0:
            continue
        ranked.append((-quality, position, tag.strip().casefold().split("-")[0]))
    for _, _, language in sorted(ranked):
        if language in offered:
            return language
    return None
