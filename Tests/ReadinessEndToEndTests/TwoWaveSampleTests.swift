import Foundation
import XCTest

/// SPEC §9.10 case 13 on the two-wave sample (its centre files, and its national reports):
/// `readiness generate --waves 2` writes the sample as it was before it grew to three waves;
/// version 1's centre files of it are kept under Tests/Fixtures/two-wave-sample-v1 (see its README).
final class TwoWaveSampleTests: XCTestCase {
    static let version1 = EndToEnd.repository.appendingPathComponent("Tests/Fixtures/two-wave-sample-v1")

    func testTwoWaveSampleKeepsVersion1FilesAndGainsTheJourney() throws {
        let scratch = try EndToEnd.temporaryFolder(self)
        let surveys = scratch.appendingPathComponent("surveys"), out = scratch.appendingPathComponent("out")
        let generated = try EndToEnd.run(["generate", "--out", surveys.path, "--waves", "2", "--quiet"])
        XCTAssertEqual(generated.status, 0, generated.stderr)
        let waveFile = surveys.appendingPathComponent("month-6/wave.yaml")
        let yaml = try String(contentsOf: waveFile, encoding: .utf8)
        try Data(yaml.replacingOccurrences(of: "id: month-6", with: "id: follow-up").utf8).write(to: waveFile)
        let run = try EndToEnd.run([
            "run", "--surveys", surveys.path, "--out", out.path, "--reports", "centre", "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)

        func text(_ root: URL, _ path: String) throws -> String {
            try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }
        for wave in ["baseline", "follow-up"] {
            for file in ["scores.csv", "items.csv", "alpha.csv"] {
                XCTAssertEqual(
                    try text(out, "\(wave)/centre/\(file)"), try text(Self.version1, "\(wave)/centre/\(file)"),
                    "\(wave)/\(file) byte for byte")
            }
            XCTAssertTrue(
                FileManager.default.fileExists(atPath: out.appendingPathComponent("\(wave)/centre/journey.csv").path))
        }
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: out.appendingPathComponent("baseline/centre/charter.csv").path))
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: out.appendingPathComponent("follow-up/centre/charter.csv").path))
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: out.appendingPathComponent("baseline/centre/changes.csv").path))

        // changes.csv: the same rows in the same order; organisation rows keep their first ten fields.
        func rows(_ text: String) -> [[String]] { CSVComparison.rows(text) }
        let now = rows(try text(out, "follow-up/centre/changes.csv"))
        let before = rows(try text(Self.version1, "follow-up/centre/changes.csv"))
        XCTAssertEqual(Array(now[0].prefix(10)), before[0], "the first ten columns keep their places")
        XCTAssertEqual(Array(now[0].suffix(4)), ["against", "organisations", "ci_low", "ci_high"])
        XCTAssertEqual(now.count, before.count)
        for (new, old) in zip(now.dropFirst(), before.dropFirst()) {
            XCTAssertEqual(Array(new[0..<4]), Array(old[0..<4]), "row order")
            XCTAssertEqual(new[10], "previous", "no baseline rows")
            if new[2] != "national" {
                XCTAssertEqual(Array(new.prefix(10)), old, "organisation row \(new[2])/\(new[3])")
                XCTAssertEqual(new[11], "")
            } else {
                XCTAssertFalse(new[11].isEmpty, "national rows give the cohort size")
            }
        }

        // Every sample signatory signed between the baseline's close and the follow-up's opening,
        // so at the baseline no organisation is a signatory (the national report says so).
        let register = rows(try text(surveys, "organisations.csv"))
        let dates = register.dropFirst().compactMap { $0[4] == "yes" ? $0[5] : nil }
        XCTAssertFalse(dates.isEmpty)
        XCTAssertTrue(dates.allSatisfy { $0 > "2026-02-13" && $0 < "2026-07-13" }, "\(dates)")
        XCTAssertEqual(dates.min(), "2026-02-16")
        XCTAssertEqual(dates.max(), "2026-07-02")
        let journey = rows(try text(out, "baseline/centre/journey.csv"))
        let organisationRows = journey.dropFirst().filter {
            !["national", "signatories", "non-signatories"].contains($0[2])
        }
        XCTAssertFalse(organisationRows.isEmpty)
        XCTAssertTrue(organisationRows.allSatisfy { $0[4] == "false" }, "no signatory at the baseline")
        XCTAssertEqual(journey.first { $0[2] == "signatories" && $0[6] == "overall" }?[8], "0")
        let followUp = rows(try text(out, "follow-up/centre/journey.csv"))
        XCTAssertTrue(followUp.contains { $0[0] == "follow-up" && $0[4] == "true" }, "signatories by the follow-up")

        // The national reports use the status at their own wave's close.
        let national = try EndToEnd.run([
            "run", "--surveys", surveys.path, "--out", out.path, "--reports", "national", "--quiet",
        ])
        XCTAssertEqual(national.status, 0, national.stderr)
        let baseline = try text(out, "baseline/national/evidence.md")
        XCTAssertTrue(
            baseline.contains(
                "## Charter signatories and non-signatories\n\nNo organisation had signed the charter by "
                    + "this wave's close (2026-02-13), so there is no comparison of signatories and "
                    + "non-signatories.\n"), baseline)
        let later = try text(out, "follow-up/national/evidence.md")
        XCTAssertTrue(later.contains("Charter status at this wave's close ("), "the follow-up compares the two groups")
        XCTAssertTrue(
            later.contains("## The journey") && later.contains("| Domain | baseline | follow-up | Since baseline |"))
    }
}
