import XCTest

@testable import ReadinessCore

/// The identifier rules, case by case: what may name a domain or item, an organisation
/// folder, a wave folder (SPEC §2.1, §2.2, §7), and what a case-insensitive or Windows
/// file system would make of it.
final class IdentifierTests: XCTestCase {
    func testInstrumentIDs() {
        let cases: [(String, Bool)] = [
            ("culture", true), ("C1", true), ("a_b_9", true), (String(repeating: "a", count: 32), true),
            (String(repeating: "a", count: 33), false), ("", false), ("1culture", false), ("_x", false), ("C-1", false),
            ("culture\n", false), ("culture\r\n", false), ("\nculture", false), ("cul\u{7}ture", false),
            ("K\u{0}", false),
            ("cultüre", false), ("C１", false), ("culture ", false), ("a.b", false),
        ]
        for (text, valid) in cases {
            XCTAssertEqual(Identifier.isInstrumentID(text), valid, text.debugDescription)
        }
    }

    func testOrganisationAndWaveIDs() {
        let organisations: [(String, Bool)] = [
            ("ORG-A", true), ("org_1", true), ("9x", true), (String(repeating: "a", count: 64), true),
            (String(repeating: "a", count: 65), false), ("-x", false), ("../x", false), ("a/b", false), ("a b", false),
            ("ORG1\n", false), ("ORG1\r", false), ("a.b", false), ("", false), ("ÖRG", false),
        ]
        for (text, valid) in organisations {
            XCTAssertEqual(Identifier.isOrganisationID(text), valid, text.debugDescription)
            XCTAssertEqual(Register.isValidID(text), valid, text.debugDescription)
        }
        let waves: [(String, Bool)] = [
            ("w1", true), ("2024.spring", true), ("follow-up_2", true), (".hidden", false), ("w1\n", false),
            ("a/b", false),
            ("..", false), ("", false),
        ]
        for (text, valid) in waves {
            XCTAssertEqual(Identifier.isWaveID(text), valid, text.debugDescription)
        }
    }

    func testWindowsDeviceNames() {
        let cases: [(String, String?)] = [
            ("CON", "CON"), ("con", "CON"), ("Prn", "PRN"), ("aux", "AUX"), ("NUL", "NUL"), ("COM1", "COM1"),
            ("com9", "COM9"), ("LPT1", "LPT1"), ("lpt9", "LPT9"), ("con.txt", "CON"), ("NUL.tar.gz", "NUL"),
            ("LPT1.final", "LPT1"), ("COM0", nil), ("COM10", nil), ("LPT", nil), ("CONSOLE", nil), ("CON-1", nil),
            ("ACON", nil), ("nully", nil), ("w1", nil),
        ]
        for (name, device) in cases {
            XCTAssertEqual(Identifier.reservedDeviceName(name), device, name)
        }
        XCTAssertNotNil(Identifier.waveFolderProblem("con.v2"))
        XCTAssertNotNil(Identifier.waveFolderProblem("w1."))
        XCTAssertNil(Identifier.waveFolderProblem("w1.1"))
    }

    func testFolderKeysFoldCase() {
        XCTAssertEqual(Identifier.folderKey("ORG-A"), Identifier.folderKey("org-a"))
        XCTAssertEqual(Identifier.folderKey("Wave.1"), "wave.1")
        XCTAssertNotEqual(Identifier.folderKey("ORG-A"), Identifier.folderKey("ORG-B"))
    }
}
