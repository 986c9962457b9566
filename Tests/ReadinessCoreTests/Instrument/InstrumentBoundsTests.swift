import XCTest

@testable import ReadinessCore

/// Values that would make the arithmetic overflow or a score impossible, and ids that would
/// break a line, are fatal instrument errors with their paths.
final class InstrumentBoundsTests: XCTestCase {
    func problems(_ domains: String, thresholds: String = "") -> [String] {
        let yaml = "id: x\nversion: \"1\"\ntitle: X\n" + thresholds + "domains:\n" + domains
        do {
            _ = try InstrumentLoader().load(yaml: yaml)
            return []
        } catch {
            return error.diagnostics.map(\.message)
        }
    }

    func testWeightsAreBounded() {
        let cases: [(String, String?)] = [
            ("1", nil), ("0.000001", nil), ("1000000", nil), ("25", nil),
            ("1.7e308", "domains[0].weight: must be from 0.000001 to 1000000, found 1.7e+308"),
            ("1000001", "domains[0].weight: must be from 0.000001 to 1000000, found 1000001.0"),
            ("1e-9", "domains[0].weight: must be from 0.000001 to 1000000, found 1e-09"),
            ("0", "domains[0].weight: must be greater than 0, found 0.0"),
            (".inf", "domains[0].weight: expected a number, found '.inf'"),
        ]
        for (weight, problem) in cases {
            let found = problems("  - id: d\n    weight: \(weight)\n    items: [{id: A1, text: a}]\n")
            XCTAssertEqual(found, problem.map { [$0] } ?? [], weight)
        }
    }

    func testCountThresholdsAreBounded() {
        let domain = "  - id: d\n    items: [{id: A1, text: a}]\n"
        XCTAssertEqual(problems(domain, thresholds: "thresholds: {min_respondents: 1000000000}\n"), [])
        XCTAssertEqual(
            problems(domain, thresholds: "thresholds: {min_organisations: 9223372036854775807}\n"),
            ["thresholds.min_organisations: must be an integer from 1 to 1000000000, found 9223372036854775807"])
    }

    func testADomainNeedsAnItem() {
        XCTAssertEqual(problems("  - id: d\n    items: []\n"), ["domains[0].items: at least one item is required"])
    }

    func testIDsWithLineBreaksOrControlsAreRefused() {
        for id in ["\"culture\\n\"", "\"culture\\r\"", "\"cul\\tture\"", "\"cul\\u0007ture\"", "\"culture\\u2028\""] {
            let found = problems(
                "  - id: \(id)\n    items: [{id: \(id.replacingOccurrences(of: "culture", with: "A1")), text: a}]\n")
            XCTAssertTrue(found.contains { $0.hasPrefix("domains[0].id: ") }, "\(id): \(found)")
            XCTAssertTrue(found.contains { $0.hasPrefix("domains[0].items[0].id: ") }, "\(id): \(found)")
        }
    }
}
