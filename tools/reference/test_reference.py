"""Self-checks of the reference implementation against hand-computed values.

Run:  python3 -m pytest tools/reference
"""

from __future__ import annotations

import csv
import io
import math
import os
import subprocess
import sys
import textwrap

import pytest
import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import readiness_ref as ref  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, "Tests", "Fixtures", "surveys")
Z = 1.959963984540054


def write(path: str, data: str | bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


def read_csv(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


TINY_INSTRUMENT = """\
id: tiny
version: "1"
title: Tiny
thresholds: {min_respondents: 2, min_organisations: 1}
roles: [Nurse]
domains:
  - id: d1
    title: D1
    items:
      - {id: A1, text: a}
      - {id: A2, text: a, reverse: true}
  - id: d2
    title: D2
    weight: 3
    items:
      - {id: B1, text: b}
      - {id: BK, type: knowledge, answer: true, text: b}
"""

TINY_REGISTER = "organisation_id,name,sector,signatory\nO1,One,Health,yes\nO2,Two,Police,no\n"


def make_tiny(tmp_path, second_wave: bool = False) -> str:
    s = str(tmp_path / "Surveys")
    write(f"{s}/instrument.yaml", TINY_INSTRUMENT)
    write(f"{s}/organisations.csv", TINY_REGISTER)
    write(f"{s}/w1/wave.yaml", "id: w1\ntitle: W1\nopens: 2024-01-01\ncloses: 2024-01-31\n")
    write(
        f"{s}/w1/responses.csv",
        "response_id,organisation_id,submitted_at,role,A1,A2,B1,BK\n"
        "r1,O1,2024-01-05,Nurse,5,2,3,yes\n"  # d1 (100+75)/2 = 87.5; d2 (50+100)/2 = 75
        "r2,O1,2024-01-06,nurse ,Agree,4,,DK\n"  # d1 (75+25)/2 = 50;    d2 0 (DK answered)
        "r3,O1,,Doctor,1,,N/A,\n"  # d1 0 (1 of 2 is enough); d2 none; invalid role
        "r4,O2,2024-01-07,,3,3,4,no\n"  # O2: d1 50, d2 (75+0)/2 = 37.5
        "r5,O3,2024-01-07,,3,3,4,no\n"  # unknown organisation
        "r6,O1,2024-02-01,,3,3,4,no\n"  # outside the window
        "r7,O1,2024-01-07,,,N/A,maybe,\n"  # empty response (maybe = invalid)
        "r1,O1,,,1,1,1,no\n",  # undated duplicate of r1: loses
    )
    if second_wave:
        write(f"{s}/w2/wave.yaml", "id: w2\ntitle: W2\nopens: 2024-06-01\ncloses: 2024-06-30\n")
        write(
            f"{s}/w2/responses.csv",
            "response_id,organisation_id,A1,A2,B1,BK\n"
            "s1,O1,5,1,5,yes\n"  # d1 100, d2 100
            "s2,O1,4,2,4,yes\n"  # d1 75,  d2 87.5
            "s3,O1,5,2,5,no\n"  # d1 87.5, d2 50
            "s4,O2,2,4,2,no\n"  # d1 25, d2 12.5
            "s5,O2,2,5,,no\n",  # d1 12.5, d2 0
        )
    return s


def run_ref(surveys: str, out: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, os.path.join(HERE, "readiness_ref.py"), "--surveys", surveys, "--out", out],
        capture_output=True,
        text=True,
    )


# ----------------------------------------------------------------------------- end to end, by hand


def test_tiny_scores_by_hand(tmp_path):
    s = make_tiny(tmp_path)
    out = str(tmp_path / "out")
    r = run_ref(s, out)
    assert r.returncode == 0, r.stderr
    rows = read_csv(f"{out}/w1/centre/scores.csv")
    by = {(x["organisation_id"], x["domain"]): x for x in rows}
    assert [(x["organisation_id"], x["domain"]) for x in rows] == [
        ("O1", "d1"), ("O1", "d2"), ("O1", "overall"), ("O2", "d1"), ("O2", "d2"), ("O2", "overall")
    ]

    vals = [87.5, 50.0, 0.0]
    m = sum(vals) / 3
    sd = math.sqrt(sum((v - m) ** 2 for v in vals) / 2)
    half = 4.302652729749464 * sd / math.sqrt(3)  # t(0.975, 2)
    d1 = by[("O1", "d1")]
    assert d1["n"] == "3"
    assert d1["mean"] == "45.833333"
    assert float(d1["sd"]) == pytest.approx(sd, abs=1e-6)
    assert float(d1["ci_low"]) == pytest.approx(max(0.0, m - half), abs=1e-6)
    assert float(d1["ci_high"]) == pytest.approx(min(100.0, m + half), abs=1e-6)
    assert d1["level"] == "Developing" and d1["published"] == "true" and d1["reason"] == ""

    d2 = by[("O1", "d2")]
    assert (d2["n"], d2["mean"], d2["sd"], d2["ci_low"], d2["ci_high"], d2["level"]) == (
        "2", "37.500000", "53.033009", "0.000000", "100.000000", "Emerging"
    )
    ov = by[("O1", "overall")]
    # (1 * 45.8333 + 3 * 37.5) / 4
    assert (ov["n"], ov["mean"], ov["sd"], ov["ci_low"], ov["level"], ov["published"]) == (
        "3", "39.583333", "", "", "Emerging", "true"
    )
    o2 = by[("O2", "d1")]
    assert (o2["n"], o2["mean"], o2["sd"], o2["ci_low"], o2["ci_high"], o2["published"], o2["reason"]) == (
        "1", "50.000000", "", "", "", "false", "fewer than 2 respondents"
    )
    o2o = by[("O2", "overall")]
    assert (o2o["n"], o2o["mean"], o2o["level"], o2o["published"]) == ("1", "", "", "false")
    assert o2o["reason"] != ""

    rej = read_csv(f"{out}/w1/rejects.csv")
    assert [(x["line"], x["response_id"], x["reason"]) for x in rej] == [
        ("6", "r5", "unknown_organisation"),
        ("7", "r6", "outside_wave_window"),
        ("8", "r7", "empty_response"),
        ("9", "r1", "duplicate_superseded"),
    ]

    items = read_csv(f"{out}/w1/centre/items.csv")
    it = {(x["scope"], x["item"]): x for x in items}

    def wilson_alt(x: int, n: int) -> tuple[float, float]:
        # the textbook closed form, algebraically equal to SPEC §3.6
        z2 = Z * Z
        c = x + z2 / 2
        h = Z * math.sqrt(x * (n - x) / n + z2 / 4)
        return 100 * (c - h) / (n + z2), 100 * (c + h) / (n + z2)

    for key, x, n in [(("O1", "A1"), 2, 3), (("O1", "A2"), 1, 2), (("O1", "B1"), 0, 1), (("O1", "BK"), 1, 2),
                      (("national", "A1"), 2, 4), (("national", "BK"), 1, 3)]:
        row = it[key]
        lo, hi = wilson_alt(x, n)
        assert row["n"] == str(n)
        assert float(row["favourable_pct"]) == pytest.approx(100 * x / n, abs=1e-6)
        assert float(row["ci_low"]) == pytest.approx(lo, abs=1e-6)
        assert float(row["ci_high"]) == pytest.approx(hi, abs=1e-6)
    assert it[("O1", "A1")]["favourable_pct"] == "66.666667"

    alpha = read_csv(f"{out}/w1/centre/alpha.csv")
    # d1 listwise: r1 (100, 75), r2 (75, 25), r4 (50, 50)
    a1, a2 = [100, 75, 50], [75, 25, 50]
    tot = [x + y for x, y in zip(a1, a2)]

    def var(v):
        mm = sum(v) / len(v)
        return sum((x - mm) ** 2 for x in v) / (len(v) - 1)

    expected_alpha = 2 * (1 - (var(a1) + var(a2)) / var(tot))
    assert [(x["domain"], x["n"]) for x in alpha] == [("d1", "3")]
    assert float(alpha[0]["alpha"]) == pytest.approx(expected_alpha, abs=1e-6)

    import json

    counts = json.load(open(f"{out}/w1/counts.json"))
    assert (counts["rows_read"], counts["rows_scored"], counts["rows_rejected"]) == (8, 4, 4)
    assert counts["invalid_roles"] == 1  # Doctor (r3); 'nurse ' matches Nurse
    assert counts["invalid_values"]["B1"] == 0  # 'maybe' was on a rejected row
    assert not os.path.exists(f"{out}/w1/centre/changes.csv")


def test_tiny_changes_by_hand(tmp_path):
    s = make_tiny(tmp_path, second_wave=True)
    out = str(tmp_path / "out")
    r = run_ref(s, out)
    assert r.returncode == 0, r.stderr
    ch = read_csv(f"{out}/w2/centre/changes.csv")
    assert [(x["scope"], x["domain"]) for x in ch] == [
        ("O1", "d1"), ("O1", "d2"), ("national", "d1"), ("national", "d2"), ("national", "overall")
    ]

    def welch(a, b):
        ma, mb = sum(a) / len(a), sum(b) / len(b)
        va = sum((x - ma) ** 2 for x in a) / (len(a) - 1)
        vb = sum((x - mb) ** 2 for x in b) / (len(b) - 1)
        se2 = va / len(a) + vb / len(b)
        t = (ma - mb) / math.sqrt(se2)
        df = se2 ** 2 / ((va / len(a)) ** 2 / (len(a) - 1) + (vb / len(b)) ** 2 / (len(b) - 1))
        return ma - mb, t, df, 2 * stats.t.sf(abs(t), df)

    o1d1 = welch([100, 75, 87.5], [87.5, 50, 0])
    o1d2 = welch([100, 87.5, 50], [75, 0])
    ps = [o1d1[3], o1d2[3]]
    # BH by hand for two p-values
    lo_i = 0 if ps[0] < ps[1] else 1
    adj = [0.0, 0.0]
    adj[1 - lo_i] = ps[1 - lo_i]
    adj[lo_i] = min(ps[lo_i] * 2, adj[1 - lo_i])
    for row, (diff, t, df, p), pa in zip(ch[:2], [o1d1, o1d2], adj):
        assert float(row["diff"]) == pytest.approx(diff, abs=1e-6)
        assert float(row["t"]) == pytest.approx(t, abs=1e-6)
        assert float(row["df"]) == pytest.approx(df, abs=1e-6)
        assert float(row["p"]) == pytest.approx(p, abs=1e-6)
        assert float(row["p_adjusted"]) == pytest.approx(pa, abs=1e-6)
        assert row["significant"] == "false"
    # national (§9.2 cohort): w1 published d1 = O1 only (O2 had n = 1); w2 d1 published O1 and O2,
    # so the cohort is {O1} (m = 1 < max(2, k): not tested) and diff is O1's own change.
    nat = {x["domain"]: x for x in ch[2:]}
    assert float(nat["d1"]["diff"]) == pytest.approx(sum([100, 75, 87.5]) / 3 - 137.5 / 3, abs=1e-6)
    assert nat["d1"]["organisations"] == "1" and nat["d1"]["against"] == "previous"
    assert nat["d1"]["t"] == "" and nat["d1"]["p_adjusted"] == "" and nat["d1"]["significant"] == "false"
    assert nat["overall"]["t"] == "" and nat["overall"]["organisations"] == "1"
    # organisation rows: the Welch CI of the difference (unclipped), organisations empty
    r = stats.ttest_ind([100, 75, 87.5], [87.5, 50, 0], equal_var=False)
    ci = r.confidence_interval(0.95)
    assert (float(ch[0]["ci_low"]), float(ch[0]["ci_high"])) == pytest.approx((ci.low, ci.high), abs=1e-6)
    assert ch[0]["organisations"] == "" and ch[0]["previous_wave"] == "w1"


# ----------------------------------------------------------------------------- reading


def test_records_and_lines():
    text = 'h1,h2\r\n\r\n\ra,"x\r\ny"z\n   \n"b""c",d\nq"r,s\n"open,\n\nrest'
    recs = ref.parse_records(text, ",")
    assert [(r.line, r.fields, r.unterminated) for r in recs] == [
        (1, ["h1", "h2"], False),
        (4, ["a", "x\r\nyz"], False),
        (6, ["   "], False),
        (7, ['b"c', "d"], False),
        (8, ['q"r', "s"], False),
        (9, ["open,\n\nrest"], True),
    ]
    assert ref.parse_records("a,b,\n,", ",")[1].fields == ["", ""]
    assert ref.parse_records("a,b,", ",")[0].fields == ["a", "b", ""]


def test_delimiter_detection():
    assert ref.detect_delimiter("a;b;c,d\n") == ";"
    assert ref.detect_delimiter('"a,b,c";d;e\n1,2,3,4,5,6') == ";"
    assert ref.detect_delimiter("a\tb;c,d\n") == ","  # tie -> ,
    assert ref.detect_delimiter("a\tb;c\n") == ";"  # tie -> ; before tab
    assert ref.detect_delimiter("abc\n1,2,3") == ","  # none -> ,
    assert ref.detect_delimiter("\n\na\tb\n") == "\t"


def test_decoding():
    assert ref.decode_bytes(b"\xef\xbb\xbfa,b")[0] == "a,b"
    assert ref.decode_bytes("a,é".encode("utf-16-le").join([b"\xff\xfe", b""]))[0] == "a,é"
    assert ref.decode_bytes(b"\xfe\xff" + "x".encode("utf-16-be"))[0] == "x"
    text, enc = ref.decode_bytes(b"caf\xe9 \x92 \x81\x8d\x8f\x90\x9d \x80")
    assert enc == "Windows-1252"
    assert text == "café \u2019 \x81\x8d\x8f\x90\x9d €"
    assert ref.decode_bytes("café".encode())[1] == "UTF-8"


def test_dates():
    p = ref.parse_submitted
    ok = ["2024-03-05", "2024-03-05T10:00", "2024-03-05 10:00:30", "2024-03-05T10:00Z", "2024-03-05T10:00+01:00",
          "05/03/2024", "05/03/2024 10:00", "05/03/2024 10:00:59", "29/02/2024", "5/3/2024", "2024-03-05  10:00",
          "05/03/2024 10:00Z", "2024/3/5 9:05", "5/3/24", "2024-03-05 10:00 +0100", "2024-03-05 10:00 bst"]
    bad = ["31/02/2024", "2024-1-5", "2024-03-05T10:00:00.5Z", "2024-03-05t10:00", "05/03/2024T10:00",
           "2024-03-05T24:00", "29/02/2023", "2024-03-05T10", "", "2024-03-05 13:00 PM", "2024-03-05 0:00 AM",
           "2024-03-05 10:00+15:00", "2024/3/5T10:00", "2024-03-05 10:00 ABCDEF"]
    for s in ok:
        assert p(s) is not None, s
    for s in bad:
        assert p(s) is None, s
    a, b = p("2024-03-10T10:00+01:00"), p("2024-03-10 09:00:00Z")
    assert a.instant == b.instant
    assert p("2024-03-12").instant < p("2024-03-11T23:00-02:00").instant
    assert p("2024-04-01T00:30+02:00").day.isoformat() == "2024-04-01"
    assert p("[Not Completed]") is None
    st, unknown = ref.parse_date_value("2024-03-05 10:00 XYZ")
    assert st is not None and unknown and st.instant == p("2024-03-05 10:00Z").instant


def test_cells_and_half_rule(tmp_path):
    s = make_tiny(tmp_path)
    instr = ref.load_instrument(f"{s}/instrument.yaml")
    L = lambda c: ref.parse_likert(instr, c)  # noqa: E731
    assert L("04") == ("value", 4)
    assert L("4.0")[0] == "invalid" and L("+4")[0] == "invalid" and L("6")[0] == "invalid"
    assert L("  strongly AGREE ") == ("value", 5) and L("Strongly\u00a0 agree") == ("value", 5)
    assert L("Don\u2019t know") == ("na", None) and L("") == ("na", None) and L("n/a") == ("na", None)
    K = lambda c: ref.parse_knowledge(instr, c)  # noqa: E731
    assert K("T") == ("value", True) and K("No") == ("value", False) and K("dk") == ("dk", None)
    assert K("1") == ("value", True) and K("0") == ("value", False)  # §8.1 default tokens
    assert K("y")[0] == "invalid" and K("Prefer not to say") == ("na", None)
    assert [instr.min_answered(k) for k in (1, 2, 3, 4, 5, 10)] == [1, 1, 2, 2, 3, 5]
    instr.thresholds["min_answered_fraction"] = 0.1
    assert instr.min_answered(5) == 1
    assert instr.level_of(39.99999999999999) == "Developing"
    assert instr.level_of(39.9999994) == "Emerging"
    assert ref.fmt(-1e-9) == "0.000000" and ref.fmt(-0.0) == "0.000000" and ref.fmt(None) == ""
    assert ref.fmt(2.5) == "2.500000" and ref.fmt(0.0000005) == "0.000000"  # 5e-7 is below the tie in binary


# ----------------------------------------------------------------------------- fatal errors


def test_fatal_errors_listed_and_nothing_written(tmp_path):
    s = str(tmp_path / "S")
    write(
        f"{s}/instrument.yaml",
        textwrap.dedent(
            """\
            id: bad
            version: "1"
            title: Bad
            likert_labels: [a, b, c, d, A]
            levels: [{name: L, from: 10}, {name: M, from: 5}]
            thresholds: {min_respondents: 0, alpha: 1, min_answered_fraction: 0}
            columns: {respondent: [x], response_id: [CUL1]}
            domains:
              - id: d
                weight: 0
                items:
                  - {id: CUL1, text: a, reverse: "yes"}
                  - {id: 1bad, text: b}
                  - {id: K, type: knowledge, text: c}
                  - {id: CUL1, text: d}
            """
        ),
    )
    write(f"{s}/organisations.csv", "organisation_id,name,sector,signatory\nA/B,x,y,yes\nok,x,y,no\nok,x,y,no\n")
    write(f"{s}/w/wave.yaml", "opens: 2024-02-30\ncloses: 2024-01-01\n")
    write(f"{s}/w/responses.csv", "a,b\n1,2\n")
    out = str(tmp_path / "out")
    r = run_ref(s, out)
    assert r.returncode == 1
    assert not os.path.exists(out)
    err = r.stderr
    for needle in [
        "likert_labels[4]", "levels[0].from", "levels[1].from", "thresholds.min_respondents", "thresholds.alpha",
        "thresholds.min_answered_fraction", "columns.respondent", "domains[0].weight", "domains[0].items[0].reverse",
        "domains[0].items[1].id", "domains[0].items[2].answer: missing", "domains[0].items[3].id", "columns.response_id[0]",
        "line 2", "line 4", "opens",
    ]:
        assert needle in err, needle


def test_missing_required_column_is_fatal(tmp_path):
    s = make_tiny(tmp_path)
    write(f"{s}/w1/responses.csv", "respons_id,org,A1\nr1,O1,3\n")
    r = run_ref(s, str(tmp_path / "out"))
    assert r.returncode == 1
    assert "response_id" in r.stderr and "respons_id" in r.stderr
    assert not os.path.exists(str(tmp_path / "out"))


def test_usage_error_exit_64(tmp_path):
    r = subprocess.run([sys.executable, os.path.join(HERE, "readiness_ref.py")], capture_output=True, text=True)
    assert r.returncode == 64


# ----------------------------------------------------------------------------- fixtures


def fixture_cases() -> list[str]:
    if not os.path.isdir(FIXTURES):
        return []
    return sorted(d for d in os.listdir(FIXTURES) if os.path.isfile(os.path.join(FIXTURES, d, "instrument.yaml")))


@pytest.mark.parametrize("case", fixture_cases())
def test_record_splitter_matches_python_csv(case):
    """Where no quote is left open, our splitter must agree with Python's csv module."""
    base = os.path.join(FIXTURES, case)
    for dirpath, _, files in os.walk(base):
        if "expected" in dirpath.split(os.sep):
            continue
        for f in files:
            if not f.endswith(".csv"):
                continue
            data = open(os.path.join(dirpath, f), "rb").read()
            text, _ = ref.decode_bytes(data)
            delim = ref.detect_delimiter(text)
            ours = ref.parse_records(text, delim)
            if any(r.unterminated for r in ours):
                ours = ours[:-1]
                text = text[: _offset_of_line(text, [r for r in ref.parse_records(text, delim) if r.unterminated][0].line)]
            theirs = []
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
            prev = 0
            for row in reader:
                start = prev + 1
                prev = reader.line_num
                if row == []:
                    continue
                theirs.append((start, row))
            assert [(r.line, r.fields) for r in ours] == theirs, f"{case}/{f}"


def _offset_of_line(text: str, line: int) -> int:
    i, n, cur = 0, len(text), 1
    while i < n and cur < line:
        if text[i] == "\r":
            i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
            cur += 1
        elif text[i] == "\n":
            i += 1
            cur += 1
        else:
            i += 1
    return i


@pytest.mark.parametrize("case", fixture_cases())
def test_fixture_expected_is_current(case, tmp_path):
    base = os.path.join(FIXTURES, case)
    out = str(tmp_path / "out")
    r = run_ref(base, out)
    assert r.returncode == 0, r.stderr
    cmp = subprocess.run(
        [sys.executable, os.path.join(HERE, "compare.py"), os.path.join(base, "expected"), out],
        capture_output=True,
        text=True,
    )
    assert cmp.returncode == 0, cmp.stdout
    # byte-identical too (the reference is deterministic)
    for dirpath, _, files in os.walk(os.path.join(base, "expected")):
        for f in files:
            p = os.path.join(dirpath, f)
            q = os.path.join(out, os.path.relpath(p, os.path.join(base, "expected")))
            assert open(p, "rb").read() == open(q, "rb").read(), p


def test_compare_detects_differences(tmp_path):
    case = fixture_cases()[0]
    exp = os.path.join(FIXTURES, case, "expected")
    act = str(tmp_path / "act")
    import shutil

    shutil.copytree(exp, act)
    wave = sorted(os.listdir(act))[0]
    p = os.path.join(act, wave, "centre", "scores.csv")
    lines = open(p, encoding="utf-8").read().split("\n")
    cells = lines[1].split(",")
    cells[5] = "%.6f" % (float(cells[5]) + 0.0000009)  # within tolerance
    lines[1] = ",".join(cells)
    open(p, "w", encoding="utf-8", newline="").write("\n".join(lines))
    ok = subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), exp, act], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout
    cells[5] = "%.6f" % (float(cells[5]) + 0.00001)
    lines[1] = ",".join(cells)
    open(p, "w", encoding="utf-8", newline="").write("\n".join(lines))
    bad = subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), exp, act], capture_output=True, text=True)
    assert bad.returncode == 1 and "mean" in bad.stdout


# ============================================================================= SPEC §8.10


def survey(tmp_path, instrument: str, register: str, waves: dict[str, tuple[str, bytes | str]], name: str = "S") -> str:
    """A surveys folder: waves maps folder -> (wave.yaml text, responses bytes); a folder name
    ending in .xlsx writes responses.xlsx."""
    s = str(tmp_path / name)
    write(f"{s}/instrument.yaml", instrument)
    write(f"{s}/organisations.csv", register)
    for folder, (wy, data) in waves.items():
        fname = "responses.xlsx" if isinstance(data, bytes) and data[:2] == b"PK" else "responses.csv"
        write(f"{s}/{folder}/wave.yaml", wy)
        write(f"{s}/{folder}/{fname}", data)
    return s


def run_ok(s: str, tmp_path, out_name: str = "out") -> str:
    out = str(tmp_path / out_name)
    r = run_ref(s, out)
    assert r.returncode == 0, r.stderr
    return out


def counts_of(out: str, wave: str) -> dict:
    import json

    with open(f"{out}/{wave}/counts.json", encoding="utf-8") as fh:
        return json.load(fh)


def wave_yaml(extra: str = "", wid: str = "w", opens: str = "2024-01-01", closes: str = "2024-12-31") -> str:
    return f"id: {wid}\ntitle: {wid}\nopens: {opens}\ncloses: {closes}\n" + extra


ONE_ITEM = """\
id: one
version: "1"
title: One
thresholds: {min_respondents: 1, min_organisations: 1}
domains:
  - id: d
    title: D
    items:
      - {id: Q1, text: q}
"""
REG_AB = "organisation_id,name,sector,signatory\nA,Alpha,Health,yes\nB,Beta,Police,no\n"


def items_by(out: str, wave: str) -> dict:
    return {(r["scope"], r["item"]): r for r in read_csv(f"{out}/{wave}/centre/items.csv")}


def test_8_10_1_single_quoted_import_id(tmp_path):
    rows = "".join(f"R_{i},A,{3 + i % 2}\n" for i in range(5))
    data = "response_id,organisation_id,Q1\nResponse ID,Org,Question 1\n{'ImportId': 'responseId'},{'ImportId': 'org'},{'ImportId': 'QID1'}\n" + rows
    s = survey(tmp_path, ONE_ITEM, REG_AB, {"w": (wave_yaml(), data)})
    out = run_ok(s, tmp_path)
    c = counts_of(out, "w")
    assert c["header_rows"]["used"] == 3 and c["header_rows"]["layout"] == "qualtrics"
    assert c["rows_read"] == 5 and c["rows_rejected"] == 0  # today 7, with lines 2-3 rejected
    assert read_csv(f"{out}/w/rejects.csv") == []


LEGACY_HEADER_1 = ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "Q1"]
LEGACY_HEADER_2 = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
                   "StartDate", "EndDate", "Finished", "Sharing is part of good care"]


def test_8_10_2_legacy_layout(tmp_path):
    lines = [",".join(LEGACY_HEADER_1), ",".join(LEGACY_HEADER_2)]
    for i in range(15):
        lines.append(f"R_{i},Default Response Set,,{'A' if i % 2 else 'B'},,192.0.2.{i},0,2024-03-01 09:00:00,2024-03-01 09:10:{i:02d},{1 if i < 13 else 0},{1 + i % 5}")
    s = survey(tmp_path, ONE_ITEM, REG_AB, {"w": (wave_yaml("source: qualtrics\n"), "\n".join(lines) + "\n")})
    out = run_ok(s, tmp_path)
    c = counts_of(out, "w")
    assert c["header_rows"]["used"] == 2 and c["header_rows"]["layout"] == "qualtrics-legacy"
    by = {b["target"]: b for b in c["bindings"]}
    assert by["response_id"]["column"] == 1 and by["organisation_id"]["column"] == 4
    assert by["submitted_at"]["column"] == 9 and by["completion"]["column"] == 10
    assert c["completion"]["column"] == "Finished" and c["completion"]["complete"] == ["1", "True"]
    assert c["rows_read"] == 15
    rej = read_csv(f"{out}/w/rejects.csv")
    assert [(r["line"], r["reason"], r["detail"]) for r in rej] == [
        ("16", "incomplete_response", "Finished is '0'; complete means '1' or 'True'"),
        ("17", "incomplete_response", "Finished is '0'; complete means '1' or 'True'"),
    ]
    scores = read_csv(f"{out}/w/centre/scores.csv")
    assert sum(int(r["n"]) for r in scores if r["domain"] == "overall") == 13  # first row on line 3


def scale_instrument(scales: str, items: str, extra: str = "") -> str:
    return f"""\
id: sc
version: "1"
title: Scales
thresholds: {{min_respondents: 1, min_organisations: 1}}
{extra}scales:
{scales}
domains:
  - id: d
    title: D
    items:
{items}
"""


def load_instr(tmp_path, text: str):
    p = str(tmp_path / "instrument.yaml")
    write(p, text)
    return ref.load_instrument(p)


def test_8_10_3_qualtrics_recode(tmp_path):
    instr = load_instr(tmp_path, scale_instrument("  q1: {labels: [Low, Mid, High], codes: [2, 4, 3]}", "      - {id: Q1, text: q, scale: q1}"))
    sc = instr.items[0].scale
    assert ref.parse_likert(instr, "4", sc) == ("value", 2) and sc.score(2, False) == 50.0 and not sc.is_favourable(2, False)
    assert ref.parse_likert(instr, "3", sc) == ("value", 3) and sc.score(3, False) == 100.0 and sc.is_favourable(3, False)
    assert ref.parse_likert(instr, "1", sc)[0] == "invalid"
    assert ref.parse_likert(instr, "mid", sc) == ("value", 2)
    # end to end: items.csv counts 4 as not favourable, 3 as favourable; 1 is an invalid value
    s = survey(tmp_path, scale_instrument("  q1: {labels: [Low, Mid, High], codes: [2, 4, 3]}", "      - {id: Q1, text: q, scale: q1}"),
               REG_AB, {"w": (wave_yaml(), "response_id,organisation_id,Q1\nr1,A,4\nr2,A,3\nr3,A,1\nr4,A,3\n")})
    out = run_ok(s, tmp_path)
    it = items_by(out, "w")[("A", "Q1")]
    assert (it["n"], it["favourable_pct"]) == ("3", "66.666667")
    sc_rows = read_csv(f"{out}/w/centre/scores.csv")
    assert sc_rows[0]["mean"] == "83.333333"  # (50 + 100 + 100) / 3
    assert counts_of(out, "w")["invalid_values"]["Q1"] == 0  # r3 has no answer: empty_response
    assert [r["reason"] for r in read_csv(f"{out}/w/rejects.csv")] == ["empty_response"]
    assert counts_of(out, "w")["empty_response_with_invalid_values"] == 1


AGREE7 = "  agree7: {labels: [Strongly disagree, Disagree, Somewhat disagree, Neither, Somewhat agree, Agree, Strongly agree]}"


def test_8_10_4_seven_points(tmp_path):
    instr = load_instr(tmp_path, scale_instrument(AGREE7, "      - {id: Q1, text: q}", extra="default_scale: agree7\n"))
    sc = instr.items[0].scale
    assert sc.name == "agree7" and sc.k == 7 and sc.favourable == {5, 6, 7}
    assert ref.fmt(sc.score(4, False)) == "50.000000" and not sc.is_favourable(4, False)
    assert ref.fmt(sc.score(6, False)) == "83.333333" and sc.is_favourable(6, False)
    assert ref.fmt(sc.score(7, False)) == "100.000000" and sc.is_favourable(7, False)
    assert ref.parse_likert(instr, "6", sc) == ("value", 6) and ref.parse_likert(instr, "7", sc) == ("value", 7)
    # reverse: point 2 scores 100 * (7 - 2) / 6 and is favourable when 7 + 1 - 2 = 6 is
    assert sc.score(2, True) == 100 * 5 / 6 and sc.is_favourable(2, True) and not sc.is_favourable(4, True)
    # the built-in scale, bit for bit as version 1
    lk = ref.builtin_likert(ref.DEFAULT_LIKERT, 75)
    assert [lk.score(v, False) for v in range(1, 6)] == [(v - 1) * 25 for v in range(1, 6)]
    assert [lk.score(v, True) for v in range(1, 6)] == [(5 - v) * 25 for v in range(1, 6)]
    assert lk.favourable == {4, 5}


LIKE3 = '  like3: {labels: [Dislike, Neither like nor dislike, Like], codes: [3, 2, 1], missing: ["-1", "-2"]}'


def test_8_10_5_reversed_and_missing_codes(tmp_path):
    instr = load_instr(tmp_path, scale_instrument(LIKE3, "      - {id: Q1, text: q, scale: like3}", extra="missing_tokens: []\n"))
    sc = instr.items[0].scale
    assert ref.parse_likert(instr, "1", sc) == ("value", 3) and sc.score(3, False) == 100.0
    assert ref.parse_likert(instr, "2", sc) == ("value", 2) and sc.score(2, False) == 50.0
    assert ref.parse_likert(instr, "-1", sc) == ("na", None) and ref.parse_likert(instr, "-2", sc) == ("na", None)
    assert ref.parse_likert(instr, "", sc) == ("na", None)  # an empty cell is always not answered
    assert ref.parse_likert(instr, "like", sc) == ("value", 3)
    assert ref.parse_likert(instr, "-3", sc)[0] == "invalid"


KNOW = """\
id: kn
version: "1"
title: Knowledge
thresholds: {min_respondents: 1, min_organisations: 1}
columns: {response_id: [record_id], organisation_id: [redcap_data_access_group]}
domains:
  - id: d
    title: D
    items:
      - {id: KN1, type: knowledge, answer: true, aliases: [has_diabetes], text: k}
      - {id: L1, text: l}
"""


def test_8_10_6_knowledge_tokens(tmp_path):
    instr = load_instr(tmp_path, KNOW)
    assert ref.parse_knowledge(instr, "1") == ("value", True) and ref.parse_knowledge(instr, "0") == ("value", False)
    assert ref.parse_knowledge(instr, "2")[0] == "invalid"
    s = survey(tmp_path, KNOW, "organisation_id,name,sector,signatory\nsite_a,Site A,Health,no\n",
               {"w": (wave_yaml(), "record_id,redcap_data_access_group,has_diabetes,L1\n1,site_a,1,\n2,site_a,0,\n3,site_a,2,\n")})
    out = run_ok(s, tmp_path)
    c = counts_of(out, "w")
    assert c["rows_scored"] == 2 and c["rejects_by_reason"] == {"empty_response": 1}
    assert items_by(out, "w")[("site_a", "KN1")]["favourable_pct"] == "50.000000"  # 1 scores 100, 0 scores 0
    instr2 = load_instr(tmp_path, KNOW.replace("domains:", 'true_tokens: [Sí, yes, "1"]\ndomains:'))
    assert ref.parse_knowledge(instr2, "sí") == ("value", True) and ref.parse_knowledge(instr2, "SÍ") == ("value", True)
    assert ref.parse_knowledge(instr2, "true")[0] == "invalid"  # a list given replaces the defaults
    assert ref.parse_knowledge(instr2, "no") == ("value", False)


def test_8_10_7_no_break_spaces(tmp_path):
    sm = '  sm5: {labels: ["(1) Trivial.", "(2) Minor.", "(3) Moderate.", "(4) Major.", "(5) Critical."]}'
    instr = load_instr(tmp_path, scale_instrument(sm, "      - {id: Q1, text: q, scale: sm5}\n      - {id: Q2, text: q}"))
    assert ref.parse_likert(instr, "(1)\u00a0Trivial.", instr.items[0].scale) == ("value", 1)
    assert ref.parse_likert(instr, "Strongly\u202fagree", instr.items[1].scale) == ("value", 5)
    assert ref.norm(" a\u3000\u2007b\tc\r\nd \u200b") == "a b c d \u200b".strip(" ")
    assert ref.key("Don\u2019t  KNOW") == "don't know"
    assert ref.norm("e\u0301") == "\u00e9"  # NFC


SM_INSTR = """\
id: sm
version: "1"
title: SurveyMonkey
thresholds: {min_respondents: 1, min_organisations: 1}
domains:
  - id: d
    title: D
    items:
      - {id: LEAD, text: l, aliases: ["How much do you agree? | Leaders encourage sharing"]}
      - {id: LEAD2, text: l, aliases: ["Leaders encourage sharing"]}
      - {id: CARE, text: c, aliases: ["How much do you agree?"]}
"""


def test_8_10_8_two_header_rows(tmp_path):
    data = ("Respondent ID,Collector ID,How much do you agree?,,Custom Data 1\n"
            ",,Sharing is good care,Leaders encourage sharing,\n"
            "11,c1,Agree,Disagree,A\n")
    s = survey(tmp_path, SM_INSTR, REG_AB, {"w": (wave_yaml("source: surveymonkey\n"), data)})
    out = run_ok(s, tmp_path)
    c = counts_of(out, "w")
    assert c["header_rows"]["used"] == 2 and c["header_rows"]["layout"] == "surveymonkey"
    by = {b["target"]: b for b in c["bindings"]}
    assert by["LEAD"]["column"] == 4 and by["LEAD"]["by"] == "combined name"
    assert by["LEAD"]["name"] == "How much do you agree? | Leaders encourage sharing"  # record 1 empty: combined
    assert c["columns_bound"]["CARE"] == 3 and "CARE" not in by  # its own record-1 name: not listed
    assert "LEAD2" not in by and "LEAD2" in c["missing_item_columns"]  # column 4 is LEAD's
    # LEAD2 alone binds column 4 through record 2
    s2 = survey(tmp_path, SM_INSTR.replace('      - {id: LEAD, text: l, aliases: ["How much do you agree? | Leaders encourage sharing"]}\n', ""),
                REG_AB, {"w": (wave_yaml("source: surveymonkey\n"), data)}, name="S2")
    c2 = counts_of(run_ok(s2, tmp_path, "out2"), "w")
    by2 = {b["target"]: b for b in c2["bindings"]}
    assert by2["LEAD2"]["column"] == 4 and by2["LEAD2"]["by"] == "record 2"
    assert by2["response_id"]["by"] == "preset" and by2["organisation_id"]["column"] == 5
    sc = read_csv(f"{out}/w/centre/scores.csv")
    assert sc[0]["mean"] == "50.000000"  # CARE Agree 75, LEAD Disagree 25


def test_8_10_9_repeated_heading(tmp_path):
    instr = ONE_ITEM.replace("      - {id: Q1, text: q}", '      - {id: Q1, text: q, aliases: ["H"]}\n      - {id: Q3, text: q, aliases: ["H#3"]}')
    header = ["id", "organisation_id"] + [f"X{i}" for i in range(3, 40)] + ["H"] * 6
    assert header.index("H") == 39  # column 40
    row = ["r1", "A"] + [""] * 37 + ["1", "2", "3", "4", "5", "4"]
    data = ",".join(header) + "\n" + ",".join(row) + "\n"
    s = survey(tmp_path, instr, REG_AB, {"w": (wave_yaml("source: limesurvey\n"), data)})
    out = run_ok(s, tmp_path)
    c = counts_of(out, "w")
    by = {b["target"]: b for b in c["bindings"]}
    assert "Q1" not in by  # column 40 by its own name in record 1
    assert by["Q3"] == {"target": "Q3", "column": 42, "name": "H#3", "by": "occurrence"}
    assert c["second_columns"] == ["H#2", "H#4", "H#5", "H#6"]
    assert read_csv(f"{out}/w/centre/scores.csv")[0]["mean"] == "25.000000"  # (0 + 50) / 2
    assert ref.Header([["H", "H#2", "H"]], 3).answering("H#2", 0) == ([1], False)  # a header equal to the whole name wins


GF_INSTR = """\
id: gf
version: "1"
title: Google Forms
thresholds: {min_respondents: 1, min_organisations: 1}
columns: {organisation_id: ["Which organisation do you work for?"]}
domains:
  - id: d
    title: D
    items:
      - {id: Q1, text: q, aliases: ["Sharing is part of good care"]}
"""
GF_REG = "organisation_id,name,sector,signatory,aliases\nIND03,Educación,Education,no,Educacion; Education\nA,Alpha,Health,yes,\n"


def test_8_10_10_no_response_id(tmp_path):
    data = ("Timestamp,Which organisation do you work for?,Sharing is part of good care\n"
            "4/9/2025 0:13:09,Alpha,Agree\n4/9/2025 0:13:09,Alpha,Agree\n")
    s = survey(tmp_path, GF_INSTR, GF_REG, {"w": (wave_yaml("source: google-forms\n", opens="2025-01-01", closes="2025-12-31"), data)})
    out = run_ok(s, tmp_path)
    c = counts_of(out, "w")
    assert c["rows_scored"] == 2 and c["rows_rejected"] == 0 and not c["response_id_column"]
    assert c["identical_rows"] == 1 and c["organisation_by_name"] == 2
    s2 = survey(tmp_path, GF_INSTR, GF_REG, {"w": (wave_yaml(opens="2025-01-01", closes="2025-12-31"), data)}, name="S2")
    r = run_ref(s2, str(tmp_path / "o2"))
    assert r.returncode == 1 and not os.path.exists(str(tmp_path / "o2"))
    assert "missing required column response_id" in r.stderr
    assert r.stderr.rstrip().endswith("; if this export has no response id, set require_response_id: false in wave.yaml")
    # with the key, the generic preset reads it too; a rejects.csv response_id is then empty
    s3 = survey(tmp_path, GF_INSTR, GF_REG, {"w": (wave_yaml("require_response_id: false\n", opens="2025-01-01", closes="2025-12-31"),
                                                  data + "4/9/2025 0:13:09,Nobody,Agree\n")}, name="S3")
    out3 = run_ok(s3, tmp_path, "o3")
    assert [(x["line"], x["response_id"], x["reason"]) for x in read_csv(f"{out3}/w/rejects.csv")] == [("4", "", "unknown_organisation")]


def test_8_10_11_us_dates():
    order, info = ref.decide_date_order(["12/13/2018 11:06:09", "1/9/2019 20:30:20"], ref.date(2018, 12, 1), ref.date(2019, 12, 31))
    assert order == "MDY" and (info["second_above_12"], info["first_above_12"]) == (1, 0)
    assert ref.parse_submitted("12/13/2018 11:06:09", order).day.isoformat() == "2018-12-13"
    assert ref.parse_submitted("1/9/2019 20:30:20", order).day.isoformat() == "2019-01-09"
    assert ref.parse_submitted("12/13/2018 11:06:09", "DMY") is None  # contradicts the order: unparseable


def test_8_10_12_window_decides_google_csv_12_hour(tmp_path):
    vals = ["3/5/2025 10:00", "3/7/2025 10:00", "3/12/2025 9:30"]
    order, info = ref.decide_date_order(vals, ref.date(2025, 3, 1), ref.date(2025, 3, 31))
    assert order == "MDY" and info["in_window_mdy"] == 3 and info["in_window_dmy"] == 0
    assert ref.decide_date_order([], ref.date(2025, 3, 1), ref.date(2025, 3, 31))[0] == "DMY"
    st = ref.parse_submitted("2020/10/30 3:08:44 PM GMT+1")
    assert st.day.isoformat() == "2020-10-30"
    assert st.instant == ref.parse_submitted("2020-10-30T14:08:44Z").instant
    st2 = ref.parse_submitted("12/31/2024 12:30 AM", "MDY")
    assert st2.day.isoformat() == "2024-12-31" and st2.instant == ref.parse_submitted("2024-12-31T00:30Z").instant
    assert ref.parse_submitted("12/31/2024 12:30 PM", "MDY").instant == ref.parse_submitted("2024-12-31T12:30Z").instant
    assert ref.parse_submitted("11/19/2020 9:23:12\u202fAM", "MDY").instant == ref.parse_submitted("2020-11-19T09:23:12Z").instant
    # end to end: the window check runs on the dates read as MDY
    data = "response_id,organisation_id,submitted_at,Q1\nr1,A,3/5/2025 10:00,4\nr2,A,3/7/2025 10:00,4\nr3,A,4/2/2025 10:00,4\n"
    s = survey(tmp_path, ONE_ITEM, REG_AB, {"w": (wave_yaml("date_order: auto\n", opens="2025-03-01", closes="2025-03-31"), data)})
    out = run_ok(s, tmp_path)
    c = counts_of(out, "w")
    assert c["date_order"]["used"] == "MDY" and c["date_order"]["in_window_mdy"] == 2 and c["date_order"]["in_window_dmy"] == 0
    assert [x["reason"] for x in read_csv(f"{out}/w/rejects.csv")] == ["outside_wave_window"]


ALCHEMER_INSTR = ONE_ITEM.replace("domains:", 'columns: {organisation_id: ["Organisation"]}\ndomains:')


def test_8_10_13_completion_alchemer(tmp_path):
    data = ("Response ID,Time Started,Date Submitted,Status,Organisation,Q1\n"
            "1,2024-05-01 10:00:00,2024-05-01 10:05:00,Partial,A,4\n"
            "2,2024-05-01 10:00:00,2024-05-01 10:05:00,Partial,Nowhere,4\n"
            "3,2024-05-01 10:00:00,2025-01-02 10:05:00,Complete,A,4\n"
            "4,2024-05-01 10:00:00,2024-05-01 10:05:00,Complete,A,4\n")
    s = survey(tmp_path, ALCHEMER_INSTR, REG_AB, {"w": (wave_yaml("source: alchemer\n"), data)})
    out = run_ok(s, tmp_path)
    rej = read_csv(f"{out}/w/rejects.csv")
    assert [(x["line"], x["response_id"], x["reason"]) for x in rej] == [
        ("2", "1", "incomplete_response"), ("3", "2", "unknown_organisation"), ("4", "3", "outside_wave_window")]
    assert rej[0]["detail"] == "Status is 'Partial'; complete means 'Complete'"
    assert counts_of(out, "w")["rows_scored"] == 1
    # LimeSurvey's rule: complete when not empty; the found text is cut to 40 characters
    assert ref.cut40("x" * 41) == "x" * 40 + "…" and ref.cut40("x" * 40) == "x" * 40
    lime = "id,submitdate,organisation_id,Q1\n1,,A,4\n2,2024-05-01 10:00:00,A,4\n"
    s2 = survey(tmp_path, ONE_ITEM, REG_AB, {"w": (wave_yaml("source: limesurvey\n"), lime)}, name="S2")
    rej2 = read_csv(f"{run_ok(s2, tmp_path, 'o2')}/w/rejects.csv")
    assert [(x["line"], x["reason"], x["detail"]) for x in rej2] == [("2", "incomplete_response", "submitdate is empty; complete means any value")]


REDCAP_INSTR = """\
id: rc
version: "1"
title: REDCap
thresholds: {min_respondents: 1, min_organisations: 1}
domains:
  - id: d
    title: D
    items:
      - {id: KN1, type: knowledge, answer: true, aliases: [has_diabetes], text: k}
"""


def test_8_10_14_redcap_form(tmp_path):
    header = "record_id,redcap_data_access_group,redcap_survey_identifier,prescreening_survey_timestamp,age,has_diabetes,consent,prescreening_survey_complete,other_form_complete"
    rows = ["1,site_a,,2024-02-01 10:00:00,40,1,1,2,0",
            "2,site_a,,[not completed],41,0,1,0,0",
            "3,site_a,,2024-02-02 10:00:00,42,1,1,Complete,0"]
    s = survey(tmp_path, REDCAP_INSTR, "organisation_id,name,sector,signatory\nsite_a,Site A,Health,no\n",
               {"w": (wave_yaml("source: redcap\n"), header + "\n" + "\n".join(rows) + "\n")})
    out = run_ok(s, tmp_path)
    c = counts_of(out, "w")
    by = {b["target"]: b for b in c["bindings"]}
    assert c["columns_bound"]["KN1"] == 6 and "KN1" not in by  # by its own alias in record 1: not listed
    assert by["completion"]["column"] == 8 and by["completion"]["name"] == "prescreening_survey_complete"
    assert by["submitted_at"]["column"] == 4 and by["submitted_at"]["by"] == "preset"
    assert by["response_id"]["column"] == 1 and by["organisation_id"]["column"] == 2
    rej = read_csv(f"{out}/w/rejects.csv")
    assert [(x["line"], x["reason"], x["detail"]) for x in rej] == [
        ("3", "incomplete_response", "prescreening_survey_complete is '0'; complete means '2' or 'Complete'")]
    assert c["unparseable_dates"] == 0 and c["rows_scored"] == 2
    assert ref.parse_submitted("[not completed]") is None


def test_8_10_15_organisation_by_name(tmp_path):
    reg_path = str(tmp_path / "reg.csv")
    write(reg_path, GF_REG)
    m = ref.OrgMatcher(ref.load_register(reg_path))
    for cell in ("educación", "EDUCACION", "Education", " IND03 "):
        assert m.match(cell)[0] == "IND03", cell
    assert m.match("educación")[1] and not m.match("IND03")[1]
    assert m.match("Educasion") == (None, False, "organisation_id 'Educasion' is not in the register; did you mean 'IND03' (Educación)?")
    assert ref.levenshtein("educasion", "educacion") == 1


def test_8_10_16_suggestions(tmp_path):
    reg_path = str(tmp_path / "reg.csv")
    write(reg_path, "organisation_id,name,sector,signatory\n" + "".join(f"ACU-{i},Acute {i},Health,no\n" for i in range(1, 6)))
    m = ref.OrgMatcher(ref.load_register(reg_path))
    assert m.match("ACU-6")[2] == "organisation_id 'ACU-6' is not in the register; did you mean 'ACU-1'?"
    assert m.match("acu-2")[2] == "organisation_id 'acu-2' is not in the register; did you mean 'ACU-2'?"
    assert m.match("NOPE")[2] == "organisation_id 'NOPE' is not in the register"
    # ambiguity between two organisations' names or aliases
    write(reg_path, "organisation_id,name,sector,signatory,aliases\nORG-N1,North,Health,no,\nORG-N2,North Council,Council,no,north\n")
    m2 = ref.OrgMatcher(ref.load_register(reg_path))
    assert m2.match("North")[2] == "organisation_id 'North' names 2 organisations: ORG-N1, ORG-N2; give the id"
    # closest header: same distance, threshold and tie-break (leftmost column)
    h = ref.Header([["respons_id", "org", "Q1", "reponse_id"]], 4)
    assert h.closest(["response_id"]) == "respons_id" and h.closest(["zzzzzzz"]) is None


def ms_forms_xlsx(path: str, sheet: str = "Form1", extra_sheet: bool = False) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet(sheet)
    dt = wb.add_format({"num_format": "m/d/yy h:mm"})
    for c, h in enumerate(["ID", "Start time", "Completion time", "Email", "Name", "Organisation", "Q1"]):
        ws.write_string(0, c, h)
    ws.write_number(1, 0, 1)
    ws.write_number(1, 1, 45292.49, dt)
    ws.write_number(1, 2, 45292.5, dt)
    ws.write_string(1, 3, "anonymous")
    ws.write_string(1, 5, "A")
    ws.write_number(1, 6, 4)
    # row 3 (index 2) left empty
    ws.write_number(3, 0, 2)
    ws.write_number(3, 2, 45292.75, dt)
    ws.write_string(3, 5, "Nowhere")
    ws.write_number(3, 6, 5)
    if extra_sheet:
        wb.add_worksheet("Summary").write_string(0, 0, "x")
    wb.close()


def test_8_10_17_excel_microsoft_forms(tmp_path):
    s = str(tmp_path / "S")
    write(f"{s}/instrument.yaml", ALCHEMER_INSTR)
    write(f"{s}/organisations.csv", REG_AB)
    write(f"{s}/w/wave.yaml", wave_yaml("source: microsoft-forms\n"))
    ms_forms_xlsx(f"{s}/w/responses.xlsx")
    out = run_ok(s, tmp_path)
    c = counts_of(out, "w")
    assert c["rows_read"] == 2 and c["file"] == "responses.xlsx" and c["sheet"] == "Form1" and c["encoding"] == "XLSX workbook"
    rej = read_csv(f"{out}/w/rejects.csv")
    assert [(x["line"], x["response_id"], x["reason"]) for x in rej] == [("4", "2", "unknown_organisation")]
    wb = ref.Workbook(f"{s}/w/responses.xlsx")
    rows = wb.rows(wb.choose(None)[1])
    assert rows[1] == (2, {1: "1", 2: "2024-01-01 11:45:36", 3: "2024-01-01 12:00:00", 4: "anonymous", 6: "A", 7: "4"})
    assert items_by(out, "w")[("A", "Q1")]["favourable_pct"] == "100.000000"  # point 4
    write(f"{s}/w/wave.yaml", wave_yaml("source: microsoft-forms\nsheet: Form 2\n"))
    r = run_ref(s, str(tmp_path / "o2"))
    assert r.returncode == 1 and "no worksheet 'Form 2'; worksheets found: 'Form1'" in r.stderr
    write(f"{s}/w/wave.yaml", wave_yaml("source: microsoft-forms\nsheet: ' form1 '\n"))
    assert run_ref(s, str(tmp_path / "o3")).returncode == 0  # matched normalised, case-insensitively


def test_8_10_18_unchanged_sample_matches_version_1_outputs(tmp_path):
    """The bundled sample uses no §8 key: scores, items and alpha stay byte for byte what the
    version 1 pipeline recorded in Reports/ (the overall reason is free text), and so do the
    rejects' lines, ids and reasons."""
    sample = os.path.join(REPO, "Surveys")
    out = run_ok(sample, tmp_path)
    for wave in sorted(os.listdir(os.path.join(REPO, "Reports"))):
        rec = os.path.join(REPO, "Reports", wave)
        for f in ("items.csv", "alpha.csv"):
            assert open(f"{out}/{wave}/centre/{f}", "rb").read() == open(f"{rec}/centre/{f}", "rb").read(), (wave, f)
        ours, theirs = read_csv(f"{out}/{wave}/centre/scores.csv"), read_csv(f"{rec}/centre/scores.csv")
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            if a["domain"] == "overall":
                a, b = dict(a, reason=a["reason"] != ""), dict(b, reason=b["reason"] != "")
            assert a == b
        strip = lambda rows: [(x["line"], x["response_id"], x["reason"]) for x in rows]  # noqa: E731
        assert strip(read_csv(f"{out}/{wave}/rejects.csv")) == strip(read_csv(f"{rec}/rejects.csv"))
        assert counts_of(out, wave)["bindings"] == [] and counts_of(out, wave)["second_columns"] == []


def test_8_1_scale_validation_messages(tmp_path):
    text = """\
id: bad
version: "1"
title: Bad scales
missing_tokens: ["", "N/A"]
true_tokens: []
false_tokens: [false, "0", "1", "N/A"]
scales:
  yes_no: {labels: [Yes]}
  agree7: {labels: [a, b, c, "", e, agree, Agree]}
  q1: {labels: ["2", Mid, High], codes: [2, 4, 3, 1], favorable: [1]}
  q2: {labels: [Low, Mid, High], codes: [1.5, "4", 4], favourable: [4, 3, 3, "2"]}
  like3: {labels: [Dislike, Neither, Like], codes: [3, 2, 1], missing: ["1", Like]}
  sm5: {labels: ["N/A", b, c, d, e]}
  likert: {labels: [a, b]}
  7bad: {labels: [a, b]}
  q3: {labels: [a, b], favourable: []}
default_scale: agre7
domains:
  - id: d
    title: D
    items:
      - {id: A, text: a, scale: agre7}
      - {id: K, type: knowledge, answer: true, text: k, scale: q1}
"""
    write(f"{tmp_path}/S/instrument.yaml", text)
    write(f"{tmp_path}/S/organisations.csv", REG_AB)
    write(f"{tmp_path}/S/w/wave.yaml", wave_yaml())
    write(f"{tmp_path}/S/w/responses.csv", "response_id,organisation_id,A\nr,A,1\n")
    r = run_ref(f"{tmp_path}/S", str(tmp_path / "out"))
    assert r.returncode == 1 and not os.path.exists(str(tmp_path / "out"))
    expected = [
        "instrument.yaml:8:20: error: scales.yes_no.labels: expected at least 2 labels, found 1",
        "instrument.yaml:9:30: error: scales.agree7.labels[3]: must not be empty",
        "error: scales.agree7.labels[6]: duplicate label 'Agree' (also labels[5])",
        "error: scales.q1.favorable: unknown key; expected labels, codes, missing or favourable",
        "error: scales.q1.codes: expected 3 codes (one per label), found 4",
        "error: scales.q2.codes[0]: expected an integer or a text, found 1.5",
        "error: scales.q2.codes[2]: duplicate code '4' (also codes[1])",
        "error: scales.q2.favourable[0]: expected a point number from 1 to 3, found 4",
        "error: scales.q2.favourable[2]: point 3 is repeated (also favourable[1])",
        "error: scales.q2.favourable[3]: expected a point number from 1 to 3, found '2'",
        "error: scales.like3.missing[0]: '1' is also the code of point 3 (codes[2])",
        "error: scales.like3.missing[1]: 'Like' is also a label of point 3 (labels[2])",
        "error: scales.sm5.labels[0]: 'N/A' is also a missing token",
        "error: scales.likert: the built-in scale likert is set by likert_labels; choose another name",
        "error: scales.7bad: invalid scale name",
        "error: scales.q3.favourable: expected at least one point number",
        "error: default_scale: unknown scale 'agre7'; expected one of agree7, like3, likert, q1, q2, q3, sm5, yes_no",
        "error: domains[0].items[0].scale: unknown scale 'agre7'; expected one of agree7",
        "error: domains[0].items[1].scale: only likert items have a scale",
        "error: true_tokens: expected at least one token",
        "error: false_tokens[3]: 'N/A' is also a missing token",
    ]
    for e in expected:
        assert e in r.stderr, e
    assert "q1.labels[0]" not in r.stderr  # label '2' of point 1 and code 2 of point 1: its own code
    # the labels of point 1 vs point 2's code: '2' is point 1's code here, so no error; with default codes it is
    instr_text = scale_instrument('  q1: {labels: ["2", b, c]}', "      - {id: A, text: a, scale: q1}")
    write(f"{tmp_path}/T/instrument.yaml", instr_text)
    with pytest.raises(ref.FatalError) as exc:
        ref.load_instrument(f"{tmp_path}/T/instrument.yaml")
    assert "scales.q1.labels[0]: '2' is also the code of point 2 (codes[1])" in exc.value.problems[0]
    write(f"{tmp_path}/T/instrument.yaml", scale_instrument("  q1: {labels: [a, b]}", "      - {id: A, text: a}") + 'true_tokens: [yes, "0"]\n')
    with pytest.raises(ref.FatalError) as exc:
        ref.load_instrument(f"{tmp_path}/T/instrument.yaml")
    assert "true_tokens[1]: '0' is also a false token" in exc.value.problems[0]


def test_8_1_scale_parsing_plain_scalars(tmp_path):
    instr = load_instr(tmp_path, scale_instrument(
        '  yn: {labels: [[No, "N"], [Yes, Y]], codes: [no, "yes"], missing: [-1, maybe], favourable: [2]}\n'
        '  rc: {labels: [a, b, c, d, e], codes: [0, 1, 2, 3, 4]}',
        "      - {id: A, text: a, scale: yn}\n      - {id: B, text: b, scale: rc, reverse: true}"))
    yn, rc = instr.items[0].scale, instr.items[1].scale
    assert yn.codes == ["no", "yes"] and yn.labels == [["No", "N"], ["Yes", "Y"]]
    assert ref.parse_likert(instr, "y", yn) == ("value", 2) and ref.parse_likert(instr, "NO", yn) == ("value", 1)
    assert ref.parse_likert(instr, "-1", yn) == ("na", None) and ref.parse_likert(instr, "-01", yn)[0] == "invalid"
    assert rc.codes == [0, 1, 2, 3, 4] and ref.parse_likert(instr, "0", rc) == ("value", 1)
    assert ref.parse_likert(instr, "-0", rc) == ("value", 1) and ref.parse_likert(instr, "004", rc) == ("value", 5)
    assert rc.score(1, True) == 100.0 and rc.is_favourable(1, True) and not rc.is_favourable(5, True)


def test_8_9_wave_yaml_errors(tmp_path):
    s = make_tiny(tmp_path)
    write(f"{s}/w1/wave.yaml", "id: w1\ntitle: W1\nopens: 2024-01-01\ncloses: 2024-01-31\nsource: qualtrix\nheader_rows: 0\n"
                               "date_order: YMD\nrequire_response_id: maybe\ncompletion: [a]\nsheet: Form1\n")
    r = run_ref(s, str(tmp_path / "out"))
    assert r.returncode == 1
    for e in [
        "wave.yaml:5:9: error: source: unknown source 'qualtrix'; expected one of generic, qualtrics, qualtrics-legacy, limesurvey, surveymonkey, google-forms, microsoft-forms, redcap, alchemer",
        "wave.yaml:6:14: error: header_rows: expected auto or an integer from 1 to 10, found 0",
        "error: date_order: expected auto, DMY or MDY, found 'YMD'",
        "error: require_response_id: expected true or false, found 'maybe'",
        "error: completion: expected none or {column, complete}, found a list",
        "error: sheet: given, but this wave's responses file is responses.csv",
    ]:
        assert e in r.stderr, e
    write(f"{s}/w1/wave.yaml", "id: w1\ntitle: W1\nopens: 2024-01-01\ncloses: 2024-01-31\ncompletion: {column: Finished, complete: 1}\n")
    r = run_ref(s, str(tmp_path / "out"))
    assert r.returncode == 1 and "error: completion.complete: expected a list of values, found 1" in r.stderr
    write(f"{s}/w1/wave.yaml", "id: w1\ntitle: W1\nopens: 2024-01-01\ncloses: 2024-01-31\ncompletion: {column: Finishd}\n")
    r = run_ref(s, str(tmp_path / "out"))
    assert r.returncode == 1
    assert "responses.csv:1:1: error: completion column 'Finishd' (from wave.yaml) not in the header" in r.stderr
    # closest header: suggested when one qualifies
    write(f"{s}/w1/responses.csv", "response_id,organisation_id,Finish,A1\nr1,O1,1,4\n")
    r = run_ref(s, str(tmp_path / "out"))
    assert "completion column 'Finishd' (from wave.yaml) not in the header; closest header: 'Finish'" in r.stderr
    # a workbook under a .csv name; both files at once
    write(f"{s}/w1/wave.yaml", "id: w1\ntitle: W1\nopens: 2024-01-01\ncloses: 2024-01-31\n")
    write(f"{s}/w1/responses.csv", b"PK\x03\x04rest")
    r = run_ref(s, str(tmp_path / "out"))
    assert r.returncode == 1 and "responses.csv:1:1: error: an Excel workbook saved under a .csv name (it starts with the ZIP signature); rename it responses.xlsx" in r.stderr
    write(f"{s}/w1/responses.xlsx", b"PK\x03\x04")
    r = run_ref(s, str(tmp_path / "out"))
    assert r.returncode == 1 and "both responses.csv and responses.xlsx; keep one" in r.stderr
    assert not os.path.exists(str(tmp_path / "out"))


def test_8_7_invalid_workbooks(tmp_path):
    import zipfile as zf

    p = str(tmp_path / "r.xlsx")

    def err(data_or_fn, needle):
        if callable(data_or_fn):
            data_or_fn()
        else:
            write(p, data_or_fn)
        with pytest.raises(ref.FatalError) as exc:
            ref.read_xlsx_table(p, None)
        assert needle in exc.value.problems[0], exc.value.problems

    err(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "encrypted or legacy .xls workbook; save it as an .xlsx workbook without a password")
    err(b"not a zip", "not an .xlsx workbook")

    def zipped(parts):
        def make():
            with zf.ZipFile(p, "w") as z:
                for name, data in parts.items():
                    z.writestr(name, data)
        return make

    err(zipped({"a.txt": "x"}), "not an .xlsx workbook: no xl/workbook.xml")
    err(zipped({"xl/workbook.xml": "<x/>", "xl/vbaProject.bin": "x"}), "macro-enabled workbook (xl/vbaProject.bin); save it as an .xlsx workbook without macros")
    wb = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          '<sheet name="Form1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>')
    dtd = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    err(zipped({"xl/workbook.xml": wb, "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": dtd}),
        "part xl/worksheets/sheet1.xml holds a DTD, which is not read")
    strict = wb.replace("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
    err(zipped({"xl/workbook.xml": strict}), "Strict Open XML")
    err(zipped({"xl/workbook.bin": "x", "xl/workbook.xml": wb}), ".xlsb")


def test_8_7_cells_as_the_table_says(tmp_path):
    """Hand-written parts: shared strings with runs and phonetic runs, _xHHHH_ escapes, inline
    strings, formulas with and without cached values, booleans, errors, date styles (built-in,
    custom, escaped), the 1904 system, numbers in plain shortest form, absent r attributes."""
    import zipfile as zf

    wb = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="{d1904}"/><sheets>'
          '<sheet name="Chart" sheetId="2" r:id="rId9"/><sheet name="Data" sheetId="1" r:id="rId1" state="hidden"/></sheets></workbook>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/>'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '</Relationships>')
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<si><t>ID</t></si>'
           '<si><r><t>Or</t></r><r><rPr><b/></rPr><t xml:space="preserve">g </t></r><rPh sb="0" eb="1"><t>PHON</t></rPh></si>'
           '<si><t>a_x000D_b_x005F_x0041_</t></si></sst>')
    styles = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3">'
              '<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd hh:mm"/><numFmt numFmtId="165" formatCode="&quot;day&quot;0.00"/>'
              '<numFmt numFmtId="166" formatCode="[Red]0.0%"/></numFmts>'
              '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="47"/></cellXfs></styleSheet>')
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c t="s"><v>2</v></c></row>'
             '<row r="3"><c r="A3" s="0"><v>4.0</v></c><c r="B3" t="inlineStr"><is><t>in_x0041_</t></is></c>'
             '<c r="C3" t="str"><f>A1</f><v>cached</v></c><c r="D3"><f>1+1</f></c><c r="E3" t="b"><v>1</v></c>'
             '<c r="F3" t="e"><v>#N/A</v></c><c r="G3" s="1"><v>45292</v></c><c r="H3" s="2"><v>45292.9999884</v></c>'
             '<c r="I3" s="3"><v>45292.5</v></c><c r="J3" s="4"><v>0.5</v></c><c r="K3" s="1"><v>60.5</v></c>'
             '<c r="L3"><v>1E-7</v></c><c r="M3"><v>-0</v></c><c r="N3"><v>0.1</v></c><c r="O3" s="5"><v>0.25</v></c>'
             '<c r="P3"><v>123456789012345680000</v></c></row>'
             '<row r="5"><c r="A5"><v></v></c></row></sheetData></worksheet>')

    def book(d1904):
        p = str(tmp_path / f"b{d1904}.xlsx")
        with zf.ZipFile(p, "w") as z:
            z.writestr("xl/workbook.xml", wb.replace("{d1904}", d1904))
            z.writestr("xl/_rels/workbook.xml.rels", rels)
            z.writestr("xl/sharedStrings.xml", sst)
            z.writestr("xl/styles.xml", styles)
            z.writestr("xl/worksheets/data.xml", sheet)
        return ref.Workbook(p)

    b = book("0")
    assert b.sheets == [("Data", "xl/worksheets/data.xml")]  # the chartsheet is not a worksheet; hidden counts
    rows = b.rows(b.choose(None)[1])
    assert rows[0] == (2, {1: "ID", 2: "Org ", 3: "a\rb_x0041_"})
    assert rows[1] == (3, {1: "4", 2: "inA", 3: "cached", 5: "TRUE", 6: "#N/A", 7: "2024-01-01", 8: "2024-01-01 23:59:59",
                           9: "45292.5", 10: "0.5", 11: "60.5", 12: "0.0000001", 13: "0", 14: "0.1", 15: "0.25",
                           16: "123456789012345680000"})
    assert len(rows) == 2  # row 5 has no non-empty cell
    b4 = book("1")
    assert b4.rows(b4.choose("data")[1])[1][1][7] == "2028-01-02"  # 1904-01-01 + 45292 days
    assert ref.serial_text(45292.9999999, False) == "2024-01-02"  # 86 400 carries to the next day
    assert ref.is_date_code('[$-409]m/d/yy h:mm AM/PM') and not ref.is_date_code('"Days"0') and not ref.is_date_code("0\\d")


# ============================================================================= SPEC §9.10

TWO_ITEMS = """\
id: j
version: "1"
title: Journey
domains:
  - id: d
    title: D
    items:
      - {id: A, text: a}
      - {id: B, text: b}
"""


def answers_for(score: float) -> tuple[int, int]:
    """Two 5-point answers whose mean item score is `score` (a multiple of 12.5)."""
    t = round(2 * score / 25)
    assert t * 12.5 == score
    return 1 + t // 2, 1 + t - t // 2


def responses_for(per_org: dict[str, list[float]], prefix: str) -> str:
    lines = ["response_id,organisation_id,A,B"]
    k = 0
    for oid, scores in per_org.items():
        for sc in scores:
            k += 1
            a, b = answers_for(sc)
            lines.append(f"{prefix}{k},{oid},{a},{b}")
    return "\n".join(lines) + "\n"


def journey_survey(tmp_path, register: str, waves: list[tuple[str, str, str, dict[str, list[float]]]], name: str = "S",
                   instrument: str = TWO_ITEMS) -> str:
    """waves: (id, closes, extra wave.yaml text, {org: respondent scores})."""
    s = str(tmp_path / name)
    write(f"{s}/instrument.yaml", instrument)
    write(f"{s}/organisations.csv", register)
    for wid, closes, extra, per_org in waves:
        opens = closes[:8] + "01"
        write(f"{s}/{wid}/wave.yaml", f"id: {wid}\ntitle: Wave {wid}\nopens: {opens}\ncloses: {closes}\n{extra}")
        write(f"{s}/{wid}/responses.csv", responses_for(per_org, wid + "-"))
    return s


TEN = [50.0, 62.5, 37.5, 75.0, 50.0, 62.5, 50.0, 25.0, 87.5, 50.0]


def test_9_10_1_baseline_and_order(tmp_path):
    reg = "organisation_id,name,sector,signatory,signed_on\nX,Ex,Health,yes,2016-03-01\n"
    waves = [("pilot", "2015-11-30", "", {"X": TEN}), ("base", "2016-01-29", "baseline: true\n", {"X": TEN}),
             ("m6", "2016-07-29", "", {"X": TEN[::-1]}), ("m12", "2017-01-27", "", {"X": [x + 12.5 for x in TEN]})]
    s = journey_survey(tmp_path, reg, waves)
    out = run_ok(s, tmp_path)
    ex = lambda w, f: os.path.exists(f"{out}/{w}/centre/{f}")  # noqa: E731
    assert not ex("pilot", "changes.csv") and not ex("pilot", "charter.csv")
    base = read_csv(f"{out}/base/centre/changes.csv")
    assert {(r["against"], r["previous_wave"]) for r in base} == {("previous", "pilot")} and not ex("base", "charter.csv")
    m6 = read_csv(f"{out}/m6/centre/changes.csv")
    assert {(r["against"], r["previous_wave"]) for r in m6} == {("previous", "base")} and ex("m6", "charter.csv")
    m12 = read_csv(f"{out}/m12/centre/changes.csv")
    assert [(r["against"], r["previous_wave"], r["scope"]) for r in m12] == [
        ("previous", "m6", "X"), ("previous", "m6", "national"), ("previous", "m6", "national"),
        ("baseline", "base", "X"), ("baseline", "base", "national"), ("baseline", "base", "national")]
    assert [r["domain"] for r in m12] == ["d", "d", "overall"] * 2
    assert [r["baseline_wave"] for r in read_csv(f"{out}/m12/centre/charter.csv")] == ["base", "base"]
    assert counts_of(out, "m12")["baseline_wave"] == "base"
    # journey.csv covers every wave up to its own, with the same rows in every file
    j12 = read_csv(f"{out}/m12/centre/journey.csv")
    assert [w for w in dict.fromkeys(r["wave"] for r in j12)] == ["pilot", "base", "m6", "m12"]
    assert open(f"{out}/m6/centre/journey.csv").read() in open(f"{out}/m12/centre/journey.csv").read()
    # fatal: baseline: yes; true in two files; two waves closing on one day
    for variant, edit in [
        ("yes", lambda: write(f"{s}/base/wave.yaml", "id: base\ntitle: B\nopens: 2016-01-01\ncloses: 2016-01-29\nbaseline: yes\n")),
        ("two", lambda: write(f"{s}/m6/wave.yaml", "id: m6\ntitle: M\nopens: 2016-07-01\ncloses: 2016-07-29\nbaseline: true\n")),
        ("same", lambda: write(f"{s}/m12/wave.yaml", "id: m12\ntitle: M\nopens: 2016-07-01\ncloses: 2016-07-29\n")),
    ]:
        edit()
        o = str(tmp_path / f"o-{variant}")
        r = run_ref(s, o)
        assert r.returncode == 1 and not os.path.exists(o), variant
        if variant == "yes":
            assert "base/wave.yaml:5:11: error: baseline: expected true or false, found 'yes'" in r.stderr
            write(f"{s}/base/wave.yaml", "id: base\ntitle: B\nopens: 2016-01-01\ncloses: 2016-01-29\nbaseline: true\n")
        if variant == "two":
            assert "baseline: true in more than one wave.yaml" in r.stderr
            write(f"{s}/m6/wave.yaml", "id: m6\ntitle: M\nopens: 2016-07-01\ncloses: 2016-07-29\n")
        if variant == "same":
            assert "m12/wave.yaml and " in r.stderr and "m6/wave.yaml: error: two waves close on 2016-07-29" in r.stderr


def test_9_10_2_status(tmp_path):
    reg = ("organisation_id,name,sector,signatory,signed_on\nO1,One,Health,yes,2016-03-01\nO2,Two,Health,yes,\n"
           "O3,Three,Police,no,2016-02-01\nO4,Four,Police,yes,2016-07-29\n")
    orgs = {o: TEN for o in ("O1", "O2", "O3", "O4")}
    s = journey_survey(tmp_path, reg, [("base", "2016-01-29", "", orgs), ("m6", "2016-07-29", "", orgs)])
    out = run_ok(s, tmp_path)
    status = lambda w: {r["scope"]: r["signatory"] for r in read_csv(f"{out}/{w}/centre/journey.csv") if r["wave"] == w and r["sector"]}  # noqa: E731
    assert status("base") == {"O1": "false", "O2": "true", "O3": "false", "O4": "false"}
    assert status("m6") == {"O1": "true", "O2": "true", "O3": "false", "O4": "true"}
    c = counts_of(out, "m6")
    assert c["charter"]["overall"] == {"new": ["O1", "O4"], "non": ["O3"], "earlier": ["O2"], "verdict": "not tested", "display": "not shown"}
    assert (c["signed_date_unknown"], c["not_signatory_with_date"]) == (["O2"], ["O3"])
    ch = read_csv(f"{out}/m6/centre/charter.csv")[-1]
    assert (ch["new_signatories"], ch["non_signatories"], ch["earlier_signatories"]) == ("2", "1", "1")


BASE3 = [25, 37.5, 50, 50, 62.5, 37.5, 50, 25, 62.5, 50]
M12_3 = [50, 62.5, 75, 62.5, 50, 75, 62.5, 87.5, 50, 62.5, 62.5]


def test_9_10_3_and_4_organisation_reference_wave_and_suppressed_point(tmp_path):
    reg = "organisation_id,name,sector,signatory\nX,Ex,Health,no\n"
    m6 = [50, 50, 62.5, 37.5, 50, 62.5, 75, 25]
    s = journey_survey(tmp_path, reg, [("base", "2016-01-29", "", {"X": BASE3}), ("m6", "2016-07-29", "", {"X": m6}),
                                      ("m12", "2017-01-27", "", {"X": M12_3})])
    out = run_ok(s, tmp_path)
    rows = [r for r in read_csv(f"{out}/m12/centre/changes.csv") if r["scope"] == "X"]
    assert len(rows) == 1  # no baseline row: R = B
    x = rows[0]
    # r = stats.ttest_ind(m12, base, equal_var=False); r.confidence_interval(0.95)
    r = stats.ttest_ind(M12_3, BASE3, equal_var=False)
    ci = r.confidence_interval(0.95)
    assert (x["against"], x["previous_wave"], x["organisations"]) == ("previous", "base", "")
    assert (x["diff"], x["t"], x["df"], x["p"], x["p_adjusted"]) == ("18.636364", "3.362928", "18.054810", "0.003453", "0.003453")
    assert (x["ci_low"], x["ci_high"]) == ("6.996203", "30.276525") == ("%.6f" % ci.low, "%.6f" % ci.high)
    assert "%.6f" % r.statistic == "3.362928" and "%.6f" % r.pvalue == "0.003453" and "%.6f" % r.df == "18.054810"
    assert x["significant"] == "true"  # ▲ rise: p 0.003453 <= 0.05 and 18.6 >= 5
    j = ref.Journey  # the verdict the partner report shows under "Since previous (vs base)"
    assert counts_of(out, "m12")["national_changes"][-1]["verdict"] == "not tested"  # national m = 1 < 5
    # (4) the suppressed point: n 8 and its mean, published false
    pt = [r for r in read_csv(f"{out}/m12/centre/journey.csv") if r["wave"] == "m6" and r["scope"] == "X" and r["domain"] == "d"][0]
    assert (pt["n"], pt["mean"], pt["published"], pt["reason"]) == ("8", "%.6f" % (sum(m6) / 8), "false", "fewer than 10 respondents")
    assert (pt["organisations"], pt["median"], pt["first_wave"], pt["signatory"]) == ("", "", "base", "false")
    assert j is ref.Journey


def fake_journey(tmp_path, waves: list[tuple[str, str, dict[str, float]]], register: list[tuple[str, bool, str]] | None = None,
                 baseline: int = 0, headcounts: dict[str, int] | None = None, n_scored: dict[int, dict[str, int]] | None = None):
    """A Journey over one domain `d` whose published mean equals the overall score given."""
    instr = load_instr(tmp_path, ONE_ITEM.replace("min_respondents: 1, min_organisations: 1", "min_respondents: 10, min_organisations: 5"))
    ids = sorted({o for _, _, sc in waves for o in sc} | {o for o, _, _ in register or []} | set(headcounts or {}))
    info = {o: (sig, so) for o, sig, so in register or []}
    orgs = {}
    for line, oid in enumerate(ids, 2):
        sig, so = info.get(oid, (False, ""))
        orgs[oid] = ref.Organisation(oid, oid, "S", sig, ref.parse_iso_date(so) if so else None,
                                     (headcounts or {}).get(oid), [], line)
    register_ = ref.Register(orgs, has_headcount=headcounts is not None)
    results = []
    for i, (wid, closes, scores) in enumerate(waves):
        wd = ref.WaveDef(wid, "", ref.date(2000, 1, 1), ref.parse_iso_date(closes))
        data = ref.WaveData(wd, ref.Table("", "", ",", []), [], [], [], [])
        res = {}
        for oid in sorted(scores):
            v = scores[oid]
            n = (n_scored or {}).get(i, {}).get(oid, 10)
            pub = v is not None
            ds = ref.DomainStat(n, v, None, None, None, "", pub, [])
            res[oid] = ref.OrgResult(orgs[oid], n, {"d": ds}, v)
        results.append(ref.WaveResult(data, res, 0))
    return ref.Journey(instr, register_, results, baseline)


AT_BASE = [42.1, 47.8, 50.3, 55.0, 58.6, 61.2]
AT_M12 = [48.0, 52.9, 57.1, 61.4, 63.0, 68.7]


def test_9_10_5_paired_cohort_against_version_1_welch(tmp_path):
    base = {f"O{i + 1}": v for i, v in enumerate(AT_BASE)} | {"O7": 66.0}
    m12 = {f"O{i + 1}": v for i, v in enumerate(AT_M12)} | {"O8": 40.0}
    j = fake_journey(tmp_path, [("base", "2016-01-29", base), ("m12", "2017-01-27", m12)])
    rows = {(r[2], r[3]): r for r in j.change_rows(1)}
    ov = rows[("national", "overall")]
    # stats.ttest_rel(at_m12, at_base)
    r = stats.ttest_rel(AT_M12, AT_BASE)
    ci = r.confidence_interval(0.95)
    assert ov[10:] == ["previous", "6", "4.826741", "7.206593"] == ["previous", "6", "%.6f" % ci.low, "%.6f" % ci.high]
    assert ov[4:10] == ["6.016667", "12.997726", "5.000000", "0.000048", "0.000048", "true"]
    assert "%.6f" % r.statistic == "12.997726" and "%.6f" % r.pvalue == "0.000048"
    e = j.national_entry(1, 0, None)
    assert (e["a"], e["b"]) == (1, 1)  # shown: neither a nor b is 0
    # version 1's Welch over the seven published at each wave, for the record
    w = stats.ttest_ind(AT_M12 + [40.0], AT_BASE + [66.0], equal_var=False)
    assert "%.6f" % (np.mean(AT_M12 + [40.0]) - np.mean(AT_BASE + [66.0])) == "1.442857" and "%.6f" % w.pvalue == "0.770481"


def test_9_10_6_differencing_guard(tmp_path):
    base = {f"O{i + 1}": v for i, v in enumerate(AT_BASE)} | {"O7": 66.0}
    m12 = {f"O{i + 1}": v for i, v in enumerate(AT_M12)} | {"O7": 70.0, "O8": 40.0}
    j = fake_journey(tmp_path, [("base", "2016-01-29", base), ("m12", "2017-01-27", m12)])
    e = j.national_entry(1, 0, None)
    assert (e["organisations"], e["a"], e["b"]) == (7, 1, 0)
    # np.mean(np.subtract(at_m12+[70.0], at_base+[66.0]))
    assert ref.fmt(e["diff"]) == "5.728571" == "%.6f" % np.mean(np.subtract(AT_M12 + [70.0], AT_BASE + [66.0]))
    assert j.cohort_display(e) == "withheld: would reveal the scores of fewer than 5 organisations"
    e5 = j.national_entry(1, 0, "d")
    assert j.cohort_display(fake_journey(tmp_path, [("base", "2016-01-29", base), ("m12", "2017-01-27", {k: v for k, v in m12.items() if k != "O8"})]).national_entry(1, 0, None)) == "shown"
    assert e5["organisations"] == 7


def test_9_10_7_below_min_change(tmp_path):
    at_base = [44.0, 47.5, 50.0, 51.0, 53.5, 55.0, 58.0, 61.5]
    d = [2.5, 3.5, 3.0, 2.8, 3.4, 3.3, 2.9, 3.4]
    after = list(np.add(at_base, d))
    j = fake_journey(tmp_path, [("base", "2016-01-29", {f"O{i}": v for i, v in enumerate(at_base)}),
                                ("m12", "2017-01-27", {f"O{i}": float(v) for i, v in enumerate(after)})])
    row = {(r[2], r[3]): r for r in j.change_rows(1)}[("national", "overall")]
    # stats.ttest_rel(np.add(at_base, d), at_base)
    r = stats.ttest_rel(np.add(at_base, d), at_base)
    assert (row[4], row[5], row[7]) == ("3.100000", "24.729445", "0.000000") == ("3.100000", "%.6f" % r.statistic, "%.6f" % r.pvalue)
    assert r.pvalue < 1e-7 and row[9] == "false"
    e = j.national_entry(1, 0, None)
    e["p_adjusted"] = float(row[8])
    assert j.verdict(e["diff"], e["test"], e["p_adjusted"]) == "change under 5 points"


def test_9_10_8_separate_families(tmp_path):
    # stats.false_discovery_control(p, method='bh') on each list
    assert ["%.6f" % x for x in ref.bh([0.004, 0.03, 0.2])] == ["0.012000", "0.045000", "0.200000"]
    assert ["%.6f" % x for x in ref.bh([0.001, 0.04])] == ["0.002000", "0.040000"]
    assert ["%.6f" % x for x in ref.bh([0.004, 0.03, 0.2, 0.001, 0.04])] == ["0.010000", "0.050000", "0.200000", "0.005000", "0.050000"]
    # and the journey adjusts each family on its own: three waves, organisation previous and baseline rows
    reg = "organisation_id,name,sector,signatory\nX,Ex,Health,no\nY,Why,Health,no\n"
    ys = [62.5, 75, 50, 62.5, 75, 87.5, 62.5, 50, 75, 62.5]
    s = journey_survey(tmp_path, reg, [("base", "2016-01-29", "", {"X": BASE3, "Y": ys}),
                                      ("m6", "2016-07-29", "", {"X": TEN, "Y": ys[::-1]}),
                                      ("m12", "2017-01-27", "", {"X": M12_3, "Y": [x - 12.5 for x in ys]})])
    rows = read_csv(f"{run_ok(s, tmp_path)}/m12/centre/changes.csv")
    for against in ("previous", "baseline"):
        fam = [r for r in rows if r["against"] == against and r["scope"] != "national"]
        assert len(fam) == 2
        assert [float(r["p_adjusted"]) for r in fam] == pytest.approx(ref.bh([float(r["p"]) for r in fam]), abs=2e-6)
    pooled = ref.bh([float(r["p"]) for r in rows if r["scope"] != "national"])
    assert [float(r["p_adjusted"]) for r in rows if r["scope"] != "national"] != pytest.approx(pooled, abs=1e-5)


NEW = [8.5, 12.0, 6.4, 10.2, 9.1]
NON = [1.2, -2.5, 3.0, 0.4, 2.1, -0.8]


def charter_journey(tmp_path, new: list[float], earlier: int = 0):
    base, m12, reg = {}, {}, []
    for i, d in enumerate(new):
        base[f"N{i}"], m12[f"N{i}"] = 0.0, d
        reg.append((f"N{i}", True, "2016-06-01"))
    for i, d in enumerate(NON):
        base[f"Z{i}"], m12[f"Z{i}"] = 0.0, d
        reg.append((f"Z{i}", False, ""))
    for i in range(earlier):
        base[f"E{i}"], m12[f"E{i}"] = 0.0, 4.0 + i
        reg.append((f"E{i}", True, "2015-06-01" if i else ""))
    return fake_journey(tmp_path, [("base", "2016-01-29", base), ("m12", "2017-01-27", m12)], reg)


def test_9_10_9_charter_evaluation(tmp_path):
    j = charter_journey(tmp_path, NEW)
    row = j.charter_rows(1)[-1]
    # r = stats.ttest_ind(new, non, equal_var=False); r.confidence_interval(0.95)
    r = stats.ttest_ind(NEW, NON, equal_var=False)
    ci = r.confidence_interval(0.95)
    assert row == ["m12", "base", "overall", "5", "6", "0", "9.240000", "0.566667", "8.673333", "7.024893", "8.513366",
                   "0.000081", "0.000081", "5.855818", "11.490848", "true"]
    assert ["%.6f" % x for x in (r.statistic, r.df, r.pvalue, ci.low, ci.high)] == row[9:12] + row[13:15]
    ch = j.charter(1)[-1]
    assert j.verdict(ch["diff"], ch["test"], ch["p_adjusted"]) == "▲ rise" and j.charter_display(ch) == "shown"


def test_9_10_10_charter_hidden_and_untested(tmp_path):
    j = charter_journey(tmp_path, NEW, earlier=2)
    row = j.charter_rows(1)[-1]
    assert row[3:9] == ["5", "6", "2", "9.240000", "0.566667", "8.673333"] and row[-1] == "true"
    assert j.charter_display(j.charter(1)[-1]) == "group changes hidden"
    j4 = charter_journey(tmp_path, NEW[:4])
    row4 = j4.charter_rows(1)[-1]
    assert row4[3:9] == ["4", "6", "0", "9.275000", "0.566667", "%.6f" % (np.mean(NEW[:4]) - np.mean(NON))]
    assert row4[6] == "%.6f" % np.mean(NEW[:4])  # np.mean(new[:4])
    assert row4[9:] == ["", "", "", "", "", "", "false"]
    assert j4.charter_display(j4.charter(1)[-1]) == "not shown"


def test_9_10_11_response_rates(tmp_path):
    hc = {"A": 40, "B": 25, "C": 12, "D": 20, "E": 49, "F": 10, "G": 20, "H": 4}
    rs = {"A": 13, "B": 0, "C": 14, "D": 10, "E": 30, "F": 2, "G": 9, "H": 3}
    scores = {o: 50.0 for o in hc if rs[o] > 0}
    j = fake_journey(tmp_path, [("w", "2016-01-29", scores)], headcounts=hc, n_scored={0: rs})
    rows = {r[1]: r for r in j.rate_rows(0)}
    # stats.binomtest(13, 40).proportion_ci(method='wilson')
    ci = stats.binomtest(13, 40).proportion_ci(method="wilson")
    assert rows["A"] == ["w", "A", "40", "13", "32.500000", "20.084502", "47.982254", "false"]
    assert ("%.6f" % (100 * ci.low), "%.6f" % (100 * ci.high)) == ("20.084502", "47.982254")
    ci0 = stats.binomtest(0, 25).proportion_ci(method="wilson")
    assert rows["B"] == ["w", "B", "25", "0", "0.000000", "0.000000", "13.319225", "false"] and "%.6f" % (100 * ci0.high) == "13.319225"
    assert rows["C"] == ["w", "C", "12", "14", "116.666667", "", "", "true"]
    summ = j.rate_summary(0)
    rates = [32.5, 50, 61.224490, 20, 45, 75]
    # np.percentile(rates, [25, 50, 75])
    q = np.percentile(rates, [25, 50, 75])
    assert [float(summ["q1"]), float(summ["median"]), float(summ["q3"])] == pytest.approx(list(q), abs=1e-5)  # 61.224490 is 30/49 rounded
    assert ("%.1f" % float(summ["median"]), "%.1f" % float(summ["q1"]), "%.1f" % float(summ["q3"])) == ("47.5", "35.6", "58.4")
    assert ("%.1f" % q[1], "%.1f" % q[0], "%.1f" % q[2]) == ("47.5", "35.6", "58.4")
    assert summ["taking_part"] == 6 and summ["headcount_no_scored_respondent"] == 1 and summ["over_100_percent"] == 1
    assert summ["exceeds_headcount"] == ["C"] and summ["shown"]


def test_9_10_12_new_partners(tmp_path):
    j = fake_journey(tmp_path, [("base", "2016-01-29", {"O1": 50.0, "O10": 50.0}), ("m6", "2016-07-29", {"O1": 50.0}),
                                ("m12", "2017-01-27", {"O1": 50.0, "O9": 50.0, "O10": 50.0})])
    assert j.new_partners(2) == ["O9"] and j.new_partners(1) == [] and j.new_partners(0) == []
    assert j.first_wave(2, "O10") == "base" and j.first_wave(2, "O9") == "m12"
    assert ref.joined_sentence(1) == "1 organisation joined since the previous wave"
    assert ref.joined_sentence(0) == "No organisation joined since the previous wave"
    assert ref.joined_sentence(3) == "3 organisations joined since the previous wave"


def test_9_10_13_two_wave_sample(tmp_path):
    sample = os.path.join(REPO, "Surveys")
    if sorted(os.listdir(os.path.join(REPO, "Reports"))) != ["baseline", "follow-up"]:
        pytest.skip("the bundled sample is no longer the two-wave survey §9.10.13 describes")
    out = run_ok(sample, tmp_path)
    ours = read_csv(f"{out}/follow-up/centre/changes.csv")
    v1 = read_csv(os.path.join(REPO, "Reports", "follow-up", "centre", "changes.csv"))
    assert [(r["scope"], r["domain"]) for r in ours] == [(r["scope"], r["domain"]) for r in v1]
    first10 = ["wave", "previous_wave", "scope", "domain", "diff", "t", "df", "p", "p_adjusted", "significant"]
    for a, b in zip(ours, v1):
        if a["scope"] != "national":
            assert [a[c] for c in first10] == [b[c] for c in first10]
    assert {r["against"] for r in ours} == {"previous"}
    assert os.path.exists(f"{out}/baseline/centre/journey.csv") and os.path.exists(f"{out}/follow-up/centre/journey.csv")
    assert os.path.exists(f"{out}/follow-up/centre/charter.csv") and not os.path.exists(f"{out}/baseline/centre/charter.csv")
    sig = [r for r in read_csv(f"{out}/baseline/centre/journey.csv") if r["scope"] == "signatories"]
    assert sig and all(r["organisations"] == "0" for r in sig)
    assert counts_of(out, "baseline")["signatories_at_wave"] == []


def test_9_10_14_register_validation(tmp_path):
    for cells, needle in [("O1,One,Health,yes,01/03/2016,", "organisations.csv:2:5: error: signed_on: expected empty or a real YYYY-MM-DD date, found '01/03/2016'"),
                          ("O1,One,Health,yes,,0", "organisations.csv:2:6: error: headcount"),
                          ("O1,One,Health,yes,,12.5", "found '12.5'"),
                          ("O1,One,Health,yes,,-3", "found '-3'"),
                          ("O1,One,Health,yes,,+3", "found '+3'"),
                          ('O1,One,Health,yes,,"1,200"', "found '1,200'")]:
        s = journey_survey(tmp_path, "organisation_id,name,sector,signatory,signed_on,headcount\n" + cells + "\n",
                           [("w", "2016-01-29", "", {"O1": TEN})], name="S" + str(abs(hash(cells))))
        o = str(tmp_path / ("o" + str(abs(hash(cells)))))
        r = run_ref(s, o)
        assert r.returncode == 1 and needle in r.stderr and not os.path.exists(o), cells
    s = journey_survey(tmp_path, "organisation_id,name,sector,signatory,signed_on,headcount\nO1,One,Health,yes,,\nO2,Two,Health,no,,007\n",
                       [("w", "2016-01-29", "", {"O1": TEN})], name="ok")
    out = run_ok(s, tmp_path)
    assert [(r["organisation_id"], r["headcount"], r["respondents"]) for r in read_csv(f"{out}/w/centre/response-rates.csv")] == [("O2", "7", "0")]


@pytest.mark.parametrize("case", [c for c in fixture_cases() if c.startswith("platform_")])
def test_platform_fixture_scored_as_it_comes(case):
    """Every platform export is read with at most `source:` (and the centre's instrument):
    every item finds its column, rows are scored, and each reject is one the export's own
    rows call for (partial sessions, unknown organisations, a stray cell)."""
    import json

    exp = os.path.join(FIXTURES, case, "expected")
    for wave in os.listdir(exp):
        with open(os.path.join(exp, wave, "counts.json"), encoding="utf-8") as fh:
            c = json.load(fh)
        assert c["missing_item_columns"] == [] and c["rows_scored"] >= 10, (case, c)
        assert c["source"] != "generic" and c["invalid_values_total"] == 0 and c["unparseable_dates"] == 0
        assert set(c["rejects_by_reason"]) <= {"incomplete_response", "unknown_organisation", "outside_wave_window", "malformed_row",
                                               "missing_response_id"}


def test_compare_requires_the_same_files(tmp_path):
    """A file the reference writes must exist in ACTUAL, and one it does not write must not."""
    import shutil

    exp = os.path.join(FIXTURES, "journey_pilot_baseline", "expected")
    act = str(tmp_path / "act")
    shutil.copytree(exp, act)
    cmp = lambda: subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), exp, act], capture_output=True, text=True)  # noqa: E731
    assert cmp().returncode == 0
    os.remove(os.path.join(act, "m12", "centre", "journey.csv"))
    r = cmp()
    assert r.returncode == 1 and "m12/centre/journey.csv: 1 difference(s)" in r.stdout and "exists in expected only" in r.stdout
    shutil.copy(os.path.join(exp, "m12", "centre", "journey.csv"), os.path.join(act, "m12", "centre", "journey.csv"))
    shutil.copy(os.path.join(exp, "m6", "centre", "charter.csv"), os.path.join(act, "base", "centre", "charter.csv"))
    r = cmp()
    assert r.returncode == 1 and "exists in actual only" in r.stdout
    os.remove(os.path.join(act, "base", "centre", "charter.csv"))
    # a group row's reason is free text: only empty versus non-empty counts
    p = os.path.join(act, "pilot", "centre", "journey.csv")
    text = open(p, encoding="utf-8").read()
    assert "fewer than 3 organisations" in text
    open(p, "w", encoding="utf-8", newline="").write(text.replace("fewer than 3 organisations", "under 3 organisations"))
    assert cmp().returncode == 0


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
