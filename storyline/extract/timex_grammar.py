"""The surface grammar of English time expressions: word tables and one compiled pattern.

Every alternative of `TIMEX_PATTERN` is a named group; `timex_normalise` dispatches on the
group that matched, so finding an expression in running text (`finditer`) and normalising a
lone string (`fullmatch`) share one grammar. Names (months, weekdays, holidays) are matched
case-sensitively because "may", "march" and "sun" are ordinary words in lower case; every
other word is matched case-insensitively through scoped `(?i:...)` groups.
"""
from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan.": 1, "february": 2, "feb.": 2, "march": 3, "mar.": 3, "april": 4,
    "apr.": 4, "may": 5, "june": 6, "jun.": 6, "july": 7, "jul.": 7, "august": 8, "aug.": 8,
    "september": 9, "sept.": 9, "sep.": 9, "sept": 9, "october": 10, "oct.": 10,
    "november": 11, "nov.": 11, "december": 12, "dec.": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "couple of": 2, "a couple": 2, "half a": 0.5, "half an": 0.5, "a half": 0.5,
}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}
# "the final quarter", "the last half of 2024": the last one of the year.
LAST_OF_YEAR = {"quarter": 4, "half": 2, "period": 4}
# TimeML unit letters; weeks and decades keep their own letters in durations (P2W, P3DE).
UNIT_CODES = {
    "second": "S", "sec": "S", "minute": "M", "min": "M", "hour": "H", "hr": "H", "day": "D",
    "week": "W", "fortnight": "W", "weekend": "WE", "month": "M", "quarter": "Q", "year": "Y",
    "yr": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "overnight": "NI",
}

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.?|Sep\.|Oct\.|Nov\.|Dec\.)")
# Abbreviations written without a dot ("Aug 18", "17 Apr 2025"): only next to a day or a
# year, since "Jan" and "Mar" are also words and names.
_MONTH_BARE = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![.\w])"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
DAY_ORDINALS = {
    word: number for number, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)
}
DAY_ORDINALS["thirtieth"] = 30
# Days said in words, as in transcripts ("March eighth", "the twenty-first of May").
_SPOKEN_DAY = (r"(?i:(?:twenty[-\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
               r"|thirty[-\s]first|" + "|".join(sorted(DAY_ORDINALS, key=len, reverse=True)) + r")(?![-\w]))")
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_SMALL = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
          r"|fifteen|sixteen|seventeen|eighteen|nineteen")
_TENS = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = r"one|two|three|four|five|six|seven|eight|nine"
_TEENS = r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
# Years as they are spoken in broadcast transcripts: "nineteen ninety-seven", "nineteen oh
# five", "twenty twelve", "two thousand and three". Without a cue ("the year", a month) only
# the "nineteen ..."/"twenty ..." forms count: "two thousand" alone is usually a number.
_SPOKEN_CENTURY_YEAR = (rf"(?:nineteen|twenty)[-\s]+(?:hundred|oh[-\s]+(?:{_UNITS})|(?:{_TENS})(?:[-\s](?:{_UNITS}))?"
                        rf"|{_TEENS})(?![-\w])")
_SPOKEN_YEAR = (rf"(?i:{_SPOKEN_CENTURY_YEAR}|two\s+thousand(?:\s+(?:and\s+)?(?:(?:{_TENS})(?:[-\s](?:{_UNITS}))?"
                rf"|{_TEENS}|{_UNITS}))?(?![-\w]))")
_NUM = (rf"(?i:\d+(?:[.,]\d+)?|(?:{_TENS})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
        rf"|{_SMALL}|a\s+hundred|hundred|a\s+dozen|dozen|half\s+an?|an?)")
_FUZZY = r"(?i:several|a\s+few|few|a\s+couple\s+of|couple\s+of|a\s+couple|many|some|dozens\s+of|hundreds\s+of|a\s+number\s+of)"
_UNIT = (r"(?i:seconds?|minutes?|hours?|days?|weeks?|weekends?|fortnights?|months?|quarters?|years?"
         r"|decades?|century|centuries|yrs?|hrs?|mins?|secs?)")
_APPROX = (r"(?i:(?:about|around|approximately|roughly|some|nearly|almost|more\s+than|less\s+than"
           r"|fewer\s+than|over|under|up\s+to|at\s+least|at\s+most|just|only|the\s+(?:first|last|past"
           r"|next|coming|previous|final|latest)|the|another|an\s+additional|a\s+further)\s+)")
_POD = r"(?i:morning|afternoon|evening|night)"
_EDGE = (r"(?:(?i:early|late|mid|earlier|later|the\s+(?:end|beginning|start|middle|turn|first\s+half"
         r"|second\s+half|rest|remainder)\s+of)(?:[-\s]+(?i:in\s+)?))")
_SEASON = r"(?i:spring|summer|fall|autumn|winter)"
_REL = r"(?i:this\s+past|this\s+coming|this|last|next|past|coming|previous|current|following|that)"
_HOLIDAY = (r"(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year's(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?"
            r"|Halloween|Independence\s+Day|Valentine's\s+Day|Boxing\s+Day"
            r"|Labou?r\s+Day|Memorial\s+Day|Veterans\s+Day|Good\s+Friday|Easter(?:\s+(?:Sunday|Monday))?)")
_ZONE = r"(?:\s+(?:[ECMP][SD]T|ET|GMT|UTC|BST|CET|local\s+time))?"
_ZONE24 = r"(?:[ECMP][SD]T|ET|GMT|UTC|BST|CET|(?i:local\s+time)|(?i:hours?)\b)"

ALTERNATIVES: list[tuple[str, str]] = [
    # Absolute calendar dates.
    ("iso", r"\b(?P<iso_y>[12]\d{3})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)\b"),
    ("slash", r"\b(?P<sl_m>1[0-2]|0?[1-9])/(?P<sl_d>3[01]|[12]\d|0?[1-9])/(?P<sl_y>(?:19|20)?\d\d)\b"),
    ("wdate", rf"(?:(?P<wd_day>{_WEEKDAY}),?\s+)?(?P<wd_edge>{_EDGE})?(?P<wd_rel>(?i:last|next|this\s+coming|this\s+past|coming|past)\s+)?(?:(?P<mdy_m>{_MONTH}|{_MONTH_BARE})\s+(?P<mdy_d>{_DAY}\b|{_SPOKEN_DAY})"
              rf"|(?i:the\s+)?(?P<dmy_d>{_DAY})\s+(?i:of\s+)?(?P<dmy_m>{_MONTH}|{_MONTH_BARE})"
              rf"|(?i:the\s+)?(?P<dmy_sd>{_SPOKEN_DAY})\s+(?i:of)\s+(?P<dmy_sm>{_MONTH}))"
              rf"(?:,?\s+(?P<md_y>{_YEAR})\b|,?\s+(?P<md_sy>{_SPOKEN_YEAR}))?(?!\d|:\d)"),
    ("my", rf"(?P<my_edge>{_EDGE})?(?P<my_rel>{_REL}\s+)?(?P<my_m>{_MONTH}|{_MONTH_BARE}(?=,?\s+{_YEAR}\b))(?:,?\s+(?i:of\s+)?(?P<my_y>{_YEAR})\b|,?\s+(?i:of\s+)?(?P<my_sy>{_SPOKEN_YEAR})|\s+(?P<my_ry>(?i:this|last|next)\s+year)\b)?(?![\w])"),
    # A weekday's part of the day that recurs ("Tuesday nights"), then weekdays, possibly
    # with a relative word or a part of the day.
    ("weeklypod", rf"(?P<wp_day>{_WEEKDAY})\s+(?P<wp_pod>(?i:morning|afternoon|evening|night))s\b"),
    ("weekday", rf"(?:(?P<wk_rel>{_REL}|(?i:the\s+(?:previous|following|preceding)))\s+)?(?P<wk_day>{_WEEKDAY})(?:\s+(?P<wk_pod>{_POD}))?(?!\s*,?\s*{_MONTH})"),
    ("holiday", rf"(?P<hol>{_HOLIDAY})(?:,?\s+(?P<hol_y>{_YEAR})\b)?"),
    # Times of day.
    ("clock", rf"\b(?P<ck_h>[01]?\d|2[0-3])(?:[:.](?P<ck_m>[0-5]\d))?\s*(?P<ck_ap>(?i:a\.m\.|p\.m\.|am\b|pm\b)){_ZONE}"
              rf"(?:\s+(?P<ck_rel>(?i:today|tonight|tomorrow|yesterday))|,?\s+(?:(?i:on\s+))?(?P<ck_wd>{_WEEKDAY})(?:,\s+(?P<ck_wd_m>{_MONTH})\s+(?P<ck_wd_d>{_DAY})\b)?|,?\s+(?:(?i:on\s+))?(?P<ck_md_m>{_MONTH})\s+(?P<ck_md_d>{_DAY})\b)?"),
    # "4 in the morning", "nine o'clock at night", "10 o'clock".
    ("clockword", r"(?i:\b(?P<cw_h>1[0-2]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                  r"(?:(?P<cw_oc>\s+o'clock)?\s+(?P<cw_p>in\s+the\s+(?:morning|afternoon|evening)|at\s+night)|\s+o'clock)\b)"),
    # 24-hour clocks: "16:00 GMT", "1600 GMT" (the zone is needed without a colon), "at 11:00".
    ("clock24", r"\b(?:(?P<c24_h>[01]?\d|2[0-3]):(?P<c24_m>[0-5]\d)(?!:?\d)|(?P<c24_hh>[01]\d|2[0-3])(?P<c24_mm>[0-5]\d)(?=\s*" + _ZONE24 + r"))"
                r"(?:\s*(?P<c24_z>" + _ZONE24 + r"))?"),
    ("noon", rf"(?i:\b(?P<noon_w>noon|midday|midnight)\b)(?:,?\s+(?i:on\s+)?(?P<noon_wd>{_WEEKDAY}))?"),
    # Relative days and parts of days.
    ("relday", r"(?i:\b(?P<rd>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight"
               r"|tomorrow|yesterday)(?:\s+(?P<rd_pod>morning|afternoon|evening|night))?\b)"),
    # "earlier in the week", "later in the year": the unit around the day being talked about.
    ("inunit", r"(?i:\b(?:earlier|later)\s+in\s+the\s+(?P<iu>week|month|year)\b)"),
    ("edgepod", r"(?i:\b(?P<ep_edge>early|mid|late)[-\s]?(?P<ep_pod>morning|afternoon|evening)\b(?:\s+(?P<ep_rel>today|yesterday|tomorrow)\b)?)"),
    ("thispod", r"(?i:\b(?P<tp_rel>this|last|tomorrow|yesterday)\s+(?P<tp_pod>morning|afternoon|evening|night)\b)"),
    ("refday", r"(?i:\b(?P<ref>the\s+(?:day|week|month|year)\s+(?:after|before)(?=\s*[,.;:!?)]|\s*$)|the\s+(?:following|previous|preceding|prior|same)"
               r"\s+(?:day|week|month|year|morning|night|evening)|the\s+next\s+(?:day|morning|night|evening)|the\s+(?:night|evening)\s+before|that\s+(?:day|week|month|year|night|morning)"
               r"|(?:a|one|two|three|four|five|six|seven|\d+)\s+(?:days?|weeks?|months?|years?)\s+(?:later|earlier"
               r"|(?:before|after)(?=\s*[,.;:!?)]|\s*$)))\b"
               r"(?!\s+(?:the|a|an|his|her|their|its|this|that|it|he|she|they|we|I)\b)"
               # "the day after the coalition meeting": a day counted from an event the text
               # has just dated; the event's noun phrase is not part of the expression.
               r"|\b(?P<ref_ev>the\s+day\s+(?:after|before))(?=\s+(?:the|his|her|their|its|this|that)\s+[a-z]))"),
    # Quarters and halves.
    ("quarter", rf"(?i:\b(?:the\s+)?(?:(?P<q_y1>{_YEAR})(?:'s)?\s+|fiscal\s+(?P<q_fy>{_YEAR})\s+|this\s+year's\s+|last\s+year's\s+|next\s+year's\s+|(?P<q_ago>year[-\s](?:ago|earlier))\s+)?"
                rf"(?:fiscal\s+)?(?:(?P<q_n>first|second|third|fourth|1st|2nd|3rd|4th|final)|(?P<q_last>last)(?=[-\s]+(?:quarter|half)\s+of\s+(?:fiscal\s+)?(?:{_YEAR}|(?:last|this|next|the)\s+year)\b)"
                rf"|(?P<q_two>first|last|final)\s+two(?=\s+quarters\b))[-\s]+(?P<q_kind>quarters?|half|period)"
                rf"(?:\s+of\s+(?:fiscal\s+)?(?:(?P<q_y2>{_YEAR})|(?P<q_ry>last|this|next|the)\s+year))?\b"
                rf"|\b(?P<q_code>Q[1-4])(?:\s+(?P<q_y3>{_YEAR}))?\b)"),
    # "the quarter a year ago", "the same period last year", "last year's quarter": the
    # quarter in view, a year back.
    ("quarterback", r"(?i:\b(?:the\s+)?(?:same\s+|comparable\s+|corresponding\s+)?(?:quarter|period)\s+"
                    r"(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year)(?!'s)\b"
                    r"|\blast\s+year's\s+(?:same\s+|comparable\s+)?(?:quarter|period)\b)"),
    ("relquarter", r"(?i:\b(?P<rq>(?:the\s+)?(?:year[-\s](?:ago|earlier)|latest|most\s+recent|recent|current|past|last|this|next|same|previous|prior|coming)"
                   r"(?:\s+(?:fiscal\s+)?)?\s*quarter|the\s+quarter|that\s+quarter|(?:the\s+)?(?:year[-\s](?:ago|earlier)|latest)\s+period)\b)"),
    # "the 1988 quarter", "the 1989 period": a quarter named by its year; which quarter
    # comes from the quarter the text is talking about.
    ("yearquarter", rf"(?i:(?<!\d[-–])\b(?:the\s+)?(?P<yq_y>{_YEAR})\s+(?:quarter|period)\b)"),
    # "year-earlier profit", "the year-ago results": the same period a year back.
    ("yearago", r"(?i:\b(?P<ya>year[-\s](?:earlier|ago))\b(?!\s+(?:\w+[-\s]+)?months\b))"),
    # The end of the current year, and the weekend nearest the anchor.
    ("yearend", r"(?i:\b(?P<ye>year[-\s]end|year's\s+end|the\s+end\s+of\s+the\s+(?:year|month|week|decade|century))\b)"),
    ("weekend", r"(?i:\b(?P<we>the\s+weekend|this\s+past\s+weekend)\b)"),
    # Years, decades, centuries, seasons.
    ("decade", r"(?i:(?:the\s+)?(?P<dc_edge>early|mid|late)?[-\s]?(?:(?P<dc_y>1[5-9]\d0|20\d0)'?s\b|'(?P<dc_yy>\d0)s\b))"),
    ("worddecade", r"(?i:\bthe\s+(?P<wdc_edge>early|mid|late)?[-\s]?(?P<wdc>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)"),
    ("century", r"(?i:\b(?:the\s+)?(?P<cent>\d{1,2})(?:st|nd|rd|th)[-\s]century\b)"),
    ("season", rf"(?:(?P<sn_edge>{_EDGE})?(?P<sn_rel>(?:{_REL}|(?i:the))\s+)?(?P<sn>{_SEASON})(?:\s+(?i:of\s+)?(?P<sn_y>{_YEAR})\b|\s+(?i:of\s+)?(?P<sn_sy>{_SPOKEN_YEAR})|(?P<sn_yy>\s+'\d\d\b))?)"),
    ("relyear", rf"(?P<ry_edge>{_EDGE})?(?i:\b(?P<ry_rel>this|last|next|past|coming|previous|current|following|that|the\s+past|the\s+last|the\s+next|the\s+coming"
                rf"|the\s+previous|the\s+following|the\s+current|the\s+same)\s+(?P<ry_unit>week|weekend|month|year|decade|century|fiscal\s+year)\b)"),
    # "over the last hour", "in the past day": a stretch of time up to or from now.
    ("lasthour", r"(?i:\bthe\s+(?:past|last|next|coming)\s+(?P<lh>hour|day)\b(?!\s+(?:of|before|after)\b))"),
    ("fiscal", rf"(?i:\b(?:fiscal(?:\s+year)?\s+|fy\s*)(?P<fy>{_YEAR}|\d\d)\b)"),
    ("spokenyear", rf"(?i:\b(?:the\s+year\s+(?P<spy_t>{_SPOKEN_YEAR})|(?P<spy>{_SPOKEN_CENTURY_YEAR})))"),
    # A year, also as either end of a span of years ("2008-2012"), not "2013-14" or "1,985".
    ("year", rf"(?P<y_edge>{_EDGE})?\b(?P<y>{_YEAR})\b(?![/.,]\d|[-–](?!{_YEAR}\b)\d)"),
    # Anchored offsets and durations.
    ("ago", rf"(?P<ago_approx>{_APPROX})?\b(?P<ago_n>{_NUM}|{_FUZZY})[-\s]+(?P<ago_u>{_UNIT})(?:\s+or\s+so)?\s+(?P<ago_dir>(?i:ago|from\s+now|hence))"),
    ("set", rf"(?i:\b(?P<set_w>daily|weekly|monthly|yearly|nightly|hourly|biweekly"
            rf"|(?:every|each|per)\s+(?:other\s+)?(?:(?:{_NUM})\s+)?(?:day|week|month|year|quarter|hour|minute|morning|night|evening|weekend)s?"
            rf"|(?:once|twice|(?:three|four|five|\d+)\s+times)\s+(?:a|an|per|every)\s+(?:day|week|month|year|hour|quarter)"
            rf"|(?:every|each)\s+(?-i:{_WEEKDAY}|{_MONTH})|(?-i:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays))\b)"),
    ("duration", rf"(?P<du_approx>{_APPROX})?\b(?P<du_n>{_NUM}|{_FUZZY})(?P<du_half>\s+(?i:and\s+a\s+half)|\s+1/2|½)?(?:\s+(?i:more|additional|extra|further|straight|consecutive|full))?[-\s]+(?P<du_u>{_UNIT})"
                 rf"(?P<du_half2>\s+(?i:and\s+a\s+half))?\b(?!-(?i:earlier|ago)\b)(?:[-\s](?i:long|old))?"),
    # A reporting period named by its end ("the year ended June 30"), and "day-long".
    ("period", r"(?i:\b(?P<pd>(?:the\s+)?(?:fiscal\s+)?(?:year|quarter|month|week|half|six\s+months|nine\s+months)(?=\s+(?:ended|ending|that\s+ended)\b)"
               r"|(?:day|week|month|year|decade|decades|years|months|weeks|days)-long)\b)"),
    # "the year", "the full year": in news, the year being reported on (not a stretch of time).
    ("theyear", r"(?i:\b(?P<tyr>the\s+(?:full\s+|whole\s+|entire\s+)?(?:fiscal\s+)?year)\b"
                r"(?![-'’]|\s+(?:ago|earlier|later|before|after|ended|ending|that\s+ended|\d)\b))"),
    ("plural", r"(?i:\b(?P<pl_pre>recent\s+|coming\s+|the\s+coming\s+|the\s+past\s+|the\s+last\s+)?(?P<pl>years|months|weeks|days|decades|hours|minutes))\b"),
    ("refword", r"(?i:\b(?P<rw>now|currently|nowadays|presently|at\s+present|these\s+days|at\s+the\s+moment|recently|lately"
                r"|formerly|in\s+recent\s+years|the\s+(?:near\s+|distant\s+)?future|in\s+future|current|someday"
                r"|the\s+(?:near|short)\s+term"
                # "the past" on its own, not "the past two years" nor "the past three summers"
                r"|the\s+past(?!\s+(?:[\w-]+\s+){0,2}(?:years?|months?|weeks?|days?|decades?|quarters?|centur(?:y|ies)"
                r"|hours?|minutes?|summers?|winters?|springs?|autumns?|falls?|seasons?|weekends?|nights?)\b)"
                r"|the\s+time\s+being)\b)"),
]

# Expressions start at a word: checking that first lets the engine skip most positions.
TIMEX_PATTERN = re.compile(
    r"(?<!\w)(?=[\w'½])(?:" + "|".join(f"(?P<{name}>{body})" for name, body in ALTERNATIVES) + ")"
)

# Every alternative above begins with a digit or one of these words. Trying the full pattern
# only where such a word starts keeps the cost per article small.
_FIRST_WORDS = frozenset(
    """the this last next past coming previous current following that early late mid earlier later
    about around approximately roughly some nearly almost more less fewer over under up at just only
    another an a one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred dozen half several few couple many dozens hundreds number every each per once twice
    daily weekly monthly yearly nightly hourly biweekly today tonight tomorrow yesterday noon midday
    midnight fiscal fy year years latest most recent same prior spring summer fall autumn winter
    christmas new thanksgiving halloween independence valentine boxing labor labour memorial
    veterans good easter now currently nowadays presently these recently lately formerly in quarter
    month months week weeks day days decade decades hours minutes coming first second third fourth
    1st 2nd 3rd 4th q1 q2 q3 q4 six nine someday""".split()
) | frozenset(DAY_ORDINALS) | frozenset(MONTHS) | frozenset(m.rstrip(".") for m in MONTHS) | frozenset(WEEKDAYS) \
  | frozenset(f"{day}s" for day in WEEKDAYS)
_WORD = re.compile(r"[^\W_]+|'\d")
# Every alternative also contains a digit or one of these words, at most _REACH characters
# from its start ("the end of the year", "more than two years").
_TRIGGER = re.compile(
    r"\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
    r"|(?i:\b(?:sec|min|hour|hr|day|week|fortnight|month|quarter|year|yr|decade|centur|half|period"
    r"|morning|afternoon|evening|night|noon|midday|midnight|today|tonight|tomorrow|yesterday"
    r"|spring|summer|fall|autumn|winter|daily|weekly|monthly|yearly|nightly|hourly|biweekly|every"
    r"|someday|each|per|once|twice|times|now|current|present|these|moment|recent|lately|formerly|future|past"
    r"|time|christmas|new\s+year|thanksgiving|halloween|independence|valentine|boxing|labou?r"
    r"|memorial|veterans|good\s+friday|easter|term|fiscal|fy|q[1-4]|nineteen|twenty|thousand"
    r"|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
)
_REACH = 45


def iter_matches(text: str):
    """The same matches as `TIMEX_PATTERN.finditer(text)`, tried only at plausible first words."""
    resume = 0
    for word in _WORD.finditer(text):
        if word.start() < resume:
            continue
        key = word.group().lower()
        if not (key[0].isdigit() or key[0] == "'" or key in _FIRST_WORDS or key.startswith("fy")):
            continue
        if _TRIGGER.search(text, word.start(), word.start() + _REACH) is None:
            continue  # no word of time close enough for an expression to start here
        match = TIMEX_PATTERN.match(text, word.start())
        if match is not None and match.end() > match.start():
            resume = match.end()
            yield match

# Words that open a match but are not part of a TIMEX3 (prepositions, articles in front of
# plain names). "the" stays when the expression needs it ("the past two months").
LEADING_NOISE = re.compile(r"^(?i:(?:on|by|in|at|since|until|till|from|during|for|of|to|before|after|around|within|over|throughout)\s+)+")


def number_value(text: str) -> float | None:
    """'three' -> 3, 'twenty-one' -> 21, '1,000' -> 1000, 'several' -> None (unknown amount)."""
    t = " ".join(text.lower().replace("-", " ").split())
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t]
    try:
        return float(t.replace(",", ""))
    except ValueError:
        pass
    parts = t.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def year_number(text: str) -> int | None:
    """'1997' -> 1997, 'nineteen ninety-seven' -> 1997, 'nineteen oh five' -> 1905,
    'two thousand and three' -> 2003, 'twenty twelve' -> 2012."""
    words = " ".join(text.lower().replace("-", " ").split()).removeprefix("the year ").split()
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + int(number_value(" ".join(rest)) or 0) if rest else 2000
    if not words or words[0] not in ("nineteen", "twenty"):
        return None
    rest = [w for w in words[1:] if w not in ("oh", "hundred")]
    tail = number_value(" ".join(rest)) if rest else 0
    return None if tail is None else NUMBER_WORDS[words[0]] * 100 + int(tail)


def month_number(name: str) -> int:
    key = name.lower().rstrip(",")
    return MONTHS[key] if key in MONTHS else MONTHS[key + "."]


def day_number(text: str) -> int:
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())
    words = text.lower().replace("-", " ").split()
    tens = {"twenty": 20, "thirty": 30}.get(words[0], 0) if len(words) == 2 else 0
    return tens + DAY_ORDINALS[words[-1]]
