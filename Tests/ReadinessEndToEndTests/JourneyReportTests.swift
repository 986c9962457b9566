import Foundation
import XCTest

/// The cases of SPEC §9.10 that concern reports (3, 4, 5, 6, 9, 10, 12), run by the built
/// binary on survey folders written here, checked in the Markdown, SVG and CSV files it writes.
///
/// Defaults apply: N = 10, k = 5, `alpha` 0.05, `min_change` 5.
final class JourneyReportTests: XCTestCase {
    static let windows = [
        "base": ("2016-01-01", "2016-01-29"), "m6": ("2016-07-01", "2016-07-29"), "m12": ("2017-01-01", "2017-01-27"),
    ]

    /// A one-domain survey: `register` rows after the header, and per wave id each
    /// organisation's respondent scores (multiples of 12.5).
    func survey(register: [String], waves: [String: [(id: String, scores: [Double])]]) throws -> URL {
        let folder = try EndToEnd.temporaryFolder(self)
        func write(_ path: String, _ text: String) throws {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write(
            "instrument.yaml",
            """
            id: journey
            version: "1"
            title: Journey report test
            domains:
              - id: d0
                title: Sharing
                items:
                  - {id: A, text: "a"}
                  - {id: B, text: "b"}

            """)
        try write(
            "organisations.csv",
            "organisation_id,name,sector,signatory,signed_on\n" + register.joined(separator: "\n") + "\n")
        for (id, organisations) in waves {
            let (opens, closes) = Self.windows[id]!
            try write("\(id)/wave.yaml", "id: \(id)\ntitle: Wave \(id)\nopens: \(opens)\ncloses: \(closes)\n")
            var rows = "response_id,organisation_id,submitted_at,A,B\n"
            var count = 0
            for (organisation, scores) in organisations {
                for score in scores {
                    // Item scores (v − 1) × 25 averaging s: the two (v − 1) add up to s/12.5.
                    let units = Int((score / 12.5).rounded())
                    count += 1
                    rows += "\(id)-\(count),\(organisation),\(closes),\(units / 2 + 1),\(units - units / 2 + 1)\n"
                }
            }
            try write("\(id)/responses.csv", rows)
        }
        return folder
    }

    /// 125 respondent scores whose mean is `mean` exactly (one decimal): 125 × 12.5-point
    /// steps make every tenth of a point reachable.
    static func respondents(mean: Double) -> [Double] {
        let units = Int((mean * 10).rounded())  // the total in units of 12.5 / 125 = 0.1
        return (0..<125).map { 12.5 * Double(units / 125 + ($0 < units % 125 ? 1 : 0)) }
    }

    func run(_ surveys: URL) throws -> URL {
        let out = try EndToEnd.temporaryFolder(self)
        let outcome = try EndToEnd.run(["run", "--surveys", surveys.path, "--out", out.path, "--quiet"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return out
    }

    func text(_ out: URL, _ path: String) throws -> String {
        try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
    }

    /// The records of a centre CSV as dictionaries by header.
    func records(_ out: URL, _ path: String) throws -> [[String: String]] {
        let rows = CSVComparison.rows(try text(out, path))
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(rows[0], $0)) }
    }

    /// The lines of a Markdown section, from its heading to the next heading of the same level.
    func section(_ markdown: String, _ heading: String) -> String {
        guard let start = markdown.range(of: heading + "\n") else { return "" }
        let level = heading.prefix { $0 == "#" }
        let rest = markdown[start.upperBound...]
        let end = rest.range(of: "\n" + level + " ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    // MARK: Cases 3 and 4

    func testCases3And4PartnerJourneyAgainstTheLatestPublishedWave() throws {
        let surveys = try survey(
            register: ["X,Ex,S,no,"],
            waves: [
                "base": [("X", [25, 37.5, 50, 50, 62.5, 37.5, 50, 25, 62.5, 50])],
                "m6": [("X", [50, 62.5, 50, 75, 37.5, 62.5, 50, 62.5])],
                "m12": [("X", [50, 62.5, 75, 62.5, 50, 75, 62.5, 87.5, 50, 62.5, 62.5])],
            ])
        let out = try run(surveys)
        let report = try text(out, "m12/partners/X/report.md")
        let journey = section(report, "## Your journey")
        XCTAssertTrue(journey.contains("| Domain | base | m6 | m12 | Since previous | Since baseline |"), journey)
        // base 45.0 (np.mean of the ten), m12 63.636364; m6 rests on 8 respondents.
        XCTAssertTrue(
            journey.contains(
                "| Sharing | 45.0 Developing | <10 respondents | 63.6 Established | "
                    + "+18.6 ▲ rise (vs base) | +18.6 ▲ rise |"), journey)
        XCTAssertTrue(
            journey.contains(
                "| Overall readiness | 45.0 Developing | not scored | 63.6 Established | "
                    + "+18.6 (not tested) (vs base) | +18.6 (not tested) |"), journey)
        for line in [
            "- base: Wave base, closed 2016-01-29", "- m6: Wave m6, closed 2016-07-29",
            "- m12: Wave m12, closed 2017-01-27",
        ] {
            XCTAssertTrue(journey.contains(line + "\n"), "the line of each wave follows the table: \(line)")
        }
        XCTAssertTrue(journey.contains("](charts/journey.svg)"))
        // The domain table's change column: the previous comparison with its verdict.
        let domains = section(report, "## Domain scores")
        XCTAssertTrue(domains.contains("| Change since m6 |"), domains)
        XCTAssertTrue(
            domains.contains("| Sharing | 11 | 63.6 |") && domains.contains("| +18.6 ▲ rise (vs base) |"), domains)

        // Case 4: the chart draws the points at base and m12, and no segment between them.
        let chart = try text(out, "m12/partners/X/charts/journey.svg")
        XCTAssertEqual(
            chart.components(separatedBy: "class=\"point\"").count - 1, 4, "two points in each of two panels")
        XCTAssertFalse(chart.contains("class=\"series\""), "no line joins base to m12 across the unpublished m6")
        XCTAssertFalse(chart.contains("class=\"reference\""), "no national median rests on 5 organisations")
        XCTAssertTrue(chart.contains(">45.0<") && chart.contains(">63.6<"))

        // At m6 the organisation's own series shows base and the suppressed point.
        let m6 = section(try text(out, "m6/partners/X/report.md"), "## Your journey")
        XCTAssertTrue(
            m6.contains("| Sharing | 45.0 Developing | <10 respondents | — |"), "P = B: only Since baseline: \(m6)")
        XCTAssertFalse(m6.contains("Since previous"))
        // The first wave's report has no journey section; the first survey of a later joiner has one line.
        XCTAssertFalse(try text(out, "base/partners/X/report.md").contains("## Your journey"))
    }

    func testAFirstSurveyIsOneLine() throws {
        let surveys = try survey(
            register: ["X,Ex,S,no,", "Y,Why,S,no,"],
            waves: [
                "base": [("X", Array(repeating: 50, count: 10))],
                "m6": [("X", Array(repeating: 50, count: 10)), ("Y", Array(repeating: 62.5, count: 10))],
            ])
        let out = try run(surveys)
        let journey = section(try text(out, "m6/partners/Y/report.md"), "## Your journey")
        XCTAssertEqual(
            journey.trimmingCharacters(in: .whitespacesAndNewlines),
            "This is your organisation's first survey; later reports will show your journey from here.")
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: out.appendingPathComponent("m6/partners/Y/charts/journey.svg").path))
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: out.appendingPathComponent("m6/partners/X/charts/journey.svg").path))
    }

    // MARK: Cases 5 and 6

    static let atBase = [42.1, 47.8, 50.3, 55.0, 58.6, 61.2]
    static let atM12 = [48.0, 52.9, 57.1, 61.4, 63.0, 68.7]

    func cohortSurvey(o7AtM12: Double?) throws -> URL {
        var base = (0..<6).map { ("O\($0 + 1)", Self.respondents(mean: Self.atBase[$0])) }
        var m12 = (0..<6).map { ("O\($0 + 1)", Self.respondents(mean: Self.atM12[$0])) }
        base.append(("O7", Self.respondents(mean: 66.0)))
        if let o7AtM12 { m12.append(("O7", Self.respondents(mean: o7AtM12))) }
        m12.append(("O8", Self.respondents(mean: 40.0)))
        return try survey(register: (1...8).map { "O\($0),Org \($0),S,no," }, waves: ["base": base, "m12": m12])
    }

    func testCase5PairedCohortChangeIsShown() throws {
        let out = try run(try cohortSurvey(o7AtM12: nil))
        let row = try XCTUnwrap(
            try records(out, "m12/centre/changes.csv").first { $0["scope"] == "national" && $0["domain"] == "overall" })
        // stats.ttest_rel(at_m12, at_base): t 12.997726, df 5, p 0.000048, CI 4.826741 to 7.206593
        XCTAssertEqual(
            [row["organisations"], row["diff"], row["t"], row["p"], row["ci_low"], row["ci_high"]],
            ["6", "6.016667", "12.997726", "0.000048", "4.826741", "7.206593"])
        let national = try text(out, "m12/national/evidence.md")
        let journey = section(national, "### Scores across the waves")
        // np.percentile(at_base+[66.0], [25, 50, 75]) → 49.05, 55, 59.9; np.percentile(at_m12+[40.0], …) → 50.45, 57.1,
        // 62.2
        XCTAssertTrue(
            journey.contains(
                "| Overall readiness | 55.0 [49.0–59.9] (7) | 57.1 [50.5–62.2] (7) | "
                    + "+6.0 (95% CI +4.8 to +7.2; 6 organisations) ▲ rise |"), journey)
        XCTAssertTrue(journey.contains("| Domain | base | m12 | Since baseline |"), "P = B: one column")
    }

    func testCase6DifferencingGuardWithholdsTheCohortChange() throws {
        let out = try run(try cohortSurvey(o7AtM12: 70.0))
        let row = try XCTUnwrap(
            try records(out, "m12/centre/changes.csv").first { $0["scope"] == "national" && $0["domain"] == "overall" })
        // np.mean(np.subtract(at_m12+[70.0], at_base+[66.0]))
        XCTAssertEqual(row["diff"], "5.728571")
        XCTAssertEqual(row["organisations"], "7")
        let national = try text(out, "m12/national/evidence.md")
        let withheld = "withheld: would reveal the scores of fewer than 5 organisations"
        XCTAssertTrue(section(national, "## Domains").contains("| Overall readiness | 8 |"))
        XCTAssertTrue(section(national, "## Domains").contains(withheld), "the domain table's change column")
        XCTAssertTrue(section(national, "### Scores across the waves").contains("| \(withheld) |"), "the journey table")
        XCTAssertFalse(national.contains("+5.7"), "the withheld change is printed nowhere")
        XCTAssertFalse(national.contains("overall readiness changed by"), "nor at a glance")
        // The national workbook and its Journey sheet say why, and hold no figure of it.
        let workbook = try EndToEnd.unzippedText(out.appendingPathComponent("m12/national/evidence.xlsx"))
        XCTAssertTrue(workbook.contains(withheld))
        XCTAssertFalse(workbook.contains("5.728571"))
    }

    // MARK: Cases 9 and 10

    static let new = [8.5, 12.0, 6.4, 10.2, 9.1]
    static let non = [1.2, -2.5, 3.0, 0.4, 2.1, -0.8]

    /// New signatories N… sign between the waves; Q… had not signed (Q0 signs after m12);
    /// earlier signatories E… signed before the baseline closed or gave no date.
    func charterSurvey(new: [Double], non: [Double], earlier: Int = 0) throws -> URL {
        var register: [String] = [], base: [(String, [Double])] = [], m12: [(String, [Double])] = []
        func add(_ id: String, signatory: String, signedOn: String, change: Double) {
            register.append("\(id),Org \(id),S,\(signatory),\(signedOn)")
            base.append((id, Self.respondents(mean: 50)))
            m12.append((id, Self.respondents(mean: 50 + change)))
        }
        for (index, change) in new.enumerated() {
            add("N\(index)", signatory: "yes", signedOn: "2016-0\(3 + index)-01", change: change)
        }
        for (index, change) in non.enumerated() {
            add(
                "Q\(index)", signatory: index == 0 ? "yes" : "no", signedOn: index == 0 ? "2017-02-01" : "",
                change: change)
        }
        for index in 0..<earlier {
            add("E\(index)", signatory: "yes", signedOn: index == 0 ? "" : "2016-01-29", change: 20)
        }
        return try survey(register: register, waves: ["base": base, "m12": m12])
    }

    static let caveat =
        " Organisations chose whether and when to sign, so this compares groups; it does not show that the "
        + "charter caused the difference."

    func testCase9CharterSentence() throws {
        let out = try run(try charterSurvey(new: Self.new, non: Self.non))
        let row = try XCTUnwrap(try records(out, "m12/centre/charter.csv").last)
        // r = stats.ttest_ind(new, non, equal_var=False); r.confidence_interval(0.95)
        XCTAssertEqual(
            [
                row["change_new"], row["change_non"], row["diff"], row["t"], row["df"], row["p"], row["ci_low"],
                row["ci_high"],
            ],
            ["9.240000", "0.566667", "8.673333", "7.024893", "8.513366", "0.000081", "5.855818", "11.490848"])
        let charter = section(try text(out, "m12/national/evidence.md"), "### The charter evaluation")
        XCTAssertTrue(
            charter.hasPrefix(
                "\nBetween Wave base and Wave m12, the 5 organisations that signed the charter in between "
                    + "changed by +9.2 points in overall readiness, against "
                    + "+0.6 points among the 6 that had not signed: a difference "
                    + "of +8.7 points (95% CI +5.9 to +11.5). Signatories improved detectably more (▲)." + Self.caveat),
            charter)
        XCTAssertTrue(
            charter.contains("| Overall readiness | 5 | +9.2 | 6 | +0.6 | +8.7 (+5.9 to +11.5) | ▲ rise |"), charter)
        XCTAssertTrue(charter.contains("counted, not compared: Sharing 0, Overall readiness 0."), charter)
    }

    func testCase10CharterHiddenAndUntested() throws {
        let hidden = section(
            try text(
                try run(try charterSurvey(new: Self.new, non: Self.non, earlier: 2)),
                "m12/national/evidence.md"), "### The charter evaluation")
        XCTAssertTrue(
            hidden.hasPrefix(
                "\nBetween Wave base and Wave m12, the 5 organisations that signed the charter in between "
                    + "changed by 8.7 points more in overall readiness than the 6 that had not signed (95% CI +5.9 to +11.5). "
                    + "Signatories improved detectably more (▲)." + Self.caveat), hidden)
        XCTAssertFalse(hidden.contains("+9.2"))
        XCTAssertFalse(hidden.contains("+0.6"))
        XCTAssertTrue(
            hidden.contains("| Overall readiness | 5 | hidden | 6 | hidden | +8.7 (+5.9 to +11.5) | ▲ rise |"), hidden)
        XCTAssertTrue(hidden.contains("Overall readiness 2."), "the earlier signatories are counted beneath")

        let four = section(
            try text(
                try run(try charterSurvey(new: Array(Self.new.prefix(4)), non: Self.non)),
                "m12/national/evidence.md"), "### The charter evaluation")
        XCTAssertTrue(
            four.hasPrefix(
                "\nThe charter evaluation needs at least 5 organisations that signed after base and 5 that "
                    + "had not signed by m12's close, each with an overall "
                    + "score published in both waves; there were 4 and 6.\n"
            ), four)
        XCTAssertTrue(
            four.contains("| Overall readiness | 4 | <5 organisations | 6 | <5 organisations | <5 organisations | — |"),
            four)
    }

    // MARK: Case 12

    func testCase12NewPartnersAreCountedNeverNamed() throws {
        let scores = Array(repeating: 50.0, count: 10)
        let always = (1...5).map { ("O\($0)", scores) }
        let surveys = try survey(
            register: (1...5).map { "O\($0),Org \($0),S,no," } + ["O9,Nine,S,no,", "O10,Ten,S,no,"],
            waves: [
                "base": always + [("O10", scores)], "m6": always, "m12": always + [("O10", scores), ("O9", scores)],
            ])
        let out = try run(surveys)
        let m12 = try text(out, "m12/national/evidence.md")
        XCTAssertTrue(
            section(m12, "### Taking part").contains("\n1 organisation joined since the previous wave.\n"), m12)
        XCTAssertTrue(section(m12, "### Taking part").contains("| m12 | 7 | 70 | 7 |"))
        XCTAssertTrue(
            try text(out, "m6/national/evidence.md").contains("\nNo organisation joined since the previous wave.\n"))
        for id in ["O9", "O10", "Nine", "Ten"] {
            XCTAssertFalse(m12.contains(id), "the national report names no organisation (\(id))")
        }
    }
}
