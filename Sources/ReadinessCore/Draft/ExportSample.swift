/// What `readiness init` learns from an export: its first records (the header and what may
/// be more header), and per column the distinct short answers with their counts, never more
/// than a bound, so that free text is seen as free text and never kept.
public struct ExportSample: Sendable {
    /// The distinct answers of one column, as §8.2 normalises them.
    public struct Column: Sendable {
        /// Distinct values in first-seen order (the first spelling of each) with their counts.
        public var values: [(text: String, count: Int)] = []
        /// Non-empty cells.
        public var answered = 0
        /// More distinct values than kept, or a value longer than `maxValueLength`: free text.
        public var overflow = false
        /// The span of the values that are dates.
        var dates = DateSpan()
        private var index: [String: Int] = [:]

        mutating func add(_ raw: String, keeping limit: Int) {
            let text = TextMatching.normalised(raw)
            guard !text.isEmpty else { return }
            answered += 1
            dates.add(text)
            guard !overflow else { return }
            guard text.unicodeScalars.count <= ExportSample.maxValueLength else {
                overflow = true
                values.removeAll()
                index.removeAll()
                return
            }
            let key = TextMatching.key(text)
            if let position = index[key] {
                values[position].count += 1
            } else if values.count < limit {
                index[key] = values.count
                values.append((text, 1))
            } else {
                overflow = true
                values.removeAll()
                index.removeAll()
            }
        }
    }

    /// Distinct values kept per column; beyond this a column is free text (or ids).
    static let maxDistinct = 500
    /// A longer answer is free text.
    static let maxValueLength = 100

    /// The export's file name (`responses.csv` or an .xlsx name).
    public var fileName: String
    public var isWorkbook: Bool
    /// The worksheet read, for a workbook.
    public var worksheet: String?
    /// The first three records as written (header candidates).
    public var firstRecords: [[String]]
    /// Header records of the layout detected (SPEC §8.4 `auto`).
    public var headerRecords: Int
    /// Data records read after the header records.
    public var rows = 0
    public var columns: [Column]

    /// A sample of the given records: the first `ExportPlatform.headerRecords` are the header.
    public init(fileName: String, isWorkbook: Bool, worksheet: String? = nil, records: [[String]]) {
        self.init(fileName: fileName, isWorkbook: isWorkbook, worksheet: worksheet) { body in records.forEach(body) }
    }

    /// A sample fed one record at a time by `produce`.
    init(fileName: String, isWorkbook: Bool, worksheet: String?, produce: ((([String]) -> Void)) -> Void) {
        self.fileName = fileName
        self.isWorkbook = isWorkbook
        self.worksheet = worksheet
        var first: [[String]] = []
        var columns: [Column] = []
        var rows = 0
        func add(_ record: [String]) {
            if columns.count < record.count {
                columns += Array(repeating: Column(), count: record.count - columns.count)
            }
            for (position, cell) in record.enumerated() { columns[position].add(cell, keeping: Self.maxDistinct) }
            rows += 1
        }
        // Records 2 and 3 wait until the layout says whether they are header records.
        produce { record in
            if first.count < 3 {
                first.append(record)
                return
            }
            add(record)
        }
        let header = ExportPlatform.headerRecords(first)
        headerRecords = min(header, first.count)
        for record in first.dropFirst(headerRecords) { add(record) }
        if columns.count < (first.first?.count ?? 0) {
            columns += Array(repeating: Column(), count: first[0].count - columns.count)
        }
        firstRecords = first
        self.rows = rows
        self.columns = columns
    }

    /// Reads an export: CSV as SPEC §7 decodes it, or the first (or named) worksheet of an .xlsx.
    public static func read(path: String, sheet: String? = nil) throws(FatalInputError) -> ExportSample {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let mapped = try MappedFile(path: path)
        if mapped.bytes.starts(with: ZipArchive.localSignature)
            || ZipArchive.asciiLowercased(fileName).hasSuffix(".xlsx")
        {
            let reader = try XLSXSheetReader(path: path, file: path, sheet: sheet)
            var failure: FatalInputError?
            let sample = ExportSample(
                fileName: fileName, isWorkbook: true, worksheet: reader.worksheet,
                produce: { body in
                    do throws(FatalInputError) {
                        try reader.forEachRecord { body($0.cells) }
                    } catch {
                        failure = error
                    }
                })
            if let failure { throw failure }
            return sample
        }
        if sheet != nil {
            throw FatalInputError([
                Diagnostic(file: path, message: "--sheet given, but the export is not an .xlsx workbook")
            ])
        }
        let text = TextDecoding.utf8(from: mapped.bytes).bytes
        let reader = CSVRecordReader(delimiter: CSVRecordReader.detectDelimiter(text))
        return ExportSample(
            fileName: fileName, isWorkbook: false, worksheet: nil,
            produce: { body in
                reader.forEachRecord(in: text) { body($0.fields) }
            })
    }
}
