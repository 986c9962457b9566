/// A parsed `submitted_at`: the calendar date as written, and the instant it names.
public struct SubmissionDate: Sendable, Equatable {
    public var date: CalendarDate
    /// Seconds since 1970-01-01T00:00:00Z, offsets applied (no offset means UTC).
    public var instant: Int64

    /// Parses exactly the forms of SPEC §2.3: `YYYY-MM-DD`,
    /// `YYYY-MM-DD[T| ]HH:MM[:SS][Z|±HH:MM]`, `DD/MM/YYYY[ HH:MM[:SS]]`; nil otherwise.
    public static func parse(_ text: String) -> SubmissionDate? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// The same, on the trimmed UTF-8 bytes of a cell.
    public static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> SubmissionDate? {
        var cursor = Cursor(bytes: b)
        let date: CalendarDate
        var allowOffset = false
        if b.count >= 10, b[4] == UInt8(ascii: "-") {
            guard let year = cursor.digits(4), cursor.take("-"), let month = cursor.digits(2), cursor.take("-"),
                  let day = cursor.digits(2)
            else { return nil }
            date = CalendarDate(year: year, month: month, day: day)
            allowOffset = true
        } else if b.count >= 10, b[2] == UInt8(ascii: "/") {
            guard let day = cursor.digits(2), cursor.take("/"), let month = cursor.digits(2), cursor.take("/"),
                  let year = cursor.digits(4)
            else { return nil }
            date = CalendarDate(year: year, month: month, day: day)
        } else {
            return nil
        }
        guard date.isReal else { return nil }
        var seconds = 0
        var offset = 0
        if !cursor.atEnd {
            if allowOffset {
                guard cursor.take("T") || cursor.take(" ") else { return nil }
            } else {
                guard cursor.take(" ") else { return nil }
            }
            guard let hour = cursor.digits(2), hour < 24, cursor.take(":"), let minute = cursor.digits(2), minute < 60
            else { return nil }
            seconds = hour * 3600 + minute * 60
            if cursor.take(":") {
                guard let second = cursor.digits(2), second < 60 else { return nil }
                seconds += second
            }
            if allowOffset && !cursor.atEnd {
                if cursor.take("Z") {
                    offset = 0
                } else {
                    let sign: Int
                    if cursor.take("+") { sign = 1 } else if cursor.take("-") { sign = -1 } else { return nil }
                    guard let hours = cursor.digits(2), hours < 24, cursor.take(":"), let minutes = cursor.digits(2),
                          minutes < 60
                    else { return nil }
                    offset = sign * (hours * 3600 + minutes * 60)
                }
            }
            guard cursor.atEnd else { return nil }
        }
        let instant = Int64(date.daysSinceEpoch) * 86_400 + Int64(seconds) - Int64(offset)
        return SubmissionDate(date: date, instant: instant)
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var atEnd: Bool { index == bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
    }
}

/// A date without a time, as written in an ISO `YYYY-MM-DD`.
public struct CalendarDate: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` naming a real calendar date.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let parsed = SubmissionDate.parse(text)
        else { return nil }
        self = parsed.date
    }

    /// Year 1–9999, month 1–12, a day that exists in that month.
    public var isReal: Bool {
        guard year >= 1, (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
