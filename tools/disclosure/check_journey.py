#!/usr/bin/env python3
"""Property and attacker tests of the journey's disclosure control (SPEC §9.8, §9.9) over
generated multi-wave surveys.

For each of COUNT surveys generated from SEED (2 to 4 waves, sometimes a pilot before a
`baseline: true` wave; organisations joining late, skipping waves and leaving; respondents per
organisation around min_respondents; charter signatures before, between and after the waves,
some without a date; headcounts, some below the respondents; random thresholds), it runs the
built `readiness` binary and then, for every wave:

1. Property: recomputes from the centre files (journey.csv, changes.csv, charter.csv,
   response-rates.csv, scores.csv) the base of every journey figure shown, and fails when
   - a partner's "Your journey" shows a score of a wave where it was not published (fewer than
     min_respondents respondents, or not every domain for overall), a change not between two
     published scores, more chart points than published scores, or the national median of
     response rates over fewer than min_organisations organisations taking part;
   - the national "The journey" shows a wave's statistics over fewer than min_organisations
     published organisations, a response-rate median over fewer than k taking part, a cohort
     change with m < k or one the differencing guard withholds (one of a, b is 0 and the other
     between 1 and k - 1), a charter row with fewer than k new signatories or non-signatories,
     group changes with 1 <= earlier signatories < k, or taking-part counts that are not the
     centre files'; or the signatory comparison shows a group over fewer than k published
     organisations (or one without the other).
2. Attacker (linear algebra, rounding is no protection): every organisation mean a national
   file publishes is an equation over the organisations' scores (a domain mean over the
   published organisations of a wave, a signatory group's mean, a cohort change over its
   cohort, a charter group's change and the difference of the two; overall readiness is the
   weighted mean of the domains). It fails when, with every national file of every wave known,
   one organisation's score at one wave lies in the span of what is known, i.e. can be
   recovered by adding and subtracting published means; or when, with one partner's own scores
   known as well, the total a withheld cohort change protects (the few organisations published
   at one of its two waves only) or the change of the earlier signatories a charter row hides
   can be. The sets of organisations behind each mean are taken as known: the worst case.

   --partner-singles also lets each partner try every other organisation's single scores.
   SPEC §9.9 rule 3 shows a change with a = b = 1 (§9.10 case 5), and then each of those two
   organisations, subtracting the change from the two waves' means, learns the other's score:
   this mode reports such cases, which the SPEC accepts.

Usage: python3 tools/disclosure/check_journey.py BINARY [--count N] [--seed S]
Exit 0 when every survey passes; 1 with the problems found (the failing survey is kept and named).
"""
import argparse
import datetime
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_disclosure import DOMAINS, ITEMS, instrument, merged, number, read_csv, tables  # noqa: E402

CHECKED = {"partner figures": 0, "national figures": 0, "recoveries tried": 0}


def day(date):
    return date.isoformat()


def generate(rng, folder):
    """Writes a surveys folder; returns its facts."""
    n = rng.randint(3, 6)
    k = rng.randint(3, 5)
    share = rng.choice([0.5, 0.6, 0.75, 1])
    count = rng.randint(2, 4)
    pilot = count >= 3 and rng.random() < 0.25
    start = datetime.date(2020, 1, 31)
    closes = [start + datetime.timedelta(days=182 * i) for i in range(count)]
    waves = [f"w{i + 1}" for i in range(count)]
    baseline = 1 if pilot else 0
    orgs = [f"O{i:02d}" for i in range(rng.randint(3, 14))]
    sizes = {}
    for org in orgs:
        first = 0 if rng.random() < 0.7 else rng.randrange(count)
        last = count - 1 if rng.random() < 0.8 else rng.randrange(first, count)
        for wave in range(count):
            present = first <= wave <= last and (wave in (first, last) or rng.random() > 0.15)
            size = rng.choice([max(1, n - 2), n - 1, n, n, n + 1, n + 3, 2 * n, rng.randint(1, 4 * n)]) if present else 0
            sizes[(org, wave)] = size
    signatory, signed = {}, {}
    for org in orgs:
        signatory[org] = rng.random() < 0.6
        when = rng.random()
        if when < 0.2:
            signed[org] = ""
        else:
            # Before the first close, between two closes, on a close, or after the last.
            spot = rng.randrange(-1, count + 1)
            base = closes[0] - datetime.timedelta(days=30) if spot < 0 else closes[min(spot, count - 1)]
            offset = 0 if rng.random() < 0.15 else rng.randint(1, 170)
            signed[org] = day(base + datetime.timedelta(days=offset if spot >= 0 else 0))
    headcount = {}
    for org in orgs:
        if rng.random() < 0.8:
            typical = max([sizes[(org, w)] for w in range(count)] + [1])
            headcount[org] = rng.randint(max(1, typical - 3), 3 * typical + 2)
    trend = {org: rng.uniform(-0.15, 0.35) for org in orgs}
    level = {org: rng.random() for org in orgs}

    os.makedirs(folder)
    with open(os.path.join(folder, "instrument.yaml"), "w") as fh:
        fh.write(instrument(n, k, share))
    with open(os.path.join(folder, "organisations.csv"), "w") as fh:
        fh.write("organisation_id,name,sector,signatory,signed_on,headcount\n")
        for org in orgs:
            fh.write(f"{org},Name {org},Sector {org[-1]},{'yes' if signatory[org] else 'no'},{signed[org]},"
                     f"{headcount.get(org, '')}\n")
    for wave in range(count):
        wave_folder = os.path.join(folder, waves[wave])
        os.makedirs(wave_folder)
        opens = closes[wave] - datetime.timedelta(days=40)
        with open(os.path.join(wave_folder, "wave.yaml"), "w") as fh:
            fh.write(f"id: {waves[wave]}\ntitle: Wave {wave + 1}\nopens: {day(opens)}\ncloses: {day(closes[wave])}\n"
                     + ("baseline: true\n" if pilot and wave == baseline else ""))
        rows = []
        for org in orgs:
            centre = level[org] + trend[org] * wave
            for _ in range(sizes[(org, wave)]):
                answers = []
                for item, domain, kind, flag in ITEMS:
                    if rng.random() < 0.12:
                        answers.append("")
                    elif kind == "likert":
                        answers.append(str(min(5, max(1, round(1 + 4 * centre + rng.gauss(0, 1.1))))))
                    else:
                        answers.append(rng.choice(["true", "false", "DK"]))
                if all(a == "" for a in answers):
                    answers[0] = "3"
                rows.append((org, answers))
        rng.shuffle(rows)
        with open(os.path.join(wave_folder, "responses.csv"), "w") as fh:
            fh.write("response_id,organisation_id," + ",".join(i[0] for i in ITEMS) + "\n")
            for index, (org, answers) in enumerate(rows):
                fh.write(f"r{index},{org}," + ",".join(answers) + "\n")
    return {"n": n, "k": k, "waves": waves, "closes": [day(c) for c in closes], "baseline": baseline, "orgs": orgs,
            "signatory": signatory, "signed": signed, "headcount": headcount}


def is_signatory(facts, org, wave):
    """§9.1.4: signatory yes, and signed_on empty or on or before the wave's close."""
    return facts["signatory"][org] and (facts["signed"][org] == "" or facts["signed"][org] <= facts["closes"][wave])


class Journey:
    """The published organisation scores of every wave, from the last wave's journey.csv."""

    def __init__(self, facts, path):
        self.facts = facts
        self.rows = read_csv(path)
        index = {w: i for i, w in enumerate(facts["waves"])}
        self.published = {}  # (org, wave, domain) -> mean, published only
        self.scored = {}  # (org, wave, domain) -> n, every organisation row
        self.taking = {}  # wave -> orgs with a row
        for row in self.rows:
            scope = row["scope"]
            if scope in ("national", "signatories", "non-signatories"):
                continue
            wave = index[row["wave"]]
            self.taking.setdefault(wave, set()).add(scope)
            self.scored[(scope, wave, row["domain"])] = int(row["n"])
            if row["published"] == "true":
                self.published[(scope, wave, row["domain"])] = float(row["mean"])

    def members(self, wave, domain):
        return sorted(org for (org, w, d) in self.published if w == wave and d == domain)

    def cohort(self, wave, against, domain):
        now, then = set(self.members(wave, domain)), set(self.members(against, domain))
        both = now & then
        return sorted(both), len(now - both), len(then - both)


def one_sided_few(k, a, b):
    """§9.9 rule 3's differencing guard: one of a, b is 0 and the other between 1 and k - 1."""
    return (a == 0 and 1 <= b < k) or (b == 0 and 1 <= a < k)


def base_withheld(facts, journey, w, against, domain):
    """m < k, or rule 3's guard for this change or for any other change of the same comparison
    (they are withheld together: overall is a weighted mean of the domains)."""
    k = facts["k"]
    cohort, a, b = journey.cohort(w, against, domain)
    together = any(one_sided_few(k, *journey.cohort(w, against, d)[1:]) and len(journey.cohort(w, against, d)[0]) >= k
                   for d in DOMAINS + ["overall"])
    # The domains' changes, weighted, less the overall one: the organisations in a domain's cohort
    # but not in overall readiness's.
    outside = set().union(*(journey.cohort(w, against, d)[0] for d in DOMAINS)) - set(journey.cohort(w, against, "overall")[0])
    return len(cohort) < k or together or 1 <= len(outside) < k


def outside_overall(journey, w):
    """Organisations published in some domain at wave w but without an overall score."""
    return set().union(*(journey.members(w, d) for d in DOMAINS)) - set(journey.members(w, "overall"))


def apart(journey, w, p, b, domain):
    """Organisations in one or two, but not all three, of the cohorts W-P, W-B and P-B."""
    now, then, first = (set(journey.members(v, domain)) for v in (w, p, b))
    cohorts = [now & then, now & first, then & first]
    return len((cohorts[0] | cohorts[1] | cohorts[2]) - (cohorts[0] & cohorts[1] & cohorts[2]))


def withheld(facts, journey, w, against, domain):
    """Whether a cohort change may not be shown. Beside the change since the previous wave, the
    change since the baseline also needs the organisations apart from the three cohorts to be 0
    or at least k in every domain where both would be shown (subtracted, the two give P's change
    since B over their common cohort)."""
    if base_withheld(facts, journey, w, against, domain):
        return True
    b, p, k = facts["baseline"], w - 1, facts["k"]
    if against != b or not b < p:
        return False
    return any(not base_withheld(facts, journey, w, p, d) and not base_withheld(facts, journey, w, b, d)
               and 1 <= apart(journey, w, p, b, d) < k for d in DOMAINS + ["overall"])


def section(text, heading):
    """The text under a heading, up to the next heading of the same level or higher."""
    parts = text.split("\n" + heading + "\n", 1)
    if len(parts) < 2:
        return None
    level = len(heading.split(" ")[0])
    lines = []
    for line in parts[1].split("\n"):
        marks = len(line) - len(line.lstrip("#"))
        if 0 < marks <= level and line[marks:marks + 1] == " ":
            break
        lines.append(line)
    return "\n".join(lines)


def section_tables(text, heading):
    """The pipe tables of a section of any level (cells unescaped), header first."""
    body = section(text, heading)
    if body is None:
        return []
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


class Knowledge:
    """Linear equations over the organisations' domain scores, and what they let one recover."""

    def __init__(self, facts):
        self.facts = facts
        self.index = {}
        self.rows = []
        self.labels = []

    def variable(self, org, wave, domain):
        key = (org, wave, domain)
        if key not in self.index:
            self.index[key] = len(self.index)
        return self.index[key]

    def vector(self, terms):
        """terms: [(coefficient, org, wave, domain)], overall expanded to the mean of the domains."""
        vector = {}
        for coefficient, org, wave, domain in terms:
            parts = DOMAINS if domain == "overall" else [domain]
            for part in parts:
                key = self.variable(org, wave, part)
                vector[key] = vector.get(key, 0.0) + coefficient / len(parts)
        return vector

    def total(self, orgs, wave, domain, sign=1.0):
        return [(sign, org, wave, domain) for org in orgs]

    def add(self, label, terms):
        self.rows.append(self.vector(terms))
        self.labels.append(label)

    def basis(self, extra=()):
        size = len(self.index)
        rows = [r for r in self.rows] + list(extra)
        if not rows or size == 0:
            return np.zeros((0, size))
        matrix = np.zeros((len(rows), size))
        for i, row in enumerate(rows):
            for j, value in row.items():
                matrix[i, j] = value
        _, s, vt = np.linalg.svd(matrix, full_matrices=False)
        rank = int((s > 1e-9 * max(1.0, s.max() if len(s) else 1.0)).sum())
        return vt[:rank]

    def recoverable(self, basis, target):
        CHECKED["recoveries tried"] += 1
        vector = np.zeros(len(self.index))
        for j, value in target.items():
            vector[j] = value
        if not vector.any():
            return False
        rest = vector - basis.T @ (basis @ vector) if len(basis) else vector
        return np.linalg.norm(rest) < 1e-7 * np.linalg.norm(vector)


def check(facts, out, problems, label, partner_singles=False):
    waves, k, n = facts["waves"], facts["k"], facts["n"]
    last = len(waves) - 1
    journey = Journey(facts, os.path.join(out, waves[last], "centre", "journey.csv"))
    rates = {w: read_csv(os.path.join(out, waves[w], "centre", "response-rates.csv"))
             if os.path.exists(os.path.join(out, waves[w], "centre", "response-rates.csv")) else [] for w in range(len(waves))}
    knowledge = Knowledge(facts)
    targets = []  # (description, terms, orgs involved)

    def fail(message):
        problems.append(f"{label}: {message}")

    def taking_part_rates(wave):
        return [r for r in rates[wave] if 1 <= int(r["respondents"]) <= int(r["headcount"])]

    b = facts["baseline"]
    for w in range(len(waves)):
        folder = os.path.join(out, waves[w])
        # ---- partner files
        for org in sorted(journey.taking.get(w, ())):
            text = open(os.path.join(folder, "partners", org, "report.md"), encoding="utf-8").read()
            match = re.search(r"the national median is ([0-9.]+)%", text)
            if match:
                CHECKED["partner figures"] += 1
                if len(taking_part_rates(w)) < k:
                    fail(f"{waves[w]} partner {org} shows the national response-rate median over "
                         f"{len(taking_part_rates(w))} organisations")
            body = section(text, "## Your journey")
            if w == 0:
                if body is not None:
                    fail(f"{waves[w]} partner {org} has a journey in the first wave")
                continue
            if body is None:
                fail(f"{waves[w]} partner {org} has no journey section")
                continue
            found = section_tables(text, "## Your journey")
            if not found:
                if "first survey" not in body:
                    fail(f"{waves[w]} partner {org}: no journey table and no first-survey sentence")
                continue
            table = merged(found)
            header = table[0]
            shown_points = 0
            for row, domain in zip(table[1:], DOMAINS + ["overall"]):
                for v in range(w + 1):
                    cell = row[1 + v]
                    if number(cell) is None:
                        if (org, v, domain) in journey.published:
                            fail(f"{waves[w]} partner {org} does not show its published {domain} at {waves[v]}: {cell}")
                        continue
                    shown_points += 1
                    CHECKED["partner figures"] += 1
                    key = (org, v, domain)
                    if key not in journey.published:
                        fail(f"{waves[w]} partner {org} shows {domain} at {waves[v]} = {cell}, not published there "
                             f"(n = {journey.scored.get(key)})")
                    elif domain != "overall" and journey.scored[key] < n:
                        fail(f"{waves[w]} partner {org} shows {domain} at {waves[v]} resting on {journey.scored[key]}")
                for column in range(w + 2, len(header)):
                    if number(row[column]) is None:
                        continue
                    CHECKED["partner figures"] += 1
                    vs = re.search(r"\(vs ([^)]+)\)", row[column])
                    against = waves.index(vs.group(1)) if vs else (w - 1 if header[column] == "Since previous" else b)
                    for v in (w, against):
                        if (org, v, domain) not in journey.published:
                            fail(f"{waves[w]} partner {org} shows a {domain} change against {waves[against]} "
                                 f"with an unpublished end at {waves[v]}")
            svg = open(os.path.join(folder, "partners", org, "charts", "journey.svg"), encoding="utf-8").read()
            drawn = svg.count('class="point"')
            if drawn != shown_points:
                fail(f"{waves[w]} partner {org}: the chart has {drawn} points, the table {shown_points} scores")

        # ---- the national file
        text = open(os.path.join(folder, "national", "evidence.md"), encoding="utf-8").read()
        taking = journey.taking.get(w, set())
        if len(taking) < k:
            if "## The journey" in text or "## Charter signatories" in text:
                fail(f"{waves[w]}: a counts-only national report has a journey or signatory section")
            continue
        # Domain table: means are equations; the change column is a previous cohort change.
        domain_rows = tables(text, "Domains")[0][1:]
        for row, domain in zip(domain_rows, DOMAINS + ["overall"]):
            members = journey.members(w, domain)
            if number(row[2]) is not None:
                CHECKED["national figures"] += 1
                if len(members) < k:
                    fail(f"{waves[w]} national {domain} mean over {len(members)} organisations")
                if 1 <= len(outside_overall(journey, w)) < k:
                    fail(f"{waves[w]} national {domain} mean shown with {len(outside_overall(journey, w))} organisations "
                         "published in a domain but not scored")
                knowledge.add(f"{waves[w]} mean {domain}", knowledge.total(members, w, domain))
            if w > 0:
                register_change(facts, journey, knowledge, targets, fail, w, w - 1, domain, row[5],
                                f"{waves[w]} domain table change {domain}")
        # Signatory comparison.
        for row, domain in zip(merged(tables(text, "Charter signatories and non-signatories"))[1:], DOMAINS + ["overall"]):
            members = journey.members(w, domain)
            yes = [o for o in members if is_signatory(facts, o, w)]
            no = [o for o in members if not is_signatory(facts, o, w)]
            if int(row[1]) != len(yes) or int(row[4]) != len(no):
                fail(f"{waves[w]} signatory counts {row[1]}/{row[4]} for {domain}, centre files {len(yes)}/{len(no)}")
            for column, group, name in ((2, yes, "signatories"), (5, no, "non-signatories")):
                if number(row[column]) is None:
                    continue
                CHECKED["national figures"] += 1
                if len(yes) < k or len(no) < k:
                    fail(f"{waves[w]} signatory comparison shows {name} {domain} with groups of {len(yes)} and {len(no)}")
                # Medians and quartiles only: no equation (a mean here would be one).
        if w == 0:
            if "## The journey" in text:
                fail(f"{waves[w]}: a journey section in the first wave")
            continue
        body = section(text, "## The journey")
        if body is None:
            fail(f"{waves[w]}: no journey section")
            continue
        found = section_tables(text, "### Taking part")
        part = merged(found)
        for row in part[1:]:
            v = waves.index(row[0])
            members = journey.taking.get(v, set())
            respondents = sum(journey.scored[(o, v, "overall")] for o in members)
            overall = len(journey.members(v, "overall"))
            if [int(row[1]), int(row[2]), int(row[3])] != [len(members), respondents, overall]:
                fail(f"{waves[w]} taking part at {waves[v]}: {row[1:4]} != {[len(members), respondents, overall]}")
            if len(row) > 4 and number(row[4]) is not None:
                CHECKED["national figures"] += 1
                if len(taking_part_rates(v)) < k:
                    fail(f"{waves[w]} response-rate median at {waves[v]} over {len(taking_part_rates(v))} organisations")
        new = sum(1 for o in facts["orgs"] if min([v for v in journey.taking if o in journey.taking[v]] or [99]) == w)
        said = re.search(r"(\d+|No) organisations? joined since the previous wave", body)
        if not said or (0 if said.group(1) == "No" else int(said.group(1))) != new:
            fail(f"{waves[w]}: new partners said {said.group(0) if said else None}, centre files {new}")
        scores = merged(section_tables(text, "### Scores across the waves"))
        header = scores[0]
        points = 0
        for row, domain in zip(scores[1:], DOMAINS + ["overall"]):
            for v in range(w + 1):
                if number(row[1 + v]) is None:
                    continue
                points += 1
                CHECKED["national figures"] += 1
                members = journey.members(v, domain)
                if len(members) < k:
                    fail(f"{waves[w]} journey {domain} at {waves[v]} over {len(members)} organisations")
                if f"({len(members)})" not in row[1 + v]:
                    fail(f"{waves[w]} journey {domain} at {waves[v]}: {row[1 + v]} does not count {len(members)}")
                median = np.percentile([journey.published[(o, v, domain)] for o in members], 50)
                if abs(number(row[1 + v]) - float("%.1f" % median)) > 1e-9:
                    fail(f"{waves[w]} journey {domain} at {waves[v]}: median {row[1 + v]} != {median:.6f}")
            for column in range(w + 2, len(header)):
                against = w - 1 if header[column] == "Since previous" else b
                register_change(facts, journey, knowledge, targets, fail, w, against, domain, row[column],
                                f"{waves[w]} journey {header[column]} {domain}")
        svg = open(os.path.join(folder, "national", "charts", "journey.svg"), encoding="utf-8").read()
        drawn = svg.count('class="point"')
        if drawn != points:
            fail(f"{waves[w]}: the national chart has {drawn} points, the table {points}")
        charter_tables = section_tables(text, "### The charter evaluation")
        if w > b and not charter_tables:
            fail(f"{waves[w]}: no charter table")
        for row, domain in zip(merged(charter_tables)[1:] if charter_tables else [], DOMAINS + ["overall"]):
            cohort, _, _ = journey.cohort(w, b, domain)
            g1 = [o for o in cohort if facts["signatory"][o] and facts["signed"][o] != ""
                  and facts["closes"][b] < facts["signed"][o] <= facts["closes"][w]]
            g0 = [o for o in cohort if not is_signatory(facts, o, w)]
            e = [o for o in cohort if o not in g1 and o not in g0]
            if [int(row[1]), int(row[3])] != [len(g1), len(g0)]:
                fail(f"{waves[w]} charter {domain}: counts {row[1]}/{row[3]}, centre files {len(g1)}/{len(g0)}")

            def delta(group, sign=1.0, w=w, domain=domain):
                return knowledge.total(group, w, domain, sign) + knowledge.total(group, b, domain, -sign)
            if number(row[5]) is not None:
                CHECKED["national figures"] += 1
                if len(g1) < k or len(g0) < k:
                    fail(f"{waves[w]} charter {domain} shown with {len(g1)} and {len(g0)} organisations")
                knowledge.add(f"{waves[w]} charter difference {domain}",
                              [(c / len(g1), o, v, d) for c, o, v, d in delta(g1)]
                              + [(c / len(g0), o, v, d) for c, o, v, d in delta(g0, -1.0)])
            if number(row[2]) is not None:
                CHECKED["national figures"] += 1
                _, a_, b_ = journey.cohort(w, b, domain)
                if 1 <= len(e) < k:
                    fail(f"{waves[w]} charter {domain} shows group changes with {len(e)} earlier signatories")
                if any(withheld(facts, journey, w, b, d) and len(journey.cohort(w, b, d)[0]) >= k for d in DOMAINS + ["overall"]):
                    fail(f"{waves[w]} charter {domain} shows group changes while the changes since the baseline are withheld")
                knowledge.add(f"{waves[w]} charter new {domain}", delta(g1))
                knowledge.add(f"{waves[w]} charter non {domain}", delta(g0))
            elif row[2] == "hidden" and e:
                targets.append((f"{waves[w]} charter change of the {len(e)} earlier signatories in {domain}", delta(e), set(e)))

    # ---- the attacker: what every national file of every wave together, and then one
    # partner's own scores as well, let a reader recover.
    singles = [((o, v, d), [(1.0, o, v, d)]) for (o, v, d) in journey.published if d != "overall"]
    target_vectors = [(name, knowledge.vector(terms), orgs) for name, terms, orgs in targets]
    single_vectors = [(key, knowledge.vector(terms)) for key, terms in singles]
    public = knowledge.basis()
    for name, vector, _ in target_vectors:
        if knowledge.recoverable(public, vector):
            fail(f"the national files together give away the {name}")
    for key, vector in single_vectors:
        if knowledge.recoverable(public, vector):
            fail(f"the national files together give away {key[0]}'s {key[2]} at {waves[key[1]]}")
    partners = sorted({o for v in journey.taking for o in journey.taking[v]})
    for partner in partners:
        own = [knowledge.vector([(1.0, o, v, d)]) for (o, v, d) in journey.published if o == partner and d != "overall"]
        basis = knowledge.basis(own)
        for name, vector, orgs in target_vectors:
            if orgs - {partner} and knowledge.recoverable(basis, vector):
                fail(f"{partner} recovers the {name}")
        for key, vector in single_vectors if partner_singles else []:
            if key[0] != partner and knowledge.recoverable(basis, vector):
                fail(f"{partner} recovers {key[0]}'s {key[2]} at {waves[key[1]]}")


def register_change(facts, journey, knowledge, targets, fail, w, against, domain, cell, what):
    """A cohort change cell: checks its base, and records its equation or its withheld total."""
    cohort, a, b = journey.cohort(w, against, domain)
    terms = knowledge.total(cohort, w, domain) + knowledge.total(cohort, against, domain, -1.0)
    if number(cell) is not None:
        CHECKED["national figures"] += 1
        if withheld(facts, journey, w, against, domain):
            fail(f"{what}: shown with m = {len(cohort)}, a = {a}, b = {b} (or another change of the comparison withheld)")
        m = re.search(r"(\d+) organisations?\)", cell)
        if m and int(m.group(1)) != len(cohort):
            fail(f"{what}: says {m.group(1)} organisations, the cohort is {len(cohort)}")
        knowledge.add(what, terms)
    elif cell.startswith("withheld"):
        if not withheld(facts, journey, w, against, domain):
            fail(f"{what}: withheld although m = {len(cohort)}, a = {a}, b = {b} and no other change of it is")
        if not one_sided_few(facts["k"], a, b):
            return
        # What rule 3 protects: the total of the few organisations published on one side only.
        side = against if a == 0 else w
        few = sorted(set(journey.members(side, domain)) - set(cohort))
        targets.append((f"total of the {len(few)} organisations behind the withheld {what}",
                        knowledge.total(few, side, domain), set(few)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--partner-singles", action="store_true",
                        help="also let each partner try to recover each other organisation's single scores (see the notes)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    problems = []
    root = tempfile.mkdtemp(prefix="journey-disclosure-")
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
        check(facts, out, problems, label + f" N={facts['n']} k={facts['k']} waves={len(facts['waves'])} "
              f"baseline={facts['waves'][facts['baseline']]} organisations={len(facts['orgs'])}", partner_singles=args.partner_singles)
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
