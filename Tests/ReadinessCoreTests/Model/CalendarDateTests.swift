import ReadinessCore
import XCTest

/// The one date type: days since 1970-01-01 both ways, weekends, workbook times, ISO text.
final class CalendarDateTests: XCTestCase {
    func testDaysSinceEpochBothWaysAndWeekends() {
        // Python: (datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days, date.weekday() >= 5
        let cases: [(year: Int, month: Int, day: Int, days: Int, weekend: Bool)] = [
            (1970, 1, 1, 0, false),
            (1969, 12, 31, -1, false),
            (2000, 2, 29, 11016, false),
            (2026, 1, 12, 20465, false),
            (2026, 1, 17, 20470, true),
            (1, 1, 1, -719_162, false),
        ]
        for date in cases {
            let calendar = CalendarDate(year: date.year, month: date.month, day: date.day)
            XCTAssertEqual(calendar.daysSinceEpoch, date.days, calendar.description)
            XCTAssertEqual(CalendarDate(daysSinceEpoch: date.days), calendar)
            XCTAssertEqual(calendar.isWeekend, date.weekend, calendar.description)
            XCTAssertEqual(calendar.adding(days: 1).adding(days: -1), calendar)
        }
        XCTAssertEqual(
            CalendarDate(year: 2024, month: 2, day: 28).adding(days: 1), CalendarDate(year: 2024, month: 2, day: 29))
        XCTAssertEqual(
            CalendarDate(year: 2023, month: 12, day: 31).adding(days: 1), CalendarDate(year: 2024, month: 1, day: 1))
    }

    func testSecondsSince1970OnlyForRealDates() {
        XCTAssertEqual(CalendarDate(year: 2026, month: 1, day: 12).secondsSince1970, 20465 * 86_400)
        XCTAssertNil(CalendarDate(year: 2026, month: 2, day: 29).secondsSince1970)
        XCTAssertNil(CalendarDate(year: 2026, month: 13, day: 1).secondsSince1970)
    }

    func testISOTextBothWays() {
        XCTAssertEqual(CalendarDate(year: 7, month: 3, day: 9).description, "0007-03-09")
        XCTAssertEqual(CalendarDate(iso: "2026-01-12"), CalendarDate(year: 2026, month: 1, day: 12))
        XCTAssertNil(CalendarDate(iso: "2026-02-30"))
        XCTAssertNil(CalendarDate(iso: "2026-1-12"))
    }
}
