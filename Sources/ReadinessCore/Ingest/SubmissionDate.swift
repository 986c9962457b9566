/// The order a file's `A/B/Y` dates are read in, once decided.
public enum DateOrder: String, Sendable, Equatable {
    case dmy = "DMY"
    case mdy = "MDY"
}

/// A parsed `submitted_at`: the calendar date as written, and the instant it names.
public struct SubmissionDate: Sendable, Equatable {
    public var date: CalendarDate
    /// Seconds since 1970-01-01T00:00:00Z, offsets applied (no offset means UTC).
    public var instant: Int64
    /// The value named a time zone this reader does not know, so it was read as UTC.
    public var unrecognisedZone = false

    public init(date: CalendarDate, instant: Int64, unrecognisedZone: Bool = false) {
        self.date = date
        self.instant = instant
        self.unrecognisedZone = unrecognisedZone
    }

    /// Parses the normalised text of a cell (SPEC §8.6); nil when it is none of the forms.
    ///
    ///     VALUE = DATE [ (" " | "T") TIME [ [" "] ZONE ] ]     "T" only after YYYY-MM-DD
    ///     DATE  = YYYY-MM-DD | YYYY/M/D | A/B/YYYY | A/B/YY
    ///     TIME  = H:MM[:SS] [ [" "] (AM | PM) ]
    ///     ZONE  = Z | ±HH:MM | ±HHMM | (GMT | UTC)[±H[H][:MM]] | NAME
    public static func parse(_ text: String, order: DateOrder = .dmy) -> SubmissionDate? {
        var text = TextMatching.normalised(text)
        return text.withUTF8 { parse(bytes: $0, order: order) }
    }

    /// The same on the trimmed UTF-8 bytes of a cell.
    ///
    /// Bytes that are not ASCII are normalised first; in ASCII, a run of white space is one
    /// space, as normalised.
    static func parse(bytes b: UnsafeBufferPointer<UInt8>, order: DateOrder = .dmy) -> SubmissionDate? {
        if let fixed = isoFixed(b) { return fixed }
        if !b.allSatisfy({ $0 < 0x80 }) {
            var text = TextMatching.normalised(String(decoding: b, as: UTF8.self))
            guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            return text.withUTF8 { parse(bytes: $0, order: order) }
        }
        var cursor = Cursor(bytes: b)
        cursor.skipSpaces()
        guard let (date, iso) = cursor.date(order: order), date.isReal else { return nil }
        var seconds = 0, offset = 0, unrecognised = false
        if !cursor.atEndIgnoringSpaces {
            guard cursor.space() || (iso && cursor.take("T")) else { return nil }
            guard let time = cursor.time() else { return nil }
            seconds = time.seconds
            (offset, unrecognised) = (time.offset, time.unrecognisedZone)
        }
        let instant = Int64(date.daysSinceEpoch) * 86_400 + Int64(seconds) - Int64(offset)
        return SubmissionDate(date: date, instant: instant, unrecognisedZone: unrecognised)
    }

    /// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` and `YYYY-MM-DD HH:MM:SS` (or `T`), the forms most
    /// exports write, read at fixed places; nil for anything else (the general parser decides).
    @inline(__always)
    static func isoFixed(_ b: UnsafeBufferPointer<UInt8>) -> SubmissionDate? {
        let count = b.count
        guard count == 10 || count == 16 || count == 19, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        // Each byte less 0x30 (wrapping): a digit leaves 0–9, anything else more; the largest is tested once.
        @inline(__always) func d(_ index: Int) -> Int { Int(b[index] &- 0x30) }
        @inline(__always) func two(_ index: Int) -> Int { d(index) &* 10 &+ d(index + 1) }
        var bad = max(d(0), d(1), d(2), d(3), d(5), d(6), d(8), d(9))
        if count > 10 {
            guard b[10] == 0x20 || b[10] == 0x54, b[13] == 0x3A else { return nil }
            bad = max(bad, d(11), d(12), d(14), d(15))
            if count == 19 {
                guard b[16] == 0x3A else { return nil }
                bad = max(bad, d(17), d(18))
            }
        }
        guard bad < 10 else { return nil }
        let date = CalendarDate(year: two(0) &* 100 &+ two(2), month: two(5), day: two(8))
        guard date.isReal else { return nil }
        var seconds = 0
        if count > 10 {
            let hour = two(11), minute = two(14), second = count == 19 ? two(17) : 0
            guard hour < 24, minute < 60, second < 60 else { return nil }
            seconds = hour &* 3600 &+ minute &* 60 &+ second
        }
        return SubmissionDate(date: date, instant: Int64(date.daysSinceEpoch) * 86_400 + Int64(seconds))
    }

    /// The two numbers of an `A/B/Y` date at the start of a normalised value (its date part
    /// alone), for `date_order: auto`; nil for any other form.
    static func dayMonthNumbers(_ b: UnsafeBufferPointer<UInt8>) -> (a: Int, b: Int)? {
        var cursor = Cursor(bytes: b)
        cursor.skipSpaces()
        guard let a = cursor.number(1...2), cursor.take("/"), let second = cursor.number(1...2), cursor.take("/"),
            let yearStart = Optional(cursor.index), cursor.number(2...4) != nil,
            [2, 4].contains(cursor.index - yearStart)
        else { return nil }
        guard cursor.atEndIgnoringSpaces || cursor.space() else { return nil }
        return (a, second)
    }

    /// Offsets of the zone names SPEC §8.6 lists, in seconds east of UTC.
    static let zoneNames: [String: Int] = [
        "utc": 0, "gmt": 0, "wet": 0, "bst": 3600, "cet": 3600, "west": 3600, "cest": 7200, "eet": 7200,
        "eest": 10800, "edt": -14400, "est": -18000, "cdt": -18000, "cst": -21600, "mdt": -21600,
        "mst": -25200, "pdt": -25200, "pst": -28800,
    ]

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var atEnd: Bool { index == bytes.count }
        var atEndIgnoringSpaces: Bool {
            var probe = index
            while probe < bytes.count, Self.isSpace(bytes[probe]) { probe += 1 }
            return probe == bytes.count
        }

        static func isSpace(_ byte: UInt8) -> Bool { (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20) }

        mutating func skipSpaces() {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        }

        /// One space (a run of white space, as normalised).
        mutating func space() -> Bool {
            guard index < bytes.count, Self.isSpace(bytes[index]) else { return false }
            skipSpaces()
            return true
        }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// A run of ASCII digits whose length is in `lengths`.
        mutating func number(_ lengths: ClosedRange<Int>) -> Int? {
            var end = index
            while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39, end - index < 9 { end += 1 }
            guard lengths.contains(end - index), end == bytes.count || bytes[end] < 0x30 || bytes[end] > 0x39 else {
                return nil
            }
            var value = 0
            for byte in bytes[index..<end] { value = value * 10 + Int(byte - 0x30) }
            index = end
            return value
        }

        /// DATE, and whether it was `YYYY-MM-DD` (after which `T` may come).
        mutating func date(order: DateOrder) -> (CalendarDate, Bool)? {
            let start = index
            if let year = number(4...4) {
                if take("-") {
                    guard let month = number(2...2), take("-"), let day = number(2...2) else { return nil }
                    return (CalendarDate(year: year, month: month, day: day), true)
                }
                if take("/") {
                    guard let month = number(1...2), take("/"), let day = number(1...2) else { return nil }
                    return (CalendarDate(year: year, month: month, day: day), false)
                }
                return nil
            }
            index = start
            guard let a = number(1...2), take("/"), let b = number(1...2), take("/") else { return nil }
            let yearStart = index
            guard let written = number(2...4) else { return nil }
            let year: Int
            switch index - yearStart {
            case 4: year = written
            case 2: year = 2000 + written
            default: return nil
            }
            return order == .dmy
                ? (CalendarDate(year: year, month: b, day: a), false)
                : (CalendarDate(year: year, month: a, day: b), false)
        }

        /// TIME [ [" "] ZONE ] to the end: seconds into the day, offset, unknown zone name.
        mutating func time() -> (seconds: Int, offset: Int, unrecognisedZone: Bool)? {
            guard let hour = number(1...2), take(":"), let minute = number(2...2), minute < 60 else { return nil }
            var second = 0
            let beforeSeconds = index
            if take(":") {
                guard let value = number(2...2), value < 60 else {
                    index = beforeSeconds
                    return nil
                }
                second = value
            }
            let afterClock = index
            // AM or PM (any case) right after the clock is the meridiem whenever what follows
            // is a zone or nothing (as a regular expression reads the grammar, greedily); H
            // must then be 1–12. Otherwise the letters can only be a zone name.
            var probe = self
            _ = probe.space()
            if probe.index + 2 <= bytes.count {
                let pair = (bytes[probe.index] | 0x20, bytes[probe.index + 1] | 0x20)
                if pair.1 == UInt8(ascii: "m"), pair.0 == UInt8(ascii: "a") || pair.0 == UInt8(ascii: "p") {
                    probe.index += 2
                    switch probe.zoneToEnd() {
                    case .notAZone:
                        break
                    case .invalid:
                        return nil
                    case .zone(let offset, let unrecognised):
                        guard hour >= 1, hour <= 12 else { return nil }
                        let hours = (hour % 12) + (pair.0 == UInt8(ascii: "p") ? 12 : 0)
                        return (hours * 3600 + minute * 60 + second, offset, unrecognised)
                    }
                }
            }
            index = afterClock
            guard hour < 24, case .zone(let offset, let unrecognised) = zoneToEnd() else { return nil }
            return (hour * 3600 + minute * 60 + second, offset, unrecognised)
        }

        /// A run of ASCII letters whose length is in `lengths` (the whole run).
        mutating func letters(_ lengths: ClosedRange<Int>) -> String? {
            var end = index
            while end < bytes.count, Self.isLetter(bytes[end]) { end += 1 }
            guard lengths.contains(end - index) else { return nil }
            let text = String(decoding: bytes[index..<end], as: UTF8.self)
            index = end
            return text
        }

        static func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }

        /// What follows a clock: nothing or `[" "] ZONE` to the end (with its offset), a zone
        /// whose numbers are out of range, or no zone at all.
        enum Zone {
            case zone(offset: Int, unrecognised: Bool)
            case invalid
            case notAZone
        }

        /// `[" "] ZONE` then the end, or just the end (offset 0).
        mutating func zoneToEnd() -> Zone {
            if atEndIgnoringSpaces { return .zone(offset: 0, unrecognised: false) }
            _ = space()
            var offset = 0, unrecognised = false
            if index + 1 == bytes.count || (index + 1 < bytes.count && Self.isSpace(bytes[index + 1])), take("Z") {
                offset = 0
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "+") ? 1 : -1
                index += 1
                if let hours = number(2...2) {
                    // ±HH:MM
                    guard take(":"), let minutes = number(2...2), atEndIgnoringSpaces else { return .notAZone }
                    guard minutes < 60 else { return .invalid }
                    offset = sign * (hours * 3600 + minutes * 60)
                } else {
                    // ±HHMM: four digits.
                    guard let packed = number(4...4), atEndIgnoringSpaces else { return .notAZone }
                    guard packed % 100 < 60 else { return .invalid }
                    offset = sign * ((packed / 100) * 3600 + (packed % 100) * 60)
                }
            } else if let name = letters(2...5) {
                let key = name.lowercased()
                if key == "gmt" || key == "utc", index < bytes.count,
                    bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
                {
                    let sign = bytes[index] == UInt8(ascii: "+") ? 1 : -1
                    index += 1
                    guard let hours = number(1...2) else { return .notAZone }
                    var minutes = 0
                    if take(":") {
                        guard let value = number(2...2) else { return .notAZone }
                        minutes = value
                    }
                    guard atEndIgnoringSpaces else { return .notAZone }
                    guard minutes < 60 else { return .invalid }
                    offset = sign * (hours * 3600 + minutes * 60)
                } else if let known = SubmissionDate.zoneNames[key] {
                    offset = known
                } else {
                    unrecognised = true
                }
            } else {
                return .notAZone
            }
            guard atEndIgnoringSpaces else { return .notAZone }
            guard abs(offset) <= 14 * 3600 else { return .invalid }
            return .zone(offset: offset, unrecognised: unrecognised)
        }
    }
}

extension CalendarDate {
    /// Parses `YYYY-MM-DD` naming a real calendar date.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let parsed = SubmissionDate.parse(text)
        else { return nil }
        self = parsed.date
    }
}
