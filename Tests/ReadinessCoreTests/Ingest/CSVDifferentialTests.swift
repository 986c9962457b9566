import Foundation
import XCTest

@testable import ReadinessCore

/// The CSV reader against Python's `csv` module on thousands of generated files.
///
/// `Fixtures/csv-differential.jsonl` comes from `tools/fuzz/csv_differential.py`: random
/// small files (quotes, doubled quotes, `,` `;` tab, CR/LF/CRLF inside and outside quotes,
/// empty lines, BOMs, UTF-16, Windows-1252, mutated bytes) with the records that SPEC §7
/// decoding and delimiter detection followed by `csv.reader` give. Fields are compared as
/// UTF-8 bytes, because Swift's `==` on strings would treat `é` and `e` + U+0301 as equal.
final class CSVDifferentialTests: XCTestCase {
    struct Case: Decodable {
        struct Record: Decodable {
            var line: Int
            var fields: [String]
        }

        var id: Int
        var kind: String
        var bytes: String
        var encoding: String
        var delimiter: String
        var records: [Record]
        /// Python ended inside an open quote: the last record is SPEC's unterminated one.
        var unterminated: Bool
    }

    /// The committed corpus, or the file named by `CSV_DIFFERENTIAL_CORPUS` for a bigger run
    /// (`python3 tools/fuzz/csv_differential.py --count 100000 --out /tmp/big.jsonl`).
    func corpus() throws -> (cases: [Case], bundled: Bool) {
        if let path = ProcessInfo.processInfo.environment["CSV_DIFFERENTIAL_CORPUS"], !path.isEmpty {
            return (try decode(Data(contentsOf: URL(fileURLWithPath: path))), false)
        }
        let url = try XCTUnwrap(
            Bundle.module.url(
                forResource: "csv-differential", withExtension: "jsonl",
                subdirectory: "Fixtures"),
            "run tools/fuzz/csv_differential.py to create the corpus")
        return (try decode(Data(contentsOf: url)), true)
    }

    func decode(_ data: Data) throws -> [Case] {
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(Case.self, from: Data($0)) }
    }

    func testReaderAgreesWithPythonCSV() throws {
        let (cases, bundled) = try corpus()
        if bundled {
            XCTAssertGreaterThanOrEqual(cases.count, 3000, "the corpus should hold thousands of files")
            // The corpus must keep exercising what it was made for.
            XCTAssertGreaterThan(cases.filter(\.unterminated).count, 100)
            XCTAssertGreaterThan(cases.filter { $0.encoding.hasPrefix("utf16") }.count, 300)
            XCTAssertGreaterThan(cases.filter { $0.encoding == "windows1252" }.count, 300)
        }

        var problems: [String] = []
        var recordsCompared = 0
        for entry in cases {
            let bytes = try [UInt8](XCTUnwrap(Data(base64Encoded: entry.bytes), "case \(entry.id): base64"))
            let decoded = TextDecoding.utf8(from: bytes)
            let label = "case \(entry.id) (\(entry.kind)) bytes base64 \(entry.bytes)"
            if "\(decoded.encoding)" != entry.encoding {
                problems.append("\(label): encoding \(decoded.encoding), expected \(entry.encoding)")
            }
            let expectedDelimiter = UInt8(ascii: entry.delimiter.unicodeScalars.first!)
            let detected = CSVRecordReader.detectDelimiter(decoded.bytes)
            if detected != expectedDelimiter {
                problems.append(
                    "\(label): delimiter \(Unicode.Scalar(detected).escaped(asASCII: true)), "
                        + "expected \(entry.delimiter.debugDescription)")
            }
            // Records are read with SPEC's delimiter, so one detection slip is one problem.
            let records = CSVRecordReader(delimiter: expectedDelimiter).records(in: decoded.bytes)
            recordsCompared += records.count
            let expectedFlags = entry.records.indices.map { entry.unterminated && $0 == entry.records.count - 1 }
            let gotFields = records.map { $0.fields.map { Array($0.utf8) } }
            let wantFields = entry.records.map { $0.fields.map { Array($0.utf8) } }
            if gotFields != wantFields {
                problems.append("\(label): fields \(records.map(\.fields)), expected \(entry.records.map(\.fields))")
            } else if records.map(\.line) != entry.records.map(\.line) {
                problems.append("\(label): lines \(records.map(\.line)), expected \(entry.records.map(\.line))")
            } else if records.map(\.unterminatedQuote) != expectedFlags {
                problems.append(
                    "\(label): unterminated flags \(records.map(\.unterminatedQuote)), expected \(expectedFlags)")
            }
        }
        for problem in problems.prefix(20) { XCTFail(problem) }
        XCTAssertEqual(problems.count, 0, "\(problems.count) of \(cases.count) files differ from Python's csv")
        XCTAssertGreaterThan(recordsCompared, bundled ? 5000 : 0)
    }
}
