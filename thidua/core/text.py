"""Vietnamese text helpers: diacritics folding for search and a collation key for sorting.

Databases disagree on Vietnamese collation (SQLite has none; PostgreSQL depends on the
cluster's ICU build), so names carry a precomputed key made only of ASCII digits that sorts
the same under any collation: letters in the Vietnamese alphabet order (a ă â b c d đ e ê …),
then tone marks as a secondary key, as a dictionary would.
"""

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_PRIMARY = {ch: i + 20 for i, ch in enumerate(ALPHABET)}
_DIGITS = {str(d): 10 + d for d in range(10)}
# Tone marks, in the order dictionaries use: none, grave, hook, tilde, acute, dot below.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "ơ"}


def fold(text: str) -> str:
    """Lower-case, strip every diacritic and map đ to d: "Tòa Án" -> "toa an"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def _letters(text: str):
    """Yield (base letter in the Vietnamese alphabet, tone index) for each character."""
    for ch in unicodedata.normalize("NFC", text.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark == "\u0306" and base == "a":
                base = "ă"
            elif mark == "\u0302":
                base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            elif mark == "\u031b":
                base = {"o": "ơ", "u": "ư"}.get(base, base)
        yield base, tone


def sort_key(text: str) -> str:
    """An ASCII string whose plain ordering is Vietnamese dictionary order of ``text``."""
    primary: list[str] = []
    secondary: list[str] = []
    for base, tone in _letters(text or ""):
        if base in _PRIMARY:
            primary.append(f"{_PRIMARY[base]:02d}")
        elif base in _DIGITS:
            primary.append(f"{_DIGITS[base]:02d}")
        elif base.isspace():
            primary.append("01")
        else:
            continue
        secondary.append(str(tone))
    return "".join(primary) + "00" + "".join(secondary)
