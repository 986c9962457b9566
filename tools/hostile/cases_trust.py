# Cases of the `trust` series (issue 10: output you can trust): ids that cannot name a folder
# everywhere, ids and text that would break a line, YAML that would take unbounded work or
# mean two things, arithmetic that would overflow, text that a terminal would obey, and
# escaping by Unicode scalar. Runs in make_corpus.py's namespace.
#
# Attacks on the output folder itself (symbolic links, two runs at once, kills, a FIFO, a
# file truncated during the run, open-file limits, read-only folders) need more than files:
# they are tests in Tests/ReadinessEndToEndTests/OutputFolderTests.swift and KillTests.swift.

# No control character but line breaks in the whole of stderr: nothing a terminal would obey.
NO_CONTROLS = r"\A(?![\s\S]*[\x00-\x09\x0b-\x1f\x7f-\x9f])"

# ---------------------------------------------------------------------------- ids and folders

case("register-windows-device-names", fail(
    "organisations.csv", "CON names a device on Windows",
    matches=[rf"organisations\.csv:{n}:1: error: organisation_id '{i}' is not allowed: {d} names a device on Windows"
             for n, i, d in [(2, "CON", "CON"), (3, "nul", "NUL"), (4, "Aux", "AUX"), (5, "com1", "COM1"),
                             (6, "LPT9", "LPT9"), (7, "prn", "PRN")]],
    notes="Windows device names (any case) as organisation ids: each a fatal register error naming its line, "
          "since a folder so named cannot be opened on Windows (reports are often copied to shares). "
          "COM10 and CONSOLE are ordinary names."),
    register=register(["CON,Con Trust,Health,yes", "nul,Nul Council,Councils,no", "Aux,Aux Care,Health,no",
                       "com1,Com One,Health,no", "LPT9,Lpt Nine,Health,no", "prn,Prn Group,Health,no",
                       "COM10,Fine Ten,Health,no", "CONSOLE,Fine Console,Health,no"]))

case("register-ids-differ-only-in-case", fail(
    "organisations.csv",
    matches=[r"organisations\.csv:3:1: error: organisation_id 'org-a' differs only in case from 'ORG-A' \(line 2\)",
             r"organisations\.csv:5:1: error: organisation_id 'Org-B' differs only in case from 'ORG-B' \(line 4\)"],
    notes="ORG-A and org-a are two ids to the reader (matched case-sensitively) but one folder on macOS and on "
          "Windows shares, where one partner's report would land in the other's folder: fatal, with both lines."),
    register=register(["ORG-A,Alpha Trust,Health,yes", "org-a,Alpha Impostor,Health,no", "ORG-B,Bravo Council,Councils,no",
                       "Org-B,Bravo Impostor,Councils,no", "ORG-C,Charlie Care,Health,no"]))

WAVE2 = "title: Wave two\nopens: 2025-01-01\ncloses: 2025-12-31\n"
case("wave-ids-differ-only-in-case", fail(
    "w2/wave.yaml", matches=[r"w2/wave\.yaml:1:1: error: wave id 'W1' differs only in case from 'w1' \(the wave in folder 'w1'\)"],
    notes="Wave ids w1 and W1 would share one report folder on a case-insensitive file system: fatal."),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(GOOD)},
           "w2": {"wave.yaml": "id: W1\n" + WAVE2, "responses.csv": responses(GOOD)}})

case("wave-ids-that-name-devices", fail(
    matches=[r"a/wave\.yaml:1:5: error: wave id 'con' is not allowed: CON names a device on Windows",
             r"b/wave\.yaml:1:5: error: wave id 'LPT1\.final' is not allowed: LPT1 names a device on Windows",
             r"c/wave\.yaml:1:5: error: wave id 'w3\.' must not end with '\.'"],
    notes="Wave ids con, LPT1.final (a device name with an extension is still the device) and w3. (Windows drops "
          "a final dot): each a fatal error at its id."),
    waves={"a": {"wave.yaml": "id: con\n" + WAVE2, "responses.csv": responses(GOOD)},
           "b": {"wave.yaml": "id: LPT1.final\n" + WAVE2, "responses.csv": responses(GOOD)},
           "c": {"wave.yaml": "id: w3.\n" + WAVE2, "responses.csv": responses(GOOD)}})

t = replace_once(INSTRUMENT, "  - id: culture\n", '  - id: "culture\\n"\n')
t = replace_once(t, "      - id: I1\n", '      - id: "I1\\r"\n')
t = replace_once(t, "      - id: K1\n", '      - id: "K\\u00071"\n')
BEL_LINE = line_of(t, "K\\u0007")
case("inst-ids-with-line-breaks", fail(
    "instrument.yaml", matches=[
        rf"instrument\.yaml:{line_of(t, 'culture')}:[0-9]+: error: domains\[0\]\.id: ",
        rf"instrument\.yaml:{line_of(t, 'I1')}:[0-9]+: error: domains\[1\]\.items\[0\]\.id: ",
        rf"instrument\.yaml:{BEL_LINE}:[0-9]+: error: domains\[1\]\.items\[1\]\.id: ", NO_CONTROLS],
    notes="A domain id ending in a line break once passed ^[A-Za-z][A-Za-z0-9_]{0,31}$ (a regular expression's $ "
          "matches before a final line break) and split scores.csv lines and Markdown tables; a carriage return and "
          "a BEL are refused too, and the message shows none of them raw."), instrument=t)

# ---------------------------------------------------------------------------- bounded work

t = replace_once(INSTRUMENT, "  - id: culture\n    title: Culture\n",
                 "  - id: culture\n    title: Culture\n    weight: 1.7e308\n")
t = replace_once(t, "  - id: ig\n    title: Understanding of IG rules\n",
                 "  - id: ig\n    title: Understanding of IG rules\n    weight: 1.7e308\n")
case("inst-weights-that-overflow", fail(
    "instrument.yaml", matches=[
        rf"instrument\.yaml:{line_of(t, 'weight: 1.7e308')}:[0-9]+: error: domains\[0\]\.weight: must be from 0\.000001 to 1000000",
        rf"instrument\.yaml:{line_of(t, 'weight: 1.7e308', 2)}:[0-9]+: error: domains\[1\]\.weight: must be from 0\.000001 to 1000000"],
    notes="Weights of 1.7e308 made the sum of weights infinite and every overall score -nan: weights are bounded."),
    instrument=t)

t = replace_once(INSTRUMENT, "  min_organisations: 2\n", "  min_organisations: 9223372036854775807\n")
case("inst-threshold-too-large", instrument_error(line_of(t, "min_organisations"), "thresholds.min_organisations",
     notes="min_organisations of 2^63 - 1: refused (at most 1,000,000,000), so no count arithmetic can overflow."),
     instrument=t)

t = INSTRUMENT + "  - id: empty\n    title: Nothing to answer\n    items: []\n"
case("inst-domain-without-items", instrument_error(line_of(t, "items: []"), "domains[2].items",
     notes="A domain with items: [] can never be scored, so no overall score could ever be computed: fatal."),
     instrument=t)

t = replace_once(INSTRUMENT, "title: Hostile input corpus\n", "title: Hostile input corpus\ntitle: Again\n")
case("inst-duplicate-key", fail(
    "instrument.yaml", matches=[rf"instrument\.yaml:{line_of(t, 'title: Again')}:1: error: duplicate key 'title' in one mapping \(first at line 3, column 1\)"],
    notes="title given twice: located at the second, naming the first (Yams alone said 'not valid YAML' with no line)."),
    instrument=t)

case("wave-duplicate-key", fail(
    "w1/wave.yaml", matches=[r"w1/wave\.yaml:5:1: error: duplicate key 'opens' in one mapping \(first at line 3, column 1\)"],
    notes="opens given twice in wave.yaml: located."),
    waves={"w1": {"wave.yaml": WAVE + "opens: 2024-02-01\n", "responses.csv": responses(GOOD)}})

t = INSTRUMENT.replace("roles: [Frontline practitioner, Team manager]\n",
                       "roles: [Frontline practitioner, Team manager]\nterm: &term Consent\n") + "glossary: {*term : a definition}\n"
case("inst-alias-as-key", fail(
    "instrument.yaml", matches=[rf"instrument\.yaml:{line_of(t, 'glossary:')}:12: error: an alias \(\*term\) cannot be a mapping key"],
    notes="An alias as a mapping key is refused, so no alias bomb can be hashed and compared as a key."),
    instrument=t)


def key_bomb(levels: int) -> str:
    """The issue's attack: `levels` levels of ten aliases each, the last used as a mapping key."""
    return INSTRUMENT + 'x0: &x0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' \
        + "".join(f"x{i}: &x{i} [" + ",".join([f"*x{i - 1}"] * 10) + "]\n" for i in range(1, levels + 1)) \
        + f"glossary: {{? *x{levels} : boom}}\n"


for levels in (7, 9):
    t = key_bomb(levels)
    case(f"inst-alias-bomb-key-{levels}-levels", fail(
        "instrument.yaml", matches=[rf"instrument\.yaml:{line_of(t, 'x3: &x3')}:[0-9]+: error: too many alias expansions"],
        timeout=10,
        notes=f"A {levels}-level alias bomb used as a mapping key once took minutes (10x per level) and was then "
              "accepted: now refused where the expansions pass 1,000, in milliseconds (timed in YAMLDocumentTests)."),
        instrument=t)

# ---------------------------------------------------------------------------- text a terminal would obey

# YAML writes ESC as \e and BEL as \a inside double quotes (raw control characters are not YAML).
t = replace_once(INSTRUMENT, "        type: knowledge\n", '        type: "\\e]0;owned\\a\\e[2Jknowledge"\n')
case("terminal-escapes-in-instrument-messages", fail(
    "instrument.yaml", "found '\ufffd]0;owned\ufffd\ufffd[2Jknowledge'", matches=[NO_CONTROLS],
    notes="Escape sequences (retitle the window, clear the screen) in an instrument value are quoted in the "
          "message with each control character shown as U+FFFD, never raw."),
    instrument=t)

case("terminal-escapes-in-wave-and-header-messages", fail(
    "w1/wave.yaml", "'\ufffd[31m2024-01-01'", "w2/responses.csv", "\ufffd[8mresponse_id", matches=[NO_CONTROLS],
    notes="An escape sequence in a wave's date and another in a responses header (conceal text): the messages show "
          "U+FFFD where each control character was."),
    waves={"w1": {"wave.yaml": 'id: w1\ntitle: Wave\nopens: "\\e[31m2024-01-01"\ncloses: 2024-12-31\n',
                  "responses.csv": responses(GOOD)},
           "w2": {"wave.yaml": "id: w2\n" + WAVE2,
                  "responses.csv": responses(GOOD, header="\x1b[8mresponse_id,organisation_id,submitted_at,C1,C2,I1,K1")}})

# ---------------------------------------------------------------------------- escaping by Unicode scalar

name_case("names-combining-marks", ["Angle <\u0301 Trust", "Amp &\u0301 Council", "Quote \"\u0301 Care", "Apos '\u0301 Group",
                                    "Close >\u20dd Partners"],
          "'<', '&', quotes and '>' each followed by a combining mark are one Swift Character but two Unicode scalars: "
          "SVG escaping by Character wrote them raw (not well-formed XML); escaping is by scalar.",
          sectors=["Health <\u0301", "Councils &\u0301"], workbook_names=["Angle", "Amp", "Quote", "Apos", "Close"])

# ---------------------------------------------------------------------------- usage

case("usage-empty-out", {"exit": 64, "args": ["--out", ""],
                         "notes": "--out \"\" once wrote into the current folder: a usage error, exit 64, nothing written."})
case("usage-empty-surveys", {"exit": 64, "args": ["--surveys", ""],
                             "notes": "--surveys \"\": a usage error, exit 64."})

# The tool is stricter here than the SPEC asks; `--verify` skips these.
beyond_spec("register-windows-device-names", "issue 10: ids that cannot be folders on Windows")
beyond_spec("register-ids-differ-only-in-case", "issue 10: ids that share one folder on a case-insensitive file system")
beyond_spec("wave-ids-differ-only-in-case", "issue 10: wave ids that share one folder on a case-insensitive file system")
beyond_spec("inst-threshold-too-large", "issue 10: thresholds bounded so that no count overflows")
beyond_spec("inst-domain-without-items", "issue 10: a domain that can never be scored")
beyond_spec("inst-duplicate-key", "issue 10: a key given twice is an error, located")
beyond_spec("wave-duplicate-key", "issue 10: a key given twice is an error, located")
beyond_spec("inst-alias-as-key", "issue 10: an alias as a mapping key is refused (bounded work)")
