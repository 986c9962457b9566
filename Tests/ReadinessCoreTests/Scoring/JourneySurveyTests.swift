import Foundation
import XCTest

@testable import ReadinessCore

/// SPEC §9.10 cases 1–4, 11, 12 and 14 run end to end on small survey folders: the files
/// and numbers they state.
final class JourneySurveyTests: XCTestCase {
    typealias F = JourneyFixture

    static let scores: [Double] = [25, 37.5, 50, 50, 62.5, 37.5, 50, 25, 62.5, 50]
    static let windows = [
        "pilot": ("2015-11-01", "2015-11-30"), "base": ("2016-01-01", "2016-01-29"),
        "m6": ("2016-07-01", "2016-07-29"), "m12": ("2017-01-01", "2017-01-27"),
    ]

    /// A surveys folder: `waves` maps a wave id to its organisations' respondent scores.
    func survey(
        register: String, waves: [String: [(id: String, scores: [Double])]], baseline: String? = nil,
        extra: [String: String] = [:]
    ) throws -> URL {
        var files = ["instrument.yaml": F.instrumentYAML(), "organisations.csv": register]
        for (id, organisations) in waves {
            let (opens, closes) = Self.windows[id]!
            files["\(id)/wave.yaml"] = F.waveYAML(
                id, opens: opens, closes: closes, extra: id == baseline ? "baseline: true\n" : "")
            files["\(id)/responses.csv"] = F.responses(organisations, date: closes)
        }
        for (path, text) in extra { files[path] = text }
        return try F.write(files, in: self)
    }

    static let fourOrganisations =
        "organisation_id,name,sector,signatory,signed_on\nO1,One,S,yes,\nO2,Two,S,yes,\nO3,Three,S,no,\nO4,Four,S,no,\n"

    func everyone(_ shift: Double = 0) -> [(id: String, scores: [Double])] {
        ["O1", "O2", "O3", "O4"].map { ($0, Self.scores.map { $0 + shift }) }
    }

    // MARK: Case 1

    func testCase1BaselineAndOrder() throws {
        let surveys = try survey(
            register: Self.fourOrganisations,
            waves: ["pilot": everyone(), "base": everyone(12.5), "m6": everyone(25), "m12": everyone(12.5)],
            baseline: "base")
        let out = try F.run(surveys, in: self)
        func exists(_ path: String) -> Bool {
            FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path)
        }
        XCTAssertFalse(exists("pilot/centre/changes.csv"), "the first wave has no previous wave")
        XCTAssertFalse(exists("pilot/centre/charter.csv"))
        XCTAssertFalse(exists("base/centre/charter.csv"))
        XCTAssertTrue(exists("m6/centre/charter.csv"))
        XCTAssertTrue(exists("m12/centre/charter.csv"))
        for wave in ["pilot", "base", "m6", "m12"] { XCTAssertTrue(exists("\(wave)/centre/journey.csv"), wave) }

        func against(_ wave: String) throws -> [String] {
            try F.records(out, "\(wave)/centre/changes.csv").map { "\($0["against"]!) \($0["previous_wave"]!)" }
        }
        XCTAssertEqual(
            Set(try against("base")), ["previous pilot"], "base: previous rows against pilot, no baseline rows")
        XCTAssertEqual(Set(try against("m6")), ["previous base"], "m6: previous rows against base only")
        let m12 = try against("m12")
        XCTAssertEqual(Set(m12), ["previous m6", "baseline base"])
        XCTAssertEqual(
            m12.firstIndex(of: "baseline base"), m12.lastIndex(of: "previous m6")! + 1,
            "previous rows, then baseline rows")
        // Organisation rows (4 organisations × 1 domain) and national rows (domain, overall) in each family.
        XCTAssertEqual(m12.filter { $0 == "baseline base" }.count, 6)
        let manifest = try String(contentsOf: out.appendingPathComponent("pilot/manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"baseline_wave\": \"base\""), manifest)
        XCTAssertFalse(manifest.contains("m12/responses.csv"), "a wave's manifest lists no later wave's responses")
        XCTAssertTrue(manifest.contains("base/wave.yaml"), "the later wave that chose the baseline is listed")
        let charter = try F.records(out, "m6/centre/charter.csv")
        XCTAssertEqual(charter.map { $0["baseline_wave"]! }, ["base", "base"])
    }

    func testCase1FatalErrorsWriteNothing() throws {
        let waves = ["base": everyone(), "m6": everyone(12.5)]
        func fails(_ surveys: URL, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
            let out = TestFiles.temporaryPath(self, "journey-none")
            XCTAssertThrowsError(try Pipeline.run(surveys: surveys, output: out), file: file, line: line) { error in
                let text =
                    (error as? FatalInputError)?.diagnostics.map(\.description).joined(separator: "\n") ?? "\(error)"
                for part in expected {
                    XCTAssertTrue(text.contains(part), "\(text) lacks \(part)", file: file, line: line)
                }
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing written", file: file, line: line)
        }
        var yes = try survey(register: Self.fourOrganisations, waves: waves)
        try Data(F.waveYAML("base", opens: "2016-01-01", closes: "2016-01-29", extra: "baseline: yes\n").utf8)
            .write(to: yes.appendingPathComponent("base/wave.yaml"))
        fails(yes, ["base/wave.yaml:5:11: error: baseline: expected true or false, found 'yes'"])
        yes = try survey(register: Self.fourOrganisations, waves: waves)
        try Data(F.waveYAML("base", opens: "2016-01-01", closes: "2016-01-29", extra: "baseline: \"true\"\n").utf8)
            .write(to: yes.appendingPathComponent("base/wave.yaml"))
        fails(yes, ["baseline: expected true or false, found 'true'"])

        let twice = try survey(register: Self.fourOrganisations, waves: waves, baseline: "base")
        try Data(F.waveYAML("m6", opens: "2016-07-01", closes: "2016-07-29", extra: "baseline: True\n").utf8)
            .write(to: twice.appendingPathComponent("m6/wave.yaml"))
        fails(
            twice,
            [
                "m6/wave.yaml:5:11: error: baseline: true is also set in",
                "base/wave.yaml; only one wave can be the baseline",
            ])

        let sameDay = try survey(
            register: Self.fourOrganisations, waves: waves,
            extra: [
                "m6b/wave.yaml": F.waveYAML("m6b", opens: "2016-07-02", closes: "2016-07-29"),
                "m6b/responses.csv": F.responses(everyone(), date: "2016-07-29"),
            ])
        fails(sameDay, ["m6b/wave.yaml:4:9: error: closes 2016-07-29 is also the closing date of", "m6/wave.yaml"])
    }

    /// §9.1.1: apart from the choice of baseline, a wave's outputs never depend on a later
    /// wave: adding a wave leaves every file of the earlier waves as it was, byte for byte.
    func testALaterWaveChangesNoEarlierFile() throws {
        let waves = ["pilot": everyone(), "base": everyone(12.5), "m6": everyone(25)]
        let shorter = try survey(register: Self.fourOrganisations, waves: waves, baseline: "base")
        var longer = waves
        longer["m12"] = everyone(12.5)
        let longerSurvey = try survey(register: Self.fourOrganisations, waves: longer, baseline: "base")
        let before = try F.run(shorter, in: self, reports: .all),
            after = try F.run(longerSurvey, in: self, reports: .all)
        let files = try FileManager.default.subpathsOfDirectory(atPath: before.path).filter {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: before.appendingPathComponent($0).path, isDirectory: &folder)
                && !folder.boolValue
        }
        XCTAssertGreaterThan(files.count, 30)
        for file in files {
            XCTAssertEqual(
                try Data(contentsOf: before.appendingPathComponent(file)),
                try Data(contentsOf: after.appendingPathComponent(file)), file)
        }
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: after.appendingPathComponent("m12/centre/journey.csv").path))
    }

    // MARK: Case 2

    func testCase2CharterStatus() throws {
        let register =
            "organisation_id,name,sector,signatory,signed_on,headcount\n"
            + "O1,One,S,yes,2016-03-01,8\nO2,Two,S,yes,,40\nO3,Three,S,no,2016-02-01,\nO4,Four,S,yes,2016-07-29,25\n"
        let surveys = try survey(register: register, waves: ["base": everyone(), "m6": everyone(12.5)])
        let out = try F.run(surveys, in: self)
        func signatories(_ wave: String) throws -> [String] {
            try F.records(out, "\(wave)/centre/journey.csv")
                .filter { $0["wave"] == wave && $0["domain"] == "overall" && $0["signatory"] == "true" }.map {
                    $0["scope"]!
                }
        }
        XCTAssertEqual(try signatories("base"), ["O2"])
        XCTAssertEqual(try signatories("m6"), ["O1", "O2", "O4"], "signing on the closing day counts")
        let overall = try F.records(out, "m6/centre/charter.csv").last!
        XCTAssertEqual(overall["domain"], "overall")
        XCTAssertEqual(overall["new_signatories"], "2", "O1 and O4")
        XCTAssertEqual(overall["non_signatories"], "1", "O3")
        XCTAssertEqual(overall["earlier_signatories"], "1", "O2")
        XCTAssertEqual(overall["t"], "", "too few to test")
        XCTAssertEqual(overall["significant"], "false")
        let quality = try String(contentsOf: out.appendingPathComponent("base/data-quality.md"), encoding: .utf8)
        XCTAssertTrue(quality.contains("never a new signatory): 1: `O2`."), quality)
        XCTAssertTrue(quality.contains("the date is ignored): 1: `O3`."), quality)
        // Case 11's data-quality listing: O1 has 10 scored responses and a headcount of 8.
        XCTAssertTrue(quality.contains("More scored responses than the register's headcount (check it): 1."), quality)
        XCTAssertTrue(quality.contains("| O1 | 10 | 8 |"), quality)
        let rates = try F.records(out, "base/centre/response-rates.csv")
        XCTAssertEqual(
            rates.map { $0["organisation_id"]! }, ["O1", "O2", "O4"], "organisations with a headcount, by id")
        XCTAssertEqual(rates[0]["rate"], "125.000000")
        XCTAssertEqual(rates[0]["ci_low"], "")
        XCTAssertEqual(rates[0]["exceeds_headcount"], "true")
        XCTAssertEqual(rates[1]["rate"], "25.000000")
    }

    // MARK: Cases 3 and 4

    func testCase3And4OrganisationReferenceWaveAndSuppressedPoint() throws {
        let register = "organisation_id,name,sector,signatory,signed_on\nX,Ex,S,no,\n"
        let base: [Double] = [25, 37.5, 50, 50, 62.5, 37.5, 50, 25, 62.5, 50]
        let m6: [Double] = [50, 62.5, 50, 75, 37.5, 62.5, 50, 62.5]
        let m12: [Double] = [50, 62.5, 75, 62.5, 50, 75, 62.5, 87.5, 50, 62.5, 62.5]
        let surveys = try survey(
            register: register, waves: ["base": [("X", base)], "m6": [("X", m6)], "m12": [("X", m12)]])
        let out = try F.run(surveys, in: self)
        let rows = try F.records(out, "m12/centre/changes.csv").filter { $0["scope"] == "X" }
        XCTAssertEqual(rows.count, 1, "one X row, no baseline row (R = B)")
        let row = rows[0]
        XCTAssertEqual(row["against"], "previous")
        XCTAssertEqual(row["previous_wave"], "base")
        XCTAssertEqual(row["diff"], "18.636364")
        XCTAssertEqual(row["t"], "3.362928")
        XCTAssertEqual(row["df"], "18.054810")
        XCTAssertEqual(row["p"], "0.003453")
        XCTAssertEqual(row["p_adjusted"], "0.003453")
        XCTAssertEqual(row["ci_low"], "6.996203")
        XCTAssertEqual(row["ci_high"], "30.276525")
        XCTAssertEqual(row["organisations"], "")
        XCTAssertEqual(row["significant"], "true")

        // The words the partner report builds from this row: "+18.6 ▲ rise (vs base)" under
        // "Since previous" and "+18.6 ▲ rise" under "Since baseline".
        let analyses = try Pipeline.analyse(SurveyLoader.load(from: surveys))
        let changes = try XCTUnwrap(analyses[2].changes)
        let previous = try XCTUnwrap(changes.organisationPrevious.first)
        XCTAssertEqual(previous.verdict, .rise)
        XCTAssertEqual(
            "\(Markdown.signed(previous.diff!)) \(previous.verdict.text) "
                + "(vs \(analyses[2].history.waves[previous.reference].id))",
            "+18.6 ▲ rise (vs base)")
        XCTAssertNotEqual(previous.reference, changes.previousWave, "R ≠ P")
        let sinceBaseline = try XCTUnwrap(changes.sinceBaseline(organisation: 0, domain: 0, baseline: 0))
        XCTAssertEqual("\(Markdown.signed(sinceBaseline.diff!)) \(sinceBaseline.verdict.text)", "+18.6 ▲ rise")
        XCTAssertTrue(changes.organisationBaseline.isEmpty)
        XCTAssertEqual(changes.overall.first?.previousWave, 0, "overall: the latest earlier wave with an overall score")

        // Case 4: the suppressed point keeps its n and mean.
        let point = try F.records(out, "m12/centre/journey.csv").first {
            $0["wave"] == "m6" && $0["scope"] == "X" && $0["domain"] == "d0"
        }
        XCTAssertEqual(point?["n"], "8")
        XCTAssertEqual(point?["mean"], "56.250000")
        XCTAssertEqual(point?["published"], "false")
        XCTAssertEqual(point?["reason"], "fewer than 10 respondents")
        XCTAssertEqual(point?["closes"], "2016-07-29")
        XCTAssertEqual(point?["first_wave"], "base")
        // A wave's rows are the same in every file that covers it.
        let inM6 = try String(contentsOf: out.appendingPathComponent("m6/centre/journey.csv"), encoding: .utf8)
        let inM12 = try String(contentsOf: out.appendingPathComponent("m12/centre/journey.csv"), encoding: .utf8)
        XCTAssertTrue(inM12.hasPrefix(inM6))
        XCTAssertEqual(try F.csv(out, "m12/centre/journey.csv").first, JourneyCSV.header)
    }

    // MARK: Case 12

    func testCase12NewPartners() throws {
        let register = "organisation_id,name,sector,signatory,signed_on\nO1,One,S,no,\nO10,Ten,S,no,\nO9,Nine,S,no,\n"
        let surveys = try survey(
            register: register,
            waves: [
                "base": [("O1", Self.scores), ("O10", Self.scores)],
                "m6": [("O1", Self.scores)],
                "m12": [("O1", Self.scores), ("O10", Self.scores), ("O9", Self.scores)],
            ])
        let analyses = try Pipeline.analyse(SurveyLoader.load(from: surveys))
        XCTAssertEqual(analyses.map(\.newPartners), [0, 0, 1], "O9 is new at m12; O10 skipped m6 and is not")
        XCTAssertEqual(JourneyWording.joined(analyses[2].newPartners), "1 organisation joined since the previous wave")
        XCTAssertEqual(JourneyWording.joined(0), "No organisation joined since the previous wave")
        XCTAssertEqual(JourneyWording.joined(3), "3 organisations joined since the previous wave")
        let out = try F.run(surveys, in: self)
        let firstWaves = try F.records(out, "m12/centre/journey.csv").filter {
            $0["wave"] == "m12" && $0["domain"] == "overall"
        }
        .reduce(into: [String: String]()) { $0[$1["scope"]!] = $1["first_wave"]! }
        XCTAssertEqual(firstWaves["O10"], "base")
        XCTAssertEqual(firstWaves["O9"], "m12")
        XCTAssertEqual(firstWaves["national"], "")
    }

    // MARK: Case 14

    func testCase14RegisterValidation() throws {
        let header = "organisation_id,name,sector,signatory,signed_on,headcount\n"
        let cases: [(row: String, found: String, column: Int)] = [
            ("A,Ay,S,yes,01/03/2016,", "signed_on '01/03/2016'", 5),
            ("A,Ay,S,yes,2016-02-30,", "signed_on '2016-02-30'", 5),
            ("A,Ay,S,no,,0", "headcount '0'", 6),
            ("A,Ay,S,no,,12.5", "headcount '12.5'", 6),
            ("A,Ay,S,no,,-3", "headcount '-3'", 6),
            ("A,Ay,S,no,,+3", "headcount '+3'", 6),
            ("A,Ay,S,no,,\"1,200\"", "headcount '1,200'", 6),
        ]
        for (row, found, column) in cases {
            let text = header + "Z,Zed,S,no,,5\n" + row + "\n"
            XCTAssertThrowsError(try RegisterReader.read(Array(text.utf8), file: "organisations.csv"), row) { error in
                let diagnostics = (error as? FatalInputError)?.diagnostics ?? []
                XCTAssertEqual(diagnostics.count, 1, row)
                XCTAssertEqual(diagnostics.first?.line, 3, row)
                XCTAssertEqual(diagnostics.first?.column, column, row)
                XCTAssertTrue(
                    diagnostics.first?.description.hasPrefix("organisations.csv:3:\(column): error: \(found)") ?? false,
                    diagnostics.first?.description ?? "")
            }
        }
        let accepted = try RegisterReader.read(
            Array((header + "A,Ay,S,yes,2016-03-01,\nB,Bee,S,no,,007\n").utf8),
            file: "organisations.csv"
        ).register
        XCTAssertTrue(accepted.hasHeadcount)
        XCTAssertEqual(accepted.organisations.map(\.headcount), [nil, 7], "an empty headcount is unknown")
        XCTAssertEqual(accepted.organisations[0].signedDate, F.date("2016-03-01"))
        let without = try RegisterReader.read(
            Array("organisation_id,name,sector,signatory\nA,Ay,S,yes\n".utf8),
            file: "organisations.csv"
        ).register
        XCTAssertFalse(without.hasHeadcount)
    }
}
