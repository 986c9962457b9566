import Foundation

/// A workbook as pure values: what `Workbook.write` puts in an XLSX file.
///
/// Nothing here knows about libxlsxwriter; `Workbook.swift` is the only file that does.
/// Worksheet rows and columns are 0-based, as libxlsxwriter counts them: row 0 holds the
/// sheet's banner, row 1 its column headers and row 2 (`Sheet.firstDataRow`) its first
/// data row.
public struct WorkbookModel: Sendable, Equatable {
    public var title: String
    public var subject: String
    /// Document creation time: a fixed calendar date (UTC midnight), never the clock, so
    /// the same model gives the same bytes.
    public var created: CalendarDate
    public var sheets: [Sheet]
    /// Fill colours (0xRRGGBB) by level name: a `Cell.level(name)` is written as text with
    /// this fill, so the level shows by colour as well as by name. A level without a fill
    /// is written as plain text.
    public var levelFills: [String: UInt32]
    /// What every printed page says in its header and footer; nil: nothing.
    public var print: PrintSetup?

    public init(title: String, subject: String = "", created: CalendarDate, sheets: [Sheet] = [],
                levelFills: [String: UInt32] = [:], print: PrintSetup? = nil) {
        self.title = title
        self.subject = subject
        self.created = created
        self.sheets = sheets.flatMap { $0.fittingExcel() }
        self.levelFills = levelFills
        self.print = print
    }
}

/// The printed page: A4, one page wide, the banner and header rows on every page, and a
/// header and footer naming the report, the wave and the page.
public struct PrintSetup: Sendable, Equatable {
    /// The report's name, left of the page header.
    public var report: String
    /// The wave, right of the page header.
    public var wave: String
    /// A marking in bold at the centre of every page's header and footer, e.g.
    /// "INTERNAL: not for dissemination".
    public var marking: String?

    public init(report: String, wave: String, marking: String? = nil) {
        self.report = report
        self.wave = wave
        self.marking = marking
    }

    /// A text for a header or footer: neutralised, on one line, `&` doubled (it starts a
    /// code), cut to `limit` characters so that the whole stays within Excel's 255.
    static func part(_ text: String, limit: Int) -> String {
        let line = CellText.limited(text).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(
            of: "\r", with: " ")
        var cut = SheetName.prefix(line, utf16Units: limit)
        if cut.count < line.count { cut = SheetName.prefix(cut, utf16Units: limit - 1) + "…" }
        return cut.replacingOccurrences(of: "&", with: "&&")
    }

    /// The header code: report left (up to 90 characters), marking centre, wave right (up to 50).
    var header: String {
        "&L" + Self.part(report, limit: 90) + (marking.map { "&C&\"-,Bold\"" + Self.part($0, limit: 40) } ?? "")
            + "&R" + Self.part(wave, limit: 50)
    }

    /// The footer code: the marking again (so a torn-off page keeps it), page x of y right.
    var footer: String {
        (marking.map { "&L&\"-,Bold\"" + Self.part($0, limit: 40) } ?? "") + "&RPage &P of &N"
    }
}

/// One worksheet: a bold banner in row 0, headers in row 1, data from row 2, then notes.
public struct Sheet: Sendable, Equatable {
    /// Any text: the writer sanitises it (`SheetName.sanitised`) and makes it unique.
    public var name: String
    /// Written in row 0, bold: e.g. "INTERNAL — not for dissemination", or the sheet's title.
    public var banner: String
    /// The header row is row 1.
    public var columns: [Column]
    /// Data rows start at `Sheet.firstDataRow`.
    public var rows: [[Cell]]
    /// Lines written below the data, one row each, after a blank row.
    public var notes: [String]
    /// Freezes the panes below the header row, so banner and headers stay in view.
    public var freezeHeader: Bool
    public var style: TableStyle
    public var charts: [Chart]
    /// Printed landscape; nil decides by width (`SheetLayout.isWide`).
    public var landscape: Bool?

    /// The worksheet row (0-based) of the first data row.
    public static let firstDataRow = 2
    /// Rows in a worksheet, Excel's limit.
    public static let excelRows = 1_048_576

    /// The sheet as it fits Excel: rows beyond a worksheet's limit continue on sheets
    /// named "<name> (2)", "<name> (3)"…, each with the banner and headers; the notes go on
    /// the last. A sheet with charts is never split (charts name their sheet's rows).
    public func fittingExcel(worksheetRows: Int = Sheet.excelRows) -> [Sheet] {
        let capacity = worksheetRows - Self.firstDataRow - (notes.isEmpty ? 0 : notes.count + 1)
        guard rows.count > capacity, charts.isEmpty, capacity > 0 else { return [self] }
        let parts = (rows.count + capacity - 1) / capacity
        return (0..<parts).map { part in
            var piece = self
            piece.name = part == 0 ? name : "\(name) (\(part + 1))"
            piece.rows = Array(rows[(part * capacity)..<min(rows.count, (part + 1) * capacity)])
            piece.notes = part == parts - 1 ? notes : []
            return piece
        }
    }
    /// The worksheet row (0-based) of the column headers.
    public static let headerRow = 1

    public init(name: String, banner: String = "", columns: [Column] = [], rows: [[Cell]] = [],
                notes: [String] = [], freezeHeader: Bool = true, style: TableStyle = .autofilter,
                charts: [Chart] = [], landscape: Bool? = nil) {
        self.name = name
        self.banner = banner
        self.columns = columns
        self.rows = rows
        self.notes = notes
        self.freezeHeader = freezeHeader
        self.style = style
        self.charts = charts
        self.landscape = landscape
    }
}

/// How the header and data rows are presented.
public enum TableStyle: Sendable, Equatable, Hashable {
    /// A bold header row with an autofilter over header and data.
    case autofilter
    /// An Excel table (banded rows, its own filter buttons) named by libxlsxwriter
    /// `Table1`, `Table2`…; headers are made unique, as Excel requires.
    case table
    /// A bold header row and nothing else.
    case plain
}

public struct Column: Sendable, Equatable {
    public var header: String
    /// Width in Excel character units; nil fits the column to its longest text (header and
    /// cells as displayed), capped at `Column.maximumFittedWidth`.
    public var width: Double?
    public var format: NumberFormat

    public static let maximumFittedWidth = 60.0
    public static let minimumFittedWidth = 8.0

    public init(_ header: String, width: Double? = nil, format: NumberFormat = .general) {
        self.header = header
        self.width = width
        self.format = format
    }
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

/// A native Excel chart, inserted with its top-left corner at `anchorRow`, `anchorColumn`.
///
/// Axes are named as Excel draws them: x is horizontal and y vertical for every kind (so
/// for bar charts the value axis is x). `valueAxisMin`/`valueAxisMax` apply to whichever
/// axis carries the values (the y axis of a scatter chart).
public struct Chart: Sendable, Equatable {
    public enum Kind: Sendable, Equatable, Hashable {
        case bar, column, barStacked, columnStacked, barPercentStacked, columnPercentStacked, line, scatter

        /// Bars grow horizontally, so the value axis is x and categories run up the y axis.
        public var isHorizontal: Bool {
            switch self {
            case .bar, .barStacked, .barPercentStacked: return true
            default: return false
            }
        }
    }

    public var kind: Kind
    public var title: String
    public var xAxisTitle: String?
    public var yAxisTitle: String?
    public var valueAxisMin: Double?
    public var valueAxisMax: Double?
    public var series: [ChartSeries]
    /// Series drawn on the same axes as `series`. libxlsxwriter 1.1.4 has no
    /// `chart_combine`, so an overlay must be of the chart's own kind (`overlayKind` nil or
    /// equal to `kind`); another kind makes `Workbook.write` throw (feature not supported).
    /// To show medians and scores over an interquartile range, use a `.line` chart with
    /// `upDownBars` and marker-only series instead.
    public var overlay: [ChartSeries]
    public var overlayKind: Kind?
    public var anchorRow: Int
    public var anchorColumn: Int
    /// Pixels.
    public var width: Int
    /// Pixels.
    public var height: Int
    public var legend: Bool
    /// Line charts only: fill colour (0xRRGGBB) of the bars Excel draws between the first
    /// and the last series at each category (its "up-down bars"). With the first series the
    /// lower quartile and the last the upper one (both `noFill`), they draw the interquartile
    /// range as floating bars.
    public var upDownBars: UInt32?
    /// Lists the first category at the top of a bar chart (Excel's default is the bottom),
    /// keeping the value axis at the bottom.
    public var reverseCategories: Bool
    /// The title's font size in points (Excel's default is 14, which long titles outgrow).
    public var titleSize: Double
    /// How a line or scatter chart draws a blank cell: a gap (the default: a missing figure
    /// is not joined across), zero, or joined over.
    public var blanks: Blanks = .gap

    public enum Blanks: Sendable, Equatable, Hashable {
        case gap, zero, connected
    }

    public init(kind: Kind, title: String, xAxisTitle: String? = nil, yAxisTitle: String? = nil,
                valueAxisMin: Double? = nil, valueAxisMax: Double? = nil, series: [ChartSeries],
                overlay: [ChartSeries] = [], overlayKind: Kind? = nil, anchorRow: Int, anchorColumn: Int,
                width: Int = 720, height: Int = 400, legend: Bool = true, upDownBars: UInt32? = nil,
                reverseCategories: Bool = false, titleSize: Double = 12) {
        self.kind = kind
        self.title = title
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.valueAxisMin = valueAxisMin
        self.valueAxisMax = valueAxisMax
        self.series = series
        self.overlay = overlay
        self.overlayKind = overlayKind
        self.anchorRow = anchorRow
        self.anchorColumn = anchorColumn
        self.width = width
        self.height = height
        self.legend = legend
        self.upDownBars = upDownBars
        self.reverseCategories = reverseCategories
        self.titleSize = titleSize
    }
}

/// One series: categories and values are single columns over the same rows of one sheet.
public struct ChartSeries: Sendable, Equatable {
    public enum Marker: Sendable, Equatable, Hashable {
        case automatic, none, circle, diamond, square, triangle, x
    }

    public var name: String
    /// The model sheet's name (the writer maps it to the sanitised worksheet name).
    public var sheet: String
    /// 0-based worksheet column of the categories (the x values of a scatter chart).
    public var categoryColumn: Int
    public var valueColumn: Int
    /// 0-based worksheet rows, inclusive.
    public var firstRow: Int
    public var lastRow: Int
    /// Fill (bars), line and marker (line) or marker (scatter) colour, 0xRRGGBB.
    public var colour: UInt32?
    /// An invisible series, left out of the legend: e.g. the lower part of a floating bar.
    public var noFill: Bool
    public var dataLabels: Bool
    /// Line and scatter charts: the point marker.
    public var marker: Marker
    /// Line charts: false draws the markers only. (A scatter chart always draws markers only.)
    public var showsLine: Bool
    /// Bar charts: a fill per point (row), overriding `colour`; nil in the list leaves that
    /// point unfilled and unlined (invisible).
    public var pointColours: [UInt32?]?
    /// With `dataLabels`: per point, whether its label shows (a segment of 0 gets none).
    public var shownLabels: [Bool]?

    public init(name: String, sheet: String, categoryColumn: Int, valueColumn: Int, firstRow: Int, lastRow: Int,
                colour: UInt32? = nil, noFill: Bool = false, dataLabels: Bool = false,
                marker: Marker = .automatic, showsLine: Bool = true) {
        self.name = name
        self.sheet = sheet
        self.categoryColumn = categoryColumn
        self.valueColumn = valueColumn
        self.firstRow = firstRow
        self.lastRow = lastRow
        self.colour = colour
        self.noFill = noFill
        self.dataLabels = dataLabels
        self.marker = marker
        self.showsLine = showsLine
        pointColours = nil
        shownLabels = nil
    }
}

/// Excel's rules for worksheet names.
public enum SheetName {
    public static let maximumLength = 31
    static let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
    /// Excel reserves "History" (case-insensitively) for its change-tracking sheet.
    static let reserved: Set<String> = ["history"]

    /// A name Excel accepts and no sheet in `taken` has (compared case-insensitively).
    ///
    /// Forbidden characters (`[]:*?/\`) and control characters become spaces, runs of
    /// white space become one space, the name is trimmed of white space and apostrophes at
    /// either end and cut to 31 UTF-16 units (whole characters only). An empty result is
    /// "Sheet". A taken name gets " (2)", " (3)"… with the stem shortened to fit 31.
    public static func sanitised(_ name: String, taken: Set<String>) -> String {
        var cleaned = ""
        var pendingSpace = false
        let spaced = String(String.UnicodeScalarView(name.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
        for character in ReportText.neutralised(spaced) {
            let isSpace = forbidden.contains(character) || character.isWhitespace
                || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
            if isSpace {
                pendingSpace = !cleaned.isEmpty
                continue
            }
            if pendingSpace { cleaned.append(" ") }
            pendingSpace = false
            cleaned.append(character)
        }
        var stem = trimmed(prefix(trimmed(cleaned), utf16Units: maximumLength))
        if stem.isEmpty { stem = "Sheet" }

        let takenLowercased = Set(taken.map { $0.lowercased() }).union(reserved)
        if !takenLowercased.contains(stem.lowercased()) { return stem }
        var number = 2
        while true {
            let suffix = " (\(number))"
            var shortened = trimmed(prefix(stem, utf16Units: maximumLength - suffix.utf16.count))
            if shortened.isEmpty { shortened = "Sheet" }
            let candidate = shortened + suffix
            if !takenLowercased.contains(candidate.lowercased()) { return candidate }
            number += 1
        }
    }

    /// The worksheet name of each sheet, in order: sanitised and unique.
    public static func assigned(_ sheets: [Sheet]) -> [String] {
        var taken = Set<String>()
        return sheets.map { sheet in
            let name = sanitised(sheet.name, taken: taken)
            taken.insert(name)
            return name
        }
    }

    /// The worksheet name a chart series' `sheet` refers to: a model name (the first sheet
    /// with it, when several share one), else an assigned worksheet name.
    static func references(_ sheets: [Sheet], assigned: [String]) -> [String: String] {
        var references: [String: String] = [:]
        for (sheet, name) in zip(sheets, assigned) where references[sheet.name] == nil {
            references[sheet.name] = name
        }
        for name in assigned where references[name] == nil {
            references[name] = name
        }
        return references
    }

    /// Drops white space and apostrophes at both ends (Excel refuses a leading or trailing
    /// apostrophe).
    static func trimmed(_ text: String) -> String {
        let isTrimmable = { (character: Character) in character == "'" || character.isWhitespace }
        guard let first = text.firstIndex(where: { !isTrimmable($0) }),
              let last = text.lastIndex(where: { !isTrimmable($0) }) else { return "" }
        return String(text[first...last])
    }

    static func prefix(_ text: String, utf16Units limit: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let units = character.utf16.count
            if used + units > limit { break }
            result.append(character)
            used += units
        }
        return result
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

/// Positions and sizes that follow from a sheet's values.
enum SheetLayout {
    /// How many columns the sheet uses: its headers or its longest row, whichever is more.
    static func columnCount(_ sheet: Sheet) -> Int {
        max(sheet.columns.count, sheet.rows.map(\.count).max() ?? 0)
    }

    /// Columns printed: the sheet's own, or as far as a chart reaches (a column is about 7
    /// pixels a character, and 64 pixels where it has no width of its own).
    static func printedColumns(_ sheet: Sheet) -> Int {
        let own = max(1, columnCount(sheet))
        var last = own - 1
        for chart in sheet.charts {
            var column = chart.anchorColumn
            var reached = 0.0
            while reached < Double(chart.width), column < 16_384 {
                reached += column < own ? width(ofColumn: column, in: sheet) * 7 + 5 : 64
                column += 1
            }
            last = max(last, column - 1)
        }
        return last + 1
    }

    /// Rows printed: through the last note, or the bottom of the lowest chart (about 20
    /// pixels a row).
    static func printedRows(_ sheet: Sheet) -> Int {
        var last =
            sheet.notes.isEmpty ? max(lastDataRow(sheet), Sheet.headerRow) : firstNoteRow(sheet) + sheet.notes.count - 1
        for chart in sheet.charts { last = max(last, chart.anchorRow + (chart.height + 19) / 20) }
        return last + 1
    }

    /// Whether a sheet is printed landscape: wider than a portrait A4 page holds (about 90
    /// characters of columns), or holding a chart wider than 640 pixels.
    static func isWide(_ sheet: Sheet) -> Bool {
        if let landscape = sheet.landscape { return landscape }
        let width = (0..<columnCount(sheet)).reduce(0.0) { $0 + self.width(ofColumn: $1, in: sheet) }
        return width > 90 || sheet.charts.contains { $0.width > 640 }
    }

    /// Rows before which a printed page breaks: before each chart whose rows (about 20
    /// pixels each) would not fit on the page after what comes above it, so that no chart is
    /// cut in two. An A4 page holds about 30 rows (portrait 45) at full size; fitting a wide
    /// sheet to the page's width (about 125 characters of columns landscape, 90 portrait)
    /// shrinks it, so more rows fit.
    static func pageBreaks(_ sheet: Sheet) -> [Int] {
        let landscape = isWide(sheet)
        let width = (0..<columnCount(sheet)).reduce(0.0) { $0 + self.width(ofColumn: $1, in: sheet) }
        let scale = min(1, (landscape ? 125 : 90) / max(1, width))
        let rowsPerPage = Int(Double(landscape ? 30 : 45) / scale)
        var breaks: [Int] = []
        var pageStart = 0
        for chart in sheet.charts.sorted(by: { $0.anchorRow < $1.anchorRow }) {
            let chartRows = (chart.height + 19) / 20
            if chart.anchorRow - pageStart + chartRows > rowsPerPage, chart.anchorRow > pageStart {
                breaks.append(chart.anchorRow)
                pageStart = chart.anchorRow
            }
        }
        return breaks
    }

    /// The last data row; a table has at least one (possibly empty) data row, as Excel requires.
    static func lastDataRow(_ sheet: Sheet) -> Int {
        let rows = sheet.style == .table ? max(1, sheet.rows.count) : sheet.rows.count
        return Sheet.firstDataRow + rows - 1
    }

    /// The row of the first note: one blank row after the data.
    static func firstNoteRow(_ sheet: Sheet) -> Int {
        max(lastDataRow(sheet), Sheet.headerRow) + 2
    }

    /// Header texts for a table: Excel needs them non-empty and unique (case-insensitively).
    static func tableHeaders(_ sheet: Sheet) -> [String] {
        var taken = Set<String>()
        var headers: [String] = []
        for index in 0..<columnCount(sheet) {
            var header = index < sheet.columns.count ? CellText.limited(sheet.columns[index].header) : ""
            if header.trimmingWhitespace().isEmpty { header = "Column \(index + 1)" }
            var candidate = header
            var number = 2
            while taken.contains(candidate.lowercased()) {
                candidate = "\(header) (\(number))"
                number += 1
            }
            taken.insert(candidate.lowercased())
            headers.append(candidate)
        }
        return headers
    }

    /// The column's width: its own, or fitted to its longest header or cell as displayed.
    static func width(ofColumn index: Int, in sheet: Sheet) -> Double {
        let column = index < sheet.columns.count ? sheet.columns[index] : nil
        if let width = column?.width { return width }
        let format = column?.format ?? .general
        var longest = column.map { displayLength($0.header) } ?? 0
        for row in sheet.rows where index < row.count {
            let length: Int
            switch row[index] {
            case .number(let value): length = format.displayLength(value)
            case .count(let value): length = NumberFormat.integer.displayLength(Double(value))
            case .text(let text), .level(let text): length = displayLength(text)
            case .boolean(let value): length = value ? 4 : 5
            case .blank: length = 0
            }
            longest = max(longest, length)
        }
        return min(Column.maximumFittedWidth, max(Column.minimumFittedWidth, Double(longest) + 2))
    }

    /// Characters on the longest line.
    static func displayLength(_ text: String) -> Int {
        // ASCII without a line break (LF, VT, FF, CR) is one character per byte.
        var text = text
        let ascii = text.withUTF8 { utf8 in !utf8.contains { $0 >= 0x80 || (0x0A...0x0D).contains($0) } }
        if ascii { return text.utf8.count }
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(\.count).max() ?? 0
    }
}

/// Colours for level cells.
enum LevelFill {
    /// Black text on a light fill, white on a dark one (`TextContrast`).
    static func fontColour(onFill fill: UInt32) -> UInt32 {
        TextContrast.darkReads(on: fill, dark: 0x000000) ? 0x000000 : 0xFFFFFF
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
