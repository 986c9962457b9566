import Foundation
import XCTest

/// The committed Reports/ are exactly what the tool makes from the committed Surveys/.
///
/// Set READINESS_RECORD=1 to rewrite Reports/; the test then fails so that nobody records
/// by accident.
final class GoldenReportsTests: XCTestCase {
    func testSampleReportsAreReproducedByteForByte() throws {
        let surveys = EndToEnd.repository.appendingPathComponent("Surveys")
        let golden = EndToEnd.repository.appendingPathComponent("Reports")
        let out = try EndToEnd.temporaryFolder(self)
        let outcome = try EndToEnd.run(["run", "--surveys", surveys.path, "--out", out.path, "--quiet"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let made = EndToEnd.files(under: out)
        if ProcessInfo.processInfo.environment["READINESS_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: golden)
            try FileManager.default.copyItem(at: out, to: golden)
            XCTFail("Reports/ re-recorded from Surveys/; unset READINESS_RECORD and run again")
            return
        }
        XCTAssertEqual(made, EndToEnd.files(under: golden), "the set of report files differs from Reports/")
        for file in made {
            let got = try Data(contentsOf: out.appendingPathComponent(file))
            let want = try? Data(contentsOf: golden.appendingPathComponent(file))
            guard got != want else { continue }
            if file.hasSuffix(".xlsx"), want != nil {
                // Compare workbooks part by part, so that a different zlib cannot fail the test alone.
                let scratch = try EndToEnd.temporaryFolder(self)
                let gotParts = try EndToEnd.zipParts(out.appendingPathComponent(file), scratch: scratch)
                let wantParts = try EndToEnd.zipParts(golden.appendingPathComponent(file), scratch: scratch)
                XCTAssertEqual(gotParts.keys.sorted(), wantParts.keys.sorted(), "\(file): parts differ")
                for (part, text) in gotParts where wantParts[part] != text {
                    XCTFail("\(file): part \(part) differs from the committed Reports/")
                }
                continue
            }
            XCTFail("\(file) differs from the committed Reports/ (re-record with READINESS_RECORD=1 if intended)")
        }
    }

    /// The README shows the sample's national journey chart and quotes its charter evaluation
    /// as the committed 12-month national report says it, so neither can go stale.
    func testTheReadmeShowsTheJourneyAndCharterAsTheReportDoes() throws {
        let readme = try String(contentsOf: EndToEnd.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let chart = "Reports/month-12/national/charts/journey.svg"
        XCTAssertTrue(readme.contains("](\(chart))"), "the README links the national journey chart")
        XCTAssertTrue(FileManager.default.fileExists(atPath: EndToEnd.repository.appendingPathComponent(chart).path))
        let quoted = try XCTUnwrap(readme.split(separator: "\n").first { $0.hasPrefix("> Between ") }).dropFirst(2)
        let report = try String(
            contentsOf: EndToEnd.repository.appendingPathComponent("Reports/month-12/national/evidence.md"),
            encoding: .utf8)
        let charter = try XCTUnwrap(report.components(separatedBy: "### The charter evaluation\n\n").last)
        XCTAssertTrue(charter.hasPrefix(String(quoted)), "the README quotes the report's first sentence: \(quoted)")
        XCTAssertTrue(
            charter.hasPrefix(String(quoted) + " Signatories improved detectably more (▲)."),
            "and the README says what follows it")
    }

    func testTwoRunsGiveIdenticalBytes() throws {
        let surveys = EndToEnd.repository.appendingPathComponent("Surveys")
        let first = try EndToEnd.temporaryFolder(self), second = try EndToEnd.temporaryFolder(self)
        XCTAssertEqual(try EndToEnd.run(["run", "--surveys", surveys.path, "--out", first.path, "--quiet"]).status, 0)
        XCTAssertEqual(try EndToEnd.run(["run", "--surveys", surveys.path, "--out", second.path, "--quiet"]).status, 0)
        let files = EndToEnd.files(under: first)
        XCTAssertFalse(files.isEmpty)
        XCTAssertEqual(files, EndToEnd.files(under: second))
        for file in files {
            XCTAssertEqual(
                try Data(contentsOf: first.appendingPathComponent(file)),
                try Data(contentsOf: second.appendingPathComponent(file)), file)
        }
    }
}

/// Reading in two halves at once gives the same bytes as reading sequentially.
final class ParallelismTests: XCTestCase {
    func testParallelAndSequentialRunsGiveIdenticalBytes() throws {
        let surveys = EndToEnd.repository.appendingPathComponent("Surveys")
        let parallel = try EndToEnd.temporaryFolder(self), sequential = try EndToEnd.temporaryFolder(self)
        XCTAssertEqual(
            try EndToEnd.run([
                "run", "--surveys", surveys.path, "--out", parallel.path, "--parallel", "always",
                "--quiet",
            ]).status, 0)
        XCTAssertEqual(
            try EndToEnd.run([
                "run", "--surveys", surveys.path, "--out", sequential.path, "--parallel", "never",
                "--quiet",
            ]).status, 0)
        let files = EndToEnd.files(under: parallel)
        XCTAssertEqual(files, EndToEnd.files(under: sequential))
        XCTAssertGreaterThan(files.count, 50)
        for file in files {
            XCTAssertEqual(
                try Data(contentsOf: parallel.appendingPathComponent(file)),
                try Data(contentsOf: sequential.appendingPathComponent(file)), file)
        }
    }
}
