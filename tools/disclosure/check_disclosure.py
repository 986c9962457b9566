#!/usr/bin/env python3
"""Property and attacker tests of disclosure control (SPEC §4, §4.6, §9.9.5) over generated one-wave surveys
(tools/disclosure/check_journey.py does the same over several waves).

For each of COUNT surveys generated from SEED (random register sizes, sectors of one organisation and
more, charter status, respondents per organisation around the thresholds and some far above them,
random missing answers and roles, random thresholds), it runs the built `readiness` binary and then:

1. Property: recomputes from the centre files (scores.csv, items.csv) and the survey's own responses
   the base of every figure shown, and fails when
   - a partner file (report.md) shows a figure resting on fewer than min_respondents of its
     respondents (a domain score, an item, either side of confidence versus knowledge), or a
     benchmark group of fewer than min_organisations organisations;
   - a national file (evidence.md) shows a figure resting on fewer than min_organisations
     organisations, or, computed over respondents, on fewer than min_respondents respondents or with one
     organisation supplying more than max_organisation_share of them.
2. Attacker: for every partner, subtracts what it sees of itself (its level, its domain scores, its
   item results) from every national table, and every shown group from its total (levels by sector
   from the national levels, role respondents from all respondents); fails when what
   is left rests on exactly one organisation, i.e. that organisation's level, score or item result is
   recovered, and checks that the recovered value is then indeed that organisation's.

min_organisations is drawn from 3 up: with 2, each of two organisations in a group learns the other
by subtraction whatever the rules do, which is what a threshold of 2 means.

Usage: python3 tools/disclosure/check_disclosure.py BINARY [--count N] [--seed S]
Exit 0 when every survey passes; 1 with the problems found (the failing survey is kept and named).
"""
import argparse
import csv
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

LEVELS = [("Emerging", 0), ("Developing", 40), ("Established", 60), ("Leading", 80)]
ROLES = ["Frontline", "Manager"]
# Domain culture: 3 likert (C2 reverse); domain ig: 2 likert and a knowledge item (mixed).
ITEMS = [("C1", "culture", "likert", False), ("C2", "culture", "likert", True), ("C3", "culture", "likert", False),
         ("I1", "ig", "likert", False), ("I2", "ig", "likert", False), ("K1", "ig", "knowledge", True)]
DOMAINS = ["culture", "ig"]


def instrument(n, k, share):
    items = {d: [] for d in DOMAINS}
    for item, domain, kind, flag in ITEMS:
        if kind == "likert":
            items[domain].append(f"      - {{id: {item}, text: \"Item {item}\"{', reverse: true' if flag else ''}}}")
        else:
            items[domain].append(f"      - {{id: {item}, type: knowledge, answer: true, text: \"Item {item}\"}}")
    lines = ["id: prop", 'version: "1"', "title: Property survey",
             f"thresholds: {{min_respondents: {n}, min_organisations: {k}, max_organisation_share: {share}}}",
             f"roles: [{', '.join(ROLES)}]", "domains:"]
    for domain in DOMAINS:
        lines += [f"  - id: {domain}", f"    title: {domain.capitalize()}", "    items:"] + items[domain]
    return "\n".join(lines) + "\n"


def generate(rng, folder):
    """Writes a surveys folder; returns its facts: thresholds, register and the respondents."""
    n = rng.randint(3, 6)
    k = rng.randint(3, 5)
    share = rng.choice([0.3, 0.4, 0.5, 0.5, 0.6, 0.75, 1])
    orgs = [f"O{i:02d}" for i in range(rng.randint(2, 12))]
    sectors = {}
    pool = ["Acute", "Councils", "Police", "Primary", "Voluntary"]
    for org in orgs:
        sectors[org] = rng.choice(pool[: rng.randint(1, len(pool))])
    if orgs and rng.random() < 0.5:
        sectors[rng.choice(orgs)] = "Lone sector"  # a group of one organisation
    signatory = {org: rng.random() < 0.6 for org in orgs}
    people = []
    for org in orgs:
        size = rng.choice([max(0, n - 2), n - 1, n, n + 1, n + 3, 2 * n, rng.randint(0, 4 * n)])
        if rng.random() < 0.12:
            size = rng.randint(8 * n, 15 * n)  # a dominant organisation
        base = rng.random()
        for _ in range(size):
            answers = []
            for item, domain, kind, flag in ITEMS:
                if rng.random() < 0.15:
                    answers.append("")
                elif kind == "likert":
                    answers.append(str(min(5, max(1, round(1 + 4 * base + rng.gauss(0, 1.2))))))
                else:
                    answers.append(rng.choice(["true", "false", "DK"]))
            if all(a == "" for a in answers):
                answers[0] = "3"
            role = rng.choice(ROLES + [""])
            people.append((org, role, answers))
    rng.shuffle(people)
    os.makedirs(os.path.join(folder, "w1"))
    with open(os.path.join(folder, "instrument.yaml"), "w") as fh:
        fh.write(instrument(n, k, share))
    with open(os.path.join(folder, "organisations.csv"), "w") as fh:
        fh.write("organisation_id,name,sector,signatory\n")
        for org in orgs:
            fh.write(f"{org},Name {org},{sectors[org]},{'yes' if signatory[org] else 'no'}\n")
    with open(os.path.join(folder, "w1", "wave.yaml"), "w") as fh:
        fh.write("id: w1\ntitle: Wave one\nopens: 2024-01-01\ncloses: 2024-12-31\n")
    with open(os.path.join(folder, "w1", "responses.csv"), "w") as fh:
        fh.write("response_id,organisation_id,role," + ",".join(i[0] for i in ITEMS) + "\n")
        for index, (org, role, answers) in enumerate(people):
            fh.write(f"r{index},{org},{role}," + ",".join(answers) + "\n")
    return {"n": n, "k": k, "share": share, "orgs": orgs, "sectors": sectors, "signatory": signatory, "people": people}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def respondent_facts(facts):
    """Per respondent: organisation, role group, per domain whether scored and which sides it answers."""
    rows = []
    for org, role, answers in facts["people"]:
        entry = {"org": org, "role": role or "Not stated", "scored": {}, "likert": {}, "knowledge": {}, "complete": {}}
        for domain in DOMAINS:
            cells = [(kind, a) for (item, d, kind, _), a in zip(ITEMS, answers) if d == domain]
            answered = [c for c in cells if c[1] != ""]
            needed = max(1, math.ceil(0.5 * len(cells)))
            entry["scored"][domain] = len(answered) >= needed
            entry["likert"][domain] = any(kind == "likert" for kind, _ in answered)
            entry["knowledge"][domain] = any(kind == "knowledge" for kind, _ in answered)
            likert = [a for kind, a in cells if kind == "likert"]
            entry["complete"][domain] = len(likert) >= 2 and all(a != "" for a in likert)
        rows.append(entry)
    return rows


def per_org(rows, keep):
    counts = {}
    for row in rows:
        if keep(row):
            counts[row["org"]] = counts.get(row["org"], 0) + 1
    return counts


CHECKED = {"partner figures": 0, "national figures": 0, "subtractions": 0}


def safe(counts, facts, over_respondents=True):
    """Whether a figure with these respondents per organisation may be national (§4.6.1–2)."""
    CHECKED["national figures"] += 1
    total = sum(counts.values())
    orgs = len([c for c in counts.values() if c > 0])
    if orgs < facts["k"]:
        return False
    if over_respondents:
        if total < facts["n"]:
            return False
        if round(max(counts.values()) / total, 6) > round(facts["share"], 6):
            return False
    return True


def tables(markdown, heading):
    """The pipe tables of a section, each a list of rows of cells (header first), unescaped."""
    section = markdown.split("## " + heading + "\n", 1)
    if len(section) < 2:
        return []
    body = section[1].split("\n## ", 1)[0]
    found, current = [], []
    for line in body.split("\n") + [""]:
        if line.startswith("|"):
            cells = [c.strip().replace("\\", "") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        elif current:
            found.append(current)
            current = []
    return found


def merged(parts):
    """Tables split by width put back together on their first column."""
    if not parts:
        return []
    result = [list(row) for row in parts[0]]
    for part in parts[1:]:
        for row, extra in zip(result, part):
            row += extra[1:]
    return result


def number(cell):
    try:
        return float(cell.split()[0].replace("+", ""))
    except (ValueError, IndexError):
        return None


def level_of(score):
    name = None
    for level, start in LEVELS:
        if round(score, 6) >= start:
            name = level
    return name


def check(facts, out, problems, label):
    wave = os.path.join(out, "w1")
    scores = read_csv(os.path.join(wave, "centre", "scores.csv"))
    items = read_csv(os.path.join(wave, "centre", "items.csv"))
    people = respondent_facts(facts)
    n, k = facts["n"], facts["k"]
    published = {d: {r["organisation_id"]: float(r["mean"]) for r in scores if r["domain"] == d and r["published"] == "true"}
                 for d in DOMAINS}
    overall = {r["organisation_id"]: float(r["mean"]) for r in scores if r["domain"] == "overall" and r["mean"]}
    taking = sorted({r["organisation_id"] for r in scores})
    item_n = {(r["scope"], r["item"]): int(r["n"]) for r in items}

    def fail(message):
        problems.append(f"{label}: {message}")

    # ---- partner files
    own = {}
    for org in taking:
        path = os.path.join(wave, "partners", org, "report.md")
        text = open(path, encoding="utf-8").read()
        seen = {"domains": {}, "items": {}, "level": None}
        domain_table = merged(tables(text, "Domain scores"))
        for row, domain in zip(domain_table[1:], DOMAINS):
            score = number(row[2])
            if score is not None:
                base = int([r for r in scores if r["organisation_id"] == org and r["domain"] == domain][0]["n"])
                CHECKED["partner figures"] += 1
                if base < n:
                    fail(f"partner {org} shows {domain} = {score} resting on {base} respondents")
                seen["domains"][domain] = score
                if number(row[5]) is not None:
                    group = [o for o in published[domain] if facts["sectors"][o] == facts["sectors"][org]]
                    if len(group) < k:
                        group = list(published[domain])
                    if len(group) < k:
                        fail(f"partner {org} shows a {domain} benchmark group of {len(group)} organisations")
        for table in tables(text, "Strengths and priorities"):
            for row in table[1:]:
                base = item_n[(org, row[0])]
                CHECKED["partner figures"] += 1
                if base < n:
                    fail(f"partner {org} shows item {row[0]} answered by {base}")
                seen["items"][row[0]] = (int(row[2]), float(row[3]))
        if "## Confidence versus knowledge" in text:
            for side in ("likert", "knowledge"):
                base = len([p for p in people if p["org"] == org and p[side]["ig"]])
                if base < n:
                    fail(f"partner {org} shows confidence versus knowledge with {base} respondents on its {side} side")
        match = re.search(r"Overall readiness: ([0-9.]+) out of 100, level (\w+)", text)
        if match:
            seen["level"] = match.group(2)
        own[org] = seen

    # ---- the national file
    text = open(os.path.join(wave, "national", "evidence.md"), encoding="utf-8").read()
    if len(taking) < k:
        if "no figure can be published" not in text:
            fail("fewer than k organisations take part, yet the national report is not counts only")
        for heading in ("Domains", "Sectors", "Roles", "Every item"):
            if "## " + heading + "\n" in text:
                fail(f"a counts-only national report has a {heading} section")
        return
    domain_rows = merged(tables(text, "Domains")[:1])
    for row, domain in zip(domain_rows[1:], DOMAINS + ["overall"]):
        values = published[domain] if domain != "overall" else overall
        shown = number(row[2]) is not None
        if shown and len(values) < k:
            fail(f"national {domain} statistics rest on {len(values)} organisations")
        if shown:
            # Attacker: the mean times the organisations, less one's own score, is the others' sum.
            mean = number(row[2])
            for org in values:
                if len(values) - 1 == 1:
                    fail(f"national {domain} mean less {org}'s own score gives the other organisation's score")
    level_tables = tables(text, "At a glance")
    sector_tables = [t for t in tables(text, "Sectors") if t and t[0][0] == "Sector"]
    if level_tables:
        national_levels = [int(c) for c in level_tables[0][1]]
        if len(overall) < k:
            fail(f"national levels rest on {len(overall)} organisations")
        shown_members = set()
        sector_rows = sector_tables[0][1:] if sector_tables else []
        level_rows = {row[0]: [int(c) for c in row[1:]] for row in (sector_tables[-1][1:] if len(sector_tables) >= 3 else [])}
        for row in sector_rows:
            name = row[0]
            members = [o for o in overall if facts["sectors"][o] == name] if name != "Other sectors" else \
                [o for o in overall if len([p for p in overall if facts["sectors"][p] == facts["sectors"][o]]) < k]
            if number(row[2]) is not None:
                if len(members) < k:
                    fail(f"sector {name} is shown resting on {len(members)} organisations")
                shown_members |= set(members)
                if name in level_rows:
                    want = [sum(1 for o in members if level_of(overall[o]) == lv) for lv, _ in LEVELS]
                    if level_rows[name] != want:
                        fail(f"sector {name} levels {level_rows[name]} are not its members' {want}")
        hidden = set(overall) - shown_members
        residual = [a - sum(row[i] for row in level_rows.values()) for i, a in enumerate(national_levels)]
        if 0 < len(hidden) < k:
            fail(f"national levels less the shown sectors rest on {len(hidden)} organisations ({sorted(hidden)})")
        # Attacker: each partner also subtracts its own level.
        for org, seen in own.items():
            for base, counts in ((hidden, residual), (set(overall), national_levels)):
                if org in base and seen["level"]:
                    rest = base - {org}
                    CHECKED["subtractions"] += 1
                    left = list(counts)
                    left[[lv for lv, _ in LEVELS].index(seen["level"])] -= 1
                    if len(rest) == 1:
                        (other,) = rest
                        recovered = [lv for (lv, _), c in zip(LEVELS, left) if c == 1]
                        fail(f"{org} recovers {other}'s level {recovered} (actual {level_of(overall[other])})")
            for name, counts in level_rows.items():
                members = [o for o in overall if facts["sectors"][o] == name]
                if org in members and len(members) - 1 == 1:
                    fail(f"{org} recovers the level of the other organisation of sector {name}")

    # Charter signatories against the rest (§9.8 item 5): per domain, each group's published
    # organisations; both groups shown with at least k each, or neither.
    for row, domain in zip(merged(tables(text, "Charter signatories and non-signatories"))[1:], DOMAINS + ["overall"]):
        values = published[domain] if domain != "overall" else overall
        yes = [o for o in values if facts["signatory"][o]]
        no = [o for o in values if not facts["signatory"][o]]
        if [int(row[1]), int(row[4])] != [len(yes), len(no)]:
            fail(f"signatory groups of {domain}: {row[1]}/{row[4]} organisations, scores.csv {len(yes)}/{len(no)}")
        for column, group in ((2, "signatories"), (5, "non-signatories")):
            if number(row[column]) is not None:
                CHECKED["national figures"] += 1
                if len(yes) < k or len(no) < k:
                    fail(f"signatory group {group} {domain} shown with groups of {len(yes)} and {len(no)} organisations")

    # The role breakdown: each shown cell's base, from the respondents.
    for heading in ("Roles",):
        rows = merged(tables(text, heading))
        if not rows:
            continue
        header = rows[0]
        hidden_counts, shown_cells = {}, 0
        for row in rows[1:]:
            group = row[0]
            member = lambda p, g=group: p["role"] == g  # noqa: E731
            if number(row[1]) is not None:
                counts = per_org(people, member)
                shown_cells += 1
                if not safe(counts, facts):
                    fail(f"{heading}: {group} respondents shown resting on {counts}")
            else:
                for o, c in per_org(people, member).items():
                    hidden_counts[o] = hidden_counts.get(o, 0) + c
            for column, domain in zip(header[2:], DOMAINS):
                if number(row[2 + DOMAINS.index(domain)]) is None:
                    continue
                counts = per_org(people, lambda p, m=member, d=domain: m(p) and p["scored"][d])
                if not safe(counts, facts):
                    fail(f"{heading}: {group} {domain} mean shown resting on {counts}")
        # The total (all respondents, always shown) less the shown cells: what the hidden cells add up to.
        if shown_cells and hidden_counts and not safe(hidden_counts, facts):
            fail(f"{heading}: all respondents less the shown cells rest on {hidden_counts}")

    # Items: n and % favourable over respondents, organisation by organisation.
    for table in tables(text, "Every item"):
        for row in table[1:]:
            if number(row[2]) is None:
                continue
            counts = {o: item_n[(o, row[0])] for o in taking if item_n[(o, row[0])] > 0}
            if not safe(counts, facts):
                fail(f"item {row[0]} shown resting on {counts}")
            for org, seen in own.items():
                CHECKED["subtractions"] += row[0] in seen["items"]
                if row[0] in seen["items"] and len(set(counts) - {org}) == 1:
                    fail(f"{org} recovers another organisation's result for {row[0]} by subtraction")
    if "## Confidence versus knowledge" in text and "**Ig**: confidence" in text:
        for side in ("likert", "knowledge"):
            counts = per_org(people, lambda p, s=side: p[s]["ig"])
            if not safe(counts, facts):
                fail(f"national confidence versus knowledge shown with its {side} side resting on {counts}")
    for table in tables(text, "Methodology"):
        for row in table[1:]:
            if number(row[2]) is not None:
                domain = row[0].lower()
                counts = per_org(people, lambda p, d=domain: p["complete"][d])
                if not safe(counts, facts):
                    fail(f"alpha of {domain} shown resting on {counts}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    problems = []
    root = tempfile.mkdtemp(prefix="disclosure-")
    kept = None
    for index in range(args.count):
        label = f"survey {index} (seed {args.seed})"
        surveys, out = os.path.join(root, f"s{index}"), os.path.join(root, f"o{index}")
        facts = generate(rng, surveys)
        run = subprocess.run([args.binary, "run", "--surveys", surveys, "--out", out, "--quiet"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            problems.append(f"{label}: exit {run.returncode}: {run.stderr[:300]}")
            continue
        before = len(problems)
        check(facts, out, problems, label + f" N={facts['n']} k={facts['k']} share={facts['share']} "
              f"organisations={len(facts['orgs'])}")
        if len(problems) > before and kept is None:
            kept = surveys
    for problem in problems[:40]:
        print(problem)
    print(f"{args.count} surveys checked ({', '.join(f'{v} {k}' for k, v in CHECKED.items())}); {len(problems)} problems"
          + (f"; first failing survey kept in {kept}" if kept else ""))
    if not problems:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
