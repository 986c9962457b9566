import Foundation

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
    /// cut in two.
    ///
    /// An A4 page holds about 30 rows (portrait 45) at full size; fitting a wide sheet to
    /// the page's width (about 125 characters of columns landscape, 90 portrait) shrinks
    /// it, so more rows fit.
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

extension String {
    fileprivate func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
