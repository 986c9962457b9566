import XCTest

@testable import ReadinessCore

final class ResponseReaderTests: XCTestCase {
    let header = "response_id,organisation_id,submitted_at,role,C1,C2,C3,C4,C5,I1,K1,Comments\n"

    func testEveryRejectReasonAndTheAccountingEquation() {
        let csv =
            header + """
                r1,A,2024-01-10,,4,2,4,4,2,3,false,fine
                r2,A,2024-01-10,,4,2
                ,A,2024-01-10,,4,2,4,4,2,3,false,
                r3,ZZ,2024-01-10,,4,2,4,4,2,3,false,
                r4,a,2024-01-10,,4,2,4,4,2,3,false,
                r5,A,2024-02-01,,4,2,4,4,2,3,false,
                r6,A,2023-12-31T23:59,,4,2,4,4,2,3,false,
                r7,A,2024-01-10,,,N/A,DK,9,x,,,
                r1,A,2024-01-09,,5,5,5,5,5,5,true,
                r8,B,not a date,,4,2,4,4,2,3,false,
                """
        let read = TestInstrument.read(csv)
        XCTAssertEqual(read.quality.rowsRead, 10)
        XCTAssertEqual(read.scored + read.rejects.count, read.quality.rowsRead)
        XCTAssertEqual(read.rejects.map(\.line), [3, 4, 5, 6, 7, 8, 9, 10])
        XCTAssertEqual(
            read.rejects.map(\.reason),
            [
                .malformedRow, .missingResponseID, .unknownOrganisation, .unknownOrganisation, .outsideWaveWindow,
                .outsideWaveWindow, .emptyResponse, .duplicateSuperseded,
            ])
        XCTAssertEqual(read.rejects[0].responseID, "r2")
        XCTAssertEqual(read.scored, 2)
        // r7's "9" and "x" are invalid but r7 is rejected, so they are not counted.
        XCTAssertEqual(read.quality.invalidValues.reduce(0, +), 0)
        XCTAssertEqual(read.quality.unparseableDates, 1)
        XCTAssertEqual(read.quality.unknownColumns, ["Comments"])
    }

    func testDuplicates() {
        let csv =
            header + """
                d1,A,2024-01-10T10:00,,1,1,1,1,1,1,,
                d1,A,2024-01-10T09:00,,2,2,2,2,2,2,,
                d2,A,,,1,1,1,1,1,1,,
                d2,A,2024-01-05,,2,2,2,2,2,2,,
                d2,A,,,3,3,3,3,3,3,,
                d3,A,2024-01-10T10:00+01:00,,1,1,1,1,1,1,,
                d3,A,2024-01-10T09:30Z,,2,2,2,2,2,2,,
                d4,A,2024-01-10,,1,1,1,1,1,1,,
                d4,A,10/01/2024,,2,2,2,2,2,2,,
                """
        let read = TestInstrument.read(csv)
        XCTAssertEqual(read.rows!.map { $0.answers[0] }, [1, 2, 2, 2])
        XCTAssertEqual(Set(read.rejects.map(\.line)), [3, 4, 6, 7, 9])
        XCTAssertTrue(read.rejects.allSatisfy { $0.reason == .duplicateSuperseded })
    }

    func testAliasesLabelsQualtricsAndDuplicateHeaders() {
        let csv = """
            ResponseId,Org,RecordedDate,C1,CUL[SQ003],Q7_1,c1
            "Response ID","Organisation","Recorded",x,y,z,w
            "{""ImportId"":""_recordId""}","{""ImportId"":""org""}",a,b,c,d,e
            q1,A,2024-01-15,Strongly agree,agree,Don’t know,1
            """
        let read = TestInstrument.read(csv)
        XCTAssertTrue(read.quality.qualtricsHeaderSkipped)
        XCTAssertEqual(read.quality.rowsRead, 1)
        XCTAssertEqual(read.quality.duplicateHeaders, ["c1#2"], "a repeated heading is named by occurrence (SPEC §8.8)")
        XCTAssertEqual(read.rows!.first?.answers, [5, 0, 4, 0, 0, 0, Answer.knowledgeDontKnow])
        XCTAssertEqual(read.quality.itemsWithoutColumn, ["C2", "C4", "C5", "I1"])
    }

    func testStraightLining() {
        let csv =
            header + """
                s1,A,,,3,3,3,3,3,3,true,
                s2,A,,,3,3,3,3,,,true,
                s3,A,,,3,3,3,3,3,4,true,
                s4,A,,,Neither agree nor disagree,3,3,3,3,,,
                """
        let read = TestInstrument.read(csv)
        // s1: six items all 3 with reverse and non-reverse; s4 uses a label for the same raw value.
        XCTAssertEqual(read.quality.straightLiners, 2)
    }

    func testRolesAndInvalidValues() {
        let csv =
            header + """
                v1,A,,senior LEADER,4,x,4,4,4,4,maybe,
                v2,A,,Chief,4,4,4,4,4,4,,
                """
        let read = TestInstrument.read(csv)
        XCTAssertEqual(read.rows!.map(\.role), [1, nil])
        XCTAssertEqual(read.quality.invalidRoles, 1)
        XCTAssertEqual(read.quality.invalidValues, [0, 1, 0, 0, 0, 0, 1])
    }

    func testMissingRequiredColumnNamesTheClosestHeader() {
        let problem = ResponseReader.headerProblem(
            Array("respondent_id,organisation,C1\n".utf8), file: "w/responses.csv",
            instrument: TestInstrument.instrument())
        XCTAssertNotNil(problem)
        XCTAssertTrue(problem!.description.hasPrefix("w/responses.csv:1:1: error: missing required column response_id"))
        XCTAssertTrue(problem!.message.contains("closest header: 'respondent_id'"), problem!.message)
        XCTAssertTrue(
            problem!.message.contains("header found: 'respondent_id', 'organisation', 'C1'"), problem!.message)
    }

    /// The header is decoded as the whole file would be, from the file's start only; a
    /// header longer than that start is decoded from the whole file.
    func testHeaderCheckDecodesOnlyWhatItNeedsAsTheWholeFile() {
        let instrument = TestInstrument.instrument()
        func utf16(_ text: String) -> [UInt8] {
            [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
        let body = String(repeating: "r,A,1\n", count: 300_000)
        XCTAssertNil(
            ResponseReader.headerProblem(utf16("ResponseId,Org,C1\n" + body), file: "f", instrument: instrument))
        let missing = ResponseReader.headerProblem(utf16("Réponse,Org,C1\n" + body), file: "f", instrument: instrument)
        XCTAssertTrue(
            missing?.message.contains("header found: 'Réponse', 'Org', 'C1'") ?? false, missing?.message ?? "nil")
        // Invalid UTF-8 far after the header makes the whole file Windows-1252, the header too.
        let cp1252 = Array("R\u{E9}ponse,Org,C1\n".utf8) + Array(body.utf8) + [0xE9, 0x0A]
        let decoded = ResponseReader.headerProblem(cp1252, file: "f", instrument: instrument)
        XCTAssertTrue(
            decoded?.message.contains("header found: 'RÃ©ponse', 'Org', 'C1'") ?? false, decoded?.message ?? "nil")
        // A header of more than 1 MB (a quoted name with line breaks) is read from the whole file.
        let long = "\"" + String(repeating: "x\n", count: 600_000) + "\",ResponseId,Org\n"
        XCTAssertNil(ResponseReader.headerProblem(utf16(long + "r,A,1\n"), file: "f", instrument: instrument))
        let longMissing = ResponseReader.headerProblem(
            utf16(long.replacingOccurrences(of: "Org", with: "Organ") + "r,A,1\n"),
            file: "f", instrument: instrument)
        XCTAssertTrue(longMissing?.message.contains("'Organ'") ?? false, longMissing?.message ?? "nil")
    }
}
