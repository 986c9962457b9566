import Foundation
import XCTest

/// Opens every workbook written for the sample with openpyxl and checks every score, n and
/// percentage against the centre CSVs, and every chart's series against its cells
/// (tools/check_workbooks.py).
///
/// `scripts/setup` installs openpyxl.
final class WorkbookReadBackTests: XCTestCase {
    func testEveryWorkbookAgreesWithTheCSVs() throws {
        let out = try EndToEnd.temporaryFolder(self)
        let run = try EndToEnd.run([
            "run", "--surveys", EndToEnd.repository.appendingPathComponent("Surveys").path,
            "--out", out.path, "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let check = try EndToEnd.run(
            executable: "/usr/bin/env",
            ["python3", EndToEnd.repository.appendingPathComponent("tools/check_workbooks.py").path, out.path])
        XCTAssertEqual(
            check.status, 0,
            "openpyxl read-back found problems (run scripts/setup "
                + "if openpyxl is missing):\n\(check.stdout)\(check.stderr)"
        )
        XCTAssertTrue(check.stdout.contains("136 workbooks"), check.stdout)
    }
}
