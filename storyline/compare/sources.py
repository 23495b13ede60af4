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
    re.compile(r"\b(?:told|reported by|cited by|quoted by|in an interview with)\s+" + NAME),
    re.compile(r"\b(?:,\s*)?" + NAME + r"\s+(?:reports|reported)[.,]?$"),
)


def _normal(name: str) -> str:
    name = anyascii(name).strip(" .,'’")
    return re.sub(r"^(?:the|The)\s+", "", name)


class SourceCredit:
    """Recognises outlets named inside article text."""

    def __init__(self, story_sources: list[str]):
        self.outlets: dict[str, str] = {}
        for name in (*KNOWN_OUTLETS, *story_sources):
            self.outlets.setdefault(_normal(name).lower(), _normal(name) if name not in story_sources else name)

    def outlet(self, name: str) -> str | None:
        normal = _normal(name)
        if normal.lower() in self.outlets:
            return self.outlets[normal.lower()]
        if MEDIA_WORDS.search(normal) and len(normal.split()) <= 5:
            return normal
        return None

    def credited(self, claim: Claim) -> str | None:
        """The other outlet this claim is attributed to, if any."""
        for pattern in CREDIT_PATTERNS:
            for match in pattern.finditer(claim.text):
                outlet = self.outlet(match.group(1))
                if outlet and _normal(outlet).lower() != _normal(claim.source or "").lower():
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
