"""Generate a fictional news corpus (JSONL records) from sentence templates, for scale benchmarks.

Each event (a place, a person, an organisation, a count, a date) is reported by several
outlets; each outlet words it from its own templates and some report a different count,
so the corpus has stories, corroborated facts and conflicts. Names are invented.

    python bench/scale/generate.py 2000 /tmp/corpus.jsonl
    python bench/scale/generate.py 20000 /tmp/corpus/ 250     # 80 files of 250 records
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

# Place names are built from two parts so that a large corpus holds many distinct events: with a
# handful of fixed places, the same place, body and kind of event recurred every few days and
# stories grew with the corpus (at 16k articles the average story had 21 articles, not 3.5), so
# the ledger's cost per story, not the runner, set the growth factor.
STARTS = ["Var", "Quel", "Bris", "Oster", "Kel", "Dray", "Tarr", "Luns", "Pell", "Had", "Ember", "Cor", "Salt",
          "Wyn", "Marr", "Fen", "Ash", "Brom", "Cald", "Dun", "Elm", "Gar", "Hol", "Ire", "Jun", "Kirk", "Lin",
          "Mor", "Nor", "Pen"]
ENDS = ["holm", "port", "ford", "vale", "mouth", "mere", "by", "wick", "court", "row", "field", "ane", "reach",
        "dle", "gate", "holt", "ton", "stead", "bury", "ley", "wood", "combe", "haven", "moor", "ness"]
PLACES = [start + end for start in STARTS for end in ENDS]
FIRST = ["Ilsa", "Teo", "Pell", "Maren", "Oskar", "Veda", "Rune", "Lio", "Sabel", "Corin", "Ada", "Jorun"]
LAST = ["Brandvik", "Marvane", "Amsel", "Quist", "Holloway", "Tenbury", "Vasko", "Ardent", "Lisle", "Morrow"]
ORGS = ["Dockers Union", "Water Board", "Transit Authority", "Health Trust", "Rail Company", "Farmers Guild"]
EVENTS = [
    ("closed the {thing} after engineers found cracks", "bridge", ["Tessel Bridge", "North Viaduct", "Old Pier"]),
    ("announced a strike over pay at the {thing}", "strike", ["harbour", "rail depot", "bus garage"]),
    ("opened a new {thing} for residents", "opening", ["library", "clinic", "sports hall"]),
    ("reported flooding near the {thing}", "flood", ["river bank", "market square", "ring road"]),
]
OUTLETS = ["North Ledger", "Harbour Times", "Valley Post", "Meadow Gazette", "Coastal Herald", "Ridge Courier"]
LEADS = [
    "The {org} of {place} {action} on {weekday}.",
    "On {weekday}, the {org} in {place} {action}.",
    "{place}'s {org} {action} on {weekday}, officials said.",
]
QUOTES = [
    '"We will keep everyone informed," {person} said.',
    '{person}, a spokesperson for the {org}, said the decision was difficult.',
    'According to {person}, talks would continue next week.',
]
COUNTS = [
    "{person} said {count} people were affected.",
    "About {count} people were affected, {person} told reporters.",
    "The {org} said {count} workers would be involved.",
]


def generate(n_articles: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    places = list(PLACES)
    rng.shuffle(places)  # every place is used once before any is used again
    records: list[dict] = []
    start = dt.date(2031, 1, 5)
    event = 0
    while len(records) < n_articles:
        action, _, things = EVENTS[event % len(EVENTS)]
        place, org = places[event % len(places)], rng.choice(ORGS)
        person = f"{rng.choice(FIRST)} {rng.choice(LAST + [p + 'son' for p in STARTS])}"
        day = start + dt.timedelta(days=event // 3)
        facts = {"place": place, "org": f"{place} {org}", "person": person, "weekday": day.strftime("%A"),
                 "action": action.format(thing=rng.choice(things)), "count": rng.randrange(20, 5000)}
        for outlet in rng.sample(OUTLETS, rng.randint(2, 5)):
            if len(records) >= n_articles:
                break
            own = dict(facts)
            if rng.random() < 0.25:  # this outlet got the number wrong: a conflict
                own["count"] = facts["count"] + rng.randrange(5, 50)
            sentences = [rng.choice(LEADS), rng.choice(COUNTS), rng.choice(QUOTES),
                         "The {org} said more details would follow."]
            text = " ".join(s.format(**own) for s in sentences)
            records.append({"id": f"g{len(records):07d}", "source": outlet, "published": day.isoformat(),
                            "title": f"{place}: {own['org']} {own['action'].split(' ')[0]}", "text": text,
                            "url": f"https://{outlet.split()[0].lower()}.example/{event}"})
        event += 1
    return records


def write_corpus(n_articles: int, path: Path, seed: int = 7) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for record in generate(n_articles, seed):
            handle.write(json.dumps(record) + "\n")
    return path


def write_shards(n_articles: int, folder: Path, per_file: int = 250, seed: int = 7) -> Path:
    """The same corpus as `write_corpus`, as JSONL files of `per_file` records (how crawls
    arrive, and what lets workers read the files in parallel)."""
    folder.mkdir(parents=True, exist_ok=True)
    records = generate(n_articles, seed)
    for number, start in enumerate(range(0, len(records), per_file)):
        with open(folder / f"part-{number:06d}.jsonl", "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(record) + "\n" for record in records[start:start + per_file])
    return folder


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/storyline-gen-{count}.jsonl")
    if len(sys.argv) > 3:  # a records-per-file count: a folder of shards
        print(write_shards(count, target, int(sys.argv[3])))
    else:
        print(write_corpus(count, target))
