import XCTest
@testable import ReadinessCore

final class SubmissionDateTests: XCTestCase {
    func testForms() {
        // Expected instants from Python: int(datetime.fromisoformat(s).replace(tzinfo=...).timestamp()).
        let cases: [(String, String, Int64)] = [
            ("2024-03-05", "2024-03-05", 1_709_596_800),
            ("2024-03-05T10:30", "2024-03-05", 1_709_634_600),
            ("2024-03-05 10:30:15", "2024-03-05", 1_709_634_615),
            ("2024-03-05T10:30:15Z", "2024-03-05", 1_709_634_615),
            ("2024-03-05T10:30:15+01:00", "2024-03-05", 1_709_631_015),
            ("2024-03-05T00:30-02:30", "2024-03-05", 1_709_607_600),
            ("05/03/2024", "2024-03-05", 1_709_596_800),
            ("05/03/2024 10:30", "2024-03-05", 1_709_634_600),
            ("29/02/2024 23:59:59", "2024-02-29", 1_709_251_199),
        ]
        for (text, date, instant) in cases {
            let parsed = SubmissionDate.parse(text)
            XCTAssertEqual(parsed?.date.description, date, text)
            XCTAssertEqual(parsed?.instant, instant, text)
        }
    }

    func testUnparseable() {
        for text in ["2024-1-05", "2024-02-30", "2023-02-29", "31/02/2024", "5/3/2024", "2024-03-05T10", "2024-03-05T24:00",
                     "2024-03-05T10:60", "2024-03-05T10:30:15.5", "2024-03-05T10:30+0100", "05/03/2024 10:30Z",
                     "05/03/2024T10:30", "2024-03-05  10:30", "2024/03/05", "0000-01-01", "tomorrow", "",
                     "2024-03-05T10:30:15+24:00", "2024-03-05t10:30"] {
            XCTAssertNil(SubmissionDate.parse(text), text)
        }
    }
}
