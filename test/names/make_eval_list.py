#!/usr/bin/env python3
"""Build the list-level evaluation: a registry and a list the other side
sent, for reconcile() as a whole (test/names/eval_registry.csv and
test/names/eval_list.csv).

The pairs of make_eval_set.py judge two names at a time; a list is judged
by what reconcile() decides for each line against a whole registry, birth
years included.  The registry holds real namesakes: people of the same
full name told apart by their birth year, and a few that nothing on a list
can tell apart (same name, same year).  The list writes registry people in
every spelling system and way of writing of make_eval_set.py, and people
who are not in the registry but look like someone who is: a brother, the
same surname and given name with another patronymic and a birth year one
off, a near surname, a woman whose given name is the feminine of a man's.

Each line says who it really is (a registry key, or nobody) and what kind
of line it is, so that evaluate_list.sql can score precision and recall
per spelling system, and count the undecidable namesakes that were
guessed instead of flagged.

Deterministic: the same run always writes the same files.
"""
import csv
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_eval_set as pairs  # noqa: E402


def main(directory):
    rng = random.Random(20250525)
    registry = []          # (key, full_name, birth_year)
    by_key = {}            # key -> (uk, ru, year)
    names_seen = set()

    taken = set()          # (full name, birth year) of the registry

    def add_person(uk, ru, year):
        key = f"P{len(registry) + 1:05d}"
        registry.append((key, " ".join(uk), year))
        by_key[key] = (uk, ru, year)
        names_seen.add(" ".join(uk))
        taken.add((" ".join(uk), year))
        return key

    def free_year(uk, low=1962, high=2004):
        """A birth year no registry person of this name has: a chance
        namesake of the same year would be undecidable."""
        while True:
            year = rng.randint(low, high)
            if (" ".join(uk), year) not in taken:
                return year

    # 2,400 people, with their siblings now and then.
    for _ in range(2400):
        uk, ru = pairs.person(rng)
        key = add_person(uk, ru, free_year(uk))
        if rng.random() < 0.1:
            s_uk, s_ru = pairs.sibling(uk, ru, rng)
            add_person(s_uk, s_ru, free_year(s_uk))
    # Namesakes a birth year tells apart (at least three years between them).
    decidable_namesakes = []
    for _ in range(150):
        uk, ru = pairs.person(rng)
        year = free_year(uk, 1962, 1990)
        a = add_person(uk, ru, year)
        b = add_person(uk, ru, free_year(uk, year + 3, year + 14))
        decidable_namesakes += [a, b]
    # Namesakes nothing on a list tells apart: same name, same year.
    undecidable = []
    for _ in range(50):
        uk, ru = pairs.person(rng)
        year = free_year(uk)
        undecidable.append(add_person(uk, ru, year))
        add_person(uk, ru, year)

    lines = []             # (name, birth_year, truth_key, kind, system, form)

    def write(uk, ru, forms=pairs.FORMS):
        system = rng.choice(pairs.SYSTEMS)
        words = pairs.spell(system, uk, ru, rng)
        text, form = pairs.render(*words, rng, forms)
        return text, system, form

    bearers = {}
    for key, name, year in registry:
        bearers[name] = bearers.get(name, 0) + 1
    plain = [k for k in by_key if k not in set(decidable_namesakes) | set(undecidable)]
    # Registry people, with their birth year (one in ten without it, and
    # then only where no other registry person bears the name).
    for key in rng.sample(plain, 800):
        uk, ru, year = by_key[key]
        text, system, form = write(uk, ru)
        unique = bearers[" ".join(uk)] == 1
        lines.append((text, year if rng.random() < 0.9 or not unique else None, key, "in registry", system, form))
    for key in rng.sample(decidable_namesakes, 150):
        uk, ru, year = by_key[key]
        text, system, form = write(uk, ru)
        lines.append((text, year, key, "namesake, told apart by the birth year", system, form))
    for key in undecidable:
        uk, ru, year = by_key[key]
        # The full name: initials or a missing patronymic would hide more.
        text, system, form = write(uk, ru, ["full", "upper", "given_first"])
        lines.append((text, year, key, "namesake, undecidable", system, form))

    # People who are not in the registry.
    def absent(uk, ru, year, kind, forms=pairs.FORMS):
        if " ".join(uk) in names_seen:
            return
        text, system, form = write(uk, ru, forms)
        lines.append((text, year, None, kind, system, form))

    for key in rng.sample(plain, 120):
        uk, ru, year = by_key[key]
        o_uk, o_ru = pairs.other_father(uk, ru, rng)
        absent(o_uk, o_ru, year + rng.choice([-1, 1]),
               "absent: same surname and given name, other patronymic, birth year one off",
               [f for f in pairs.FORMS if f not in ("no_patronymic", "initials")])
    for key in rng.sample(plain, 100):
        uk, ru, year = by_key[key]
        s_uk, s_ru = pairs.sibling(uk, ru, rng)
        absent(s_uk, s_ru, rng.randint(1962, 2004), "absent: a brother or sister",
               [f for f in pairs.FORMS if f != "initials"])
    for key in rng.sample(plain, 80):
        uk, ru, year = by_key[key]
        a_uk, a_ru, b_uk, b_ru = pairs.near_surname(uk, ru, rng)
        if " ".join(a_uk) in names_seen:
            continue
        absent(b_uk, b_ru, year, "absent: near surname")
    for _ in range(60):
        man, w_uk, w_ru = pairs.other_sex(rng)
        if " ".join(man) not in names_seen:
            add_person(man, man, rng.randint(1962, 2004))
        absent(w_uk, w_ru, rng.randint(1962, 2004), "absent: the feminine of a registry man's name",
               ["no_patronymic", "full"])
    for _ in range(100):
        uk, ru = pairs.person(rng)
        absent(uk, ru, rng.randint(1962, 2004), "absent: another person")

    rng.shuffle(lines)
    with open(os.path.join(directory, "eval_registry.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["person_key", "full_name", "birth_year"])
        w.writerows(registry)
    with open(os.path.join(directory, "eval_list.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["line_number", "name_as_written", "birth_year", "truth", "kind", "system", "form"])
        for i, (text, year, truth, kind, system, form) in enumerate(lines, 1):
            w.writerow([i, text, "" if year is None else year, truth or "", kind, system, form])
    print(f"{len(registry)} registry people, {len(lines)} list lines", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
