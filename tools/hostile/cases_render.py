# Series "render": reports as their readers' programs show them, and what disclosure control
# publishes (issue 9). Runs in make_corpus.py's namespace (case, ok, fail, instrument_error,
# name_case, register, responses, csv_text, line_of, replace_once, INSTRUMENT, REGISTER, WAVE,
# GOOD, HEADER). Tests/ReadinessEndToEndTests/HostileInputTests.swift renders every Markdown
# report of every case with cmark-gfm and markdown-it (tools/render/check_outputs.py), and
# PrintTests converts some of these cases' workbooks with LibreOffice.

# ---------------------------------------------------------------- text that renderers turn into links

name_case("names-emails-domains-files", [
    "Contact a@b.com Trust", "mailto:ig@nhs.uk Council", "See README.md and example.com", "Care (nhs.uk)",
    "//evil.com/x", "x.co.uk Health", "ftp://files.example.org", "WWW.EVIL.COM Care", "a.b@c.d.e",
], "E-mail addresses, bare domains, file names and schemes in names: cmark-gfm's e-mail autolink (which "
   "ignores a backslash before @) and markdown-it's linkify (which links README.md and example.com) find no link.",
   sectors=["nhs.uk", "Health"])

name_case("names-bidi-and-invisible", [
    "Bidi \u202eevil\u202c end", "Isolate \u2067rtl\u2069 Trust", "Marks \u200e\u200f\u061c Council",
    "Zero\u200bwidth Care", "Soft\u00adhyphen Health", "Joiner \u200d\u200c kept", "Plain Council",
], "Bidirectional overrides, isolates and marks and other invisible format characters are removed from every "
   "report (a right-to-left override would show 'Bidi evil end' as 'Bidi live end'); ZWJ and ZWNJ stay.",
   workbook_names=["Plain Council", "Bidi evil end", "Isolate rtl Trust"])

CONTROLS = INSTRUMENT.replace("title: Hostile input corpus", 'title: "Corpus\\x01 title\\uFFFE"') \
    .replace("title: Culture", 'title: "Cul\\x0Bture\\x1F"') \
    .replace("text: Sharing information with partners is part of good care here.", 'text: "Item\\x02 text\\uFFFF"') \
    .replace("roles: [Frontline practitioner, Team manager]", 'roles: ["Front\\x03line", Team manager]') + \
    'glossary:\n  "Term\\x04": "Definition\\x05 \\u202Eevil"\n'
name_case("control-characters-in-every-workbook-part", ["Ctl\x01 name", "Plain Council", "Third\x1f Trust"],
          "Control characters and U+FFFE/U+FFFF in the instrument title (docProps/core.xml), a domain title (chart "
          "caches), item text, a role, the glossary, names and sectors: every workbook part is well-formed XML, "
          "openpyxl opens every workbook, and data-quality.md counts the characters replaced by U+FFFD.",
          sectors=["Sec\ufffetor", "Health"], instrument=CONTROLS,
          wave='id: w1\ntitle: "Wave\\x06 one"\nopens: 2024-01-01\ncloses: 2024-12-31\n',
          workbook_names=["Plain Council", "Ctl\ufffd name"])
CASES[-1][2]["outputs_contain"] = {"w1/data-quality.md": ["replaced by U+FFFD", "organisation N01, name"]}

# ---------------------------------------------------------------- disclosure (SPEC §4.6)

K3 = INSTRUMENT.replace("  min_respondents: 2\n  min_organisations: 2\n",
                        "  min_respondents: 3\n  min_organisations: 3\n")


def people(org: str, count: int, first: int, signatory_rows: bool = False) -> list[str]:
    """`count` respondents of `org`, answers varying with the row."""
    rows = []
    for n in range(first, first + count):
        v = n % 5 + 1
        rows.append(f"r{n},{org},2024-02-01,{v},{6 - v},{(v % 5) + 1},{'true' if n % 3 else 'false'}")
    return rows


two = people("ORG-A", 12, 1) + people("ORG-B", 12, 13)
case("disclosure-two-organisations-counts-only", ok(
    (24, 24, 0),
    outputs_contain={"w1/national/evidence.md": ["no figure can be published", "**2** of 2 registered organisations"]},
    never_in_outputs=[],
    notes="Two organisations take part with k = 3: the national report gives only the counts of organisations and "
          "respondents (SPEC §4.6.3), so neither partner can subtract its own report from it to learn the other's."),
    instrument=K3, register=register(["ORG-A,Alpha Trust,Health,yes", "ORG-B,Bravo Council,Health,no"]),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(two)}})

lone = people("ORG-A", 10, 1) + people("ORG-B", 10, 11) + people("ORG-C", 10, 21) + people("ORG-D", 12, 31)
case("disclosure-lone-non-signatory", ok(
    (42, 42, 0),
    outputs_contain={"w1/national/evidence.md": ["| Culture | 3 | hidden | — | 1 | <3 organisations | — |",
                                                "| Overall readiness | 3 | hidden | — | 1 | <3 organisations | — |"]},
    notes="Three signatories and one non-signatory of 12 respondents (k = 3, N = 3): the 'Not yet signed' group "
          "rests on one organisation, so its statistics read '<3 organisations', and the signatories' are hidden "
          "with them, or they would be the national figure less the lone organisation (SPEC §9.9 rule 5; the "
          "comparison is over organisations, §9.8 item 5)."),
    instrument=K3, register=register(["ORG-A,Alpha Trust,Health,yes", "ORG-B,Bravo Council,Councils,yes",
                                      "ORG-C,Charlie Care,Health,yes", "ORG-D,Delta Police,Police,no"]),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(lone)}})

dominant = people("ORG-A", 30, 1) + people("ORG-B", 4, 31) + people("ORG-C", 4, 35) + people("ORG-D", 4, 39)
case("disclosure-dominated-items", ok(
    (42, 42, 0),
    outputs_contain={"w1/national/evidence.md": ["dominated by one organisation"]},
    notes="One organisation supplies 30 of 42 respondents (over max_organisation_share 0.5): every national figure "
          "computed over respondents reads 'dominated by one organisation' (SPEC §4.6.2)."),
    instrument=K3, register=register(["ORG-A,Alpha Trust,Health,yes", "ORG-B,Bravo Council,Councils,yes",
                                      "ORG-C,Charlie Care,Health,no", "ORG-D,Delta Police,Police,no"]),
    waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(dominant)}})

one = people("ORG-A", 1, 1) + people("ORG-B", 6, 2) + people("ORG-C", 6, 8)
case("disclosure-one-respondent-partner", ok(
    (13, 13, 0),
    outputs_contain={"w1/partners/ORG-A/report.md": ["No item was answered by enough of your respondents"]},
    never_in_outputs=[],
    notes="A partner with one respondent (N = 3): no domain, item or confidence-versus-knowledge figure of it is "
          "shown: each rests on respondents, not on answered cells (SPEC §4.6.5)."),
    instrument=K3, waves={"w1": {"wave.yaml": WAVE, "responses.csv": responses(one)}})

for value, label in [("0", "zero"), ("1.5", "above-one"), ("half", "not-a-number"), ("-0.2", "negative")]:
    t = replace_once(INSTRUMENT, "  min_organisations: 2\n", f"  min_organisations: 2\n  max_organisation_share: {value}\n")
    case(f"inst-threshold-max-organisation-share-{label}", instrument_error(
        line_of(t, "max_organisation_share"), "thresholds.max_organisation_share",
        notes=f"max_organisation_share = {value}: it must be a number in (0, 1] (SPEC §4.6.2)."), instrument=t)
t = replace_once(INSTRUMENT, "  min_organisations: 2\n", "  min_organisations: 2\n  max_organisation_share: 1\n")
case("inst-threshold-max-organisation-share-one", ok((6, 6, 0), notes="max_organisation_share = 1 (no dominance "
     "rule) is allowed."), instrument=t)
