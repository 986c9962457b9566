# Cases of the `diag` series (issue 11: no silent mistakes): every slip in a survey folder is
# caught, located and said out loud. The three mistakes that once ran to the end in silence
# (a misspelt key, an item no column matches, an organisation missing from the register), every
# unknown key of instrument.yaml and wave.yaml, and every warning, each with its exact message:
# severity, file:line:column, and the suggestion. `--strict` turns each warning into an error.
# Runs in make_corpus.py's namespace (case, ok, fail, INSTRUMENT, REGISTER, WAVE, GOOD, HEADER...).
#
# Messages are matched whole, to the end of their line: `exact(...)` builds a regular expression
# `(?m)(^|/)FILE:LINE:COLUMN: SEVERITY: MESSAGE$`. data-quality.md lists each warning under
# "Warnings" as Markdown.escape writes it (`md(...)` below does the same for ASCII text).

import re as _re

LIKERT_EXPECTED = ("a code 1 to 5 or a label ('Strongly disagree', 'Disagree', 'Neither agree nor disagree', "
                   "'Agree' or 'Strongly agree')")
ITEM_KEYS = "id, text, type, reverse, answer, aliases or scale"
DOMAIN_KEYS = "id, title, weight or items"
TOP_KEYS = ("id, version, title, likert_labels, missing_tokens, dont_know_tokens, levels, thresholds, columns, roles, "
            "domains, glossary, scales, default_scale, true_tokens or false_tokens")
WAVE_KEYS = "id, title, opens, closes, baseline, source, header_rows, date_order, require_response_id, completion or sheet"


def exact(file: str, line: int | None, column: int | None, severity: str, message: str) -> str:
    """A regular expression for one whole diagnostic line of stderr."""
    location = file + (f":{line}" if line is not None else "") + (f":{column}" if column is not None and line is not None else "")
    return rf"(?m)(^|/){_re.escape(location)}: {severity}: {_re.escape(message)}$"


def md(text: str) -> str:
    """Markdown.escape for printable ASCII: the text data-quality.md holds."""
    out = []
    for ch in text:
        if ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "&":
            out.append("&amp;")
        elif ch in "\\`*_[]|#~:.":
            out.append("\\" + ch)
        elif ch == "@":
            out.append("\u2060@")
        else:
            out.append(ch)
    return "".join(out)


def listed(file: str, line: int | None, column: int | None, message: str) -> str:
    """The warning as data-quality.md lists it."""
    location = file + (f":{line}" if line is not None else "") + (f":{column}" if column is not None and line is not None else "")
    return "- " + md(f"{location}: warning: {message}") + "\n"


def key_at(text: str, needle: str, key: str, nth: int = 1) -> tuple[int, int]:
    """(line, column) of `key` on the nth line holding `needle`."""
    line = line_of(text, needle, nth)
    return line, text.split("\n")[line - 1].index(key) + 1


def warning_case(name: str, messages: list[tuple[str, int | None, int | None, str]], notes: str, rows: tuple[int, int, int],
                 rejects: list | None = None, **kw) -> None:
    """A run that succeeds with these warnings, each printed and listed in data-quality.md; the same survey with
    --strict fails with each as an error and writes nothing."""
    extra_outputs = kw.pop("outputs_contain", {})
    outputs = {"w1/data-quality.md": ["## Warnings\n"] + [listed(f, l, c, m) for f, l, c, m in messages]}
    for path, texts in extra_outputs.items():
        outputs.setdefault(path, []).extend(texts)
    files = {k: kw.pop(k) for k in ("instrument", "register", "waves", "extra") if k in kw}
    case(name, ok(rows, rejects, stderr_matches=[exact(f, l, c, "warning", m) for f, l, c, m in messages],
                  outputs_contain=outputs, notes=notes, **kw), **files)
    case(name + "-strict", fail(matches=[exact(f, l, c, "error", m) for f, l, c, m in messages]
                                + [r"(?m): note: --strict makes every warning an error; nothing was written$"],
                                args=["--strict"], notes="The same survey with --strict: every warning is an error, "
                                "exit 1, nothing written."), **files)


# SPEC §7 makes only unknown keys under `columns` (and §8.1 a scale's, §8.2 completion's) fatal; issue 11
# makes every unknown key an error. The reference follows the SPEC, so `--verify` skips these cases.
BEYOND_SPEC = "issue 11: an unknown item or domain key is an error; the SPEC (and so the reference) ignores it"


def wave(rows: list[str], header: str = HEADER, wave_yaml: str = WAVE) -> dict:
    return {"w1": {"wave.yaml": wave_yaml, "responses.csv": responses(rows, header=header)}}


# ============================================================================ the three silent mistakes

# 1. A misspelt key: `reversed: true` left a reverse-worded statement scored the wrong way round,
#    `wieght: 0.15` left a domain at weight 1.
t = replace_once(INSTRUMENT, "      - id: C1\n", "      - id: C1\n        reversed: true\n")
line, column = key_at(t, "reversed: true", "reversed")
case("silent-misspelt-reverse", fail(beyond_spec=BEYOND_SPEC, matches=[exact("instrument.yaml", line, column, "error",
     f"domains[0].items[0].reversed: unknown key; expected {ITEM_KEYS}; did you mean 'reverse'?")],
     notes="Issue 11, mistake 1: `reversed: true` was ignored, so a reverse-worded statement was scored the wrong way "
           "round (national % favourable 47.9 became 11.3). Now an error at the key, with the key it was meant to be."),
     instrument=t)

t = replace_once(INSTRUMENT, "    title: Understanding of IG rules\n", "    title: Understanding of IG rules\n    wieght: 0.15\n")
line, column = key_at(t, "wieght: 0.15", "wieght")
case("silent-misspelt-weight", fail(beyond_spec=BEYOND_SPEC, matches=[exact("instrument.yaml", line, column, "error",
     f"domains[1].wieght: unknown key; expected {DOMAIN_KEYS}; did you mean 'weight'?")],
     notes="Issue 11, mistake 1: `wieght: 0.15` was ignored and the domain weighed 1. Now an error at the key."),
     instrument=t)

# 2. An item no column matches: FW2 for WF2.
t = replace_once(INSTRUMENT, "      - id: I1\n", "      - id: FW2\n")
FW2_ROWS = [r for r in GOOD]
warning_case("silent-item-without-column", [
    ("w1/responses.csv", 1, 6, "item FW2 has no column in this file, so it is never answered; expected a header FW2; "
                               "did you mean 'WF2' (column 6)?"),
    ("w1/responses.csv", 1, 6, "column 6 'WF2' holds answers (6 of 6 cells read are codes or labels of a likert scale) "
                               "but matches no item, so it is not read; expected an item id or alias as its header; "
                               "did you mean item 'FW2'?"),
], "Issue 11, mistake 2: item FW2 (the export says WF2) was only a line in data-quality.md while its domain was scored "
   "without it. Now a warning at the header, naming the closest unmatched header (a transposition is 2 edits), and "
   "the column of answers no item reads is said too; findings.csv lists the ignored column.",
    (6, 6, 0), instrument=t, waves=wave(FW2_ROWS, header=HEADER.replace("I1", "WF2")),
    outputs_contain={"w1/centre/findings.csv": ["line,column,response_id,kind,value,detail\n"
                                                "1,6,,ignored_column,WF2,matches no item or fixed column; not read\n"]})

# 3. An organisation that answers but is missing from the register.
REG_NO_C = "organisation_id,name,sector,signatory\nORG-A,Alpha Trust,Health,yes\nORG-B,Bravo Council,Councils,no\n"
warning_case("silent-unregistered-organisation", [
    ("w1/responses.csv", 6, 2, "organisation_id 'ORG-C' is not in the register: 2 rows rejected as unknown_organisation, "
                               "the first on line 6; expected a register id, name or alias; did you mean 'ORG-A'?"),
    ("w1/responses.csv", None, None, "2 of 6 rows read (33.3%) were rejected (unknown_organisation 2); expected at most 10%; "
                                     "each is in rejects.csv with its line and reason"),
], "Issue 11, mistake 3: an organisation that answers but is missing from the register lost its rows to "
   "unknown_organisation while the national report said every registered organisation took part. Now each code is "
   "a warning with its row count and the closest register id, and the national report states how many responses "
   "were rejected (counts only, never the code).",
    (6, 4, 2), [[6, "r5", "unknown_organisation"], [7, "r6", "unknown_organisation"]], register=REG_NO_C,
    outputs_contain={"w1/national/evidence.md": [
        "- **2** of 2 registered organisations took part (at least one response scored), with **4** respondents scored.\n",
        "- **2** responses named an organisation that is not in the register and were rejected: they are in no figure "
        "of this report (see Data quality).\n",
        "2 responses were rejected because the organisation given is not in the register (unknown_organisation, 1 "
        "different organisation code). Organisations take part only through responses that are scored, so any "
        "organisation behind these responses is not counted as taking part and is in no figure of this report.\n"]})

# ============================================================================ unknown keys anywhere are errors

t = INSTRUMENT
t = replace_once(t, "title: Hostile input corpus\n", "title: Hostile input corpus\ntitel: Corpus\ncomment: kept for later\n"
                 "levels:\n  - {name: Low, from: 0, form: 1}\n  - {name: High, from: 50}\n"
                 "scales:\n  q1: {labels: [Lo, Mid, Hi], codez: [1, 2, 3]}\n")
t = replace_once(t, "  min_organisations: 2\n", "  min_organisations: 2\n  min_respondent: 3\n")
t = replace_once(t, "  submitted_at: [SubmittedAt]\n", "  submitted_at: [SubmittedAt]\n  respons_id: [RID]\n")
t = replace_once(t, "    title: Culture\n", "    title: Culture\n    itemz: []\n")
t = replace_once(t, "        answer: true\n", "        answer: true\n        answr: false\n")
KEYS_WAVE = WAVE + "sorce: qualtrics\ncompletion: {column: Finished, complete: [\"1\"], values: [\"1\"]}\n"
expected_errors = [
    ("instrument.yaml", *key_at(t, "titel:", "titel"), f"titel: unknown key; expected {TOP_KEYS}; did you mean 'title'?"),
    ("instrument.yaml", *key_at(t, "comment:", "comment"), f"comment: unknown key; expected {TOP_KEYS}"),
    ("instrument.yaml", *key_at(t, "form: 1", "form"), "levels[0].form: unknown key; expected name or from; did you mean 'from'?"),
    ("instrument.yaml", *key_at(t, "codez:", "codez"),
     "scales.q1.codez: unknown key; expected labels, codes, missing or favourable; did you mean 'codes'?"),
    ("instrument.yaml", *key_at(t, "min_respondent: 3", "min_respondent"),
     "thresholds.min_respondent: unknown key; expected min_respondents, min_organisations, min_answered_fraction, "
     "favourable_score, min_change, alpha or max_organisation_share; did you mean 'min_respondents'?"),
    ("instrument.yaml", *key_at(t, "respons_id:", "respons_id"),
     "columns.respons_id: unknown key; expected response_id, organisation_id, submitted_at or role; did you mean 'response_id'?"),
    ("instrument.yaml", *key_at(t, "itemz:", "itemz"), f"domains[0].itemz: unknown key; expected {DOMAIN_KEYS}; did you mean 'items'?"),
    ("instrument.yaml", *key_at(t, "answr:", "answr"),
     f"domains[1].items[1].answr: unknown key; expected {ITEM_KEYS}; did you mean 'answer'?"),
    ("w1/wave.yaml", *key_at(KEYS_WAVE, "sorce:", "sorce"), f"sorce: unknown key; expected {WAVE_KEYS}; did you mean 'source'?"),
    ("w1/wave.yaml", *key_at(KEYS_WAVE, "values:", "values"), "completion.values: unknown key; expected column or complete"),
]
case("unknown-keys-everywhere", fail(matches=[exact(f, l, c, "error", m) for f, l, c, m in expected_errors],
     notes="A misspelt or unknown key at every level of instrument.yaml (top, levels, a scale, thresholds, columns, a "
           "domain, an item) and wave.yaml (top, completion): each an error at its key with its path, the keys expected "
           "there and, within two edits, the key meant; all reported at once, nothing written. No key is ignored."),
     instrument=t, waves={"w1": {"wave.yaml": KEYS_WAVE, "responses.csv": responses(GOOD)}})

t = replace_once(INSTRUMENT, "      - id: C1\n", "      - id: C1\n        Reverse: true\n")
line, column = key_at(t, "Reverse: true", "Reverse")
case("key-differs-in-case", fail(beyond_spec=BEYOND_SPEC, matches=[exact("instrument.yaml", line, column, "error",
     f"domains[0].items[0].Reverse: unknown key; expected {ITEM_KEYS}; did you mean 'reverse'?")],
     notes="Keys are case-sensitive: `Reverse` is not `reverse`, and the suggestion ignores case."), instrument=t)

# ============================================================================ every warning

# A column of answers no item reads, beside a free-text column that is not one.
ROWS_Q9 = [row + f",{v},\"COMMENT-SENTINEL {n}, as written\"" for n, (row, v) in enumerate(zip(GOOD, ["4", "2", "Agree", "5", "1", "3"]))]
warning_case("column-of-answers-matches-no-item", [
    ("w1/responses.csv", 1, 8, "column 8 'Q9' holds answers (6 of 6 cells read are codes or labels of a likert scale) "
                               "but matches no item, so it is not read; expected an item id or alias as its header"),
], "A column whose cells are answer codes and labels but whose header names no item (a question added to the form "
   "but not to the instrument): a warning at its column. The free-text column beside it is not one, and its text "
   "reaches no output; findings.csv lists both columns by name.",
    (6, 6, 0), waves=wave(ROWS_Q9, header=HEADER + ",Q9,Comments"), never_in_outputs=["COMMENT-SENTINEL"],
    outputs_contain={"w1/centre/findings.csv": ["1,8,,ignored_column,Q9,matches no item or fixed column; not read\n"
                                                "1,9,,ignored_column,Comments,matches no item or fixed column; not read\n"]})

ROWS_C1 = [row + f",{v}" for row, v in zip(GOOD, ["5", "1", "Disagree", "2", "4", "3"])]
warning_case("second-column-of-answers", [
    ("w1/responses.csv", 1, 8, "column 8 'C1#2' holds answers (6 of 6 cells read are codes or labels of a likert scale) "
                               "but is not read: it is a second column answering to C1, which is read from an earlier "
                               "column; expected one column per item"),
], "Two columns headed C1 (an export that repeats a question): the first is read (SPEC §7) and the second, full of "
   "answers, is said out loud instead of dropped in silence; it is named C1#2, as data-quality.md names it (SPEC §8.8).",
    (6, 6, 0), waves=wave(ROWS_C1, header=HEADER + ",C1"),
    outputs_contain={"w1/centre/findings.csv": [
        "1,8,,ignored_column,C1#2,a second column answering to C1; not read (an earlier column is)\n"]})

warning_case("domain-without-any-column", [
    ("w1/responses.csv", 1, None, "item I1 has no column in this file, so it is never answered; expected a header I1"),
    ("w1/responses.csv", 1, None, "item K1 has no column in this file, so it is never answered; expected a header K1"),
    ("w1/responses.csv", 1, None, "domain ig (Understanding of IG rules) has no item with a column (I1, K1), so no "
                                  "organisation gets a score for it, nor an overall score, from this file; expected a "
                                  "header for at least one of its items"),
], "Neither item of domain ig has a column: each item and the domain are warnings (no overall score can be made).",
    (6, 6, 0), waves=wave([",".join(row.split(",")[:5]) for row in GOOD], header="response_id,organisation_id,submitted_at,C1,C2"))

t = replace_once(INSTRUMENT, "    title: Culture\n", "    title: Culture\n    weight: 0.6\n")
t = replace_once(t, "    title: Understanding of IG rules\n", "    title: Understanding of IG rules\n    weight: 0.3\n")
line, column = key_at(t, "weight: 0.6", "0.6")
warning_case("weights-do-not-sum-to-one", [
    ("instrument.yaml", line, column, "domains[0].weight: the domain weights sum to 0.9, not 1; overall readiness divides "
                                      "by their sum, so the domains count culture 66.7%, ig 33.3%; expected weights that sum to 1"),
], "Weights written as shares that sum to 0.9: normalised, as always, and now said, at the first weight.",
    (6, 6, 0), instrument=t)

t = replace_once(INSTRUMENT, "    title: Culture\n", "    title: Culture\n    weight: 2\n")
case("whole-number-weights-are-multipliers", ok((6, 6, 0), args=["--strict"],
     notes="weight: 2 is a multiplier (SPEC §2.1's example): whole-number weights are not expected to sum to 1, so "
           "there is no warning and --strict runs."), instrument=t)
case("clean-survey-has-no-warning", ok((6, 6, 0), args=["--strict"],
     outputs_contain={"w1/data-quality.md": ["## Warnings\n\nNone.\n"],
                      "w1/centre/findings.csv": ["line,column,response_id,kind,value,detail\n"]},
     notes="The base survey has nothing to warn about: --strict runs, data-quality.md says None, findings.csv is a header."))

ROWS_BAD_C1 = [replace_once(GOOD[0], ",4,2,4,true", ",x,2,4,true")] + GOOD[1:]
warning_case("invalid-cells-over-5-percent", [
    ("w1/responses.csv", 1, 4, f"column 4 'C1': 1 of 6 scored rows (16.7%) hold an invalid value, read as not answered; "
                               f"item C1 (scale likert): expected {LIKERT_EXPECTED}; each is in centre/findings.csv"),
], "One invalid C1 in six scored rows (16.7% > 5%): a warning at the column; the cell is in findings.csv.",
    (6, 6, 0), waves=wave(ROWS_BAD_C1),
    outputs_contain={"w1/centre/findings.csv": [f"2,4,r1,invalid_value,x,\"item C1 (scale likert): expected {LIKERT_EXPECTED}\"\n"]})

TWENTY = [f"r{n},{['ORG-A', 'ORG-B', 'ORG-C'][n % 3]},2024-02-01,{n % 5 + 1},{(n + 2) % 5 + 1},4,true" for n in range(1, 21)]
case("invalid-cells-exactly-5-percent", ok((20, 20, 0), args=["--strict"],
     outputs_contain={"w1/data-quality.md": ["| C1 | 1 |\n"]},
     notes="One invalid C1 in twenty scored rows is exactly 5%, not more: no warning, so --strict runs."),
     waves=wave([replace_once(TWENTY[0], ",2,4,4,true", ",zz,4,4,true")] + TWENTY[1:]))

ROWS_BAD_DATE = [replace_once(GOOD[0], "2024-02-01", "2024-13-01")] + GOOD[1:]
warning_case("unparseable-dates-over-5-percent", [
    ("w1/responses.csv", 1, 3, "column 3 'submitted_at': 1 of 5 dates in scored rows (20.0%) are unparseable, read as "
                               "absent (so no wave-window check); submitted_at: expected a date such as YYYY-MM-DD, "
                               "YYYY-MM-DD HH:MM:SS or D/M/YYYY [H:MM[:SS]] (date order DMY); each is in centre/findings.csv"),
], "Month 13 in one of the five dates given (20%): a warning at the column (the empty date of r4 is not counted).",
    (6, 6, 0), waves=wave(ROWS_BAD_DATE),
    outputs_contain={"w1/centre/findings.csv": ["2,3,r1,unparseable_date,2024-13-01,\"submitted_at: expected a date such as "
                                                "YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or D/M/YYYY [H:MM[:SS]] (date order DMY); "
                                                "read as absent\"\n"]})

ROLES = ["Team manager", "Boss", "frontline practitioner", "", "Team manager", "Team manager"]
warning_case("unknown-roles-over-5-percent", [
    ("w1/responses.csv", 1, 8, "column 8 'Role': 1 of 6 scored rows (16.7%) name a role the instrument does not list, "
                               "read as empty; role: expected one of 'Frontline practitioner' or 'Team manager'; "
                               "each is in centre/findings.csv"),
], "A role the instrument does not list in one of six scored rows: a warning at the column.",
    (6, 6, 0), waves=wave([row + "," + role for row, role in zip(GOOD, ROLES)], header=HEADER + ",Role"),
    outputs_contain={"w1/centre/findings.csv": ["3,8,r2,unknown_role,Boss,role: expected one of 'Frontline practitioner' "
                                                "or 'Team manager'; read as empty\n"]})

warning_case("rejected-rows-over-10-percent", [
    ("w1/responses.csv", None, None, "1 of 7 rows read (14.3%) were rejected (malformed_row 1); expected at most 10%; "
                                     "each is in rejects.csv with its line and reason"),
], "One row of seven rejected (14.3% > 10%): a warning for the file.",
    (7, 6, 1), [[8, "r7", "malformed_row"]], waves=wave(GOOD + ["r7,ORG-A,2024-02-01,4"]))
case("rejected-rows-exactly-10-percent", ok((10, 9, 1), [[11, "r10", "malformed_row"]], args=["--strict"],
     notes="One row of ten rejected is exactly 10%, not more: no warning, so --strict runs."),
     waves=wave(TWENTY[:9] + ["r10,ORG-A,2024-02-01,4"]))

ORGS = "organisation_id,name,sector,signatory\n" + "".join(f"ORG-{n:02d},Org {n},Health,no\n" for n in range(1, 4))
many = [f"r{n},X{n:02d},2024-02-01,4,2,4,true" for n in range(1, 23)] + [f"s{n},ORG-0{n % 3 + 1},2024-02-01,4,2,4,true" for n in range(1, 7)]
lines = [exact("w1/responses.csv", n + 1, 2, "warning", f"organisation_id 'X{n:02d}' is not in the register: 1 row rejected as "
               "unknown_organisation, the first on line " + str(n + 1) + "; expected a register id, name or alias")
         for n in range(1, 21)]
case("many-unregistered-codes", ok((28, 6, 22), [[n + 1, f"r{n}", "unknown_organisation"] for n in range(1, 23)],
     stderr_matches=lines + [exact("w1/responses.csv", None, None, "warning", "2 more organisation codes not in the register: "
                             "2 rows rejected as unknown_organisation; expected register ids, names or aliases; each row is in rejects.csv")],
     notes="22 different codes not in the register: the first 20 by line are named one by one (no suggestion is within "
           "reach), the rest counted in one warning."),
     register=ORGS, waves=wave(many))

# ============================================================================ findings.csv

LONG = "L" * 79 + "é" + "TAIL-BEYOND-80"
FINDING_ROWS = [
    "r1,ORG-A,2024-02-01,Strongly agreee,2,4,true",          # 2: an invalid label
    f"r2,ORG-A,2024-02-02,3,{LONG},5,false",                 # 3: a value cut to 80 characters
    "r3,ORG-B,2024-02-03,LOSER-VALUE,1,4,true",              # 4: loses to line 6: its findings go with it
    'r4,ORG-B,31/02/2024,2,4,"4,5",maybe',                   # 5: a bad date, a quoted value, a knowledge answer
    "r5,NOPE,2024-03-01,REJECTED-VALUE,2,4,no",              # 6... rejected: no findings
    "r3,ORG-B,2024-02-04,5,1,4,true",                        # 7: wins over line 4
]
DETAIL_C = f"item C1 (scale likert): expected {LIKERT_EXPECTED}"
DETAIL_C2 = f"item C2 (scale likert): expected {LIKERT_EXPECTED}"
DETAIL_I = f"item I1 (scale likert): expected {LIKERT_EXPECTED}"
DETAIL_K = "item K1 (knowledge): expected true ('true', 't', 'yes' or '1') or false ('false', 'f', 'no' or '0'), or a don't-know token"
DETAIL_D = "submitted_at: expected a date such as YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or D/M/YYYY [H:MM[:SS]] (date order DMY); read as absent"
FINDINGS = ("line,column,response_id,kind,value,detail\n"
            "1,8,,ignored_column,Notes,matches no item or fixed column; not read\n"
            f"2,4,r1,invalid_value,Strongly agreee,\"{DETAIL_C}\"\n"
            f"3,5,r2,invalid_value,{'L' * 79}é,\"{DETAIL_C2} (value cut to 80 of 94 characters)\"\n"
            f"5,3,r4,unparseable_date,31/02/2024,\"{DETAIL_D}\"\n"
            f"5,6,r4,invalid_value,\"4,5\",\"{DETAIL_I}\"\n"
            f"5,7,r4,invalid_value,maybe,\"{DETAIL_K}\"\n")
for mode in ["never", "always"]:
    case(f"findings-located-parallel-{mode}", ok((6, 4, 2), [[4, "r3", "duplicate_superseded"], [6, "r5", "unknown_organisation"]],
         args=["--parallel", mode],
         outputs_contain={"w1/centre/findings.csv": [FINDINGS]},
         never_in_outputs=["LOSER-VALUE", "REJECTED-VALUE", "TAIL-BEYOND-80", "FREE-TEXT-SENTINEL"],
         notes="findings.csv, exactly: each invalid value, unparseable date and ignored column with its line, column and "
               "response_id, in file order; a value cut to 80 characters (the detail says so); a quoted value quoted "
               "again; nothing from a row that lost to a duplicate or was rejected, and never the free-text column's "
               "content. Read sequentially and in two halves at once: the same bytes."),
         waves=wave([row + ",FREE-TEXT-SENTINEL" for row in FINDING_ROWS], header=HEADER + ",Notes"))

# A cell a spreadsheet would run as a formula, in findings.csv: written after an apostrophe.
INERT_ROWS = [replace_once(GOOD[0], "r1,ORG-A,2024-02-01,4,", "=r1,ORG-A,2024-02-01,=HYPERLINK(\"http://x.example\"),")] + GOOD[1:]
case("findings-formula-made-inert", ok((6, 6, 0),
     outputs_contain={"w1/centre/findings.csv": [
         f"2,4,'=r1,invalid_value,\"'=HYPERLINK(\"\"http://x.example\"\")\",\"{DETAIL_C}\"\n"]},
     never_in_outputs=[",=HYPERLINK", ",=r1"],
     notes="findings.csv holds cells as written, and a centre opens it in a spreadsheet: a response id or value "
           "beginning with = (or + - @) is written after an apostrophe, so it is never run as a formula."),
     waves=wave(INERT_ROWS))
