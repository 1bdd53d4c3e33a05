"""Throughput of ActorFinder.find on generated news sentences.

    python bench/bench_actors.py [--sentences 50000] [--seed 7]

Sentences are built from templates filled with names from the actor dictionary, so every sentence has
one to four actors, as news sentences do. Tokenising is done first and timed apart: the figure that
counts is find() alone, in sentences per second on one core.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from eventpipe.coding.actors import actor_finder, load_actor_dictionary
from eventpipe.coding.text import split_sentences

TEMPLATES = (
    "{adj} forces launched {n} drones at {country2} overnight, {country2}'s Air Force said on {day}.",
    "{adj} President {first} {last} spoke by phone with {person} about the war in {country}.",
    "{person} said {capital} would not change its approach, according to {metonym} aide {first} {last}.",
    "The {org} condemned the attack, and {adj2} officials called for an immediate ceasefire.",
    "Police fired tear gas at protesters in {capital} on {day}, local residents said.",
    "{country}'s Foreign Ministry warned that the pause in weapons deliveries could embolden {country2}.",
    "The talks were held in a hotel near the airport and lasted for more than three hours without a break.",
    "{adj} airstrikes killed {n} civilians in the north of the country, the {org} said in a statement.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
FIRST = ("Andriy", "Maria", "John", "Ahmed", "Li", "Olena")
LAST = ("Kovalenko", "Schmidt", "Haddad", "Okafor", "Tanaka", "Petrov")


def generate(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    d = load_actor_dictionary()
    countries = [c for c in d.countries if c.adjectives and c.capitals]
    metonyms = [m for c in d.countries for m in c.metonyms]
    orgs = [o.name for o in d.organizations]
    people = [p.name for p in d.people] or ["Vladimir Putin"]
    sentences = []
    for _ in range(count):
        a, b = rng.sample(countries, 2)
        sentences.append(rng.choice(TEMPLATES).format(
            adj=a.adjectives[0], adj2=b.adjectives[0], country=a.name, country2=b.name,
            capital=a.capitals[0], metonym=rng.choice(metonyms).removeprefix("the "), org=rng.choice(orgs),
            person=rng.choice(people), first=rng.choice(FIRST), last=rng.choice(LAST),
            n=rng.randint(2, 120), day=rng.choice(DAYS)))
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    finder = actor_finder()
    print(f"build finder: {time.perf_counter() - started:.2f} s")

    texts = generate(args.sentences, args.seed)
    started = time.perf_counter()
    spans = [s.span for doc in split_sentences(texts) for s in doc]
    tokenise = time.perf_counter() - started
    print(f"tokenise: {len(spans)} sentences in {tokenise:.2f} s ({len(spans) / tokenise:,.0f}/s)")

    day = dt.date(2025, 5, 20)
    best = float("inf")
    mentions = 0
    for _ in range(3):   # best of three: the machine is shared
        started = time.perf_counter()
        mentions = sum(len(finder.find(span, day)) for span in spans)
        best = min(best, time.perf_counter() - started)
    print(f"find: {len(spans)} sentences in {best:.2f} s = {len(spans) / best:,.0f} sentences/s "
          f"({mentions / len(spans):.1f} mentions per sentence)")


if __name__ == "__main__":
    main()
