"""Finding the words that attribute a direct quote: a speech verb after or before the quotation
marks, a cue before a colon introducing it, a said thing with its owner, or the verb governing it.

Split out of quotes.py, which assembles the quotes; the decisions are described there.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from storyline.extract.quote_cues import according_to, is_speech_cue, possessed_speech_noun
from storyline.extract.quote_marks import QuotedSpan
from storyline.extract.quote_speakers import SpeakerResolver, speaker_head

# Tokens scanned after a closing mark / before an opening mark for the attributing verb.
AFTER_WINDOW = 30  # room for a long appositive: `," Jane Doe, the ... of ..., said`
BEFORE_WINDOW = 25
_SENTENCE_END = frozenset({".", "!", "?"})
_SENTENCE_PRONOUNS = frozenset({"He", "She", "They", "I", "We"})
_REPORTED_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
# Verbs too general to attribute anything, whatever their complement.
LIGHT_VERBS = frozenset(
    """be have do make help go win get let take give keep turn allow hold put set come become seem
    look leave need use start begin try mean ensure cause lead run bring stand""".split()
)


def token_range(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _cue_after(doc: Doc, text: str, quote: QuotedSpan, mark_tokens: set[int]) -> Token | None:
    outer = token_range(doc, quote.open, quote.outer_end)
    if outer is None or quote.close is None:
        return None
    last = text[quote.end - 1] if quote.end > quote.start else ""
    closed_sentence = last in ".!"
    window: list[Token] = []
    for tok in doc[outer.end:outer.end + AFTER_WINDOW]:
        if tok.i in mark_tokens or "\n" in text[tok.idx - 1:tok.idx] or tok.text in _SENTENCE_END:
            break
        window.append(tok)
    if not window:
        return None
    # After a quote that ends its own sentence, the next words are a new sentence unless they
    # are only a short attribution ("..." Smith said.).
    if closed_sentence and len(window) > 4:
        return _attribution_opening(window)
    if last in ".!?" and window[0].text in _SENTENCE_PRONOUNS:
        return None  # `"...?" He answered, "..."`: a capitalised pronoun starts a new sentence
    for tok in window:
        if is_speech_cue(tok) or according_to(tok) is not None or _text_reads(tok):
            return tok
    return None


def _text_reads(tok: Token) -> bool:
    """`"...," the statement read.`, `read the sign`: right after a quote, "read" gives the words
    of a text, and its subject is the text that says them."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() == "read" and not any(c.dep_ == "dobj" for c in tok.children)


def nearest_cue(doc: Doc, text: str, quote: QuotedSpan, mark_tokens: set[int]) -> Token | None:
    """The attribution after the quote (`"...," he said`), else the one before it. A speech verb
    before the quote whose reported clause holds it (`Flynn said Trump was "right" when he said
    ...`) wins over a later one that does not: that later verb reports something else."""
    after = _cue_after(doc, text, quote, mark_tokens)
    before = _cue_before(doc, quote, mark_tokens)
    inner = token_range(doc, quote.start, quote.end)
    if inner is None or len(inner) == 0:
        return after or before
    governing = {t.i for t in inner.root.ancestors}
    if after is not None and after.i not in governing and _new_clause_between(doc, quote, after):
        # `Rendell praised him, calling it "an incredible feat" - but he said ...`: a speech verb
        # after "and"/"but" opens another clause; the verb holding the quote attributes it.
        holder = before if before is not None and before.i in governing else governing_verb(doc, quote, mark_tokens)
        if holder is not None:
            return holder
    if before is None:
        return after
    if after is not None:
        return before if before.i in governing and after.i not in governing else after
    verb = governing_verb(doc, quote, mark_tokens)
    if verb is None or verb.i <= before.i:
        return before
    if before.i not in governing:
        # `In a statement announcing the pick, the union called her a "champion"`: the verb
        # whose phrase holds the quote, standing between that cue and the quote, attributes it.
        return verb
    if verb.dep_ == "conj" and verb.head == before:
        # `Paul said the plan would fail, and called him "the leading proponent ..."`: the quote
        # is what the second verb says; the first reports its own clause.
        return verb
    return before


def _new_clause_between(doc: Doc, quote: QuotedSpan, cue: Token) -> bool:
    """A coordinating "and"/"but" between the closing mark and the cue (`"..." - but he said`)."""
    return any(t.dep_ == "cc" and t.lower_ in ("and", "but") for t in doc[:cue.i] if t.idx >= quote.outer_end)


def _attribution_opening(window: list[Token]) -> Token | None:
    """`"...!" US Senator Jeff Sessions said as he launched the vote.`: after a quote ending its own
    sentence, a long sentence is still its attribution when it opens with a name and a speech verb
    reporting nothing else (no clause of its own, which would be a new act of speech)."""
    for tok in window:
        if tok.pos_ in ("VERB", "AUX"):
            if is_speech_cue(tok) and not any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in tok.children):
                return tok
            return None
        if tok.pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "PUNCT", "ADV") or tok.text in _SENTENCE_PRONOUNS:
            return None
    return None


def _cue_before(doc: Doc, quote: QuotedSpan, mark_tokens: set[int]) -> Token | None:
    outer = token_range(doc, quote.open, quote.outer_end)
    if outer is None:
        return None
    window: list[Token] = []
    in_other_quote = False  # `declaring that "A" and that "B"`: look past "A", never inside it
    for tok in reversed(doc[max(0, outer.start - BEFORE_WINDOW):outer.start]):
        if tok.i in mark_tokens:
            in_other_quote = not in_other_quote
            continue
        if in_other_quote:
            continue
        if tok.text in _SENTENCE_END or "\n" in tok.text_with_ws:
            break
        window.append(tok)
    for tok in window:  # nearest to the mark first
        if is_speech_cue(tok) or according_to(tok) is not None:
            return _outer_cue(tok)
    return None


def _outer_cue(cue: Token) -> Token:
    """`Morial told a woman who suggested that "..."`, `said it would tell "..."`: a speech verb in
    a relative clause, or one whose subject is "it", reported by another speech verb before it,
    is not the attribution; the reporting verb is."""
    subject = speaker_head(cue)
    in_relative = any(t.dep_ in ("relcl", "acl") for t in [cue, *cue.ancestors][:3])
    # `The senator said he rarely asks anyone to campaign for him, "except ..."`: a pronoun
    # speaking inside reported speech is the reporter's own voice, attributed by the outer verb.
    reported_pronoun = subject is not None and subject.lower_ in _REPORTED_PRONOUNS and cue.dep_ == "ccomp"
    if not in_relative and not reported_pronoun and not (subject is not None and subject.lower_ == "it"):
        return cue
    # Nearest reporting verb first; it may stand beyond the window after a long appositive
    # (`Marc Morial, the chief executive of ..., told a woman who suggested that "..."`).
    outer = [t for t in cue.ancestors if t.i < cue.i and is_speech_cue(t) and speaker_head(t) is not None]
    return outer[0] if outer else cue


def cue_in_line_before(doc: Doc, text: str, quote: QuotedSpan) -> Token | None:
    """A quote right after a colon of its own line, or a paragraph that only opens a quote, takes
    its attribution from the words before the colon (the paragraph before, when that ends with one (`Cruz continued:`, `Cruz called them on it:`): its speech verb,
    else the main verb of its last sentence."""
    line_start = text.rfind("\n", 0, quote.open) + 1
    before_on_line = text[line_start:quote.open].rstrip()
    if before_on_line and not before_on_line.endswith(":"):
        return None
    # `She then addressed the supporters again: "..."`, or the paragraph before ending with a colon.
    prev_end = line_start + len(before_on_line) if before_on_line else line_start - 1
    while not before_on_line and prev_end > 0 and text[prev_end - 1].isspace():
        prev_end -= 1
    if prev_end <= 0 or text[prev_end - 1] != ":":
        return None
    colon = token_range(doc, prev_end - 1, prev_end)
    if colon is None:
        return None
    sentence: list[Token] = []
    for tok in reversed(doc[max(0, colon.start - BEFORE_WINDOW):colon.start]):
        if tok.text in _SENTENCE_END or "\n" in tok.text_with_ws:
            break
        sentence.append(tok)
    for tok in sentence:
        if is_speech_cue(tok) or according_to(tok) is not None:
            return tok
    verbs = [t for t in sentence if t.pos_ in ("VERB", "AUX") and speaker_head(t) is not None]
    main = [t for t in verbs if t.dep_ == "ROOT"]
    return (main or verbs or [None])[0]


def sentence_subject(cue: Token, quote: QuotedSpan) -> Token | None:
    """For a participle cue ("telling", "saying", "adding") the parse hung on a verb inside the
    quote: the subject of the sentence's main verb, when both stand before the quote."""
    if cue.tag_ != "VBG" or cue.idx >= quote.open:
        return None
    root = cue.sent.root
    if root.idx >= quote.open:
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.idx >= cue.idx:
        return None
    return subject


def speech_noun(doc: Doc, quote: QuotedSpan) -> Token | None:
    """`Politifact seized on Trump's claim that there were "thousands of shootings"`, `Rubio's
    catch phrase was that Crist "would say anything"`: the quote belongs to the possessor of the
    said thing holding it, not to the subject of the sentence."""
    inner = token_range(doc, quote.start, quote.end)
    if inner is None or len(inner) == 0:
        return None
    for tok in inner.root.ancestors:
        if tok.i >= inner.start or tok.sent != inner.root.sent:
            continue
        if possessed_speech_noun(tok):
            return tok
        # `Rubio's phrase was that Crist "..."`, not `Trump's statement is "true"` (said of it).
        that = doc[tok.i + 1] if tok.i + 1 < inner.start else None
        if tok.lemma_ == "be" and that is not None and that.lower_ == "that" and that.dep_ == "mark":
            subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subject is not None and possessed_speech_noun(subject):
                return subject
    return None


def governing_verb(doc: Doc, quote: QuotedSpan, mark_tokens: set[int]) -> Token | None:
    """For `Smith called the show "the news show of record."`: the verb before the quote, in
    the same sentence, whose phrase holds the quote and which has a subject."""
    inner = token_range(doc, quote.start, quote.end)
    if inner is None or len(inner) == 0:
        return None
    described = inner.root.head
    if inner.root.dep_ in _NOUN_MODIFIER_DEPS and described.i >= inner.end and described.pos_ in ("NOUN", "PROPN"):
        return None  # `the "carried interest" loophole`, `"quack" cures`: a label inside a noun phrase
    ancestors = set(t.i for t in inner.root.ancestors)
    for tok in reversed(doc[max(0, inner.start - BEFORE_WINDOW):inner.start]):
        if tok.i in mark_tokens and tok.idx != quote.open or tok.text in _SENTENCE_END or "\n" in tok.text_with_ws:
            break
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in LIGHT_VERBS and tok.i in ancestors:
            if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.i == tok.head.i + 1:
                # `the countries involved in the "coalition of the willing"`, `a plan called "X"`:
                # a passive participle describing a noun; that noun is no speaker, and nobody else is.
                return None
            if speaker_head(tok) is not None:
                return tok
    return None


_NOUN_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod"})


def name_after_quote(doc: Doc, resolver: SpeakerResolver, cue: Token, quote: QuotedSpan) -> Token | None:
    """`"...," Trump, the front-runner in the primaries, said`: a person named right behind the
    closing mark, before the cue, is the speaker whatever the parse makes of the appositive."""
    if quote.close is None or cue.idx < quote.outer_end:
        return None
    after = token_range(doc, quote.close, quote.outer_end)
    if after is None or after.end >= cue.i:
        return None
    first = doc[after.end]
    mention = resolver.mention_at(first)
    if mention is None or mention.type != "PERSON" or mention.start != first.idx or mention.end > cue.idx:
        return None
    last = token_range(doc, mention.start, mention.end)
    if last is None or (last.end < len(doc) and doc[last.end].tag_ == "POS"):
        return None  # "Trump's spokesman said": the spokesman speaks
    return last.root
