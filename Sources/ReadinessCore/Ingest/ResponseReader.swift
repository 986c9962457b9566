import Foundation

/// Why a row of `responses.csv` was not scored (SPEC §2.4, §8.5), in the order they are checked.
public enum RejectReason: String, Sendable, CaseIterable, Comparable {
    case malformedRow = "malformed_row"
    case missingResponseID = "missing_response_id"
    case unknownOrganisation = "unknown_organisation"
    case incompleteResponse = "incomplete_response"
    case outsideWaveWindow = "outside_wave_window"
    case emptyResponse = "empty_response"
    case duplicateSuperseded = "duplicate_superseded"

    public static func < (a: RejectReason, b: RejectReason) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A row written to `rejects.csv`.
public struct Reject: Sendable, Equatable {
    public var line: Int
    public var responseID: String
    public var reason: RejectReason
    public var detail: String
}

/// A respondent whose row was scored: the organisation (index in the register), the role
/// (index in the instrument's roles) and one `Answer` code per instrument item.
public struct Respondent: Sendable, Equatable {
    public var organisation: Int
    public var role: Int?
    public var answers: [UInt8]

    public init(organisation: Int, role: Int?, answers: [UInt8]) {
        self.organisation = organisation
        self.role = role
        self.answers = answers
    }
}

/// Whether and how a completion rule applied to a file (SPEC §8.5).
public enum CompletionStatus: Sendable, Equatable {
    /// No rule (`none`, or a preset without one).
    case none
    /// The rule checked every row, on the column found under `name` (1-based `column`).
    case applied(rule: CompletionRule, name: String, column: Int)
    /// A preset's rule whose column is not in the file: no check.
    case dropped(rule: CompletionRule)
}

/// How `date_order` was decided for a file (SPEC §8.6).
public struct DateOrderDecision: Sendable, Equatable {
    public var setting: DateOrderSetting
    public var used: DateOrder
    /// Why, as data-quality.md says it: `auto: …` or `date_order in wave.yaml`.
    public var reason: String
}

/// What the reading of one responses file found, for the data-quality report.
public struct ReadingQuality: Sendable, Equatable {
    public var file = ""
    public var encoding = SourceEncoding.utf8
    public var delimiter = ","
    /// The worksheet read, for a workbook (SPEC §8.7); nil for a CSV file.
    public var worksheet: String?
    /// Whether wave.yaml named the worksheet (else it is the first in tab order).
    public var worksheetNamed = false
    public var qualtricsHeaderSkipped = false
    public var rowsRead = 0
    public var emptyLines = 0
    /// Second and unknown columns, named as SPEC §8.4 addresses them.
    public var unknownColumns: [String] = []
    public var duplicateHeaders: [String] = []
    public var itemsWithoutColumn: [String] = []
    /// Invalid values per item (instrument order), over scored rows.
    public var invalidValues: [Int] = []
    public var unparseableDates = 0
    public var invalidRoles = 0
    public var missingDates = 0
    public var straightLiners = 0
    // SPEC §8: what the reader had to decide, said in data-quality.md and the manifest.
    public var settings = ExportSettings()
    public var headerRecords = 1
    public var layout = HeaderLayout.plain
    public var dateOrder = DateOrderDecision(setting: .dmy, used: .dmy, reason: "")
    public var responseIDColumn = true
    public var completion = CompletionStatus.none
    public var bindings: [ColumnBinding] = []
    public var organisationsByName = 0
    public var unrecognisedZones = 0
    /// Scored rows identical in every field to an earlier scored row (only without a response_id column).
    public var identicalRows = 0
    /// Rows rejected as empty_response that held invalid values.
    public var emptyWithInvalid = 0
    // Issue 11: where things are, for warnings and findings.
    /// The line of the first header record (a sheet row for a workbook).
    public var headerLine = 1
    /// Every column's name as data-quality.md shows it, in file order.
    public var columnNames: [String] = []
    /// The 1-based column of each item (instrument order; nil for none) and of the fixed columns.
    public var itemColumns: [Int?] = []
    public var organisationColumn: Int?
    public var submittedAtColumn: Int?
    public var roleColumn: Int?
    /// Columns not read, with what their first rows hold.
    public var ignoredColumns: [IgnoredColumn] = []
    /// Organisation cells of rows rejected as unknown_organisation, by first line, and the
    /// rows of further cells once too many different ones were seen.
    public var unknownOrganisations: [UnknownOrganisationCode] = []
    public var otherUnknownOrganisationRows = 0
}

/// An organisation cell that names no organisation of the register: its rows, all
/// rejected as `unknown_organisation`, and the line of the first.
public struct UnknownOrganisationCode: Sendable, Equatable {
    /// The cell as read (trimmed).
    public var value: String
    public var rows: Int
    public var firstLine: Int
}

/// Every row of one wave's responses, nothing lost: the tally of the scored rows and the
/// rejects, sorted by line.
public struct WaveResponses: @unchecked Sendable {
    public var tally: WaveTally
    public var rejects: [Reject]
    public var quality: ReadingQuality
    /// The scored rows themselves, in file order, only when the read was asked to keep them
    /// (tests); a real read keeps nothing per row.
    public var rows: [Respondent]?
    /// Every invalid value, unparseable date, unknown role and ignored column, in file
    /// order (`centre/findings.csv`).
    public var findings: [Finding] = []
    /// What the reading found that changes what is published, said on every run (issue 11).
    public var warnings: [Diagnostic] = []

    /// Rows scored.
    public var scored: Int { tally.scored }
}

/// A completion rule ready for rows: the column, and the complete values as keys.
struct CompletionCheck: Sendable {
    let column: Int
    let name: String
    let rule: CompletionRule
    let values: Set<String>?
    let table: ByteKeyTable?

    init(column: Int, name: String, rule: CompletionRule) {
        self.column = column
        self.name = name
        self.rule = rule
        values = rule.complete.map { Set($0.map(TextMatching.key)) }
        table = values.map { ByteKeyTable($0.sorted()) }
    }

    /// Whether a trimmed cell says the row is complete.
    @inline(__always)
    func isComplete(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let table, let values else { return !cell.isEmpty && !TextMatching.key(String(decoding: cell, as: UTF8.self)).isEmpty }
        if let found = ASCIIKey.with(cell, { table.value(for: $0) != nil }) { return found }
        return values.contains(TextMatching.key(String(decoding: cell, as: UTF8.self)))
    }

    /// The reject detail: `Finished is '0'; complete means '1' or 'True'`.
    func detail(_ cell: String) -> String {
        let found = TextMatching.normalised(cell)
        let shown: String
        if found.isEmpty {
            shown = "empty"
        } else {
            let scalars = found.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\u{FFFD}" : $0 }
            var cut = String(String.UnicodeScalarView(scalars.prefix(40)))
            if scalars.count > 40 { cut += "…" }
            shown = "'\(cut)'"
        }
        return "\(name) is \(shown); complete means \(rule.meaning)"
    }
}

/// What reading one file needs besides the instrument: its columns, its date order and
/// its completion rule. A class, so that rows read it in place (no copy, no retain per row).
final class FilePlan: Sendable {
    let map: HeaderMap
    let dateOrder: DateOrder
    let completion: CompletionCheck?
    let columns: Int
    let responseID: Int?, organisationID: Int?, submittedAt: Int?, role: Int?
    /// The column of each item, -1 for none (the map's storage).
    nonisolated(unsafe) let itemColumnBase: UnsafeMutablePointer<Int>

    init(map: HeaderMap, dateOrder: DateOrder, completion: CompletionCheck?) {
        self.map = map
        self.dateOrder = dateOrder
        self.completion = completion
        columns = map.columnCount
        responseID = map.responseID
        organisationID = map.organisationID
        submittedAt = map.submittedAt
        role = map.role
        itemColumnBase = map.itemColumnBase
    }
}

/// Reads one wave's `responses.csv` into a tally of the scored rows and the rejects
/// (SPEC §2.3, §2.4, §7, §8).
///
/// Streams bytes: the file is mapped and released as it is read, fields are ranges into
/// it, and the common cells (a digit, an empty cell, a token, a plain label) never become
/// Strings. Each row that passes its checks goes straight into integer tallies; only one
/// compact entry per response id is kept, for the duplicate rule, and a row that later
/// loses is read again and taken back out. Large files are read in two halves at once: the
/// second half starts at a line break guessed to begin a record and is kept only when the
/// first half's scan ends exactly there; halves merge exactly, so the result equals a
/// sequential read. See `StreamingRead.swift`; records of texts (a workbook's rows) go
/// through the same checks (`TextRecords.swift`).
public final class ResponseReader: Sendable {
    public let instrument: Instrument
    public let register: Register
    public let opens: CalendarDate
    public let closes: CalendarDate
    /// How this wave's export is read (wave.yaml and its preset).
    public let settings: ExportSettings
    let parser: CellParser
    let roleIndex: [String: Int]
    let reverse: [Bool]
    let knowledge: [Bool]
    /// Each item's table in `cellKeys` (its scale, or the knowledge table), and its storage.
    let itemTables: FlatInts
    nonisolated(unsafe) let itemTableBase: UnsafeMutablePointer<Int>
    let itemCount: Int
    /// The instrument's tokens, codes, labels and true/false words as byte tables.
    let cellKeys: CellKeys
    let organisations: OrganisationMatcher
    /// Normalised, lowercased role names to role indices.
    let roleTable: ByteKeyTable

    /// Files at least this large are read in two halves at once.
    public static let parallelThreshold = 1 << 22

    /// Bytes scanned between two checks of UTF-8 validity and two releases of pages read.
    public let window: Int

    public init(instrument: Instrument, register: Register, opens: CalendarDate, closes: CalendarDate,
                settings: ExportSettings = ExportSettings(), window: Int = 8 << 20) {
        self.window = window
        self.instrument = instrument
        self.register = register
        self.opens = opens
        self.closes = closes
        self.settings = settings
        parser = CellParser(instrument: instrument)
        var roles: [String: Int] = [:]
        for (index, role) in instrument.roles.enumerated() where roles[TextMatching.key(role)] == nil {
            roles[TextMatching.key(role)] = index
        }
        roleIndex = roles
        let items = instrument.items
        reverse = items.map(\.isReverse)
        knowledge = items.map(\.isKnowledge)
        itemCount = items.count
        let cellKeys = CellKeys(instrument: instrument, parser: parser)
        self.cellKeys = cellKeys
        let scaleIndices = instrument.itemScaleIndices
        itemTables = FlatInts(items.indices.map { items[$0].isKnowledge ? cellKeys.knowledgeTable : scaleIndices[$0] })
        itemTableBase = itemTables.base
        organisations = OrganisationMatcher(register: register)
        let roleTable = ByteKeyTable(capacity: roles.count)
        for (key, index) in roles.sorted(by: { $0.value < $1.value }) {
            var key = key
            key.withUTF8 { _ = roleTable.insert($0, value: Int32(index)) }
        }
        self.roleTable = roleTable
    }

    /// Checks that the file has the required columns; the problem names the header found
    /// and the closest names.
    public static func checkHeader(_ bytes: [UInt8], file: String, instrument: Instrument,
                                   settings: ExportSettings = ExportSettings()) -> [Diagnostic] {
        bytes.withUnsafeBufferPointer { checkHeader($0, file: file, instrument: instrument, settings: settings) }
    }

    /// Checks the header records of a file in place: only the start of the file is decoded
    /// when its first lines are plain ASCII (the encoding of the rest cannot change them).
    static func checkHeader(_ raw: UnsafeBufferPointer<UInt8>, file: String, instrument: Instrument,
                            settings: ExportSettings) -> [Diagnostic] {
        let wanted = max(3, settings.headerRows.flatMap { if case .count(let count) = $0 { return count } else { return nil } } ?? 3)
        let records = plainLeadingRecords(raw, count: wanted)
            ?? leadingRecords(raw, count: wanted, decodingUpTo: 1 << 20) ?? leadingRecords(raw, count: wanted, decodingUpTo: raw.count) ?? []
        guard !records.isEmpty else {
            return [Diagnostic(file: file, line: 1, column: 1,
                               message: "the responses file is empty; expected a header naming response_id and organisation_id")]
        }
        return headerProblems(records.map(\.fields), line: records[0].line, file: file, instrument: instrument, settings: settings)
    }

    /// The fatal problems of a file's header records (SPEC §2.3, §8.3, §8.5, §8.9).
    static func headerProblems(_ records: [[String]], line: Int, file: String, instrument: Instrument,
                               settings: ExportSettings) -> [Diagnostic] {
        let (count, _) = HeaderLayout.detect(records, settings: settings)
        let header = Array(records.prefix(count))
        let map = HeaderMap(header: header, instrument: instrument, settings: settings)
        var required: [FixedColumn] = settings.effectiveRequireResponseID ? [.responseID] : []
        required.append(.organisationID)
        let missing = required.filter { map.fixed[$0] == nil }
        // Every header cell, column by column, for "closest header".
        let cells = (0..<(header.first?.count ?? 0)).flatMap { column in header.compactMap { column < $0.count ? $0[column] : nil } }
        var problems: [Diagnostic] = []
        if !missing.isEmpty {
            let fields = header[0]
            let found = fields.prefix(40).map { "'\(TextMatching.normalised($0))'" }.joined(separator: ", ")
                + (fields.count > 40 ? ", … (\(fields.count) columns)" : "")
            let hints = missing.map { column -> String in
                let names = instrument.columns.names(of: column) + settings.source.names(of: column)
                let closest = Suggestions.closestHeader(to: names, among: cells)
                let accepted = names.map { "'\($0)'" }.joined(separator: " or ")
                    + (column == .responseID && settings.source.responseIDIsFirstColumn ? " or the first column" : "")
                return "\(column.rawValue) (accepted: \(accepted))" + (closest.map { "; closest header: '\($0)'" } ?? "")
            }
            var message = "missing required column \(hints.joined(separator: ", and ")); header found: \(found)"
            if missing.contains(.responseID) {
                message += "; if this export has no response id, set require_response_id: false in wave.yaml"
            }
            problems.append(Diagnostic(file: file, line: line, column: 1, message: message))
        }
        if let rule = settings.effectiveCompletion, rule.fromWaveYAML, map.completion == nil {
            let closest = Suggestions.closestHeader(to: rule.columns, among: cells)
            problems.append(Diagnostic(file: file, line: line, column: 1,
                                       message: "completion column '\(rule.columns[0])' (from wave.yaml) not in the header"
                                           + (closest.map { "; closest header: '\($0)'" } ?? "")))
        }
        return problems
    }

    /// The first `count` records when the file starts with that many plain ASCII lines (no
    /// quote): they read the same in every encoding the file may turn out to have.
    static func plainLeadingRecords(_ raw: UnsafeBufferPointer<UInt8>, count: Int) -> [CSVRecord]? {
        let bom = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF
        let start = bom ? 3 : 0
        var end = start, lines = 0
        while end < raw.count, lines < count {
            let byte = raw[end]
            if byte >= 0x80 || byte == RecordScanner.quote { return nil }
            let isBreak = byte == RecordScanner.lf || byte == RecordScanner.cr
            // A line ends at its first break; an empty line is no record.
            if isBreak, end > start, raw[end - 1] != RecordScanner.lf, raw[end - 1] != RecordScanner.cr { lines += 1 }
            end += 1
        }
        guard end > start else { return nil }
        let text = Array(raw[start..<end])
        var records: [CSVRecord] = []
        CSVRecordReader(delimiter: CSVRecordReader.detectDelimiter(text)).forEachRecordUntil(in: text) {
            records.append($0)
            return records.count < count
        }
        return records
    }

    /// The first `count` records of a file decoded as the whole file would be, from its
    /// first `limit` bytes only; nil when they may run past them.
    static func leadingRecords(_ raw: UnsafeBufferPointer<UInt8>, count: Int, decodingUpTo limit: Int) -> [CSVRecord]? {
        let whole = raw.count <= limit
        let prefix = UnsafeBufferPointer(rebasing: raw[..<(whole ? raw.count : limit & ~1)])
        let text: [UInt8]
        if prefix.starts(with: [0xFF, 0xFE]) || prefix.starts(with: [0xFE, 0xFF]) || prefix.starts(with: [0xEF, 0xBB, 0xBF]) {
            text = TextDecoding.utf8(from: prefix).bytes
        } else {
            // Whether the file is UTF-8 depends on all of it; only its start is decoded.
            text = TextDecoding.isValidUTF8(raw) ? Array(prefix) : TextDecoding.fromWindows1252(prefix)
        }
        let delimiter = CSVRecordReader.detectDelimiter(text)
        var records: [CSVRecord] = []
        var complete = whole
        struct Stop: Error {}
        _ = text.withUnsafeBufferPointer { buffer in
            try? RecordScanner(delimiter: delimiter).scan(buffer) { view in
                records.append(CSVRecord(line: view.line, fields: (0..<view.count).map { RecordScanner.string(view, $0, in: buffer) },
                                         unterminatedQuote: view.unterminatedQuote))
                if records.count == count {
                    complete = complete || view.next.offset < buffer.count
                    throw Stop()
                }
            }
        }
        return complete ? records : nil
    }

    /// The role index of a trimmed, non-empty role cell; nil for a role the instrument does not list.
    func role(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        // Printable ASCII with single spaces (the usual cell): lowercased, looked up.
        if bytes.count <= 64 {
            let found = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { lowered -> Int32?? in
                var previous: UInt8 = 0
                for index in 0..<bytes.count {
                    let byte = bytes[index]
                    guard byte >= 0x20, byte < 0x7F, byte != 0x20 || previous != 0x20 else { return nil }
                    lowered[index] = byte &+ (byte &- 0x41 < 26 ? 0x20 : 0)
                    previous = byte
                }
                return .some(roleTable.value(for: UnsafeBufferPointer(rebasing: lowered[0..<bytes.count])))
            }
            if let found { return found.map(Int.init) }
        }
        if let found = ASCIIKey.with(bytes, capacity: 128, { roleTable.value(for: $0) }) { return found.map(Int.init) }
        return roleIndex[TextMatching.key(String(decoding: bytes, as: UTF8.self))]
    }

    /// One item cell by the full rules on a String: for the cells the per-row loop's byte
    /// paths leave (quoted, or with non-ASCII text).
    func cell(_ record: RecordView, _ column: Int, _ buffer: UnsafeBufferPointer<UInt8>, item: Int) -> CellReading {
        let key = TextMatching.key(RecordScanner.string(record, column, in: buffer))
        return knowledge[item] ? parser.knowledge(key: key) : parser.likert(key: key, scale: itemTableBase[item])
    }

    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20)
    }

    /// A field trimmed as Python's `str.strip()`.
    func trimmedString(_ record: RecordView, _ column: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> String {
        withTrimmedBytes(record, column, buffer) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the field's bytes trimmed as `str.strip()` (ASCII fast path; other
    /// white space through `TextMatching.trimmed`).
    func withTrimmedBytes<Result>(_ record: RecordView, _ column: Int, _ buffer: UnsafeBufferPointer<UInt8>,
                                  _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if !record.quoted[column] {
            var start = record.starts[column], end = record.ends[column]
            while start < end, Self.isASCIISpace(buffer[start]) { start += 1 }
            while end > start, Self.isASCIISpace(buffer[end - 1]) { end -= 1 }
            if start == end || (buffer[start] < 0x80 && buffer[end - 1] < 0x80) {
                return body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
            }
        }
        var trimmed = TextMatching.trimmed(RecordScanner.string(record, column, in: buffer))
        return trimmed.withUTF8 { body($0) }
    }
}

/// Whether a large file is read in two halves at once. The output is the same either way;
/// `always` and `never` exist to prove that.
public enum Parallelism: String, Sendable, CaseIterable {
    case automatic = "auto", always, never
}

extension CSVRecordReader {
    /// Calls `body` with records until it returns false.
    func forEachRecordUntil(in bytes: [UInt8], _ body: (CSVRecord) -> Bool) {
        struct Stop: Error {}
        do {
            try forEachRecord(in: bytes) { record in
                if !body(record) { throw Stop() }
            }
        } catch {}
    }
}

/// Integers in flat storage of their own, read in per-row loops without array checks.
final class FlatInts: @unchecked Sendable {
    let base: UnsafeMutablePointer<Int>
    let count: Int

    init(_ values: [Int]) {
        count = values.count
        base = .allocate(capacity: max(1, values.count))
        base.initialize(from: values, count: values.count)
    }

    deinit { base.deallocate() }
}
