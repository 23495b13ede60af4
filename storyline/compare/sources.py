"""Who really stands behind a claim: the outlet it is credited to ("according to Politico"),
else the publishing outlet, with near-copies folded into their original."""
from __future__ import annotations

import re

from anyascii import anyascii

from storyline.model import Article, Claim

# Outlets commonly credited inside other outlets' articles. Any outlet present in the
# story is recognised too, and so is a name that looks like a newspaper or agency.
KNOWN_OUTLETS = (
    "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "Politico", "Bloomberg", "CNN", "BBC",
    "The New York Times", "New York Times", "The Washington Post", "Washington Post", "The Wall Street Journal",
    "Wall Street Journal", "Financial Times", "The Guardian", "Guardian", "Axios", "Fox News", "NBC News", "NBC",
    "CBS News", "CBS", "ABC News", "Le Monde", "Der Spiegel", "Spiegel", "Bild", "Interfax", "TASS", "RIA Novosti",
    "Ukrinform", "Ukrainska Pravda", "Kyiv Independent", "The Kyiv Independent", "Kyiv Post", "The Telegraph",
    "Sky News", "Al Jazeera", "DPA", "ANSA", "Yonhap", "Kyodo", "Xinhua", "The Times", "The Economist",
    "Semafor", "The Hill", "NPR", "Euronews", "Deutsche Welle", "DW", "RFE/RL", "Radio Free Europe",
)
MEDIA_WORDS = re.compile(r"\b(News|Times|Post|Journal|Press|Agency|TV|Radio|Herald|Tribune|Gazette|Telegraph|Daily)\b")
NAME = r"((?:The |the )?[A-Z][\w&'’./-]*(?:\s+[A-Z][\w&'’./-]*){0,4})"
CREDIT_PATTERNS = (
    re.compile(r"\baccording to (?:a |an |the )?(?:(?:report|story|article|interview)s? (?:by|in|from|with) )?" + NAME),
    re.compile(NAME + r"\s+(?:reports|reported|has reported|first reported|said in a report|wrote)\b"),
    re.compile(r"\b(?:told|reported by|cited by|quoted by|in an interview with|(?:seen|obtained|reviewed|verified) by)"
               r"\s+" + NAME),
    re.compile(r"\b(?:,\s*)?" + NAME + r"\s+(?:reports|reported)[.,]?$"),
)


def _normal(name: str) -> str:
    name = anyascii(name).strip(" .,'’")
    return re.sub(r"^(?:the|The)\s+", "", name)


# Words that say what kind of outlet, not which one: "Radio Meridian" and "Meridian" name
# the outlet "Radio Meridian News"; "Kyiv Independent" and "Independent" are two outlets.
GENERIC_WORDS = {"the", "news", "radio", "tv", "television", "online", "daily", "com", "net", "org", "eu", "uk",
                 "network", "channel", "media", "group", "agency", "service", "wire", "live"}


def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[a-z0-9]+", anyascii(name).lower()) if w != "the")


def _same_outlet(mentioned: tuple[str, ...], known: tuple[str, ...]) -> bool:
    """A name in the text names a known outlet under a shorter or longer form of its name."""
    if not mentioned or not known:
        return False
    short, long_ = sorted((mentioned, known), key=len)
    if not set(short) - GENERIC_WORDS:
        return False  # "News" or "Radio" alone names no outlet
    if long_[: len(short)] == short:
        return True  # "Radio Meridian" for "Radio Meridian News"
    for at in range(len(long_) - len(short) + 1):
        if long_[at : at + len(short)] == short:
            # Contained: only if every extra word is generic ("Meridian" in "Radio Meridian News").
            return set(long_[:at] + long_[at + len(short) :]) <= GENERIC_WORDS
    return False


class SourceCredit:
    """Recognises outlets named inside article text, under the story's own names for them."""

    def __init__(self, story_sources: list[str]):
        self.story_sources = sorted(set(story_sources))
        self.outlets: dict[str, str] = {}
        for name in (*KNOWN_OUTLETS, *story_sources):
            self.outlets.setdefault(_normal(name).lower(), _normal(name) if name not in story_sources else name)

    def outlet(self, name: str) -> str | None:
        """The outlet a name in the text stands for: a story source when it is one, else a known
        or newspaper-looking name; None when the name is no outlet."""
        normal = _normal(name)
        words = _words(normal)
        matches = [source for source in self.story_sources if _same_outlet(words, _words(source))]
        if matches:
            # The closest in length wins ("BBC" -> "BBC News" before "BBC News Russian").
            return min(matches, key=lambda source: (abs(len(_words(source)) - len(words)), source))
        if normal.lower() in self.outlets:
            return self.outlets[normal.lower()]
        if MEDIA_WORDS.search(normal) and len(normal.split()) <= 5:
            return normal
        return None

    def credited(self, claim: Claim) -> str | None:
        """The other outlet this claim is attributed to, if any (its own outlet counts as none)."""
        own = self.outlet(claim.source) if claim.source else None
        for pattern in CREDIT_PATTERNS:
            for match in pattern.finditer(claim.text):
                outlet = self.outlet(match.group(1))
                if outlet is None:
                    continue
                if outlet == own or _same_outlet(_words(outlet), _words(claim.source or "")):
                    return None  # the article's own outlet reporting: just its claim
                return outlet
        return None


def copy_roots(articles: dict[str, Article]) -> dict[str, str]:
    """Each article id -> the id of the original it copies (itself when it is original)."""
    roots: dict[str, str] = {}
    for article_id in articles:
        seen, current = {article_id}, article_id
        while True:
            parent = articles[current].copy_of or articles[current].duplicate_of
            if not parent or parent not in articles or parent in seen:
                break
            seen.add(parent)
            current = parent
        roots[article_id] = current
    return roots
