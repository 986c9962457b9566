import Foundation
import XCTest

@testable import ReadinessCore

/// The streaming read: a file read from disk in two halves gives exactly what one
/// sequential read of the same bytes in memory gives, whatever the duplicates, the size or
/// the encoding.
final class StreamingReadTests: XCTestCase {
    let header = "ResponseId,Org,RecordedDate,role,C1,C2,C3,C4,C5,I1,K1\n"
    /// A small window, so that validation and page release run many times.
    let reader = ResponseReader(
        instrument: TestInstrument.instrument(), register: TestInstrument.register(),
        opens: CalendarDate(year: 2024, month: 1, day: 1),
        closes: CalendarDate(year: 2024, month: 1, day: 31), window: 1 << 16)

    /// A deterministic file of `rows` rows whose ids repeat far apart, so that duplicates
    /// straddle the halves, with and without dates, ties, and the odd quoted id.
    func survey(rows: Int, seed: UInt64 = 7) -> String {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var text = header
        for row in 0..<rows {
            let id = next(4) == 0 ? "r\(next(rows / 3 + 1))" : "u\(row)"
            let quotedID = next(10) == 0 ? "\"\(id)\"" : id
            let organisation = ["A", "B", "C"][next(3)]
            let date = [String](arrayLiteral: "", "2024-01-1\(next(10))", "2024-01-10T0\(next(10)):00:00Z", "bad")[
                next(4)]
            let answers = (0..<6).map { _ in ["", "1", "2", "3", "4", "5", "Don't know", "agree"][next(8)] }
            let knowledge = ["", "true", "false", "Don't know"][next(4)]
            text +=
                "\(quotedID),\(organisation),\(date),\(["", "senior leader", "x"][next(3)]),\(answers.joined(separator: ",")),\(knowledge)\n"
        }
        return text
    }

    func assertSame(_ a: WaveResponses, _ b: WaveResponses, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.rejects, b.rejects, file: file, line: line)
        var (qa, qb) = (a.quality, b.quality)
        (qa.encoding, qb.encoding) = (.utf8, .utf8)
        XCTAssertEqual(qa, qb, file: file, line: line)
        XCTAssertEqual(a.scored, b.scored, file: file, line: line)
        let scorer = WaveScorer(instrument: TestInstrument.instrument())
        let x = scorer.scores(a.tally), y = scorer.scores(b.tally)
        XCTAssertEqual(x.organisations, y.organisations, file: file, line: line)
        XCTAssertEqual(x.nationalItems, y.nationalItems, file: file, line: line)
        XCTAssertEqual(x.reliability, y.reliability, file: file, line: line)
        XCTAssertEqual(x.roles, y.roles, file: file, line: line)
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let path = try TestFiles.temporaryFolder(self, "streaming").appendingPathComponent("responses.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testHalvesFromDiskEqualOneSequentialReadInMemory() throws {
        for rows in [1, 2, 7, 300, 5000] {
            let bytes = Array(survey(rows: rows, seed: UInt64(rows)).utf8)
            let sequential = reader.read(bytes, file: "f", parallelism: .never, keepRows: true)
            let halves = reader.read(bytes, file: "f", parallelism: .always, keepRows: true)
            assertSame(sequential, halves)
            XCTAssertEqual(sequential.rows, halves.rows, "rows \(rows)")
            let fromDisk = try reader.read(path: try write(bytes), file: "f", parallelism: .always)
            assertSame(sequential, fromDisk)
            XCTAssertEqual(sequential.scored + sequential.rejects.count, sequential.quality.rowsRead)
        }
    }

    func testDuplicatesAcrossTheHalvesKeepTheWinnerOfTheRule() throws {
        // Line 2 (later instant) beats line 5 in the other half; line 6 ties line 3 and wins as the later row;
        // line 7 has no date and loses to line 4.
        let rows = [
            "d1,A,2024-01-20,,4,4,4,4,4,4,true",
            "d2,A,2024-01-10,,3,3,3,3,3,3,true",
            "d3,B,,,2,2,2,2,2,2,true",
            "pad1,A,2024-01-10,,1,1,1,1,1,1,true",
            "d1,A,2024-01-19,,5,5,5,5,5,5,true",
            "d2,B,2024-01-10,,1,2,3,4,5,1,false",
            "d3,C,,,5,4,3,2,1,5,false",
            "pad2,A,2024-01-10,,1,1,1,1,1,1,true",
        ]
        let bytes = Array((header + rows.joined(separator: "\n") + "\n").utf8)
        for parallelism in Parallelism.allCases {
            let read = reader.read(bytes, file: "f", parallelism: parallelism, keepRows: true)
            XCTAssertEqual(read.rejects.map(\.line), [3, 4, 6], "\(parallelism)")
            XCTAssertEqual(
                read.rejects.map(\.detail),
                [
                    "response_id also on line 7, which wins",
                    "response_id also on line 8, which wins",
                    "response_id also on line 2, which wins",
                ])
            XCTAssertEqual(read.rows?.map(\.organisation), [0, 0, 1, 2, 0], "\(parallelism)")
        }
    }

    func testLargeFileWithInvalidUTF8AtTheEndIsReadAsWindows1252() throws {
        // Past many windows of validation; one 0xE9 (é in Windows-1252) in the last row's role.
        let text = survey(rows: 20_000, seed: 3)
        let bytes =
            Array(text.utf8) + Array("late,A,2024-01-10,S".utf8) + [0xE9] + Array("nior,4,4,4,4,4,4,true\n".utf8)
        XCTAssertGreaterThan(bytes.count, 10 * reader.window)
        let fromDisk = try reader.read(path: try write(bytes), file: "f", parallelism: .always)
        XCTAssertEqual(fromDisk.quality.encoding, .windows1252)
        let decoded = TextDecoding.utf8(from: bytes)
        XCTAssertEqual(decoded.encoding, .windows1252)
        assertSame(fromDisk, reader.read(decoded.bytes, file: "f", parallelism: .never))
        XCTAssertEqual(fromDisk.quality.invalidRoles, reader.read(Array(text.utf8), file: "f").quality.invalidRoles + 1)
    }

    func testLargeValidFileStreamsAsUTF8() throws {
        let bytes = Array(survey(rows: 20_000, seed: 11).utf8)
        let fromDisk = try reader.read(path: try write([0xEF, 0xBB, 0xBF] + bytes), file: "f", parallelism: .always)
        XCTAssertEqual(fromDisk.quality.encoding, .utf8BOM)
        assertSame(fromDisk, reader.read(bytes, file: "f", parallelism: .never))
    }

    func testMissingFileIsAFatalErrorNamingIt() {
        XCTAssertThrowsError(try reader.read(path: "/nonexistent/responses.csv", file: "f")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/responses.csv"))
        }
    }
}

extension StreamingReadTests {
    /// Every split point of many small files: the halves meet at a different row each time.
    func testHalvesEqualOneReadForManySmallFiles() {
        for rows in 2..<300 {
            let bytes = Array(survey(rows: rows, seed: UInt64(rows)).utf8)
            assertSame(
                reader.read(bytes, file: "f", parallelism: .never),
                reader.read(bytes, file: "f", parallelism: .always))
        }
    }
}
