import Foundation
import XCTest

@testable import ReadinessCore

/// How findings are written (issue 11): `centre/findings.csv` keeps a spreadsheet from running
/// a cell as a formula and quotes each detail as SPEC §7 quotes any text; the centre workbook's
/// Findings sheet shows at most `Workbooks.findingsShown` rows and says where the rest are.
final class FindingsOutputTests: XCTestCase {
    static func finding(
        _ line: Int, value: String = "x", responseID: String = "r1", detail: String = "item C1: expected 1, 2 or 3"
    ) -> Finding {
        Finding(line: line, column: 4, responseID: responseID, kind: .invalidValue, value: value, detail: detail)
    }

    func testFindingsCSVIsInertAndQuoted() {
        let rows = [
            Self.finding(2, value: "=HYPERLINK(\"http://x.example\")", responseID: "@r1"),
            Self.finding(3, value: "-1", responseID: "r2"),
            Self.finding(4, value: "'quoted", responseID: "+44"),
            Self.finding(5, value: "plain", responseID: "r4", detail: "a, b \"c\""),
            Self.finding(6, value: "a=b", responseID: "r5", detail: "a, b \"c\""),
        ]
        let text = String(decoding: CentreCSV.findings(rows), as: UTF8.self)
        let detail = "\"item C1: expected 1, 2 or 3\""
        XCTAssertEqual(
            text,
            "line,column,response_id,kind,value,detail\n"
                + "2,4,'@r1,invalid_value,\"'=HYPERLINK(\"\"http://x.example\"\")\",\(detail)\n"
                + "3,4,r2,invalid_value,'-1,\(detail)\n"
                + "4,4,'+44,invalid_value,''quoted,\(detail)\n"
                + "5,4,r4,invalid_value,plain,\"a, b \"\"c\"\"\"\n"
                + "6,4,r5,invalid_value,a=b,\"a, b \"\"c\"\"\"\n")
    }

    func centreView() throws -> CentreView {
        let folder = EndToEndFolder.sample
        let analysis = try XCTUnwrap(Pipeline.analyse(SurveyLoader.load(from: folder)).first)
        return Disclosure(analysis, signatory: analysis.register.organisations.map { _ in false }).centre()
    }

    func testTheFindingsSheetShowsTheFirstTenThousandAndSaysWhereTheRestAre() throws {
        var view = try centreView()
        for count in [3, Workbooks.findingsShown, Workbooks.findingsShown + 1] {
            view.findings = (0..<count).map { Self.finding(2 + $0) }
            let sheet = try XCTUnwrap(Workbooks.centre(view).sheets.first { $0.name == "Findings" })
            XCTAssertEqual(sheet.rows.count, min(count, Workbooks.findingsShown), "\(count)")
            if count > Workbooks.findingsShown {
                XCTAssertEqual(
                    sheet.notes,
                    [
                        "The first 10000 of 10001 cells and columns of the responses file not read as written; "
                            + "centre/findings.csv lists every one."
                    ])
            } else {
                XCTAssertEqual(
                    sheet.notes,
                    ["Every cell and column of the responses file not read as written (centre/findings.csv)."])
            }
        }
    }
}

/// The bundled sample's surveys folder.
enum EndToEndFolder {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Surveys")
}
