import CShims
import CXlsxWriter
import Foundation

/// Writes a `WorkbookModel` to an XLSX file with libxlsxwriter.
///
/// This is the only file that imports `CXlsxWriter`: pointers, formats and `lxw_error`
/// codes never leave it. Facts about libxlsxwriter it relies on:
/// - `workbook_close` writes the file and frees everything, whatever it returns, so it is
///   called exactly once on every path; the file only appears then.
/// - `workbook_add_worksheet` returns NULL for a name Excel refuses, so names are sanitised
///   first (`SheetName.sanitised`) and checked with `workbook_validate_sheet_name`.
/// - `worksheet_write_string`, `format_set_num_format`, the chart name and range setters
///   and `workbook_set_properties` copy their strings, so a `withCString` scope is enough.
/// - Chart titles and series or axis names that begin with `=` are taken as cell
///   references; `CellText.chartLabel` guards against that.
/// - Warnings about refused arguments are printed to standard error by the library itself.
public enum Workbook {
    /// Writes the workbook to `url`; the folder must exist.
    ///
    /// The file is written under a temporary name in the same folder and renamed into
    /// place, so a failure leaves no file and never half of one.
    public static func write(_ model: WorkbookModel, to url: URL) throws(WorkbookError) {
        let destination = url.standardizedFileURL
        let folder = destination.deletingLastPathComponent()
        try requireFolder(folder.path, for: destination.path)
        let temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        try writeFile(model, path: temporary.path)
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw WorkbookError(
                LXW_ERROR_CREATING_XLSX_FILE, operation: "rename", context: destination.path,
                detail: "Cannot move the written workbook into place: \(reason).")
        }
    }

    /// The workbook's bytes: written to a scratch file in `temporaryFolder`, read back, and
    /// the file gone (the pipeline writes its outputs atomically itself).
    ///
    /// The scratch file is private and leaves nothing behind, even if the process is killed:
    /// a file in memory only (Linux `memfd_create`) or, where there is none, an unnamed file
    /// in `temporaryFolder` (Linux `O_TMPFILE`, mode 0600), either written by libxlsxwriter
    /// through its `/proc/self/fd` name, so it vanishes with the last descriptor. Where there
    /// are neither it is a named file created 0600 and removed at once after reading.
    /// libxlsxwriter's own temporary parts go to `temporaryFolder` too; it creates them 0600
    /// and unlinks them as soon as they are open. The pipeline passes its run's private
    /// staging folder (never `/dev/shm` or `/tmp`, where others could read a killed run's
    /// partner workbook).
    public static func bytes(_ model: WorkbookModel, temporaryFolder: URL) throws(WorkbookError) -> [UInt8] {
        let folder = temporaryFolder.standardizedFileURL
        let name = ".workbook-\(UUID().uuidString).xlsx"
        try requireFolder(folder.path, for: folder.appendingPathComponent(name).path)
        if let scratch = memoryFile() ?? unnamedScratchFile(in: folder.path) {
            defer { close(scratch) }
            let path = "/proc/self/fd/\(scratch)"
            do {
                try writeFile(model, path: path, folder: folder.path)
            } catch {
                var error = error
                if error.context == path { error.context = "a scratch file in \(folder.path)" }
                if error.operation == "workbook_close" { error.message += " Is the disk full?" }
                throw error
            }
            guard let bytes = contents(of: scratch) else {
                throw WorkbookError(
                    LXW_ERROR_READING_TMPFILE, operation: "read", context: folder.path,
                    detail: "Cannot read back the workbook just written.")
            }
            return bytes
        }
        let path = folder.appendingPathComponent(name).path
        defer { unlink(path) }
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard created >= 0 else {
            throw WorkbookError(
                LXW_ERROR_CREATING_XLSX_FILE, operation: "open", context: path,
                detail: "Cannot create a scratch file: \(String(cString: strerror(errno))).")
        }
        close(created)
        // libxlsxwriter opens the existing file with "wb", which keeps its mode 0600.
        try writeFile(model, path: path)
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0, let bytes = contents(of: descriptor) else {
            if descriptor >= 0 { close(descriptor) }
            throw WorkbookError(
                LXW_ERROR_READING_TMPFILE, operation: "read", context: path,
                detail: "Cannot read back the workbook just written.")
        }
        close(descriptor)
        return bytes
    }

    /// A file in memory only (Linux `memfd_create`), which libxlsxwriter writes through its
    /// `/proc/self/fd` name: the finished workbook never touches the disk before it is staged,
    /// and nothing of it can outlive the process.
    ///
    /// Nil where the system has none.
    private static func memoryFile() -> Int32? {
        let descriptor = readiness_memory_file("readiness-workbook")
        guard descriptor >= 0 else { return nil }
        guard access("/proc/self/fd/\(descriptor)", W_OK) == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// A readable and writable unnamed file in `folder`, mode 0600, or nil where the system
    /// or the file system has none.
    private static func unnamedScratchFile(in folder: String) -> Int32? {
        #if os(Linux)
            #if arch(x86_64)
                let unnamed: Int32 = 0o20_200_000  // __O_TMPFILE | O_DIRECTORY
            #elseif arch(arm64)
                let unnamed: Int32 = 0o20_040_000
            #else
                return nil
            #endif
            let descriptor = open(folder, unnamed | O_RDWR | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { return nil }
            // The /proc name libxlsxwriter opens must work (it needs /proc mounted).
            guard access("/proc/self/fd/\(descriptor)", W_OK) == 0 else {
                close(descriptor)
                return nil
            }
            return descriptor
        #else
            return nil
        #endif
    }

    /// The whole file open at `descriptor`, read from its start, or nil when it cannot be read.
    private static func contents(of descriptor: Int32) -> [UInt8]? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + offset, buffer.count - offset, off_t(offset))
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            offset += count
        }
        return bytes
    }

    /// Writes the workbook to `path` in one libxlsxwriter session; on failure no file is left.
    ///
    /// `sanitisingSheetNames: false` hands the model's names to libxlsxwriter as they are
    /// (tests use it to reach libxlsxwriter's own refusal).
    static func writeFile(
        _ model: WorkbookModel, path: String, folder: String? = nil,
        sanitisingSheetNames: Bool = true
    ) throws(WorkbookError) {
        let folder = folder ?? URL(fileURLWithPath: path).deletingLastPathComponent().path
        try requireFolder(folder, for: path)
        guard let created = model.created.secondsSince1970 else {
            throw WorkbookError(
                LXW_ERROR_PARAMETER_VALIDATION, operation: "workbook_set_properties",
                context: "created", detail: "\(model.created) is not a calendar date.")
        }
        let names = sanitisingSheetNames ? SheetName.assigned(model.sheets) : model.sheets.map(\.name)
        let references = SheetName.references(model.sheets, assigned: names)
        for (index, sheet) in model.sheets.enumerated() {
            for (number, chart) in sheet.charts.enumerated() {
                try validate(chart, context: chartContext(sheet, names[index], number, chart), references: references)
            }
        }

        // libxlsxwriter assembles the parts in temporary files: keep them beside the output.
        guard let temporaryFolder = strdup(folder) else {
            throw WorkbookError(LXW_ERROR_MEMORY_MALLOC_FAILED, operation: "strdup", context: folder)
        }
        defer { free(temporaryFolder) }
        var options = lxw_workbook_options(constant_memory: 0, tmpdir: temporaryFolder, use_zip64: 0)
        guard let workbook = path.withCString({ workbook_new_opt($0, &options) }) else {
            throw WorkbookError(LXW_ERROR_MEMORY_MALLOC_FAILED, operation: "workbook_new_opt", context: path)
        }
        do {
            try populate(workbook, model, names: names, references: references, created: created)
        } catch {
            // Close exactly once even so: it frees the workbook. What it writes is discarded.
            _ = closeWorkbook(workbook)
            unlink(path)
            throw error
        }
        let closed = closeWorkbook(workbook)
        guard closed == LXW_NO_ERROR else {
            unlink(path)
            throw WorkbookError(closed, operation: "workbook_close", context: path)
        }
    }

    /// One `workbook_close` at a time.
    ///
    /// It formats the creation date with `gmtime`, whose result is shared by the whole
    /// process, and names its temporary files with `rand` reseeded from a shared counter
    /// and opens them without `O_EXCL` (tmpfileplus), so two at once could pick one name
    /// and write into one file. Everything before it (building the sheets, strings, formats
    /// and charts in memory) touches only its own workbook, so workbooks are populated in
    /// parallel.
    private static let closeLock = NSLock()

    private static func closeWorkbook(_ workbook: UnsafeMutablePointer<lxw_workbook>) -> lxw_error {
        closeLock.lock()
        defer { closeLock.unlock() }
        return workbook_close(workbook)
    }

    private static func requireFolder(_ folder: String, for path: String) throws(WorkbookError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WorkbookError(
                LXW_ERROR_CREATING_XLSX_FILE, operation: "workbook_new_opt", context: path,
                detail: "The folder \(folder) does not exist.")
        }
    }
}

// MARK: - One session

extension Workbook {
    private typealias WorkbookPointer = UnsafeMutablePointer<lxw_workbook>
    private typealias WorksheetPointer = UnsafeMutablePointer<lxw_worksheet>
    private typealias FormatPointer = UnsafeMutablePointer<lxw_format>

    /// Every format the workbook uses, each created once.
    private struct Formats {
        var banner: FormatPointer
        var header: FormatPointer
        /// Notes: wrapped across the printed width, top-aligned.
        var note: FormatPointer
        var numbers: [NumberFormat: FormatPointer] = [:]
        var levels: [String: FormatPointer] = [:]
    }

    private static func populate(
        _ workbook: WorkbookPointer, _ model: WorkbookModel, names: [String],
        references: [String: String], created: Int64
    ) throws(WorkbookError) {
        try setProperties(workbook, model, created: created)
        let formats = try makeFormats(workbook, levelFills: model.levelFills)
        for (index, sheet) in model.sheets.enumerated() {
            let name = names[index]
            let context = sheetContext(sheet, name)
            try check(
                name.withCString { workbook_validate_sheet_name(workbook, $0) },
                "workbook_validate_sheet_name", context)
            guard let worksheet = name.withCString({ workbook_add_worksheet(workbook, $0) }) else {
                throw WorkbookError(
                    LXW_ERROR_PARAMETER_VALIDATION, operation: "workbook_add_worksheet",
                    context: context, detail: "libxlsxwriter refused the sheet.")
            }
            try writeSheet(sheet, to: worksheet, name: name, formats: formats, print: model.print)
            for (number, chart) in sheet.charts.enumerated() {
                try insert(
                    chart, into: worksheet, of: workbook, references: references,
                    context: chartContext(sheet, name, number, chart))
            }
        }
    }

    private static func setProperties(
        _ workbook: WorkbookPointer, _ model: WorkbookModel,
        created: Int64
    ) throws(WorkbookError) {
        // libxlsxwriter takes 0 to mean "now": the first second of 1970 keeps the date.
        let timestamp = time_t(created == 0 ? 1 : created)
        let code = CellText.limited(model.title).withCString { title in
            CellText.limited(model.subject).withCString { subject in
                var properties = lxw_doc_properties()
                properties.title = UnsafeMutablePointer(mutating: title)
                properties.subject = UnsafeMutablePointer(mutating: subject)
                properties.created = timestamp
                return workbook_set_properties(workbook, &properties)
            }
        }
        try check(code, "workbook_set_properties", "document properties")
    }

    private static func makeFormats(
        _ workbook: WorkbookPointer,
        levelFills: [String: UInt32]
    ) throws(WorkbookError) -> Formats {
        func add(_ what: String) throws(WorkbookError) -> FormatPointer {
            guard let format = workbook_add_format(workbook) else {
                throw WorkbookError(LXW_ERROR_MEMORY_MALLOC_FAILED, operation: "workbook_add_format", context: what)
            }
            return format
        }
        let banner = try add("banner format")
        format_set_bold(banner)
        format_set_text_wrap(banner)
        format_set_align(banner, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        let note = try add("note format")
        format_set_text_wrap(note)
        format_set_align(note, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        let header = try add("header format")
        format_set_bold(header)
        format_set_bottom(header, UInt8(LXW_BORDER_THIN.rawValue))
        var formats = Formats(banner: banner, header: header, note: note)
        for number in NumberFormat.allCases {
            guard let code = number.code else { continue }
            let format = try add("number format \(code)")
            code.withCString { format_set_num_format(format, $0) }
            formats.numbers[number] = format
        }
        for (level, fill) in levelFills.sorted(by: { $0.key < $1.key }) {
            let format = try add("fill for level '\(level)'")
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, colour(fill))
            format_set_font_color(format, colour(LevelFill.fontColour(onFill: fill)))
            formats.levels[level] = format
        }
        return formats
    }

    private static func writeSheet(
        _ sheet: Sheet, to worksheet: WorksheetPointer, name: String,
        formats: Formats, print: PrintSetup?
    ) throws(WorkbookError) {
        func cellContext(_ row: Int, _ column: Int) -> String {
            "sheet '\(name)', cell \(CellReference.name(row: row, column: column))"
        }
        func writeText(_ text: String, _ row: Int, _ column: Int, _ format: FormatPointer?) throws(WorkbookError) {
            let code = CellText.limited(text).withCString {
                worksheet_write_string(worksheet, lxw_row_t(clamping: row), lxw_col_t(clamping: column), $0, format)
            }
            try check(code, "worksheet_write_string", cellContext(row, column))
        }

        // The banner and notes span the printed columns, wrapped, so that no page is shrunk
        // to make room for a long line, and a long note is read whole.
        let printed = SheetLayout.printedColumns(sheet)
        let printedWidth = (0..<printed).reduce(0.0) { $0 + SheetLayout.width(ofColumn: $1, in: sheet) }
        func writeWide(_ text: String, _ row: Int, _ format: FormatPointer) throws(WorkbookError) {
            if printed <= 1 {
                try writeText(text, row, 0, format)
            } else {
                let code = CellText.limited(text).withCString {
                    worksheet_merge_range(
                        worksheet, lxw_row_t(clamping: row), 0, lxw_row_t(clamping: row),
                        lxw_col_t(clamping: printed - 1), $0, format)
                }
                try check(code, "worksheet_merge_range", cellContext(row, 0))
            }
            let lines = (Double(SheetLayout.displayLength(text)) * 1.1 / max(8, printedWidth)).rounded(.up)
            if lines > 1 {
                try check(
                    worksheet_set_row(worksheet, lxw_row_t(clamping: row), 15 * min(lines, 20), nil),
                    "worksheet_set_row", cellContext(row, 0))
            }
        }
        if !sheet.banner.isEmpty {
            try writeWide(sheet.banner, 0, formats.banner)
        }
        let columnCount = SheetLayout.columnCount(sheet)
        if sheet.style != .table {
            for (column, header) in sheet.columns.enumerated() {
                try writeText(header.header, Sheet.headerRow, column, formats.header)
            }
        }
        // Looked up once per column, not once per cell.
        let columnFormats = sheet.columns.map { formats.numbers[$0.format] }
        for (offset, cells) in sheet.rows.enumerated() {
            let row = Sheet.firstDataRow + offset
            for (column, cell) in cells.enumerated() {
                let numberFormat = column < columnFormats.count ? columnFormats[column] : nil
                switch cell {
                case .text(let text):
                    try writeText(text, row, column, nil)
                case .level(let level):
                    try writeText(level, row, column, formats.levels[level])
                case .number(let value):
                    guard value.isFinite else { continue }
                    let code = worksheet_write_number(
                        worksheet, lxw_row_t(clamping: row),
                        lxw_col_t(clamping: column), value, numberFormat)
                    try check(code, "worksheet_write_number", cellContext(row, column))
                case .count(let value):
                    let code = worksheet_write_number(
                        worksheet, lxw_row_t(clamping: row), lxw_col_t(clamping: column),
                        Double(value), formats.numbers[.integer])
                    try check(code, "worksheet_write_number", cellContext(row, column))
                case .boolean(let value):
                    let code = worksheet_write_boolean(
                        worksheet, lxw_row_t(clamping: row),
                        lxw_col_t(clamping: column), value ? 1 : 0, nil)
                    try check(code, "worksheet_write_boolean", cellContext(row, column))
                case .blank:
                    continue
                }
            }
        }
        for column in 0..<columnCount {
            let code = worksheet_set_column(
                worksheet, lxw_col_t(clamping: column), lxw_col_t(clamping: column),
                SheetLayout.width(ofColumn: column, in: sheet), nil)
            try check(code, "worksheet_set_column", "sheet '\(name)', column \(CellReference.columnName(column))")
        }
        if sheet.freezeHeader {
            worksheet_freeze_panes(worksheet, lxw_row_t(Sheet.firstDataRow), 0)
        }
        if columnCount > 0 {
            let lastRow = lxw_row_t(clamping: max(SheetLayout.lastDataRow(sheet), Sheet.headerRow))
            let lastColumn = lxw_col_t(clamping: columnCount - 1)
            let range =
                "sheet '\(name)', " + CellReference.name(row: Sheet.headerRow, column: 0) + ":"
                + CellReference.name(row: Int(lastRow), column: columnCount - 1)
            switch sheet.style {
            case .autofilter:
                try check(
                    worksheet_autofilter(worksheet, lxw_row_t(Sheet.headerRow), 0, lastRow, lastColumn),
                    "worksheet_autofilter", range)
            case .table:
                try addTable(
                    SheetLayout.tableHeaders(sheet), to: worksheet, lastRow: lastRow,
                    lastColumn: lastColumn, header: formats.header, context: range)
            case .plain:
                break
            }
        }
        for (offset, note) in sheet.notes.enumerated() {
            try writeWide(note, SheetLayout.firstNoteRow(sheet) + offset, formats.note)
        }
        try setUpPages(sheet, worksheet, name: name, print: print)
    }

    /// A4, one page wide (as many pages long as it takes), landscape when wide, the banner
    /// and header rows repeated on every page, a chart starting a page when it would
    /// otherwise be cut, and the model's header and footer.
    private static func setUpPages(
        _ sheet: Sheet, _ worksheet: WorksheetPointer, name: String,
        print: PrintSetup?
    ) throws(WorkbookError) {
        worksheet_set_paper(worksheet, 9)
        if SheetLayout.isWide(sheet) { worksheet_set_landscape(worksheet) }
        worksheet_fit_to_pages(worksheet, 1, 0)
        try check(
            worksheet_print_area(
                worksheet, 0, 0, lxw_row_t(clamping: SheetLayout.printedRows(sheet) - 1),
                lxw_col_t(clamping: SheetLayout.printedColumns(sheet) - 1)),
            "worksheet_print_area", "sheet '\(name)'")
        try check(
            worksheet_repeat_rows(worksheet, 0, lxw_row_t(Sheet.headerRow)), "worksheet_repeat_rows", "sheet '\(name)'")
        var breaks = SheetLayout.pageBreaks(sheet).map { lxw_row_t(clamping: $0) }
        if !breaks.isEmpty {
            breaks.append(0)
            try check(worksheet_set_h_pagebreaks(worksheet, &breaks), "worksheet_set_h_pagebreaks", "sheet '\(name)'")
        }
        guard let print else { return }
        try check(
            print.header.withCString { worksheet_set_header(worksheet, $0) }, "worksheet_set_header", "sheet '\(name)'")
        try check(
            print.footer.withCString { worksheet_set_footer(worksheet, $0) }, "worksheet_set_footer", "sheet '\(name)'")
    }

    private static func addTable(
        _ headers: [String], to worksheet: WorksheetPointer, lastRow: lxw_row_t,
        lastColumn: lxw_col_t, header: FormatPointer,
        context: String
    ) throws(WorkbookError) {
        let copies = headers.map { strdup($0) }
        defer { for copy in copies { free(copy) } }
        guard copies.allSatisfy({ $0 != nil }) else {
            throw WorkbookError(LXW_ERROR_MEMORY_MALLOC_FAILED, operation: "strdup", context: context)
        }
        var columns = copies.map {
            lxw_table_column(
                header: $0, formula: nil, total_string: nil, total_function: 0,
                header_format: header, format: nil, total_value: 0)
        }
        let code = columns.withUnsafeMutableBufferPointer { buffer -> lxw_error in
            // A NULL-terminated list of pointers to the columns.
            var pointers = (0..<buffer.count).map { buffer.baseAddress?.advanced(by: $0) }
            pointers.append(nil)
            return pointers.withUnsafeMutableBufferPointer { list -> lxw_error in
                var options = lxw_table_options()
                options.columns = list.baseAddress
                return worksheet_add_table(worksheet, lxw_row_t(Sheet.headerRow), 0, lastRow, lastColumn, &options)
            }
        }
        try check(code, "worksheet_add_table", context)
    }
}

// MARK: - Charts

extension Workbook {
    /// Everything libxlsxwriter would only warn about (or silently drop) is refused here,
    /// before the workbook is opened.
    private static func validate(
        _ chart: Chart, context: String,
        references: [String: String]
    ) throws(WorkbookError) {
        if !chart.overlay.isEmpty, let overlayKind = chart.overlayKind, overlayKind != chart.kind {
            throw WorkbookError(
                LXW_ERROR_FEATURE_NOT_SUPPORTED, operation: "chart_combine", context: context,
                detail:
                    "libxlsxwriter \(String(cString: lxw_version())) cannot combine a \(overlayKind) overlay with "
                    + "a \(chart.kind) chart; use one kind, or a line chart with upDownBars and marker-only series."
            )
        }
        let all = chart.series + chart.overlay
        guard !all.isEmpty else {
            throw WorkbookError(
                LXW_ERROR_PARAMETER_VALIDATION, operation: "chart_add_series", context: context,
                detail: "A chart needs at least one series.")
        }
        if chart.upDownBars != nil, chart.kind != .line {
            throw WorkbookError(
                LXW_ERROR_PARAMETER_VALIDATION, operation: "chart_set_up_down_bars",
                context: context, detail: "Up-down bars belong to line charts, not \(chart.kind).")
        }
        for bound in [chart.valueAxisMin, chart.valueAxisMax] {
            if let bound, !bound.isFinite {
                throw WorkbookError(
                    LXW_ERROR_PARAMETER_VALIDATION, operation: "chart_axis_set_min", context: context,
                    detail: "The value axis bound \(bound) is not a number.")
            }
        }
        guard chart.width > 0, chart.height > 0 else {
            throw WorkbookError(
                LXW_ERROR_PARAMETER_VALIDATION, operation: "worksheet_insert_chart_opt",
                context: context, detail: "The chart size \(chart.width)×\(chart.height) is not positive.")
        }
        guard isRow(chart.anchorRow), isColumn(chart.anchorColumn) else {
            throw WorkbookError(
                LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE, operation: "worksheet_insert_chart_opt",
                context: context,
                detail: "The anchor (row \(chart.anchorRow), column \(chart.anchorColumn)) is outside the worksheet.")
        }
        for (index, series) in all.enumerated() {
            let seriesContext = "\(context), series \(index + 1) '\(series.name)'"
            guard references[series.sheet] != nil else {
                throw WorkbookError(
                    LXW_ERROR_PARAMETER_VALIDATION, operation: "chart_series_set_values",
                    context: seriesContext, detail: "There is no sheet named '\(series.sheet)'.")
            }
            guard isRow(series.firstRow), isRow(series.lastRow), isColumn(series.categoryColumn),
                isColumn(series.valueColumn)
            else {
                throw WorkbookError(
                    LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE, operation: "chart_series_set_values",
                    context: seriesContext,
                    detail:
                        "Rows \(series.firstRow)…\(series.lastRow), columns \(series.categoryColumn) "
                        + "and \(series.valueColumn) are not all inside a worksheet."
                )
            }
            guard series.firstRow <= series.lastRow else {
                throw WorkbookError(
                    LXW_ERROR_PARAMETER_VALIDATION, operation: "chart_series_set_values",
                    context: seriesContext,
                    detail: "The first row \(series.firstRow) comes after the last row \(series.lastRow).")
            }
        }
    }

    private static func isRow(_ row: Int) -> Bool { row >= 0 && row < LXW_ROW_MAX }
    private static func isColumn(_ column: Int) -> Bool { column >= 0 && column < LXW_COL_MAX }

    private static func chartType(_ kind: Chart.Kind) -> UInt8 {
        let type: lxw_chart_type
        switch kind {
        case .bar: type = LXW_CHART_BAR
        case .column: type = LXW_CHART_COLUMN
        case .barStacked: type = LXW_CHART_BAR_STACKED
        case .columnStacked: type = LXW_CHART_COLUMN_STACKED
        case .barPercentStacked: type = LXW_CHART_BAR_STACKED_PERCENT
        case .columnPercentStacked: type = LXW_CHART_COLUMN_STACKED_PERCENT
        case .line: type = LXW_CHART_LINE
        case .scatter: type = LXW_CHART_SCATTER
        }
        return UInt8(type.rawValue)
    }

    private static func markerType(_ marker: ChartSeries.Marker) -> UInt8 {
        let type: lxw_chart_marker_type
        switch marker {
        case .automatic: type = LXW_CHART_MARKER_AUTOMATIC
        case .none: type = LXW_CHART_MARKER_NONE
        case .circle: type = LXW_CHART_MARKER_CIRCLE
        case .diamond: type = LXW_CHART_MARKER_DIAMOND
        case .square: type = LXW_CHART_MARKER_SQUARE
        case .triangle: type = LXW_CHART_MARKER_TRIANGLE
        case .x: type = LXW_CHART_MARKER_X
        }
        return UInt8(type.rawValue)
    }

    /// Inserts a chart validated by `validate`.
    private static func insert(
        _ model: Chart, into worksheet: WorksheetPointer, of workbook: WorkbookPointer,
        references: [String: String], context: String
    ) throws(WorkbookError) {
        guard let chart = workbook_add_chart(workbook, chartType(model.kind)) else {
            throw WorkbookError(LXW_ERROR_MEMORY_MALLOC_FAILED, operation: "workbook_add_chart", context: context)
        }
        if model.title.isEmpty {
            chart_title_off(chart)
        } else {
            CellText.chartLabel(model.title).withCString { chart_title_set_name(chart, $0) }
            var font = lxw_chart_font()
            font.size = model.titleSize
            font.bold = 1
            chart_title_set_name_font(chart, &font)
        }

        let blanks: lxw_chart_blank
        switch model.blanks {
        case .gap: blanks = LXW_CHART_BLANKS_AS_GAP
        case .zero: blanks = LXW_CHART_BLANKS_AS_ZERO
        case .connected: blanks = LXW_CHART_BLANKS_AS_CONNECTED
        }
        // For gaps, libxlsxwriter writes no <c:dispBlanksAs>: Excel reads that as gaps, and so does
        // LibreOffice for a document that says it is Excel 2007's, as libxlsxwriter's do (checked
        // by printing a Journey sheet with a missing wave).
        chart_show_blanks_as(chart, UInt8(blanks.rawValue))

        var hiddenFromLegend: [Int16] = []
        for (index, series) in (model.series + model.overlay).enumerated() {
            let seriesContext = "\(context), series \(index + 1) '\(series.name)'"
            guard let sheet = references[series.sheet] else {
                throw WorkbookError(
                    LXW_ERROR_PARAMETER_VALIDATION, operation: "chart_series_set_values",
                    context: seriesContext, detail: "There is no sheet named '\(series.sheet)'.")
            }
            guard let added = chart_add_series(chart, nil, nil) else {
                throw WorkbookError(
                    LXW_ERROR_MEMORY_MALLOC_FAILED, operation: "chart_add_series", context: seriesContext)
            }
            let first = lxw_row_t(series.firstRow), last = lxw_row_t(series.lastRow)
            sheet.withCString { sheet in
                let categories = lxw_col_t(series.categoryColumn), values = lxw_col_t(series.valueColumn)
                chart_series_set_categories(added, sheet, first, categories, last, categories)
                chart_series_set_values(added, sheet, first, values, last, values)
            }
            if !series.name.isEmpty {
                CellText.chartLabel(series.name).withCString { chart_series_set_name(added, $0) }
            }
            style(added, series, kind: model.kind)
            try stylePoints(added, series, context: seriesContext)
            if series.noFill, index <= Int(Int16.max) { hiddenFromLegend.append(Int16(index)) }
        }

        if let xAxis = chart_axis_get(chart, LXW_CHART_AXIS_TYPE_X),
            let yAxis = chart_axis_get(chart, LXW_CHART_AXIS_TYPE_Y)
        {
            if let title = model.xAxisTitle, !title.isEmpty {
                CellText.chartLabel(title).withCString { chart_axis_set_name(xAxis, $0) }
            }
            if let title = model.yAxisTitle, !title.isEmpty {
                CellText.chartLabel(title).withCString { chart_axis_set_name(yAxis, $0) }
            }
            let valueAxis = model.kind.isHorizontal ? xAxis : yAxis
            if let minimum = model.valueAxisMin { chart_axis_set_min(valueAxis, minimum) }
            if let maximum = model.valueAxisMax { chart_axis_set_max(valueAxis, maximum) }
            if model.reverseCategories, model.kind != .scatter {
                let categoryAxis = model.kind.isHorizontal ? yAxis : xAxis
                chart_axis_set_reverse(categoryAxis)
                // Keeps the value axis where it was, beside the first category shown.
                if model.kind.isHorizontal { chart_axis_set_crossing_max(categoryAxis) }
            }
        }

        if let fill = model.upDownBars {
            var upFill = lxw_chart_fill(color: colour(fill), none: 0, transparency: 0)
            var downFill = upFill
            var upLine = lxw_chart_line()
            upLine.color = colour(fill)
            var downLine = upLine
            chart_set_up_down_bars_format(chart, &upLine, &upFill, &downLine, &downFill)
        }

        if model.legend {
            chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
            if !hiddenFromLegend.isEmpty {
                hiddenFromLegend.append(-1)
                try check(chart_legend_delete_series(chart, &hiddenFromLegend), "chart_legend_delete_series", context)
            }
        } else {
            chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
        }

        var options = lxw_chart_options()
        options.x_scale = Double(model.width) / 480
        options.y_scale = Double(model.height) / 288
        let code = worksheet_insert_chart_opt(
            worksheet, lxw_row_t(model.anchorRow),
            lxw_col_t(model.anchorColumn), chart, &options)
        try check(code, "worksheet_insert_chart_opt", context)
    }

    /// Per-point fills and labels: an invisible point has no fill and no border; a label
    /// is deleted where `shownLabels` says so (an empty stacked segment shows no "0").
    private static func stylePoints(
        _ series: UnsafeMutablePointer<lxw_chart_series>, _ model: ChartSeries,
        context: String
    ) throws(WorkbookError) {
        if let colours = model.pointColours, !colours.isEmpty {
            var fills = colours.map { rgb -> lxw_chart_fill in
                var fill = lxw_chart_fill()
                if let rgb { fill.color = colour(rgb) } else { fill.none = 1 }
                return fill
            }
            var lines = colours.map { rgb -> lxw_chart_line in
                var line = lxw_chart_line()
                if let rgb { line.color = colour(rgb) } else { line.none = 1 }
                return line
            }
            let code = fills.withUnsafeMutableBufferPointer { fillBuffer -> lxw_error in
                lines.withUnsafeMutableBufferPointer { lineBuffer -> lxw_error in
                    var points = (0..<colours.count).map { index in
                        lxw_chart_point(
                            line: lineBuffer.baseAddress! + index, fill: fillBuffer.baseAddress! + index, pattern: nil)
                    }
                    return points.withUnsafeMutableBufferPointer { pointBuffer -> lxw_error in
                        var list: [UnsafeMutablePointer<lxw_chart_point>?] = (0..<colours.count).map {
                            pointBuffer.baseAddress! + $0
                        }
                        list.append(nil)
                        return chart_series_set_points(series, &list)
                    }
                }
            }
            try check(code, "chart_series_set_points", context)
        }
        if model.dataLabels, let shown = model.shownLabels, shown.contains(false) {
            var labels = shown.map {
                lxw_chart_data_label(value: nil, hide: $0 ? 0 : 1, font: nil, line: nil, fill: nil, pattern: nil)
            }
            let code = labels.withUnsafeMutableBufferPointer { buffer -> lxw_error in
                var list: [UnsafeMutablePointer<lxw_chart_data_label>?] = (0..<shown.count).map {
                    buffer.baseAddress! + $0
                }
                list.append(nil)
                return chart_series_set_labels_custom(series, &list)
            }
            try check(code, "chart_series_set_labels_custom", context)
        }
    }

    /// An invisible marker.
    ///
    /// Written as a marker with no fill and no line rather than
    /// `<c:symbol val="none"/>`, which openpyxl's reader refuses.
    private static func hideMarker(_ series: UnsafeMutablePointer<lxw_chart_series>) {
        chart_series_set_marker_type(series, markerType(.square))
        chart_series_set_marker_size(series, 2)
        var fill = lxw_chart_fill()
        fill.none = 1
        var line = lxw_chart_line()
        line.none = 1
        chart_series_set_marker_fill(series, &fill)
        chart_series_set_marker_line(series, &line)
    }

    private static func style(
        _ series: UnsafeMutablePointer<lxw_chart_series>, _ model: ChartSeries,
        kind: Chart.Kind
    ) {
        var noLine = lxw_chart_line()
        noLine.none = 1
        switch kind {
        case .line, .scatter:
            if model.noFill || model.marker == .none {
                if model.noFill || !model.showsLine { chart_series_set_line(series, &noLine) }
                hideMarker(series)
                if model.noFill { return }
            }
            if kind == .line, !model.showsLine {
                chart_series_set_line(series, &noLine)
            } else if kind == .line, let rgb = model.colour {
                var line = lxw_chart_line()
                line.color = colour(rgb)
                line.width = 2.25
                chart_series_set_line(series, &line)
            }
            if model.marker != .automatic, model.marker != .none {
                chart_series_set_marker_type(series, markerType(model.marker))
            }
            if let rgb = model.colour, model.marker != .none {
                var fill = lxw_chart_fill(color: colour(rgb), none: 0, transparency: 0)
                var line = lxw_chart_line()
                line.color = colour(rgb)
                chart_series_set_marker_fill(series, &fill)
                chart_series_set_marker_line(series, &line)
                if model.marker == .automatic {
                    chart_series_set_marker_type(series, markerType(kind == .scatter ? .circle : .diamond))
                }
            }
        case .bar, .column, .barStacked, .columnStacked, .barPercentStacked, .columnPercentStacked:
            if model.noFill {
                var fill = lxw_chart_fill()
                fill.none = 1
                chart_series_set_fill(series, &fill)
                chart_series_set_line(series, &noLine)
                return
            }
            if let rgb = model.colour {
                var fill = lxw_chart_fill(color: colour(rgb), none: 0, transparency: 0)
                chart_series_set_fill(series, &fill)
            }
        }
        if model.dataLabels {
            chart_series_set_labels(series)
        }
    }
}

// MARK: - Errors and small conversions

/// A workbook that could not be written: which libxlsxwriter function (or file operation)
/// failed, where, and libxlsxwriter's explanation.
///
/// Its raw error code stays inside this file.
public struct WorkbookError: Error, CustomStringConvertible, Equatable {
    /// The libxlsxwriter function (or file operation) that failed, e.g.
    ///
    /// `worksheet_write_string`.
    public var operation: String
    /// Where: the file, sheet, cell or chart, e.g.
    ///
    /// `sheet 'Scores', cell C7`.
    public var context: String
    /// libxlsxwriter's text for the error, followed by what was found where that helps.
    public var message: String

    public var description: String {
        "cannot write workbook: \(operation) failed for \(context): \(message)"
    }
}

extension WorkbookError {
    /// The one place an `lxw_error` becomes a Swift error: libxlsxwriter's text for the
    /// code, then `detail` where the caller knows more.
    fileprivate init(_ code: lxw_error, operation: String, context: String, detail: String? = nil) {
        let text = lxw_strerror(code).map { String(cString: $0) } ?? "libxlsxwriter error \(code.rawValue)."
        self.init(operation: operation, context: context, message: detail.map { "\(text) \($0)" } ?? text)
    }
}

/// Throws unless `code` is `LXW_NO_ERROR`.
private func check(
    _ code: lxw_error, _ operation: String,
    _ context: @autoclosure () -> String
) throws(WorkbookError) {
    guard code != LXW_NO_ERROR else { return }
    throw WorkbookError(code, operation: operation, context: context())
}

/// libxlsxwriter reads colour 0 as "unset", so black has its own value.
private func colour(_ rgb: UInt32) -> lxw_color_t {
    let masked = rgb & 0xFF_FFFF
    return masked == 0 ? lxw_color_t(LXW_COLOR_BLACK.rawValue) : masked
}

private func sheetContext(_ sheet: Sheet, _ name: String) -> String {
    sheet.name == name ? "sheet '\(name)'" : "sheet '\(name)' (model name '\(sheet.name)')"
}

private func chartContext(_ sheet: Sheet, _ name: String, _ number: Int, _ chart: Chart) -> String {
    "\(sheetContext(sheet, name)), chart \(number + 1) '\(chart.title)'"
}
