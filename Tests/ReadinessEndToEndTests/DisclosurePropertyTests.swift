import Foundation
import XCTest

/// Disclosure control over generated surveys (tools/disclosure/check_disclosure.py): no partner
/// file shows a figure resting on fewer than min_respondents of its respondents, no national
/// file a figure resting on too few organisations or respondents or dominated by one
/// organisation, each base recomputed from the centre files and the responses; and no partner
/// recovers another organisation's level, score or item result by subtracting itself from a
/// national table, or a shown group from its total.
final class DisclosurePropertyTests: XCTestCase {
    func testGeneratedSurveysPublishNothingTheyMayNot() throws {
        let script = EndToEnd.repository.appendingPathComponent("tools/disclosure/check_disclosure.py").path
        for seed in [1, 2] {
            let run = try EndToEnd.run(
                executable: "/usr/bin/env",
                ["python3", script, EndToEnd.binary.path, "--count", "40", "--seed", String(seed)])
            XCTAssertEqual(run.status, 0, "seed \(seed):\n\(run.stdout)\(run.stderr)")
            XCTAssertTrue(run.stdout.contains("40 surveys checked"), run.stdout)
            XCTAssertFalse(run.stdout.contains("(0 partner figures"), "the surveys show partner figures: \(run.stdout)")
        }
    }

    /// The journey over generated multi-wave surveys (tools/disclosure/check_journey.py): every
    /// journey figure of the partner and national files rests on enough organisations or
    /// respondents, recomputed from the centre files; no withheld cohort change's protected
    /// total, no hidden charter total and no single organisation's score follows from the means
    /// and changes the national files publish, adding and subtracting (a partner's own scores
    /// known too, for the protected totals).
    func testGeneratedJourneysPublishNothingTheyMayNot() throws {
        let script = EndToEnd.repository.appendingPathComponent("tools/disclosure/check_journey.py").path
        for seed in [1, 2] {
            let run = try EndToEnd.run(
                executable: "/usr/bin/env",
                ["python3", script, EndToEnd.binary.path, "--count", "20", "--seed", String(seed)])
            XCTAssertEqual(run.status, 0, "seed \(seed):\n\(run.stdout)\(run.stderr)")
            XCTAssertTrue(run.stdout.contains("20 surveys checked"), run.stdout)
            for counted in ["partner figures", "national figures", "recoveries tried"] {
                XCTAssertFalse(
                    run.stdout.contains("(0 \(counted)") || run.stdout.contains(", 0 \(counted)"),
                    "the surveys exercise \(counted): \(run.stdout)")
            }
        }
    }
}
