import Foundation

/// One cell's value, written by `Workbook` as its kind says.
public enum Cell: Sendable, Equatable {
    /// A number in the column's format; NaN and infinities are written as blank cells.
    case number(Double)
    /// A count, shown as an integer whatever the column's format.
    case count(Int)
    /// Always written as text, never as a formula, however it begins (`=`, `+`, `-`, `@`).
    case text(String)
    case boolean(Bool)
    case blank
    /// A level name, written as text with `WorkbookModel.levelFills[name]` as its fill.
    case level(String)
}

/// How numbers in a column are displayed (`Cell.count` always shows as an integer).
public enum NumberFormat: Sendable, Equatable, Hashable, CaseIterable {
    case general
    /// `0`
    case integer
    /// `0.0`
    case score
    /// `0.0%`: the cell holds a proportion in 0…1.
    case percent
    /// `0.000000`
    case decimal6
    /// `0.000`, and `<0.001` below 0.001, as the Markdown reports print p-values.
    case pValue

    /// Excel's number format code, or nil for General.
    public var code: String? {
        switch self {
        case .general: return nil
        case .integer: return "0"
        case .score: return "0.0"
        case .percent: return "0.0%"
        case .decimal6: return "0.000000"
        case .pValue: return "[<0.001]\"<0.001\";0.000"
        }
    }

    /// How many characters Excel shows for `value` in this format (for fitting widths).
    func displayLength(_ value: Double) -> Int {
        guard value.isFinite else { return 0 }
        switch self {
        case .general: return NumberFormat.generalLength(value)
        case .integer: return NumberFormat.fixedLength(value, decimals: 0)
        case .score: return NumberFormat.fixedLength(value, decimals: 1)
        case .percent: return NumberFormat.fixedLength(value * 100, decimals: 1) + 1
        case .decimal6: return NumberFormat.fixedLength(value, decimals: 6)
        case .pValue: return value < 0.001 ? 6 : NumberFormat.fixedLength(value, decimals: 3)
        }
    }

    static func fixedLength(_ value: Double, decimals: Int) -> Int {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let units = (abs(value) * scale).rounded() / scale
        var integerDigits = 1
        var magnitude = units.rounded(.down)
        while magnitude >= 10 && integerDigits < 309 {
            magnitude = (magnitude / 10).rounded(.down)
            integerDigits += 1
        }
        let sign = value < 0 && units > 0 ? 1 : 0
        return sign + integerDigits + (decimals > 0 ? decimals + 1 : 0)
    }

    /// Excel's General format shows at most 11 characters.
    static func generalLength(_ value: Double) -> Int {
        if value == value.rounded(), abs(value) < 1e15 {
            return min(11, String(Int64(value)).count)
        }
        return min(11, String(value).count)
    }
}

/// Text as Excel will hold it.
enum CellText {
    /// Excel's limit on the characters in one cell.
    static let maximumLength = 32_767

    /// `text` as every workbook part may hold it (`ReportText.neutralised`: controls,
    /// U+FFFE and U+FFFF become U+FFFD, so no XML part holds a character XML forbids, and
    /// bidi overrides go), cut to fit a cell and ending in "…" when cut.
    ///
    /// Counted in UTF-16 units, as Excel counts; libxlsxwriter counts code points, which
    /// are never more.
    static func limited(_ text: String) -> String {
        // A string of at most `maximumLength` UTF-8 bytes has no more UTF-16 units than that.
        if text.utf8.count <= maximumLength, ReportText.isPlain(text), !text.utf8.contains(0) { return text }
        let safe = ReportText.neutralised(text)
        guard safe.utf16.count > maximumLength else { return safe }
        return SheetName.prefix(safe, utf16Units: maximumLength - 1) + "…"
    }

    /// A chart title, series or axis name as libxlsxwriter reads it: it takes a leading `=`
    /// as a cell reference, so such text gets a zero-width space in front.
    static func chartLabel(_ text: String) -> String {
        let limited = limited(text)
        return limited.hasPrefix("=") ? "\u{200B}" + limited : limited
    }
}

/// A1-style cell names, for error messages.
enum CellReference {
    /// "A", "B", … "Z", "AA", … for a 0-based column.
    static func columnName(_ column: Int) -> String {
        guard column >= 0 else { return "?" }
        var name = ""
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    /// "C7" for row 6, column 2 (both 0-based).
    static func name(row: Int, column: Int) -> String {
        "\(columnName(column))\(row + 1)"
    }
}

/// Colours for level cells.
enum LevelFill {
    /// Black text on a light fill, white on a dark one (`TextContrast`).
    static func fontColour(onFill fill: UInt32) -> UInt32 {
        TextContrast.darkReads(on: fill, dark: 0x000000) ? 0x000000 : 0xFFFFFF
    }
}
