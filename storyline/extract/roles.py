"""Titles seen with a person's name, read from the dependency parse.

Three shapes cover most news writing:
  pre-name titles   "British Defence Secretary John Healey", "U.S. Secretary of State Marco Rubio"
  apposition after  "Dmitry Peskov, the Kremlin spokesman,"  "Mark Rutte, the secretary general of NATO,"
  apposition before "the Kremlin spokesman, Dmitry Peskov,"
"""
from __future__ import annotations

from storyline.extract.names import CABINET_TITLES, HONORIFICS

MAX_ROLE_TOKENS = 8
# Nouns that make a phrase a role; a phrase without one ("state TV greeting") is not a title.
ROLE_NOUNS = frozenset(
    """leader head official aide adviser advisor negotiator dictator diplomat envoy founder
    editor analyst correspondent reporter journalist executive member lawmaker mp politician
    spokesman spokeswoman spokesperson secretary minister chancellor president premier
    ambassador commander chief director chairman chairwoman chair ceo governor mayor senator
    representative general admiral colonel officer judge prosecutor king queen prince princess
    pope monarch emperor expert researcher professor economist strategist star coach captain
    player manager owner investor banker lawyer attorney activist candidate nominee deputy
    counterpart commissioner president-elect""".split()
)
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "parataxis"})
_TITLE_POS = frozenset({"NOUN", "PROPN"})


def roles_for_span(doc, start_char: int, end_char: int) -> list[str]:
    """Role strings attached to the person named at these character offsets."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    roles = []
    for role in (_pre_name_title(doc, span), *_appositions(doc, span)):
        if role:
            roles.append(role)
    return roles


def _reaches(token, lo: int, span) -> bool:
    """Whether the head chain of `token` reaches `span` without leaving [lo, span.end)."""
    current = token
    for _ in range(MAX_ROLE_TOKENS + 2):
        if span.start <= current.i < span.end:
            return True
        head = current.head
        if head.i == current.i or not (lo <= head.i < span.end):
            return False
        current = head
    return False


def _pre_name_title(doc, span) -> str | None:
    first, last = span.start, span.start
    i = span.start - 1
    while i >= 0 and span.start - i <= MAX_ROLE_TOKENS:
        token = doc[i]
        if token.is_sent_end or token.pos_ in ("VERB", "AUX", "PUNCT") and token.tag_ != "POS":
            break
        if token.ent_type_ == "PERSON" or token.is_space or not _reaches(token, i, span):
            break
        first = i
        i -= 1
    # A title ends with its title word: "Defense Minister Rustem" (first name the model
    # left out of the entity) is cut back to "Defense Minister".
    while last > first and not _is_title_word(doc[last - 1]):
        last -= 1
    return _tidy(doc[first:last])


def _appositions(doc, span) -> list[str]:
    root = span.root
    found = []
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.ent_type_ != "PERSON":
            tokens = [t for t in child.subtree]
            found.append(_tidy_tokens(doc, tokens))
    # "the Kremlin spokesman, Dmitry Peskov": the name is the apposition of the title.
    if root.dep_ == "appos" and root.head.i < span.start and root.head.ent_type_ != "PERSON":
        head = root.head
        tokens = [t for t in head.subtree if t.i < span.start and t.i not in _subtree_ids(root)]
        found.append(_tidy_tokens(doc, tokens))
    return [role for role in found if role]


def _subtree_ids(token) -> set[int]:
    return {t.i for t in token.subtree}


def _tidy_tokens(doc, tokens) -> str | None:
    """Contiguous, clause-free token run -> role text, else None."""
    if not tokens or any(t.dep_ in _CLAUSE_DEPS or t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    lo, hi = min(t.i for t in tokens), max(t.i for t in tokens) + 1
    if hi - lo != len(tokens):
        return None
    return _tidy(doc[lo:hi])


def _tidy(span) -> str | None:
    tokens = list(span)
    # "Moscow The Minister of ...": a dateline glued before the role.
    for k in range(len(tokens) - 1, 0, -1):
        if tokens[k].pos_ == "DET" and tokens[k].lower_ in ("the", "a", "an"):
            tokens = tokens[k:]
            break
    if any(t.ent_type_ == "PERSON" or t.like_url or t.like_email or t.like_num for t in tokens):
        return None  # another person's name, a link or a number is no title
    while tokens and (tokens[0].pos_ in ("DET", "PUNCT") or tokens[0].tag_ == "POS"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].pos_ in ("PUNCT", "ADP", "DET", "CCONJ") or tokens[-1].lower_ in HONORIFICS):
        tokens = tokens[:-1]
    if not tokens or len(tokens) > MAX_ROLE_TOKENS:
        return None
    if not any(_is_title_word(t) for t in tokens):
        return None
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _is_title_word(token) -> bool:
    word, lemma = token.lower_, token.lemma_.lower()
    if token.pos_ not in _TITLE_POS or word in HONORIFICS:
        return False
    return word in ROLE_NOUNS or lemma in ROLE_NOUNS or word in CABINET_TITLES or word.rstrip("s") in ROLE_NOUNS
