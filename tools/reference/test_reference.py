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
    # national: w1 published d1 = O1 only (O2 had n = 1); w2 d1 published O1 and O2
    nat = {x["domain"]: x for x in ch[2:]}
    w2_d1 = [sum([100, 75, 87.5]) / 3, (25 + 12.5) / 2]
    assert float(nat["d1"]["diff"]) == pytest.approx(sum(w2_d1) / 2 - 137.5 / 3, abs=1e-6)
    assert nat["d1"]["t"] == "" and nat["d1"]["p_adjusted"] == "" and nat["d1"]["significant"] == "false"
    assert nat["overall"]["t"] == ""


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
          "05/03/2024", "05/03/2024 10:00", "05/03/2024 10:00:59", "29/02/2024"]
    bad = ["31/02/2024", "2024-1-5", "2024-03-05T10:00:00.5Z", "2024-03-05t10:00", "2024-03-05  10:00", "5/3/2024",
           "05/03/2024T10:00", "05/03/2024 10:00Z", "2024-03-05T24:00", "29/02/2023", "2024-03-05T10", ""]
    for s in ok:
        assert p(s) is not None, s
    for s in bad:
        assert p(s) is None, s
    a, b = p("2024-03-10T10:00+01:00"), p("2024-03-10 09:00:00Z")
    assert a.instant == b.instant
    assert p("2024-03-12").instant < p("2024-03-11T23:00-02:00").instant
    assert p("2024-04-01T00:30+02:00").day.isoformat() == "2024-04-01"


def test_cells_and_half_rule(tmp_path):
    s = make_tiny(tmp_path)
    instr = ref.load_instrument(f"{s}/instrument.yaml")
    L = lambda c: ref.parse_likert(instr, c)  # noqa: E731
    assert L("04") == ("value", 4)
    assert L("4.0")[0] == "invalid" and L("+4")[0] == "invalid" and L("6")[0] == "invalid"
    assert L("  strongly AGREE ") == ("value", 5)
    assert L("Don\u2019t know") == ("na", None) and L("") == ("na", None) and L("n/a") == ("na", None)
    K = lambda c: ref.parse_knowledge(instr, c)  # noqa: E731
    assert K("T") == ("value", True) and K("No") == ("value", False) and K("dk") == ("dk", None)
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
