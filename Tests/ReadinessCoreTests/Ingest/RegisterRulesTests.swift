import XCTest

@testable import ReadinessCore

/// Register ids become folder names: unique ignoring case and never a Windows device name.
/// (Tested here directly because no case-insensitive file system could be mounted in the
/// test sandbox: see OutputFolderTests for the end-to-end folder checks.)
final class RegisterRulesTests: XCTestCase {
    func messages(_ rows: [String]) -> [String] {
        let text = (["organisation_id,name,sector,signatory"] + rows).joined(separator: "\n") + "\n"
        do {
            _ = try RegisterReader.read(Array(text.utf8), file: "organisations.csv")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    func testIDsThatDifferOnlyInCaseAreOneFolder() {
        XCTAssertEqual(
            messages(["ORG1,A,S,yes", "org1,B,S,no", "Org1,C,S,no", "ORG2,D,S,no", "ORG2,E,S,no"]),
            [
                "organisations.csv:3:1: error: organisation_id 'org1' differs only in case from 'ORG1' "
                    + "(line 2); their report folders would be one folder on a case-insensitive file system",
                "organisations.csv:4:1: error: organisation_id 'Org1' differs only in case from 'ORG1' "
                    + "(line 2); their report folders would be one folder on a case-insensitive file system",
                "organisations.csv:6:1: error: duplicate organisation_id 'ORG2' (first on line 5)",
            ])
    }

    func testWindowsDeviceNamesAreRefused() {
        let found = messages([
            "CON,A,S,yes", "aux,B,S,no", "Com3,C,S,no", "lpt1,D,S,no", "COM10,E,S,no", "CONSOLE,F,S,no",
        ])
        XCTAssertEqual(
            found,
            [
                "organisations.csv:2:1: error: organisation_id 'CON' is not allowed: "
                    + "CON names a device on Windows, so its folder could not be opened there",
                "organisations.csv:3:1: error: organisation_id 'aux' is not allowed: "
                    + "AUX names a device on Windows, so its folder could not be opened there",
                "organisations.csv:4:1: error: organisation_id 'Com3' is not allowed: "
                    + "COM3 names a device on Windows, so its folder could not be opened there",
                "organisations.csv:5:1: error: organisation_id 'lpt1' is not allowed: "
                    + "LPT1 names a device on Windows, so its folder could not be opened there",
            ])
    }

    func testAnIDHoldingALineBreakOrAControlIsRefused() {
        let found = messages(["\"ORG\n1\",A,S,yes", "\"ORG2\u{7}\",B,S,no"])
        XCTAssertEqual(found.count, 2, "\(found)")
        XCTAssertTrue(
            found.allSatisfy { $0.contains("is not allowed") && !$0.contains("\n") && !$0.contains("\u{7}") },
            "\(found)")
    }
}
