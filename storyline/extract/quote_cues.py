"""Attributing words: which verbs report speech or thought, and how a cue names its speaker.

The lexicon was chosen from the cue words most frequent in PolNeAR's training split
(speech verbs first, then the belief and intention verbs annotators also count as attribution).
"""
from __future__ import annotations

from spacy.tokens import Token

SPEECH_LEMMAS = frozenset(
    """say tell add state claim argue explain note warn insist announce report write ask reply respond
    declare suggest acknowledge admit confirm deny predict promise vow pledge tweet post urge contend
    maintain assert stress emphasize emphasise recall complain concede comment joke quip observe
    continue testify allege reveal conclude agree indicate estimate caution boast brag charge counter
    lament mention propose recommend remark reiterate signal speculate shout scream yell whisper muse
    opine accuse concur point retort insinuate hint proclaim affirm repeat recount describe answer
    exclaim interject chant demand plead scoff snap marvel gush rail assure surmise scold chide email
    text echo""".split()
)
# Verbs that report speech only with their particle: "shot back", "went on", "chimed in".
PHRASAL_SPEECH = frozenset({("shoot", "back"), ("fire", "back"), ("hit", "back"), ("go", "on"), ("chime", "in"),
                            ("weigh", "in"), ("lash", "out"), ("speak", "out"), ("sound", "off"), ("write", "back")})
THOUGHT_LEMMAS = frozenset(
    """think believe hope fear expect know feel worry doubt suspect wonder understand realize realise
    recognize assume guess figure show find imagine reckon learn hear decide determine acknowledge
    mean prove""".split()
)
CUE_LEMMAS = SPEECH_LEMMAS | THOUGHT_LEMMAS
# Nouns naming something said; with a possessor ("Trump's claim that ...") they attribute it.
SPEECH_NOUNS = frozenset(
    """claim remark comment statement word answer response reply promise pledge warning argument
    assertion message phrase slogan line question suggestion description vow insistence contention
    tweet quip joke accusation charge threat advice prediction retort declaration""".split()
)
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Clauses that share their subject with the verb they hang from ("He smiled, saying ...").
_SUBJECT_SHARING_DEPS = ("advcl", "xcomp", "conj", "pcomp")


# Forms the small English model lemmatises wrongly ("hoping" -> "hop"), which would hide the cue.
_LEMMA_FIXES = {"hoping": "hope", "hoped": "hope", "hopes": "hope"}


def cue_lemma(token: Token) -> str:
    """The token's lemma, lower-cased, with the model's known lemma mistakes on cue verbs undone."""
    return _LEMMA_FIXES.get(token.lower_, token.lemma_.lower())


def possessed_speech_noun(token: Token) -> bool:
    """"Trump's claim", "the senator's answer": a said thing with whoever said it."""
    # "his promise of ...": a pronoun's owner is named elsewhere, usually as the subject that
    # the governing verb already gives.
    return (token.pos_ == "NOUN" and token.lemma_.lower() in SPEECH_NOUNS
            and any(c.dep_ == "poss" and c.pos_ != "PRON" for c in token.children))


def is_cue(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and cue_lemma(token) in CUE_LEMMAS or puts_it(token) or phrasal_speech(token)


def is_speech_cue(token: Token) -> bool:
    return (token.pos_ in ("VERB", "AUX") and cue_lemma(token) in SPEECH_LEMMAS and not _continues_doing(token)
            or puts_it(token) or phrasal_speech(token))


def _continues_doing(token: Token) -> bool:
    """"He continued, ..." reports speech; "will continue to be a champion" does not."""
    return token.lemma_.lower() == "continue" and any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children) for c in token.children)


def phrasal_speech(token: Token) -> bool:
    """`Hillary shot back, "..."`: a verb that reports speech with its particle."""
    # The particle is parsed as "prt" or, as often, as an adverb right behind the verb.
    return token.pos_ == "VERB" and any(
        (c.dep_ == "prt" or c.dep_ == "advmod" and c.i == token.i + 1)
        and (token.lemma_.lower(), c.lower_) in PHRASAL_SPEECH for c in token.children)


def puts_it(token: Token) -> bool:
    """`As Jane Doe put it, "..."`: "put it" reports wording as surely as "said" does; "put it
    on the table" (a place to put it) does not."""
    if not (token.pos_ == "VERB" and token.lemma_.lower() == "put"
            and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)):
        return False
    # "As Jane Doe put it in a statement, ...": the "as" clause marks the wording whatever follows.
    as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)
    return as_clause or not any(c.dep_ in ("prep", "dative", "prt") for c in token.children)


def according_to(token: Token) -> Token | None:
    """For "according" in "according to X": the head of X."""
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for pobj in nxt.children:
            if pobj.dep_ == "pobj":
                return pobj
    return None


def speaker_head(cue: Token) -> Token | None:
    """The head token of whoever the cue attributes to: its subject, the agent of a passive,
    the subject shared with a governing verb, or the noun a participle modifies ("a statement saying")."""
    source = according_to(cue)
    if source is not None:
        return source
    if cue.pos_ == "NOUN":  # a speech noun: its possessor speaks
        return next((c for c in cue.children if c.dep_ == "poss"), None)
    named = _person_right_before(cue)
    if named is not None:
        return named
    verb = cue
    for _ in range(4):
        passive_subject = None
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            # Two parsed subjects: `Washington (AFP) - Jane Doe has said`, `Speaking in Salem, New
            # Hampshire, Trump went on, calling ...`: the one nearest before the cue speaks.
            before_cue = [c for c in subjects if c.i < cue.i]
            return before_cue[-1] if before_cue else subjects[0]
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                passive_subject = child
        if passive_subject is not None or verb.dep_ == "auxpass":
            for child in verb.children:
                if child.dep_ == "agent":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return pobj
            # "X was quoted as saying", "After saying ..., she was taken": the cue shares the
            # passive clause's subject; a passive cue itself ("it was said") names nobody.
            return passive_subject if verb is not cue else None
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head
        if verb.dep_ in _SUBJECT_SHARING_DEPS and verb.head is not verb:
            came_by = verb.dep_
            verb = verb.head
            if came_by == "pcomp" and verb.dep_ == "prep" and verb.head is not verb:
                verb = verb.head  # "began by saying", "quoted as saying": the verb of the preposition
            if verb.dep_ == "ccomp" and is_cue(verb.head):
                # `said the process could be "messy," adding ...`: the parse hangs "adding" on the
                # reported clause, but whoever adds is whoever said it.
                verb = verb.head
            continue
        break
    return None


def _person_right_before(cue: Token) -> Token | None:
    """`The ad shows footage of Jane Doe asking, "..."`: a participle right behind a person's
    name is that person speaking, whatever clause the parse hangs it on."""
    if cue.tag_ != "VBG" or cue.i == 0 or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None
    before = cue.doc[cue.i - 1]
    if before.ent_type_ == "PERSON" and before.pos_ == "PROPN" and before.dep_ != "compound":
        return before
    return None


def cue_words(cue: Token) -> tuple[int, int]:
    """Character span of the attributing words: the verb with its particle ("pointed out"),
    the hearer of "told reporters", "according to", "said in a statement"."""
    doc = cue.doc
    first = last = cue.i
    if cue.lower_ == "according" and cue.i + 1 < len(doc) and doc[cue.i + 1].lower_ == "to":
        last = cue.i + 1
    for child in cue.children:
        if child.dep_ == "prt" and child.i == last + 1:
            last = child.i
        elif child.dep_ == "dobj" and cue.lemma_ in ("tell", "put") and child.i == last + 1:
            last = child.right_edge.i
        elif child.dep_ == "prep" and child.lower_ == "in" and child.i == last + 1:
            pobj = [p for p in child.children if p.dep_ == "pobj"]
            if pobj and pobj[0].lemma_.lower() in ("statement", "interview", "release", "email", "post"):
                last = pobj[0].i
    return doc[first].idx, doc[last].idx + len(doc[last].text)
