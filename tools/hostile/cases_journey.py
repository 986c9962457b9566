# Hostile cases of SPEC §9 (the journey): the register's signed_on and headcount, the
# baseline key of wave.yaml, waves closing on one day. Runs in make_corpus.py's namespace.

JOURNEY_HEADER = "organisation_id,name,sector,signatory,signed_on,headcount"
JOURNEY_OK = ["ORG-A,Alpha Trust,Health,yes,2024-03-01,40", "ORG-B,Bravo Council,Councils,no,,25",
              "ORG-C,Charlie Care,Health,no,,"]


def journey_register(second: str) -> str:
    """The register with its second organisation (line 3) replaced."""
    return csv_text([JOURNEY_HEADER, JOURNEY_OK[0], second, JOURNEY_OK[2]])


def register_cell_error(column: int, found: str, notes: str) -> dict:
    return fail("organisations.csv", found, matches=[rf"organisations\.csv:3:{column}: error: "], notes=notes)


case("register-signed-on-uk-date", register_cell_error(5, "01/03/2016",
     "signed_on written the UK way: fatal, naming line 3 and the signed_on column (SPEC §9.1.3)."),
     register=journey_register("ORG-B,Bravo Council,Councils,yes,01/03/2016,25"))
case("register-signed-on-not-a-real-date", register_cell_error(5, "2024-02-30",
     "30 February is not a real date: fatal (SPEC §9.1.3)."),
     register=journey_register("ORG-B,Bravo Council,Councils,yes,2024-02-30,25"))
case("register-signed-on-with-time", register_cell_error(5, "2024-03-01T10:00",
     "signed_on with a time of day: fatal, it is a date only (SPEC §9.1.3)."),
     register=journey_register("ORG-B,Bravo Council,Councils,yes,2024-03-01T10:00,25"))
for value, label in [("0", "zero"), ("12.5", "decimal"), ("+3", "plus-sign"), ("-3", "negative"),
                     ('"1,200"', "thousands-separator"), ("forty", "words"), ("99999999999999999999", "overflow")]:
    shown = value.strip('"')
    case(f"register-headcount-{label}", register_cell_error(6, shown,
         f"headcount {shown}: fatal, naming line 3 and the headcount column; only ASCII digits with a value of "
         f"at least 1 are a headcount (SPEC §9.1.3)."),
         register=journey_register(f"ORG-B,Bravo Council,Councils,no,,{value}"))
case("register-headcount-empty-and-leading-zero", ok((6, 6, 0),
     outputs_contain={"w1/centre/response-rates.csv": ["w1,ORG-A,40,2,5.000000,", "w1,ORG-B,7,2,28.571429,"]},
     notes="An empty headcount is unknown (ORG-C gets no rate); '007' is 7 (SPEC §9.1.3, §9.5)."),
     register=journey_register("ORG-B,Bravo Council,Councils,no,,007"))
case("register-headcount-exceeded", ok((6, 6, 0),
     outputs_contain={"w1/centre/response-rates.csv": ["w1,ORG-B,1,2,200.000000,,,true"],
                      "w1/data-quality.md": ["| ORG-B | 2 | 1 |"]},
     notes="Two scored responses for a headcount of 1: the rate is given, the interval is empty, the organisation "
           "is flagged exceeds_headcount and listed in data-quality.md (SPEC §9.5)."),
     register=journey_register("ORG-B,Bravo Council,Councils,no,,1"))


def two_waves(first: str, second: str, extra: dict | None = None) -> dict:
    waves = {
        "w1": {"wave.yaml": first, "responses.csv": responses(GOOD)},
        "w2": {"wave.yaml": second, "responses.csv": responses([row.replace("2024-", "2025-") for row in GOOD])},
    }
    waves.update(extra or {})
    return waves


W1 = "id: w1\ntitle: Wave one\nopens: 2024-01-01\ncloses: 2024-12-31\n"
W2 = "id: w2\ntitle: Wave two\nopens: 2025-01-01\ncloses: 2025-12-31\n"

case("wave-baseline-yes", fail("w2/wave.yaml", matches=[r"w2/wave\.yaml:5:11: error: baseline: expected true or false, found 'yes'"],
     notes="baseline: yes is a YAML 1.1 boolean but not a YAML boolean of the SPEC: fatal, located (SPEC §9.1.2)."),
     waves=two_waves(W1, W2 + "baseline: yes\n"))
case("wave-baseline-quoted-true", fail("w2/wave.yaml", matches=[r"w2/wave\.yaml:5:11: error: baseline: expected true or false, found 'true'"],
     notes="baseline: \"true\" is a string: fatal (SPEC §9.1.2)."),
     waves=two_waves(W1, W2 + 'baseline: "true"\n'))
case("wave-baseline-empty", fail("w2/wave.yaml", matches=[r"w2/wave\.yaml:5:\d+: error: baseline: expected true or false"],
     notes="baseline: with no value is null, not a boolean: fatal (SPEC §9.1.2)."),
     waves=two_waves(W1, W2 + "baseline:\n"))
case("wave-baseline-list", fail("w2/wave.yaml", matches=[r"w2/wave\.yaml:5:\d+: error: baseline: expected true or false, found a list"],
     notes="baseline: [true] is a list: fatal (SPEC §9.1.2)."),
     waves=two_waves(W1, W2 + "baseline: [true]\n"))
case("wave-baseline-twice", fail("w1/wave.yaml", matches=[r"w2/wave\.yaml:5:11: error: baseline: true is also set in \S*w1/wave\.yaml"],
     notes="baseline: true in two files: fatal, naming both (SPEC §9.1.2)."),
     waves=two_waves(W1 + "baseline: true\n", W2 + "baseline: TRUE\n"))
case("wave-same-closes", fail("w1/wave.yaml", matches=[r"w2/wave\.yaml:4:9: error: closes 2024-12-31 is also the closing date of \S*w1/wave\.yaml"],
     notes="Two waves closing on one day: fatal, naming both wave.yaml files (SPEC §9.1.1)."),
     waves=two_waves(W1, "id: w2\ntitle: Wave two\nopens: 2024-06-01\ncloses: 2024-12-31\n"))
case("wave-baseline-false-and-later-baseline", ok((6, 6, 0),
     outputs_contain={"w1/manifest.json": ['"baseline_wave": "w2"', '"path": "w2/wave.yaml"'],
                      "w2/manifest.json": ['"baseline_wave": "w2"']},
     outputs_exist=["w1/centre/journey.csv", "w2/centre/journey.csv", "w2/centre/changes.csv"],
     notes="baseline: false is allowed; w2 is the baseline, so w1 is a pilot: it gets no charter.csv, and its manifest "
           "names the wave.yaml that chose the baseline but no later responses (SPEC §9.1)."),
     waves=two_waves(W1 + "baseline: false\n", W2 + "baseline: true\n"))

# The tool is stricter here than the SPEC asks; `--verify` skips these.
beyond_spec("register-headcount-overflow", "a limit of this implementation: a headcount must fit in 64 bits")
