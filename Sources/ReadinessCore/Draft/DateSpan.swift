/// The earliest and latest submission date of a column, for the wave window of a draft:
/// ISO dates as written, and `A/B/Y` dates under the order SPEC §8.6's `auto` rule chooses
/// (the number above 12 decides; without one, day first).
struct DateSpan: Sendable {
    private(set) var iso: ClosedRange<CalendarDate>?
    private(set) var dayFirst: ClosedRange<CalendarDate>?
    private(set) var monthFirst: ClosedRange<CalendarDate>?
    /// Values whose first number is above 12 (a day), and whose second is (a month first).
    private(set) var firstAbove12 = 0
    private(set) var secondAbove12 = 0

    /// Which order the `A/B/Y` values were read in, when there were any.
    var order: String? {
        guard dayFirst != nil || monthFirst != nil else { return nil }
        return secondAbove12 > firstAbove12 ? "MDY" : "DMY"
    }

    /// The span of every date read, under the order chosen.
    var range: ClosedRange<CalendarDate>? {
        let slashed = order == "MDY" ? monthFirst : dayFirst
        switch (iso, slashed) {
        case (let a?, let b?): return min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
        case (let a?, nil): return a
        case (nil, let b?): return b
        default: return nil
        }
    }

    mutating func add(_ text: String) {
        guard let first = text.utf8.first, first >= 0x30, first <= 0x39 else { return }
        let datePart = text.split(whereSeparator: { $0 == " " || $0 == "T" }).first.map(String.init) ?? ""
        let numbers = datePart.split(whereSeparator: { $0 == "-" || $0 == "/" }).map { Int($0) }
        guard numbers.count == 3, let a = numbers[0], let b = numbers[1], let c = numbers[2],
            datePart.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "/") })
        else { return }
        if datePart.split(whereSeparator: { $0 == "-" || $0 == "/" })[0].count == 4 {
            if let date = Self.date(a, b, c) { Self.extend(&iso, date) }
            return
        }
        guard datePart.contains("/") else { return }
        let year = c < 100 ? 2000 + c : c
        if a > 12 && b <= 12 { firstAbove12 += 1 }
        if b > 12 && a <= 12 { secondAbove12 += 1 }
        if let date = Self.date(year, b, a) { Self.extend(&dayFirst, date) }
        if let date = Self.date(year, a, b) { Self.extend(&monthFirst, date) }
    }

    private static func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate? {
        let date = CalendarDate(year: year, month: month, day: day)
        return date.isReal && year <= 9999 ? date : nil
    }

    private static func extend(_ range: inout ClosedRange<CalendarDate>?, _ date: CalendarDate) {
        guard let current = range else {
            range = date...date
            return
        }
        range = min(current.lowerBound, date)...max(current.upperBound, date)
    }
}
