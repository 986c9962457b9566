import Foundation

@testable import ReadinessCore

/// Fuzz target: `submitted_at` values and ISO dates (SPEC §8.6, which replaces the forms of
/// §2.3 and §7).
///
/// Invariants, each a crash when broken:
/// - `SubmissionDate.parse` agrees, under both date orders, with an independent reading of
///   SPEC §8.6 by regular expressions over the normalised text: the same calendar date, the
///   same instant (counted from 0001-01-01 rather than by days_from_civil) and the same
///   "time-zone name not recognised";
/// - a parsed date's `description` reads back through `CalendarDate(iso:)` to the same date;
/// - `CalendarDate(iso:)` accepts a text only if its `description` is that text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSubmissionDate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: inputBytes(data, size), as: UTF8.self)
    for order in [DateOrder.dmy, .mdy] {
        let parsed = SubmissionDate.parse(text, order: order)
        let expected = expectedDate(text, order: order)
        expect(
            parsed == expected,
            "\(text.debugDescription) \(order): parsed "
                + "\(String(describing: parsed)), expected \(String(describing: expected))"
        )
        if let parsed {
            expect(parsed.date.isReal, "unreal date \(parsed.date)")
            let iso = parsed.date.description
            expect(CalendarDate(iso: iso) == parsed.date, "\(iso) does not read back")
        }
    }
    if let date = CalendarDate(iso: text) {
        expect(sameScalars(date.description, text), "CalendarDate(iso: \(text.debugDescription)) is \(date)")
    }
    return 0
}

/// SPEC §8.2 independently: NFC, every run of white space (Python's `str.isspace()`) one
/// space, trimmed.
func normalised(_ text: String) -> String {
    let white: Set<UInt32> = Set(
        Array(0x09...0x0D) + Array(0x1C...0x20) + [0x85, 0xA0, 0x1680] + Array(0x2000...0x200A)
            + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000])
    var out = String.UnicodeScalarView()
    var pending = false
    for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
        if white.contains(scalar.value) {
            pending = !out.isEmpty
        } else {
            if pending { out.append(" ") }
            pending = false
            out.append(scalar)
        }
    }
    return String(out)
}

let datePattern = try! NSRegularExpression(
    pattern:
        #"^(?:(\d{4})-(\d{2})-(\d{2})|(\d{4})/(\d{1,2})/(\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{4}|\d{2}))(?:( |T)(.*))?$"#)
let zone = #"Z|[+-]\d{2}:\d{2}|[+-]\d{4}|(?:[Gg][Mm][Tt]|[Uu][Tt][Cc])[+-]\d{1,2}(?::\d{2})?|[A-Za-z]{2,5}"#
let timePattern = try! NSRegularExpression(
    pattern:
        #"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?(?: ?("# + zone + #"))?$"#)
let zoneNames: [String: Int] = [
    "utc": 0, "gmt": 0, "wet": 0, "bst": 1, "cet": 1, "west": 1, "cest": 2, "eet": 2, "eest": 3, "edt": -4, "est": -5,
    "cdt": -5, "cst": -6, "mdt": -6, "mst": -7, "pdt": -7, "pst": -8,
]

/// VALUE = DATE [ (" " | "T") TIME [ [" "] ZONE ] ], "T" only after YYYY-MM-DD.
func expectedDate(_ raw: String, order: DateOrder) -> SubmissionDate? {
    let text = normalised(raw)
    guard text.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
    let whole = NSRange(text.startIndex..., in: text)
    guard let match = datePattern.firstMatch(in: text, range: whole) else { return nil }
    func group(_ match: NSTextCheckingResult, _ index: Int, in text: String) -> String? {
        let range = match.range(at: index)
        guard range.location != NSNotFound, let swiftRange = Range(range, in: text) else { return nil }
        return String(text[swiftRange])
    }
    let year: Int, month: Int, day: Int
    if let y = group(match, 1, in: text) {
        (year, month, day) = (Int(y)!, Int(group(match, 2, in: text)!)!, Int(group(match, 3, in: text)!)!)
    } else if let y = group(match, 4, in: text) {
        (year, month, day) = (Int(y)!, Int(group(match, 5, in: text)!)!, Int(group(match, 6, in: text)!)!)
    } else {
        let a = Int(group(match, 7, in: text)!)!, b = Int(group(match, 8, in: text)!)!
        let y = group(match, 9, in: text)!
        year = y.count == 2 ? 2000 + Int(y)! : Int(y)!
        (month, day) = order == .dmy ? (b, a) : (a, b)
    }
    guard year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
    var seconds = 0, offset = 0, unknown = false
    if let separator = group(match, 10, in: text) {
        if separator == "T", group(match, 1, in: text) == nil { return nil }
        let time = group(match, 11, in: text) ?? ""
        guard let clock = timePattern.firstMatch(in: time, range: NSRange(time.startIndex..., in: time)) else {
            return nil
        }
        var hour = Int(group(clock, 1, in: time)!)!
        let minute = Int(group(clock, 2, in: time)!)!, second = group(clock, 3, in: time).map { Int($0)! } ?? 0
        guard minute < 60, second < 60 else { return nil }
        if let meridiem = group(clock, 4, in: time)?.lowercased() {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (meridiem == "pm" ? 12 : 0)
        } else {
            guard hour < 24 else { return nil }
        }
        seconds = hour * 3600 + minute * 60 + second
        if let name = group(clock, 5, in: time) {
            let lower = name.lowercased()
            if name == "Z" {
                offset = 0
            } else if name.hasPrefix("+") || name.hasPrefix("-") {
                let digits = name.dropFirst().filter { $0 != ":" }
                let hours = Int(digits.prefix(2))!, minutes = Int(digits.suffix(2))!
                guard minutes < 60 else { return nil }
                offset = (name.hasPrefix("-") ? -1 : 1) * (hours * 3600 + minutes * 60)
            } else if lower.hasPrefix("gmt") || lower.hasPrefix("utc"),
                name.dropFirst(3).first.map({ "+-".contains($0) }) ?? false
            {
                let rest = name.dropFirst(3)
                let parts = rest.dropFirst().split(separator: ":")
                let hours = Int(parts[0])!, minutes = parts.count > 1 ? Int(parts[1])! : 0
                guard minutes < 60 else { return nil }
                offset = (rest.hasPrefix("-") ? -1 : 1) * (hours * 3600 + minutes * 60)
            } else if let hours = zoneNames[lower] {
                offset = hours * 3600
            } else {
                unknown = true
            }
            guard abs(offset) <= 14 * 3600 else { return nil }
        }
    }
    let instant = Int64(daysFrom1970(year, month, day)) * 86_400 + Int64(seconds - offset)
    return SubmissionDate(
        date: CalendarDate(year: year, month: month, day: day), instant: instant, unrecognisedZone: unknown)
}

func isLeap(_ year: Int) -> Bool { year % 400 == 0 || (year % 4 == 0 && year % 100 != 0) }

func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Days from 1970-01-01, counted from 0001-01-01 of the proleptic Gregorian calendar
/// (719,162 days lie between the two).
func daysFrom1970(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let before = year - 1
    var days = before * 365 + before / 4 - before / 100 + before / 400
    for earlier in 1..<month { days += daysIn(month: earlier, year: year) }
    return days + day - 1 - 719_162
}
