import Foundation
import XCTest

@testable import ReadinessCore

/// The XLSX reader against workbooks written by openpyxl and XlsxWriter (the Python twin of
/// libxlsxwriter), each compared cell by cell with the same data as CSV.
///
/// `Fixtures/xlsx-differential.jsonl` comes from `tools/xlsx/xlsx_differential.py`; the
/// expected texts are computed there from the values written (see its docstring), never
/// from this reader. Texts are compared as UTF-8 bytes (Swift's `==` would equate `é` and
/// `e` + U+0301).
final class XLSXDifferentialTests: XCTestCase {
    struct Case: Decodable {
        var id: Int
        var writer: String
        var date1904: Bool
        var sheet: String?
        var xlsx: String
        var csv: String
    }

    func corpus() throws -> (cases: [Case], bundled: Bool) {
        let data: Data
        var bundled = false
        if let path = ProcessInfo.processInfo.environment["XLSX_DIFFERENTIAL_CORPUS"], !path.isEmpty {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } else {
            let url = try XCTUnwrap(
                Bundle.module.url(forResource: "xlsx-differential", withExtension: "jsonl", subdirectory: "Fixtures"),
                "run tools/xlsx/xlsx_differential.py to create the corpus")
            data = try Data(contentsOf: url)
            bundled = true
        }
        let decoder = JSONDecoder()
        return (
            try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(Case.self, from: Data($0)) }, bundled
        )
    }

    func testReaderAgreesWithTheDataWritten() throws {
        let (cases, bundled) = try corpus()
        if bundled {
            XCTAssertEqual(cases.count, 200)
            XCTAssertEqual(Set(cases.map(\.writer)), ["openpyxl", "xlsxwriter", "xlsxwriter-constant"])
            XCTAssertGreaterThan(cases.filter(\.date1904).count, 20)
            XCTAssertGreaterThan(cases.filter { $0.sheet != nil }.count, 20)
        }
        let folder = try TestFiles.temporaryFolder(self, "xlsx-differential")
        var problems: [String] = []
        var cellsCompared = 0
        for entry in cases {
            let path = folder.appendingPathComponent("\(entry.id).xlsx").path
            _ = FileManager.default.createFile(atPath: path, contents: try XCTUnwrap(Data(base64Encoded: entry.xlsx)))
            let expected = CSVRecordReader(delimiter: UInt8(ascii: ",")).records(in: Array(entry.csv.utf8)).map {
                XLSXRecord(row: Int($0.fields[0])!, cells: Array($0.fields.dropFirst()))
            }
            let got: [XLSXRecord]
            do {
                got = try XLSXSheetReader(path: path, sheet: entry.sheet).records()
            } catch {
                problems.append("case \(entry.id) (\(entry.writer)): \(error)")
                continue
            }
            let same =
                got.count == expected.count
                && zip(got, expected).allSatisfy { mine, theirs in
                    mine.row == theirs.row && mine.cells.count == theirs.cells.count
                        && zip(mine.cells, theirs.cells).allSatisfy { Array($0.utf8) == Array($1.utf8) }
                }
            if same {
                cellsCompared += expected.reduce(0) { $0 + $1.cells.count }
            } else {
                problems.append(
                    "case \(entry.id) (\(entry.writer), sheet "
                        + "\(entry.sheet ?? "first")):\n  got      \(got)\n  expected \(expected)"
                )
            }
        }
        XCTAssert(
            problems.isEmpty, "\(problems.count) workbooks differ:\n" + problems.prefix(5).joined(separator: "\n"))
        XCTAssertGreaterThan(cellsCompared, 3000)
    }
}
