# Series "jreports": the journey in the reports (SPEC §9.8, §9.9): hostile wave titles and ids
# in every journey table, chart and sheet, a survey of many waves whose tables must still fit
# 7 columns, a withheld cohort change, an organisation joining late. Runs in make_corpus.py's
# namespace (case, ok, fail, csv_text, responses, INSTRUMENT, HEADER...). HostileInputTests
# renders every Markdown report of each case with cmark-gfm and markdown-it, opens every
# workbook with openpyxl and scans every output for live HTML, links and broken tables.


def journey_rows(wave: int, organisations: list[str], per: int = 3, year: int = 2024) -> list[str]:
    """`per` respondents of each organisation, answers varying with the wave and the row."""
    rows = []
    for index, org in enumerate(organisations):
        for person in range(per):
            v = (index + person + wave) % 5 + 1
            rows.append(f"j{wave}-{org}-{person},{org},{year + wave}-02-01,{v},{6 - v},{(v % 5) + 1},"
                        f"{'true' if person % 2 else 'false'}")
    return rows


def journey_waves(ids: list[str], titles: list[str], members: list[list[str]], per: int = 3) -> dict:
    """One wave folder per id, closing a year apart from 2024."""
    waves = {}
    for wave, (wave_id, title, organisations) in enumerate(zip(ids, titles, members)):
        quoted = title.replace("\\", "\\\\").replace('"', '\\"')
        waves[f"f{wave}"] = {
            "wave.yaml": f'id: {wave_id}\ntitle: "{quoted}"\nopens: {2024 + wave}-01-01\ncloses: {2024 + wave}-12-31\n',
            "responses.csv": responses(journey_rows(wave, organisations, per)),
        }
    return waves


JOURNEY_REGISTER = csv_text([
    "organisation_id,name,sector,signatory,signed_on,headcount",
    'ORG-A,"Alpha | <script>a</script> Trust",Health,yes,2024-06-01,10',
    "ORG-B,Bravo Council,Councils,yes,,3",
    "ORG-C,Charlie Care,Health,no,,",
    "ORG-D,Delta [d](javascript:alert(1)),Councils,yes,2025-03-01,8",
])
HOSTILE_TITLES = ["Base | <script>w</script> [w](javascript:alert(1))", "Mid `tick` **bold** a@b.com README.md",
                  "End\\ # heading > quote"]

case("journey-hostile-wave-titles-and-ids", ok(
    (12, 12, 0), wave="w.3",
    outputs_contain={
        "w.3/national/evidence.md": ["## The journey", "### Taking part", "### Scores across the waves",
                                     "### The charter evaluation", "- w\\.3: End\\\\ \\# heading &gt; quote, closed 2026-12-31"],
        "w.3/partners/ORG-A/report.md": ["## Your journey", "| Domain | w\\.1 | w\\_2 | w\\.3 | Since previous | Since baseline |"],
    },
    outputs_exist=["w.3/national/charts/journey.svg", "w.3/partners/ORG-A/charts/journey.svg",
                   "w_2/national/charts/journey.svg"],
    escaping={"names": ["Bravo Council", "Charlie Care"], "forbidden_line_prefixes": ["# heading"]},
    notes="Three waves whose ids hold '.' and '_' and whose titles hold pipes, HTML, links, code, emphasis, an "
          "e-mail address, a file name and a heading marker: the journey tables, the lines after them, the charts' "
          "labels and descriptions and the Journey sheets stay inert, every table keeps its columns (SPEC §9.8)."),
    register=JOURNEY_REGISTER,
    waves=journey_waves(["w.1", "w_2", "w.3"], HOSTILE_TITLES, [["ORG-A", "ORG-B", "ORG-C", "ORG-D"]] * 3))

MANY = [f"m{n:02d}" for n in range(1, 10)]
case("journey-nine-waves", ok(
    (12, 12, 0), wave="m09",
    outputs_contain={"m09/national/evidence.md": ["## The journey", "| Domain | m01 |", "| Domain | m07 |"],
                     "m09/partners/ORG-A/report.md": ["## Your journey"]},
    outputs_exist=["m09/national/charts/journey.svg", "m09/partners/ORG-A/charts/journey.svg"],
    notes="Nine waves: each journey table (a column per wave, then the changes) is split into tables of at most 7 "
          "columns, each starting with the domain; the charts label the crowded waves by id, every few and the last."),
    register=JOURNEY_REGISTER,
    waves=journey_waves(MANY, [f"Wave {n}" for n in range(1, 10)], [["ORG-A", "ORG-B", "ORG-C", "ORG-D"]] * 9))

case("journey-withheld-cohort-change", ok(
    (4, 4, 0), wave="w2",
    outputs_contain={"w2/national/evidence.md": ["withheld: would reveal the scores of fewer than 2 organisations"]},
    notes="With k = 2, three organisations at w1 and two of them at w2: one organisation is published at w1 only "
          "(a = 0, b = 1), so every change of the comparison is withheld in the domain table and the journey, "
          "or the two waves' means would give that organisation's scores away (SPEC §9.9 rule 3)."),
    register=JOURNEY_REGISTER,
    waves={"w1": {"wave.yaml": "id: w1\ntitle: Wave one\nopens: 2024-01-01\ncloses: 2024-12-31\n",
                  "responses.csv": responses(journey_rows(0, ["ORG-A", "ORG-B", "ORG-C"], per=2))},
           "w2": {"wave.yaml": "id: w2\ntitle: Wave two\nopens: 2025-01-01\ncloses: 2025-12-31\n",
                  "responses.csv": responses(journey_rows(1, ["ORG-A", "ORG-B"], per=2))}})

case("journey-late-joiner", ok(
    (6, 6, 0), wave="w2",
    outputs_contain={"w2/partners/ORG-D/report.md": ["This is your organisation's first survey; later reports will "
                                                     "show your journey from here."],
                     "w2/national/evidence.md": ["1 organisation joined since the previous wave."]},
    notes="ORG-D takes part from w2 only: its report says it is its first survey, and the national report counts one "
          "organisation joining without naming it (SPEC §9.6, §9.8)."),
    register=JOURNEY_REGISTER,
    waves={"w1": {"wave.yaml": "id: w1\ntitle: Wave one\nopens: 2024-01-01\ncloses: 2024-12-31\n",
                  "responses.csv": responses(journey_rows(0, ["ORG-A", "ORG-B"], per=2))},
           "w2": {"wave.yaml": "id: w2\ntitle: Wave two\nopens: 2025-01-01\ncloses: 2025-12-31\n",
                  "responses.csv": responses(journey_rows(1, ["ORG-A", "ORG-B", "ORG-D"], per=2))}})
