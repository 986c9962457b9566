import Foundation
import XCTest

/// Runs the binary on every fixture survey under Tests/Fixtures/surveys and compares the
/// centre CSVs and rejects with the independent reference implementation's output
/// (tools/reference/readiness_ref.py, stored in each case's `expected/` folder).
final class DifferentialTests: XCTestCase {
    static let fixtures = EndToEnd.repository.appendingPathComponent("Tests/Fixtures/surveys")

    func testEveryFixtureAgreesWithTheReference() throws {
        let cases = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).sorted()
        XCTAssertGreaterThanOrEqual(cases.count, 8)
        for name in cases {
            let folder = Self.fixtures.appendingPathComponent(name)
            let expected = folder.appendingPathComponent("expected")
            // Both ways of reading: sequential, and two halves at once (whose guessed split may
            // fall inside a quoted field in these small, hostile files).
            for parallelism in ["never", "always"] {
                let out = try EndToEnd.temporaryFolder(self)
                let outcome = try EndToEnd.run([
                    "run", "--surveys", folder.path, "--out", out.path, "--reports", "centre",
                    "--parallel", parallelism, "--quiet",
                ])
                XCTAssertEqual(outcome.status, 0, "\(name): \(outcome.stderr)")
                let expectedFiles = EndToEnd.files(under: expected).filter { $0.hasSuffix(".csv") }
                XCTAssertFalse(expectedFiles.isEmpty, name)
                for file in expectedFiles {
                    let want = try String(contentsOf: expected.appendingPathComponent(file), encoding: .utf8)
                    guard let got = try? String(contentsOf: out.appendingPathComponent(file), encoding: .utf8) else {
                        XCTFail("\(name): \(file) was not written")
                        continue
                    }
                    CSVComparison.assertEqual(
                        got, want, ignoring: file.hasSuffix("rejects.csv") ? ["detail"] : ["reason"],
                        context: "\(name)/\(file)")
                }
                // Every row read is scored or rejected.
                for wave in try FileManager.default.contentsOfDirectory(atPath: expected.path) {
                    let counts = expected.appendingPathComponent(wave).appendingPathComponent("counts.json")
                    guard let data = FileManager.default.contents(atPath: counts.path),
                        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                        let read = json["rows_read"] as? Int
                    else { continue }
                    let quality = try String(
                        contentsOf: out.appendingPathComponent("\(wave)/data-quality.md"), encoding: .utf8)
                    let scored = json["rows_scored"] as? Int ?? -1, rejected = json["rows_rejected"] as? Int ?? -1
                    XCTAssertTrue(
                        quality.contains("rows read \(read) = rows scored \(scored) + rows rejected \(rejected)"),
                        "\(name)/\(wave): accounting differs from the reference")
                    XCTAssertEqual(read, scored + rejected)
                }
            }
        }
    }
}

/// Compares two CSV texts cell by cell: numbers to 1e-6, text exactly.
enum CSVComparison {
    static func rows(_ text: String) -> [[String]] {
        // The centre files quote only fields with commas, quotes or line breaks; free-text
        // columns are compared as whole lines when quoted.
        var rows: [[String]] = []
        var field = "", row: [String] = [], quoted = false, previousQuote = false
        for character in text {
            if quoted {
                if character == "\"" {
                    quoted = false
                    previousQuote = true
                    continue
                }
                field.append(character)
                continue
            }
            if character == "\"" {
                if previousQuote { field.append("\"") }
                quoted = true
                previousQuote = false
                continue
            }
            previousQuote = false
            if character == "," {
                row.append(field)
                field = ""
                continue
            }
            if character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                continue
            }
            field.append(character)
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    static func assertEqual(
        _ got: String, _ want: String, ignoring: Set<String>, context: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let a = rows(got), b = rows(want)
        guard a.first == b.first else {
            return XCTFail("\(context): header \(a.first ?? []) != \(b.first ?? [])", file: file, line: line)
        }
        XCTAssertEqual(a.count, b.count, "\(context): row count", file: file, line: line)
        let header = b.first ?? []
        var failures = 0
        for (index, (x, y)) in zip(a, b).enumerated().dropFirst() where x != y {
            guard x.count == y.count else {
                XCTFail("\(context) row \(index): \(x) != \(y)", file: file, line: line)
                failures += 1
                continue
            }
            for (column, (p, q)) in zip(x, y).enumerated() where p != q && !ignoring.contains(header[column]) {
                if let u = Double(p), let v = Double(q), abs(u - v) <= 1e-6 { continue }
                XCTFail(
                    "\(context) row \(index) \(header[column]): got '\(p)', expected '\(q)'", file: file, line: line)
                failures += 1
            }
            if failures > 20 { return }
        }
    }
}
