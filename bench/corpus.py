"""A generated news corpus for benchmarks: realistic sentences (events, dates, attributions, quotes,
filler) assembled from templates, deterministic for a given seed."""
from __future__ import annotations

import json
import random
from collections.abc import Iterator

LEADERS = ["U.S. President Donald Trump", "Russian President Vladimir Putin", "Ukrainian President Volodymyr Zelensky",
           "French President Emmanuel Macron", "German Chancellor Friedrich Merz", "Turkish President Recep Tayyip Erdogan",
           "Chinese President Xi Jinping", "Israeli Prime Minister Benjamin Netanyahu", "British Prime Minister Keir Starmer"]
STATES = ["Russia", "Ukraine", "the United States", "Israel", "Iran", "China", "the European Union", "Britain", "Turkey"]
FORCES = ["Russian forces", "Ukrainian troops", "Israeli forces", "Sudanese paramilitaries", "Houthi rebels", "the Syrian army"]
PLACES = ["Kharkiv", "Kyiv", "Odesa", "Gaza City", "Khartoum", "Sanaa", "Aleppo", "Zaporizhzhia region", "Donetsk"]
WHEN = ["on Monday", "late Tuesday", "overnight", "on 3 July 2025", "last week", "", "", "", "earlier this month"]
EVENTS = [
    "{a} spoke by phone with {b} {when}.",
    "{a} and {b} held a two-hour call {when}, officials said.",
    "{s} launched {n} drones at {place} {when}, {t}'s air force said.",
    "Air defences shot down {n} of them, according to the military.",
    "{f} shelled {place} {when}, killing {n} civilians.",
    "The Pentagon paused shipments of air defence missiles to {t} {when}.",
    "{s} imposed new sanctions on {t} {when}.",
    "{a} has not imposed new sanctions on {t}, despite the pressure.",
    "{s} lifted sanctions on {t} {when}.",
    "{a} threatened {t} with tough sanctions.",
    "Officials in {t} called for an immediate ceasefire.",
    "About {n} people staged a protest in {place} {when} against rising prices.",
]
FILLER = [
    "The conflict has displaced millions of people since it began.",
    "Analysts say the decision reflects a broader shift in policy.",
    "Markets reacted calmly to the news on Tuesday.",
    "\u201cWe will continue to defend our country,\u201d the minister said.",
    "The report could not be independently verified.",
    "Talks are expected to continue in the coming weeks, diplomats said.",
    "The statement did not give further details.",
    "Prices of grain and fuel have risen sharply this year.",
]


def sentences(rng: random.Random) -> Iterator[str]:
    while True:
        if rng.random() < 0.45:
            a, b = rng.sample(LEADERS, 2)
            s, t = rng.sample(STATES, 2)
            yield rng.choice(EVENTS).format(a=a, b=b, s=s, t=t, f=rng.choice(FORCES), place=rng.choice(PLACES),
                                            when=rng.choice(WHEN), n=rng.randint(2, 150)).replace("  ", " ").replace(" .", ".").replace(" ,", ",")
        else:
            yield rng.choice(FILLER)


def documents(total_sentences: int, seed: int = 7, per_document: int = 12) -> list[dict]:
    rng = random.Random(seed)
    stream = sentences(rng)
    docs = []
    for i in range(0, total_sentences, per_document):
        count = min(per_document, total_sentences - i)
        text = " ".join(next(stream) for _ in range(count))
        day = 1 + (i // per_document) % 28
        docs.append({"doc_id": f"bench-{i // per_document:06d}", "text": text, "published_at": f"2025-06-{day:02d}"})
    return docs


if __name__ == "__main__":
    import sys

    for doc in documents(int(sys.argv[1]) if len(sys.argv) > 1 else 1000):
        print(json.dumps(doc))
