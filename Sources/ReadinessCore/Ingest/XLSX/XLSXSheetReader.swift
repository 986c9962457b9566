/// One row of a worksheet that holds a non-empty cell (SPEC §8.7).
public struct XLSXRecord: Sendable, Equatable {
    /// The sheet row number (`<row r>`), the record's line in messages.
    public var row: Int
    /// Cell texts from column A to the last non-empty cell; absent cells are empty.
    public var cells: [String]

    public init(row: Int, cells: [String]) {
        self.row = row
        self.cells = cells
    }
}

/// Reads one worksheet of a `responses.xlsx` row by row (SPEC §8.7), holding at most one
/// window of the sheet's XML in memory, never the whole part.
///
/// The first record is the header: the first row with a non-empty cell; every later row with
/// a non-empty cell is a record. Rows without one are skipped and are not rows read.
public final class XLSXSheetReader {
    /// How the sheet was chosen.
    public enum Choice: Sendable, Equatable {
        /// `sheet:` in wave.yaml named it.
        case named
        /// The first worksheet in tab order.
        case first
    }

    /// The worksheet's name as the workbook spells it.
    public let worksheet: String
    public let choice: Choice
    /// Every worksheet in tab order.
    public let worksheets: [String]
    /// The file name used in diagnostics.
    public let file: String
    /// Keeps the mapped file alive as long as the reader (nil when reading bytes given).
    private let mapped: MappedFile?
    private let workbook: XLSXWorkbook
    private let part: String

    /// The data-quality row: `Form1 (named in wave.yaml)` or `Sheet1 (first worksheet)`.
    public var worksheetDescription: String {
        worksheet + (choice == .named ? " (named in wave.yaml)" : " (first worksheet)")
    }

    /// Opens `path` and chooses the sheet: the one named `sheet` (normalised,
    /// case-insensitive, SPEC §8.2), or the first worksheet.
    ///
    /// `file` names the file in errors.
    public convenience init(path: String, file: String? = nil, sheet: String? = nil) throws(FatalInputError) {
        let file = file ?? path
        let mapped: MappedFile
        do {
            mapped = try MappedFile(path: path)
        } catch {
            throw FatalInputError(error.diagnostics.map { Diagnostic(file: file, message: $0.message) })
        }
        try self.init(bytes: mapped.bytes, keeping: mapped, file: file, sheet: sheet)
    }

    /// Reads a workbook in memory; `bytes` must outlive the reader unless `keeping` owns them.
    init(bytes: UnsafeBufferPointer<UInt8>, keeping mapped: MappedFile? = nil, file: String, sheet: String?)
        throws(FatalInputError)
    {
        self.file = file
        self.mapped = mapped
        func fatal(_ problem: XLSXProblem) -> FatalInputError {
            FatalInputError([
                Diagnostic(file: file, line: problem.line, column: problem.column, message: problem.message)
            ])
        }
        do {
            workbook = try XLSXWorkbook(bytes)
        } catch {
            throw fatal(error)
        }
        worksheets = workbook.worksheets.map(\.name)
        let chosen: XLSXWorkbook.Worksheet
        if let sheet {
            let wanted = TextMatching.normalisedKey(sheet)
            guard let match = workbook.worksheets.first(where: { TextMatching.normalisedKey($0.name) == wanted }) else {
                let found =
                    workbook.worksheets.isEmpty
                    ? "none" : workbook.worksheets.map { "'\($0.name)'" }.joined(separator: ", ")
                throw fatal(XLSXProblem(message: "no worksheet '\(sheet)'; worksheets found: \(found)"))
            }
            chosen = match
            choice = .named
        } else {
            guard let first = workbook.worksheets.first else {
                throw fatal(XLSXProblem(message: "the workbook has no worksheet"))
            }
            chosen = first
            choice = .first
        }
        worksheet = chosen.name
        part = chosen.part
        guard workbook.archive.entry(part) != nil else {
            throw fatal(XLSXProblem(message: "worksheet '\(worksheet)' has no part \(part) in the workbook"))
        }
    }

    /// Calls `body` with every record in sheet order, the header first.
    public func forEachRecord(_ body: (XLSXRecord) -> Void) throws(FatalInputError) {
        try forEachRecordWhile({ record in
            body(record)
            return true
        })
    }

    /// Calls `body` with the records in sheet order until it returns false (e.g.
    ///
    /// once the header records are read); the rest of the sheet is then not read.
    public func forEachRecordWhile(_ body: (XLSXRecord) -> Bool) throws(FatalInputError) {
        do {
            guard let entry = workbook.archive.entry(part) else { return }
            let merges = try MergedRanges.read(entry, of: workbook.archive)
            let inflater = try PartInflater(entry, of: workbook.archive)
            try withoutActuallyEscaping(body) { (body) throws(XLSXProblem) in
                var handler = SheetRows(workbook: workbook, part: part, merges: merges, body: body)
                try XMLScanner.scan(inflater, into: &handler)
            }
        } catch {
            throw FatalInputError([
                Diagnostic(file: file, line: error.line, column: error.column, message: error.message)
            ])
        }
    }

    /// Every record, for small sheets and tests.
    public func records() throws(FatalInputError) -> [XLSXRecord] {
        var records: [XLSXRecord] = []
        try forEachRecord { records.append($0) }
        return records
    }

    /// The `malformed_row` detail of a record with a non-empty cell right of the header's
    /// last non-empty column (`headerColumns`), or nil.
    public static func beyondHeaderDetail(_ cells: [String], headerColumns: Int) -> String? {
        guard cells.count > headerColumns,
            let offset = cells[headerColumns...].firstIndex(where: { !$0.isEmpty })
        else { return nil }
        return "found a value in column \(offset + 1), beyond the header's \(headerColumns) columns"
    }

    /// The fatal error for a `responses.csv` that is a workbook (SPEC §8.7), or nil.
    static func workbookSavedAsCSV(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic? {
        guard bytes.starts(with: ZipArchive.localSignature) else { return nil }
        return Diagnostic(
            file: file, line: 1, column: 1,
            message:
                "an Excel workbook saved under a .csv name (it starts with the ZIP signature); rename it responses.xlsx"
        )
    }
}
