# Hostile cases of SPEC §8 (real survey-platform exports): every new instrument error of §8.1's
# table and every wave.yaml and responses-file error of §8.9, each with its exact message
# (file:line:column where known), and the §8 behaviours that change what a row becomes.
# Runs in make_corpus.py's namespace (case, ok, fail, INSTRUMENT, REGISTER, WAVE, GOOD, HEADER...).


def located(text: str, needle: str, token: str | None = None, nth: int = 1) -> tuple[int, int]:
    """(line, column) of `token` (default `needle`) on the nth line holding `needle`, 1-based."""
    line = line_of(text, needle, nth)
    column = text.split("\n")[line - 1].index(token if token is not None else needle) + 1
    return line, column


def with_scales(block: str, instrument: str = INSTRUMENT) -> str:
    """The base instrument with top-level keys inserted before domains."""
    return replace_once(instrument, "domains:\n", block + "domains:\n")


def scale_error(name: str, block: str, needle: str, token: str, message: str, notes: str,
                instrument: str = INSTRUMENT, nth: int = 1) -> None:
    text = with_scales(block, instrument)
    line, column = located(text, needle, token, nth)
    case(name, fail(f"instrument.yaml:{line}:{column}: error: {message}", notes=notes), instrument=text)


# ---------------------------------------------------------------- §8.1: the validation table

scale_error("scale-too-few-labels", "scales:\n  yes_no:\n    labels: [Yes]\n", "labels: [Yes]", "[Yes]",
            "scales.yes_no.labels: expected at least 2 labels, found 1", "A scale of one point (k < 2).")
scale_error("scale-empty-label", "scales:\n  agree7:\n    labels: [a, b, c, '', e]\n", "labels: [a, b", "''",
            "scales.agree7.labels[3]: must not be empty", "An empty label.")
scale_error("scale-duplicate-label", "scales:\n  agree7:\n    labels: [a, b, c, d, Agree, ' agree ']\n", "labels: [a, b", "' agree '",
            "scales.agree7.labels[5]: duplicate label 'agree' (also labels[4])",
            "A label on two points, normalised and case-insensitive.")
scale_error("scale-codes-count", "scales:\n  q1:\n    labels: [Low, Mid, High]\n    codes: [1, 2, 3, 4]\n", "codes: [1, 2, 3, 4]",
            "[1, 2, 3, 4]", "scales.q1.codes: expected 3 codes (one per label), found 4", "Four codes for three labels.")
scale_error("scale-duplicate-code", "scales:\n  q1:\n    labels: [Low, Mid, High]\n    codes: [3, 4, \"4\"]\n", "codes: [3, 4",
            "\"4\"", "scales.q1.codes[2]: duplicate code '4' (also codes[1])", "The integer 4 and the text \"4\" are one code.")
scale_error("scale-code-not-integer", "scales:\n  q1:\n    labels: [Low, Mid, High]\n    codes: [1.5, 2, 3]\n", "codes: [1.5",
            "1.5", "scales.q1.codes[0]: expected an integer or a text, found 1.5",
            "A plain non-integer number in codes is an error (SPEC §8.1 typing).")
scale_error("scale-label-is-another-code", "scales:\n  q1:\n    labels: [\"2\", Mid, High]\n    codes: [1, 2, 3]\n",
            "labels: [\"2\"", "\"2\"", "scales.q1.labels[0]: '2' is also the code of point 2 (codes[1])",
            "A label that another point's code matches would never be read as that label.")
scale_error("scale-missing-is-code", "scales:\n  like3:\n    labels: [Dislike, Neither, Like]\n    codes: [3, 2, 1]\n    missing: [\"1\"]\n",
            "missing: [\"1\"]", "\"1\"", "scales.like3.missing[0]: '1' is also the code of point 3 (codes[2])",
            "A missing entry that is a code.")
scale_error("scale-missing-is-label", "scales:\n  like3:\n    labels: [Dislike, Neither, Like]\n    missing: [neither]\n",
            "missing: [neither]", "neither]", "scales.like3.missing[0]: 'neither' is also a label of point 2 (labels[1])",
            "A missing entry that is a label (case-insensitive).")
scale_error("scale-label-is-missing-token", "scales:\n  sm5:\n    labels: [N/A, Minor, Major]\n", "labels: [N/A", "N/A",
            "scales.sm5.labels[0]: 'N/A' is also a missing token", "A label that is one of missing_tokens.")
scale_error("scale-code-is-dont-know-token", "scales:\n  sm5:\n    labels: [a, b, c]\n    codes: [DK, b, c]\n", "codes: [DK", "DK",
            "scales.sm5.codes[0]: 'DK' is also a don't-know token", "A text code that is a don't-know token.")
scale_error("scale-favourable-out-of-range", "scales:\n  q1:\n    labels: [Low, Mid, High]\n    favourable: [4]\n",
            "favourable: [4]", "4]", "scales.q1.favourable[0]: expected a point number from 1 to 3, found 4",
            "A favourable point beyond k.")
scale_error("scale-favourable-repeated", "scales:\n  q1:\n    labels: [Low, Mid, High]\n    favourable: [3, 3]\n",
            "favourable: [3, 3]", "3]", "scales.q1.favourable[1]: point 3 is repeated (also favourable[0])", "A repeated favourable point.")
scale_error("scale-favourable-not-integer", "scales:\n  q1:\n    labels: [Low, Mid, High]\n    favourable: [High]\n",
            "favourable: [High]", "High]", "scales.q1.favourable[0]: expected a point number from 1 to 3, found 'High'",
            "Favourable points are point numbers, not labels.")
scale_error("scale-favourable-empty", "scales:\n  q1:\n    labels: [Low, Mid, High]\n    favourable: []\n",
            "favourable: []", "[]", "scales.q1.favourable: expected at least one point number", "An empty favourable list.")
scale_error("scale-unknown-key", "scales:\n  q1:\n    labels: [Low, Mid, High]\n    favorable: [3]\n", "favorable: [3]", "favorable",
            "scales.q1.favorable: unknown key; expected labels, codes, missing or favourable", "A misspelt key.")
scale_error("scale-bad-name", "scales:\n  1q:\n    labels: [Low, High]\n", "  1q:", "1q",
            "scales.1q: '1q' must match ^[A-Za-z][A-Za-z0-9_]{0,31}$", "A scale name starting with a digit.")
scale_error("scale-likert-declared", "scales:\n  likert:\n    labels: [Low, High]\n", "  likert:", "likert",
            "scales.likert: the built-in scale likert is set by likert_labels; choose another name",
            "likert cannot be declared under scales.")
t = with_scales("scales:\n  agree7:\n    labels: [a, b, c, d, e, f, g]\n")
t = replace_once(t, "      - id: C1\n", "      - id: C1\n        scale: agre7\n")
line, column = located(t, "scale: agre7", "agre7")
case("scale-unknown-on-item", fail(f"instrument.yaml:{line}:{column}: error: domains[0].items[0].scale: unknown scale 'agre7'; "
                                   "expected one of agree7, likert", notes="An item naming a scale that does not exist."), instrument=t)
scale_error("scale-unknown-default", "default_scale: agre7\n", "default_scale: agre7", "agre7",
            "default_scale: unknown scale 'agre7'; expected one of likert", "default_scale naming a scale that does not exist.")
t = with_scales("scales:\n  agree7:\n    labels: [a, b, c, d, e, f, g]\n")
t = replace_once(t, "        type: knowledge\n", "        type: knowledge\n        scale: agree7\n")
line, column = located(t, "scale: agree7", "agree7")
case("scale-on-knowledge-item", fail(f"instrument.yaml:{line}:{column}: error: domains[1].items[1].scale: only likert items have a scale",
                                     notes="A knowledge item naming a scale."), instrument=t)
scale_error("false-token-also-true", "false_tokens: [no, \"1\"]\n", "false_tokens", "\"1\"",
            "false_tokens[1]: '1' is also a true token", "A token in both lists (the default true tokens hold 1).")
scale_error("true-token-also-missing", "true_tokens: [yes, N/A]\n", "true_tokens", "N/A",
            "true_tokens[1]: 'N/A' is also a missing token", "A true token that is a missing token.")
scale_error("true-token-also-dont-know", "true_tokens: [yes, dk]\n", "true_tokens", "dk",
            "true_tokens[1]: 'dk' is also a don't-know token", "A true token that is a don't-know token (case-insensitive).")
scale_error("true-tokens-empty", "true_tokens: []\n", "true_tokens", "[]",
            "true_tokens: expected at least one token", "An empty token list.")
labels = ", ".join(f"p{n}" for n in range(256))
scale_error("scale-too-many-points", f"scales:\n  huge:\n    labels: [{labels}]\n", "labels: [p0", "[p0",
            "scales.huge.labels: expected at most 255 labels, found 256",
            "An answer is one byte per item: a scale holds at most 255 points (a limit of this implementation).")
sizes = [11, 12, 13, 14, 15, 17, 18]
t = with_scales("scales:\n" + "".join(f"  s{k}: {{labels: [{', '.join(f'p{n}' for n in range(k))}]}}\n" for k in sizes))
t = replace_once(t, "      - id: C1\n", "".join(f"      - id: X{k}\n        text: x\n        scale: s{k}\n" for k in sizes) + "      - id: C1\n")
line, column = located(t, "- id: culture", "id: culture")
case("scale-lengths-not-scorable-exactly", fail(
    f"instrument.yaml:{line}:{column}: error: domains[0].items: its likert items' scales (5 points, 11 points, 12 points, 13 points, "
    "14 points, 15 points, 17 points, 18 points) are too many different lengths to score exactly together; use fewer scale "
    "lengths in one domain",
    notes="Scores are exact integers over the least common multiple of k - 1 in a domain; seven coprime lengths would "
          "overflow it, so the instrument is refused rather than scored inexactly (a limit of this implementation)."),
    instrument=t)

# ---------------------------------------------------------------- §8.9: wave.yaml and the responses file


def wave_error(name: str, keys: str, token: str, message: str, notes: str, responses_text: str | None = None) -> None:
    text = WAVE + keys
    line, column = located(text, keys.split("\n")[0], token)
    case(name, fail(f"w1/wave.yaml:{line}:{column}: error: {message}", notes=notes),
         waves={"w1": {"wave.yaml": text, "responses.csv": responses_text or responses(GOOD)}})


SOURCES = "generic, qualtrics, qualtrics-legacy, limesurvey, surveymonkey, google-forms, microsoft-forms, redcap, alchemer"
wave_error("wave-unknown-source", "source: qualtrix\n", "qualtrix", f"source: unknown source 'qualtrix'; expected one of {SOURCES}",
           "A source that is not a preset.")
wave_error("wave-header-rows-zero", "header_rows: 0\n", "0", "header_rows: expected auto or an integer from 1 to 10, found 0",
           "header_rows 0.")
wave_error("wave-header-rows-eleven", "header_rows: 11\n", "11", "header_rows: expected auto or an integer from 1 to 10, found 11",
           "header_rows 11.")
wave_error("wave-date-order-ymd", "date_order: YMD\n", "YMD", "date_order: expected auto, DMY or MDY, found 'YMD'",
           "A date order that is not auto, DMY or MDY.")
wave_error("wave-require-response-id-maybe", "require_response_id: maybe\n", "maybe",
           "require_response_id: expected true or false, found 'maybe'", "require_response_id not a boolean.")
wave_error("wave-completion-list", "completion: [Finished]\n", "[Finished]",
           "completion: expected none or {column, complete}, found a list", "completion given as a list.")
wave_error("wave-completion-complete-not-list", "completion: {column: Finished, complete: 1}\n", "1}",
           "completion.complete: expected a list of values, found 1", "completion.complete given as one value.")
wave_error("wave-completion-without-column", "completion: {complete: ['1']}\n", "{complete",
           "completion.column: missing; expected {column: NAME, complete: [VALUES]}", "completion without a column.")
wave_error("wave-completion-empty-list", "completion: {column: Finished, complete: []}\n", "[]",
           "completion.complete: expected at least one value", "An empty list of complete values: no row could be complete.")
wave_error("wave-completion-unknown-key", "completion: {column: Finished, values: ['1']}\n", "values",
           "completion.values: unknown key; expected column or complete", "A misspelt key under completion.")
wave_error("wave-sheet-with-csv", "sheet: Form1\n", "Form1", "sheet: given, but this wave's responses file is responses.csv",
           "sheet names a worksheet, but the responses file is a CSV file.")
case("responses-missing-response-id-hint", fail(
    "w1/responses.csv:1:1: error: missing required column response_id (accepted: 'response_id'); header found: 'Timestamp', "
    "'organisation_id', 'submitted_at', 'C1', 'C2', 'I1', 'K1'; if this export has no response id, set require_response_id: "
    "false in wave.yaml", notes="No response_id column under the generic preset: fatal, with §8.3's hint."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD, header=HEADER.replace("response_id", "Timestamp"))}})
case("responses-completion-column-missing", fail(
    "w1/responses.csv:1:1: error: completion column 'Finished' (from wave.yaml) not in the header; closest header: 'Finish'",
    notes="A completion column named in wave.yaml must exist; the closest header follows §8.3's rule."),
    waves={"w1": {"wave.yaml": WAVE + "completion: {column: Finished, complete: ['1']}\n",
                  "responses.csv": responses([r + ",1" for r in GOOD], header=HEADER + ",Finish")}})
case("responses-header-too-far-to-suggest", fail(
    "w1/responses.csv:1:1: error: missing required column organisation_id (accepted: 'organisation_id'); header found: ",
    matches=[r"^(?![\s\S]*closest)[\s\S]*organisation_id"],
    notes="org_id is at distance 9 from organisation_id, beyond max(1, 15 // 3) = 5: no closest header is named (SPEC §8.3)."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD, header=HEADER.replace("organisation_id", "org_id"))}})

# ---------------------------------------------------------------- §8 behaviours, rows and rejects exact

case("no-response-id-google-forms", ok((4, 4, 0), rejects=[],
     outputs_contain={"w1/data-quality.md": ["| Response id | no column: each row is its own response; duplicates not checked |",
                                             "| Rows identical in every field to an earlier row (flagged, kept) | 1 |",
                                             "| Source preset | google-forms |"]},
     notes="google-forms needs no response id: two identical rows are both scored and counted as identical."),
     waves={"w1": {"wave.yaml": WAVE + "source: google-forms\n", "responses.csv": responses([
         "ORG-A,4/9/2024 0:13:09,4,2,4,true", "ORG-A,4/9/2024 0:13:09,4,2,4,true", "ORG-B,4/9/2024 0:15:00,3,3,3,false",
         "Alpha Trust,4/10/2024 9:00:00,5,1,5,yes"], header="organisation_id,Timestamp,C1,C2,I1,K1")}})

case("organisation-by-name-and-suggestions", ok((5, 2, 3), rejects=[
    [4, "n3", "unknown_organisation"], [5, "n4", "unknown_organisation"], [6, "n5", "unknown_organisation"]],
    outputs_contain={"w1/rejects.csv": ["4,n3,unknown_organisation,organisation_id 'ORG-D' is not in the register; did you mean 'ORG-A'?",
                                        "5,n4,unknown_organisation,\"organisation_id 'Health' names 2 organisations: ORG-A, ORG-C; give the id\"",
                                        "6,n5,unknown_organisation,organisation_id 'Zulu' is not in the register\n"],
                     "w1/data-quality.md": ["| Organisation given by name or alias (matched) | 2 |"]},
    notes="Organisations by name and alias (normalised, case-insensitive), a name shared by two (ambiguous), "
          "and did-you-mean by SPEC §8.3's distance, threshold and tie-break."),
    register="organisation_id,name,sector,signatory,aliases\nORG-A,Alpha Trust,Health,yes,Health\nORG-B,Bravo Council,Councils,no,\n"
             "ORG-C,Charlie Care,Health,no,Health;  Charlie\n",
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
        "n1,alpha\u00a0TRUST,2024-02-01,4,2,4,true", "n2,charlie,2024-02-01,4,2,4,true", "n3,ORG-D,2024-02-01,4,2,4,true",
        "n4,Health,2024-02-01,4,2,4,true", "n5,Zulu,2024-02-01,4,2,4,true"])}})

case("completion-alchemer", ok((4, 1, 3), rejects=[
    [2, "1", "incomplete_response"], [3, "2", "unknown_organisation"], [4, "3", "outside_wave_window"]],
    outputs_contain={"w1/rejects.csv": ["2,1,incomplete_response,Status is 'Partial'; complete means 'Complete'"],
                     "w1/data-quality.md": ["| incomplete_response | 1 |", "| Completion | `Status` is Complete (preset alchemer) |"]},
    notes="SPEC §8.10 case 13: a Partial row with a known organisation is incomplete_response; with an unknown one, "
          "unknown_organisation; a Complete row after closes, outside_wave_window."),
    waves={"w1": {"wave.yaml": WAVE + "source: alchemer\n", "responses.csv": responses([
        "1,ORG-A,2024-02-01 10:00:00,Partial,4,2,4,true", "2,ORG-Z,2024-02-01 10:00:00,Partial,4,2,4,true",
        "3,ORG-A,2025-02-01 10:00:00,Complete,4,2,4,true", "4,ORG-B,2024-02-01 10:00:00,complete,4,2,4,true"],
        header="Response ID,organisation_id,Date Submitted,Status,C1,C2,I1,K1")}})

case("qualtrics-legacy-layout", ok((3, 2, 1), rejects=[[5, "R_3", "incomplete_response"]],
     outputs_contain={"w1/data-quality.md": ["| Qualtrics metadata rows skipped | yes (record 2, V1… layout) |"]},
     notes="SPEC §8.10 case 2: V1… with a label record; ids, organisations, dates and completion bound through record 2."),
     waves={"w1": {"wave.yaml": WAVE + "source: qualtrics\n", "responses.csv": responses([
         "R_1,Default,,ORG-A,,,0,2024-02-01 09:00:00,2024-02-01 09:10:00,1,4,2,4,true",
         "R_2,Default,,ORG-B,,,0,2024-02-01 09:00:00,2024-02-01 09:10:00,True,5,1,4,true",
         "R_3,Default,,ORG-B,,,0,2024-02-01 09:00:00,2024-02-01 09:10:00,0,5,1,4,true"],
         header="V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,C1,C2,I1,K1\nResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,"
                "IPAddress,Status,StartDate,EndDate,Finished,Q1,Q2,Q3,Q4")}})

case("single-quoted-importid", ok((2, 2, 0), rejects=[],
     outputs_contain={"w1/data-quality.md": ["| Qualtrics metadata rows skipped | yes (records 2 and 3) |"]},
     notes="SPEC §8.10 case 1: the 2017 layout's {'ImportId' record 3: three header records, not two rows read."),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([GOOD[0], GOOD[2]], header=HEADER
         + "\nResponse ID,Organisation,Submitted,C1,C2,I1,K1\n{'ImportId': 'responseId'},x,x,x,x,x,x")}})

case("surveymonkey-two-header-rows", ok((2, 2, 0), rejects=[],
     outputs_contain={"w1/data-quality.md": ["| Header records | 2 (SurveyMonkey layout detected) |"]},
     notes="SPEC §8.10 case 8: a question record, then a sub-question record; items bound by combined name."),
     instrument=INSTRUMENT.replace("      - id: C1\n", "      - id: C1\n        aliases: ['How much do you agree? | Sharing is good care']\n"),
     waves={"w1": {"wave.yaml": WAVE + "source: surveymonkey\n", "responses.csv": (
         "Respondent ID,Custom Data 1,End Date,How much do you agree?,,I1,K1\n,,,Sharing is good care,C2,,\n"
         "101,ORG-A,11/19/2024 9:23:12 AM,Agree,Disagree,4,true\n102,ORG-B,11/20/2024 9:23:12 PM,4,2,5,no\n")}})

case("us-dates-decided-mdy", ok((3, 2, 1), rejects=[[4, "u3", "outside_wave_window"]],
     outputs_contain={"w1/data-quality.md": ["| Date order | MDY (auto: 1 date has the second number above 12, none the first) |"]},
     notes="SPEC §8.10 case 11: 12/13/2024 can only be MDY, so 1/9/2025 is 9 January, after closes."),
     waves={"w1": {"wave.yaml": WAVE + "date_order: auto\n", "responses.csv": responses([
         "u1,ORG-A,12/13/2024 11:06:09,4,2,4,true", "u2,ORG-B,1/9/2024 20:30:20,4,2,4,true", "u3,ORG-B,1/9/2025 20:30:20,4,2,4,true"])}})

case("seven-point-scale-and-recodes", ok((3, 3, 0), rejects=[],
     outputs_contain={"w1/centre/items.csv": ["w1,ORG-A,C1,1,0.000000,", "w1,ORG-B,C1,1,100.000000,",
                                              "w1,ORG-A,I1,1,0.000000,", "w1,ORG-C,I1,1,100.000000,"],
                      "w1/data-quality.md": ["| C1 | agree7 | 7 | 1, 2, 3, 4, 5, 6, 7 | 5, 6, 7 |",
                                             "| C2 | agree7 | 7 | 1, 2, 3, 4, 5, 6, 7 | 1, 2, 3 |",
                                             "| I1 | q1 | 3 | 2, 4, 3 | 3 |"],
                      "w1/manifest.json": ["\"agree7\": {\"points\": 7, \"codes\": [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\"], "
                                           "\"favourable\": [5, 6, 7]}"]},
     outputs_exist=["w1/national/charts/likert-items.svg", "w1/national/charts/likert-items-q1.svg"],
     notes="SPEC §8.10 cases 3 and 4: on agree7, 4 is not favourable and 6 is; on q1 (codes 2, 4, 3), 4 is point 2 and 3 point 3."),
     instrument=with_scales("scales:\n  agree7: {labels: [s1, s2, s3, s4, s5, s6, s7]}\n  q1: {labels: [Low, Mid, High], codes: [2, 4, 3]}\n"
                            "default_scale: agree7\n", INSTRUMENT.replace("      - id: I1\n", "      - id: I1\n        scale: q1\n")),
     waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses([
         "s1,ORG-A,2024-02-01,4,2,4,true", "s2,ORG-B,2024-02-01,6,7,4,true", "s3,ORG-C,2024-02-01,7,1,3,true"])}})

# The tool is stricter here than the SPEC asks; `--verify` skips these.
beyond_spec("scale-too-many-points", "a limit of this implementation: an answer is one byte per item")
beyond_spec("scale-lengths-not-scorable-exactly", "a limit of this implementation: exact scores over the least common multiple of the scale lengths")
