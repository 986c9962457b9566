/// Fuzz target: `submitted_at` values and ISO dates (SPEC §2.3, §7 "Dates").
///
/// Invariants, each a crash when broken:
/// - `SubmissionDate.parse` agrees with an independent reading of SPEC: the text matches one
///   of the fixed templates below, names a real date (year 1–9999), hour < 24, minute and
///   second < 60, offset under 24:00; then the same calendar date and the same instant,
///   counted from 0001-01-01 rather than by days_from_civil;
/// - a parsed date's `description` reads back through `CalendarDate(iso:)` to the same date;
/// - `CalendarDate(iso:)` accepts a text only if its `description` is that text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSubmissionDate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: inputBytes(data, size), as: UTF8.self)
    let parsed = SubmissionDate.parse(text)
    let expected = expectedDate(text)
    expect(parsed?.date == expected?.date && parsed?.instant == expected?.instant,
           "\(text.debugDescription): parsed \(String(describing: parsed)), expected \(String(describing: expected))")
    if let parsed {
        expect(parsed.date.isReal, "unreal date \(parsed.date)")
        let iso = parsed.date.description
        expect(CalendarDate(iso: iso) == parsed.date, "\(iso) does not read back")
    }
    if let date = CalendarDate(iso: text) {
        expect(sameScalars(date.description, text), "CalendarDate(iso: \(text.debugDescription)) is \(date)")
    }
    return 0
}

/// The accepted forms, one character each: `9` a digit, `T` either `T` or one space,
/// `±` either `+` or `-`, anything else itself.
let templates = [
    "9999-99-99", "9999-99-99T99:99", "9999-99-99T99:99:99",
    "9999-99-99T99:99Z", "9999-99-99T99:99:99Z", "9999-99-99T99:99±99:99", "9999-99-99T99:99:99±99:99",
    "99/99/9999", "99/99/9999 99:99", "99/99/9999 99:99:99",
]

func expectedDate(_ text: String) -> SubmissionDate? {
    let characters = Array(text.unicodeScalars)
    guard let template = templates.first(where: { matches(characters, Array($0.unicodeScalars)) }) else { return nil }
    func number(_ from: Int, _ count: Int) -> Int { Int(String(String.UnicodeScalarView(characters[from..<from + count])))! }
    let uk = template.hasPrefix("99/")
    let year = uk ? number(6, 4) : number(0, 4)
    let month = number(uk ? 3 : 5, 2)
    let day = number(uk ? 0 : 8, 2)
    guard year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
    var seconds = 0
    if characters.count >= 16 {
        let hour = number(11, 2), minute = number(14, 2)
        guard hour < 24, minute < 60 else { return nil }
        seconds = hour * 3600 + minute * 60
        if Array(template.unicodeScalars).dropFirst(16).first == ":" {
            let second = number(17, 2)
            guard second < 60 else { return nil }
            seconds += second
        }
    }
    var offset = 0
    if template.hasSuffix("±99:99") {
        let start = characters.count - 6
        let hours = number(start + 1, 2), minutes = number(start + 4, 2)
        guard hours < 24, minutes < 60 else { return nil }
        offset = (characters[start] == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
    let date = CalendarDate(year: year, month: month, day: day)
    return SubmissionDate(date: date, instant: Int64(daysFrom1970(year, month, day)) * 86_400 + Int64(seconds - offset))
}

func matches(_ text: [Unicode.Scalar], _ template: [Unicode.Scalar]) -> Bool {
    guard text.count == template.count else { return false }
    for (character, pattern) in zip(text, template) {
        switch pattern {
        case "9": if !("0"..."9").contains(character) { return false }
        case "T": if character != "T" && character != " " { return false }
        case "±": if character != "+" && character != "-" { return false }
        default: if character != pattern { return false }
        }
    }
    return true
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
