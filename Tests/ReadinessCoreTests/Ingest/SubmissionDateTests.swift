import XCTest

@testable import ReadinessCore

/// SPEC §8.6's forms of submitted_at (which replace §2.3's list).
final class SubmissionDateTests: XCTestCase {
    func testForms() {
        // Expected instants from Python:
        // int(datetime(y, mo, d, h, mi, s, tzinfo=timezone(timedelta(seconds=offset))).timestamp()).
        let dmy: [(String, String, Int64)] = [
            ("2024-03-05", "2024-03-05", 1_709_596_800),
            ("2024-03-05T10:30", "2024-03-05", 1_709_634_600),
            ("2024-03-05 10:30:15", "2024-03-05", 1_709_634_615),
            ("2024-03-05T10:30:15Z", "2024-03-05", 1_709_634_615),
            ("2024-03-05T10:30:15+01:00", "2024-03-05", 1_709_631_015),
            ("2024-03-05T00:30-02:30", "2024-03-05", 1_709_607_600),
            ("05/03/2024", "2024-03-05", 1_709_596_800),
            ("05/03/2024 10:30", "2024-03-05", 1_709_634_600),
            ("29/02/2024 23:59:59", "2024-02-29", 1_709_251_199),
            // New in §8.6: one-digit parts, YYYY/M/D, two-digit years, ±HHMM, names, AM/PM.
            ("5/3/2024", "2024-03-05", 1_709_596_800),
            ("5/3/2024 10:30Z", "2024-03-05", 1_709_634_600),
            ("2024/03/05", "2024-03-05", 1_709_596_800),
            ("2020/10/30 3:08:44 PM GMT+1", "2020-10-30", 1_604_066_924),
            ("2024-03-05T10:30+0100", "2024-03-05", 1_709_631_000),
            ("2024-03-05 10:30 -0530", "2024-03-05", 1_709_654_400),
            ("2024-03-05 10:30 PST", "2024-03-05", 1_709_663_400),
            ("2024-03-05 10:30 bst", "2024-03-05", 1_709_631_000),
            ("2024-03-05 10:30 UTC-05:30", "2024-03-05", 1_709_654_400),
            ("2024-03-05T9:05", "2024-03-05", 1_709_629_500),
            ("2024-03-05 10:30 +14:00", "2024-03-05", 1_709_584_200),
            ("2024-03-05 10:30pm EEST", "2024-03-05", 1_709_667_000),
            ("2024-03-05  10:30", "2024-03-05", 1_709_634_600),
            ("2024-03-05\u{A0}10:30", "2024-03-05", 1_709_634_600),
        ]
        for (text, date, instant) in dmy {
            let parsed = SubmissionDate.parse(text)
            XCTAssertEqual(parsed?.date.description, date, text)
            XCTAssertEqual(parsed?.instant, instant, text)
            XCTAssertEqual(parsed?.unrecognisedZone, false, text)
        }
        let mdy: [(String, String, Int64)] = [
            ("12/31/2024 12:30 AM", "2024-12-31", 1_735_605_000),
            ("12/13/2018 11:06:09", "2018-12-13", 1_544_699_169),
            ("4/9/2025 0:13:09", "2025-04-09", 1_744_157_589),
            ("11/19/2020 9:23:12 AM", "2020-11-19", 1_605_777_792),
            ("11/19/2020 9:23:12\u{202F}AM", "2020-11-19", 1_605_777_792),
            ("1/9/2019 20:30:20", "2019-01-09", 1_547_065_820),
            ("12/12/24 12:00 PM", "2024-12-12", 1_734_004_800),
            ("2020/10/30 3:08:44 PM GMT+1", "2020-10-30", 1_604_066_924),
        ]
        for (text, date, instant) in mdy {
            let parsed = SubmissionDate.parse(text, order: .mdy)
            XCTAssertEqual(parsed?.date.description, date, text)
            XCTAssertEqual(parsed?.instant, instant, text)
        }
    }

    func testUnknownZoneNamesAreReadAsUTCAndSaid() {
        let parsed = SubmissionDate.parse("2024-03-05 10:30 XYZ")
        XCTAssertEqual(parsed?.instant, 1_709_634_600)
        XCTAssertEqual(parsed?.unrecognisedZone, true)
        XCTAssertEqual(SubmissionDate.parse("2024-03-05 10:30 AEST")?.unrecognisedZone, true)
        // AM or PM right after the clock is the meridiem when a zone (or nothing) follows;
        // else the letters are a zone name (as a regular expression reads the grammar).
        XCTAssertEqual(
            SubmissionDate.parse("2024-03-05 10:30 AM PM"),
            SubmissionDate(
                date: CalendarDate(year: 2024, month: 3, day: 5),
                instant: 1_709_634_600, unrecognisedZone: true))
        XCTAssertEqual(
            SubmissionDate.parse("20/10/30 3:08:44PMPM")?.instant, SubmissionDate.parse("2030-10-20 15:08:44")?.instant)
        XCTAssertEqual(
            SubmissionDate.parse("2024-03-05 10:30 AMT"),
            SubmissionDate(
                date: CalendarDate(year: 2024, month: 3, day: 5),
                instant: 1_709_634_600, unrecognisedZone: true))
    }

    func testUnparseable() {
        for text in [
            "2024-1-05", "2024-02-30", "2023-02-29", "31/02/2024", "2024-03-05T10", "2024-03-05T24:00",
            "2024-03-05T10:60", "2024-03-05T10:30:15.5", "05/03/2024T10:30", "0000-01-01", "tomorrow", "",
            "2024-03-05T10:30:15+24:00", "2024-03-05t10:30", "2024-03-05 10:30 +14:01", "2024-03-05 10:30 -15:00",
            "2024-03-05 13:00 PM", "2024-03-05 0:30 AM", "5/3/024", "5/3/20245", "123/3/2024", "5/3",
            "2024-03-05 10:30 Z1", "2024-03-05 10:30 ABCDEF", "2024-03-05 10:30 A", "2024-03-05 10:30 +1",
            "2024-03-05 10:30 GMT+123", "2024-03-05 1030", "2024-03-05 10:5", "2024/3/5T10:30",
        ] {
            XCTAssertNil(SubmissionDate.parse(text), text)
        }
        // A value contradicting the order is not a real date under it.
        XCTAssertNil(SubmissionDate.parse("12/13/2018", order: .dmy))
        XCTAssertNil(SubmissionDate.parse("13/12/2018", order: .mdy))
    }

    func testDayMonthNumbersForTheAutoOrder() {
        func numbers(_ text: String) -> [Int]? {
            var text = text
            return text.withUTF8 { SubmissionDate.dayMonthNumbers($0).map { [$0.a, $0.b] } }
        }
        XCTAssertEqual(numbers("12/13/2018 11:06:09"), [12, 13])
        XCTAssertEqual(numbers("4/9/25"), [4, 9])
        XCTAssertNil(numbers("2024/03/05"))
        XCTAssertNil(numbers("2024-03-05"))
        XCTAssertNil(numbers("4/9/202"))
        XCTAssertNil(numbers("4/9/2025x"))
    }
}
