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
    /// this fill, so the level shows by colour as well as by name.
    ///
    /// A level without a fill is written as plain text.
    public var levelFills: [String: UInt32]
    /// What every printed page says in its header and footer; nil: nothing.
    public var print: PrintSetup?

    public init(
        title: String, subject: String = "", created: CalendarDate, sheets: [Sheet] = [],
        levelFills: [String: UInt32] = [:], print: PrintSetup? = nil
    ) {
        self.title = title
        self.subject = subject
        self.created = created
        self.sheets = sheets.flatMap { $0.fittingExcel() }
        self.levelFills = levelFills
        self.print = print
    }
}

/// One worksheet: a bold banner in row 0, headers in row 1, data from row 2, then notes.
public struct Sheet: Sendable, Equatable {
    /// Any text: the writer sanitises it (`SheetName.sanitised`) and makes it unique.
    public var name: String
    /// Written in row 0, bold: e.g.
    ///
    /// "INTERNAL — not for dissemination", or the sheet's title.
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
    /// the last.
    ///
    /// A sheet with charts is never split (charts name their sheet's rows).
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

    public init(
        name: String, banner: String = "", columns: [Column] = [], rows: [[Cell]] = [],
        notes: [String] = [], freezeHeader: Bool = true, style: TableStyle = .autofilter,
        charts: [Chart] = [], landscape: Bool? = nil
    ) {
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

/// A column of a sheet: its header, its width and how its numbers are displayed.
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
