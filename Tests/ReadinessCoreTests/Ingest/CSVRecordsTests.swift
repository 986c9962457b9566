import XCTest

@testable import ReadinessCore

final class CSVRecordsTests: XCTestCase {
    func records(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) -> [CSVRecord] {
        CSVRecordReader(delimiter: delimiter).records(in: Array(text.utf8))
    }

    func testRecordsAndLines() {
        let cases: [(input: String, expected: [(line: Int, fields: [String])])] = [
            ("a,b\n1,2\n", [(1, ["a", "b"]), (2, ["1", "2"])]),
            ("a,b\r\n1,2\r\n", [(1, ["a", "b"]), (2, ["1", "2"])]),
            ("a,b\r1,2\r", [(1, ["a", "b"]), (2, ["1", "2"])]),
            // An empty line is skipped but counted.
            ("a,b\n\n1,2", [(1, ["a", "b"]), (3, ["1", "2"])]),
            ("a,b\r\n\r\n\r\n1,2", [(1, ["a", "b"]), (4, ["1", "2"])]),
            // A line of spaces is a one-field record.
            ("a,b\n  \n1,2", [(1, ["a", "b"]), (2, ["  "]), (3, ["1", "2"])]),
            // Quoted commas, doubled quotes, newlines inside quotes counted as lines.
            ("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", [(1, ["a", "b"]), (2, ["x,y", "say \"hi\""])]),
            ("a,b\n\"one\ntwo\",3\n4,5", [(1, ["a", "b"]), (2, ["one\ntwo", "3"]), (4, ["4", "5"])]),
            ("a,b\n\"one\r\ntwo\",3\r\n4,5", [(1, ["a", "b"]), (2, ["one\r\ntwo", "3"]), (4, ["4", "5"])]),
            ("a,b\n\"one\rtwo\",3\r4,5", [(1, ["a", "b"]), (2, ["one\rtwo", "3"]), (4, ["4", "5"])]),
            // A quote inside an unquoted field is literal; text after a closing quote is appended.
            ("a,b\nx\"y,2\n", [(1, ["a", "b"]), (2, ["x\"y", "2"])]),
            ("a,b\n\"x\"yz\"w,2\n", [(1, ["a", "b"]), (2, ["xyz\"w", "2"])]),
            // Trailing delimiter gives an empty last field.
            ("a,b,\n", [(1, ["a", "b", ""])]),
            (",\n", [(1, ["", ""])]),
        ]
        for (input, expected) in cases {
            let got = records(input)
            XCTAssertEqual(got.map(\.line), expected.map(\.line), "lines of \(input.debugDescription)")
            XCTAssertEqual(got.map(\.fields), expected.map(\.fields), "fields of \(input.debugDescription)")
            XCTAssertFalse(got.contains(where: \.unterminatedQuote), input.debugDescription)
        }
    }

    func testUnterminatedQuoteSwallowsTheRest() {
        let got = records("a,b\n1,2\n\"open,3\n4,5\n6,7\n")
        XCTAssertEqual(got.count, 3)
        XCTAssertEqual(got[2].line, 3)
        XCTAssertTrue(got[2].unterminatedQuote)
    }

    func testDelimiterDetection() {
        let cases: [(String, UInt8)] = [
            ("a,b,c\n", UInt8(ascii: ",")),
            ("a;b;c\n1,2,3,4,5\n", UInt8(ascii: ";")),
            ("a\tb\tc\n", UInt8(ascii: "\t")),
            ("a;b,c\n", UInt8(ascii: ",")),  // tie: comma first
            ("a;b\tc\n", UInt8(ascii: ";")),  // tie: semicolon before tab
            ("abc\n", UInt8(ascii: ",")),  // none: comma
            ("\"a;b;c\",d\n", UInt8(ascii: ",")),  // inside quotes not counted
            ("\n\na;b\n", UInt8(ascii: ";")),  // first non-empty line
        ]
        for (input, expected) in cases {
            XCTAssertEqual(CSVRecordReader.detectDelimiter(Array(input.utf8)), expected, input.debugDescription)
        }
    }

    func testSemicolonAndTabRecords() {
        XCTAssertEqual(
            records("a;b\n1;\"2;3\"\n", delimiter: UInt8(ascii: ";")).map(\.fields), [["a", "b"], ["1", "2;3"]])
        XCTAssertEqual(
            records("a\tb\n1\t2\n", delimiter: UInt8(ascii: "\t")).map(\.fields), [["a", "b"], ["1", "2"]])
    }
}
