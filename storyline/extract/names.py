"""Name normalisation shared by mention finding and entity linking.

Everything here is pure string work (no spaCy), so keys are cheap to compute for every
mention of a large corpus and identical however the articles are ordered.
"""
from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

# Words that precede a person's name as a title and are not part of the name itself.
# Lower-cased; multi-word titles are handled token by token ("prime" then "minister").
PERSON_TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady
    president vice prime minister secretary chancellor premier governor senator sen. sen
    rep. rep representative congressman congresswoman mayor ambassador envoy
    general gen. gen colonel col. lieutenant lt. major maj. captain capt. admiral commander
    sergeant sgt. marshal field chief king queen prince princess pope cardinal bishop
    archbishop rabbi imam sheikh emir crown judge justice spokesman spokeswoman spokesperson
    deputy foreign defence defense interior home finance first lady chairman chairwoman
    chair director ceo leader speaker attorney commissioner inspector officer
    """.split()
)

# Titles that can stand before a name inside an appositive role ("Defence Secretary").
CABINET_TITLES = frozenset(
    {"secretary", "minister", "chancellor", "secretaries", "ministers", "commissioner", "spokesman",
     "spokeswoman", "spokesperson", "envoy", "ambassador", "chief"}
)

# Portfolio words the model often tags as ORG when they are only part of a title
# ("British Defence Secretary": "British Defence" is not an organisation).
PORTFOLIO_WORDS = frozenset(
    """defence defense foreign home interior finance health justice trade energy economy
    economic environment education culture transport treasury security intelligence
    agriculture labour labor industry digital veterans armed forces""".split()
)

# Courtesy titles: stripped from names, never reported as roles.
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "mx", "mx."})

NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

# Connecting words skipped when building an acronym from a multi-word name
# ("Ministry of Defence" -> "MD" as well as "MoD").
ACRONYM_STOPWORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "&"})

_POSSESSIVE = re.compile(r"(?:['’`]s|s['’`]|['’`])$", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
# British and American spellings of words common in organisation names.
_BRITISH_AMERICAN = {"center": "centre", "centers": "centres", "program": "programme", "labor": "labour"}
_DOUBLED = re.compile(r"([a-z])\1+")


def strip_possessive(text: str) -> str:
    """"NATO’s" -> "NATO"; "allies'" -> "allies"; leaves other words alone."""
    stripped = _POSSESSIVE.sub("", text)
    if stripped != text and text[-2:].lower() in ("s'", "s’", "s`"):
        # "Brussels'" keeps its s: only the apostrophe is the possessive.
        stripped = text[:-1]
    return stripped.rstrip()


def fold(text: str) -> str:
    """Accent- and punctuation-free lower-case form: "Sébastien" -> "sebastien", "U.S." -> "us"."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text)).lower()
    ascii_text = ascii_text.replace(".", "").replace("-", " ")
    ascii_text = _NON_WORD.sub(" ", ascii_text)
    words = _SPACES.sub(" ", ascii_text).strip().split(" ")
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(w for w in words if w)


def phonetic_word(word: str) -> str:
    """Transliteration-tolerant form of one folded word.

    Romanisations of the same Slavic or Arabic name differ mostly in doubled letters and in
    the y/i/iy/yy endings (Zelensky, Zelenskyy, Zelenskiy; Dmitry, Dmitri), so those are
    normalised; everything else is kept, so different names stay different.
    """
    word = _BRITISH_AMERICAN.get(word, word)
    word = word.replace("ization", "isation").replace("izing", "ising")
    if word.endswith("ense"):
        word = word[:-4] + "ence"  # Defense/Defence, License/Licence
    word = _DOUBLED.sub(r"\1", word)
    for ending, replacement in (("iy", "i"), ("yi", "i"), ("ij", "i"), ("ey", "ei"), ("y", "i")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + replacement
    return word


_VOWELS = re.compile(r"[aeiouy]+")


def same_name_in_other_vowels(first_a: str, first_b: str) -> bool:
    """Romanisations of one given name that differ only in their vowels, with the same first and
    last letter: "volodymyr"/"vladimir", "oleksandr"/"oleksander". The first and last letters
    keep gendered pairs apart ("alexander"/"alexandra", "michael"/"michelle", "daniel"/"daniela")."""
    if first_a == first_b or len(first_a) < 5 or len(first_b) < 5:
        return False
    if first_a[0] != first_b[0] or first_a[-1] != first_b[-1]:
        return False
    skeleton_a = _DOUBLED.sub(r"\1", _VOWELS.sub("", first_a))
    skeleton_b = _DOUBLED.sub(r"\1", _VOWELS.sub("", first_b))
    return len(skeleton_a) >= 3 and skeleton_a == skeleton_b


def name_key(text: str) -> str:
    """Key two spellings of one name share: folded, then transliteration-normalised per word."""
    return " ".join(phonetic_word(w) for w in fold(text).split())


def is_accented(text: str) -> bool:
    return any(ord(ch) > 127 and ch.isalpha() for ch in text)


def person_parts(text: str) -> list[str]:
    """Folded words of a person's name without leading titles or trailing suffixes."""
    words = fold(text).split()
    while len(words) > 1 and words[0] in PERSON_TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words = words[:-1]
    return words


def is_acronym(text: str) -> bool:
    """"NATO", "MoD", "U.S.", "EU": short, one word, mostly capitals."""
    compact = text.replace(".", "").replace("&", "")
    if not (2 <= len(compact) <= 7) or " " in text or not compact.isalpha():
        return False
    capitals = sum(1 for ch in compact if ch.isupper())
    return compact[0].isupper() and capitals >= max(2, len(compact) - 1)


def acronyms_of(text: str) -> set[str]:
    """Folded acronyms a multi-word name can be abbreviated to (with and without "of" etc.)."""
    words = fold(text).split()
    if len(words) < 2:
        return set()
    content = [w for w in words if w not in ACRONYM_STOPWORDS]
    forms = {"".join(w[0] for w in words), "".join(w[0] for w in content)}
    return {f for f in forms if len(f) >= 2}
