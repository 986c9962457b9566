import Foundation

/// Why a row of `responses.csv` was not scored (SPEC §2.4), in the order they are checked.
public enum RejectReason: String, Sendable, CaseIterable, Comparable {
    case malformedRow = "malformed_row"
    case missingResponseID = "missing_response_id"
    case unknownOrganisation = "unknown_organisation"
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

/// What the reading of one responses file found, for the data-quality report.
public struct ReadingQuality: Sendable, Equatable {
    public var file = ""
    public var encoding = SourceEncoding.utf8
    public var delimiter = ","
    public var qualtricsHeaderSkipped = false
    public var rowsRead = 0
    public var emptyLines = 0
    public var unknownColumns: [String] = []
    public var duplicateHeaders: [String] = []
    public var itemsWithoutColumn: [String] = []
    /// Invalid values per item (instrument order), over scored rows.
    public var invalidValues: [Int] = []
    public var unparseableDates = 0
    public var invalidRoles = 0
    public var missingDates = 0
    public var straightLiners = 0
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

    /// Rows scored.
    public var scored: Int { tally.scored }
}

/// Where each header column goes.
enum ColumnTarget: Equatable, Sendable {
    case fixed(FixedColumn)
    case item(Int)
}

/// The header of a responses file mapped onto the instrument.
struct HeaderMap: Sendable {
    var targets: [ColumnTarget?]
    var fixed: [FixedColumn: Int] = [:]
    /// The fixed columns' positions, looked up once rather than per row.
    var responseID: Int?, organisationID: Int?, submittedAt: Int?, role: Int?
    var items: [Int?]
    /// The column of each item, -1 for none, for the per-row loop, and its storage.
    let itemColumns: FlatInts
    nonisolated(unsafe) let itemColumnBase: UnsafeMutablePointer<Int>
    var unknown: [String] = []
    var duplicates: [String] = []

    init(header: [String], instrument: Instrument) {
        var lookup: [String: ColumnTarget] = [:]
        for column in FixedColumn.allCases {
            for name in instrument.columns.names(of: column) where lookup[TextMatching.key(name)] == nil {
                lookup[TextMatching.key(name)] = .fixed(column)
            }
        }
        for (index, item) in instrument.items.enumerated() {
            for name in [item.id] + item.aliases where lookup[TextMatching.key(name)] == nil {
                lookup[TextMatching.key(name)] = .item(index)
            }
        }
        targets = []
        items = Array(repeating: nil, count: instrument.items.count)
        for (position, name) in header.enumerated() {
            guard let target = lookup[TextMatching.key(name)] else {
                targets.append(nil)
                unknown.append(TextMatching.trimmed(name))
                continue
            }
            switch target {
            case .fixed(let column) where fixed[column] == nil:
                fixed[column] = position
                targets.append(target)
            case .item(let index) where items[index] == nil:
                items[index] = position
                targets.append(target)
            default:
                targets.append(nil)
                duplicates.append(TextMatching.trimmed(name))
            }
        }
        itemColumns = FlatInts(items.map { $0 ?? -1 })
        itemColumnBase = itemColumns.base
        responseID = fixed[.responseID]
        organisationID = fixed[.organisationID]
        submittedAt = fixed[.submittedAt]
        role = fixed[.role]
    }
}

/// Reads one wave's `responses.csv` into a tally of the scored rows and the rejects
/// (SPEC §2.3, §2.4, §7).
///
/// Streams bytes: the file is mapped and released as it is read, fields are ranges into
/// it, and the common cells (a digit, an empty cell, a token) never become Strings. Each
/// row that passes its checks goes straight into integer tallies; only one compact entry
/// per response id is kept, for the duplicate rule, and a row that later loses is read
/// again and taken back out. Large files are read in two halves at once: the second half
/// starts at a line break guessed to begin a record and is kept only when the first half's
/// scan ends exactly there; halves merge exactly, so the result equals a sequential read.
/// See `StreamingRead.swift`.
public final class ResponseReader: Sendable {
    public let instrument: Instrument
    public let register: Register
    public let opens: CalendarDate
    public let closes: CalendarDate
    let parser: CellParser
    let roleIndex: [String: Int]
    let reverse: [Bool]
    let knowledge: [Bool]
    /// `knowledge` for the per-row loop (1 for a knowledge item), and its storage.
    let knowledgeFlags: FlatInts
    nonisolated(unsafe) let knowledgeBase: UnsafeMutablePointer<Int>
    let itemCount: Int
    /// Whether a token list holds digits, which must then be checked before the digit fast path.
    let tokensHaveDigits: Bool
    /// The instrument's tokens, labels and true/false words as byte keys.
    let cellKeys: CellKeys
    let organisationTable: ByteKeyTable
    /// Lowercased role names to role indices.
    let roleTable: ByteKeyTable

    /// Files at least this large are read in two halves at once.
    public static let parallelThreshold = 1 << 22

    /// Bytes scanned between two checks of UTF-8 validity and two releases of pages read.
    public let window: Int

    public init(instrument: Instrument, register: Register, opens: CalendarDate, closes: CalendarDate, window: Int = 8 << 20) {
        self.window = window
        self.instrument = instrument
        self.register = register
        self.opens = opens
        self.closes = closes
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
        knowledgeFlags = FlatInts(items.map { $0.isKnowledge ? 1 : 0 })
        knowledgeBase = knowledgeFlags.base
        let tokens = (instrument.missingTokens + instrument.dontKnowTokens).map(TextMatching.key)
        tokensHaveDigits = tokens.contains { token in token.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }
        cellKeys = CellKeys(instrument: instrument)
        organisationTable = ByteKeyTable(register.organisations.map(\.id))
        let roleTable = ByteKeyTable(capacity: instrument.roles.count)
        for (index, role) in instrument.roles.enumerated() {
            var key = TextMatching.key(role)
            key.withUTF8 { _ = roleTable.insert($0, value: Int32(index)) }
        }
        self.roleTable = roleTable
    }

    /// Checks that the file has the required columns; the problem names the header found
    /// and the closest names.
    public static func checkHeader(_ bytes: [UInt8], file: String, instrument: Instrument) -> Diagnostic? {
        bytes.withUnsafeBufferPointer { checkHeader($0, file: file, instrument: instrument) }
    }

    /// Checks the header of a file in place: only its first line is decoded when that line
    /// is ASCII (the encoding of the rest cannot change it).
    static func checkHeader(_ raw: UnsafeBufferPointer<UInt8>, file: String, instrument: Instrument) -> Diagnostic? {
        let bom = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF
        var end = bom ? 3 : 0
        while end < raw.count, raw[end] != RecordScanner.lf, raw[end] != RecordScanner.cr, raw[end] < 0x80, raw[end] != RecordScanner.quote {
            end += 1
        }
        let plainLine = end < raw.count && raw[end] < 0x80 && raw[end] != RecordScanner.quote && end > (bom ? 3 : 0)
        var header: CSVRecord?
        if plainLine {
            let text = Array(raw[(bom ? 3 : 0)..<end])
            CSVRecordReader(delimiter: CSVRecordReader.detectDelimiter(text)).forEachRecordUntil(in: text) { header = $0; return false }
        } else {
            header = firstRecord(raw, decodingUpTo: 1 << 20) ?? firstRecord(raw, decodingUpTo: raw.count) ?? nil
        }
        guard let header else {
            return Diagnostic(file: file, line: 1, column: 1,
                              message: "the responses file is empty; expected a header naming response_id and organisation_id")
        }
        let map = HeaderMap(header: header.fields, instrument: instrument)
        let missing = [FixedColumn.responseID, .organisationID].filter { map.fixed[$0] == nil }
        guard !missing.isEmpty else { return nil }
        let found = header.fields.prefix(40).map { "'\(TextMatching.trimmed($0))'" }.joined(separator: ", ")
            + (header.fields.count > 40 ? ", … (\(header.fields.count) columns)" : "")
        let hints = missing.map { column -> String in
            let names = instrument.columns.names(of: column)
            let closest = Suggestions.closest(to: names, among: header.fields.map(TextMatching.trimmed))
            let accepted = names.map { "'\($0)'" }.joined(separator: " or ")
            return "\(column.rawValue) (accepted: \(accepted))" + (closest.map { "; closest header: '\($0)'" } ?? "")
        }
        return Diagnostic(file: file, line: header.line, column: 1,
                          message: "missing required column \(hints.joined(separator: ", and ")); header found: \(found)")
    }

    /// The first record of a file decoded as the whole file would be, from its first
    /// `limit` bytes only; nil when the record may run past them.
    static func firstRecord(_ raw: UnsafeBufferPointer<UInt8>, decodingUpTo limit: Int) -> CSVRecord?? {
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
        var record: CSVRecord?
        var complete = whole
        struct Stop: Error {}
        _ = text.withUnsafeBufferPointer { buffer in
            try? RecordScanner(delimiter: delimiter).scan(buffer) { view in
                record = CSVRecord(line: view.line, fields: (0..<view.count).map { RecordScanner.string(view, $0, in: buffer) },
                                   unterminatedQuote: view.unterminatedQuote)
                complete = complete || view.next.offset < buffer.count
                throw Stop()
            }
        }
        return complete ? .some(record) : nil
    }

    /// The role index of a trimmed, non-empty role cell; nil for a role the instrument does not list.
    func role(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if bytes.count <= 64, bytes.allSatisfy({ $0 < 0x80 }) {
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { lowered in
                for index in 0..<bytes.count {
                    let byte = bytes[index]
                    lowered[index] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                }
                return roleTable.value(for: UnsafeBufferPointer(rebasing: lowered[0..<bytes.count])).map(Int.init)
            }
        }
        return roleIndex[TextMatching.key(String(decoding: bytes, as: UTF8.self))]
    }

    /// One item cell by the full rules on a String: for the cells the per-row loop's byte
    /// paths leave (quoted, or with non-ASCII text or white space).
    func cell(_ record: RecordView, _ column: Int, _ buffer: UnsafeBufferPointer<UInt8>, item: Int) -> CellReading {
        let text = RecordScanner.string(record, column, in: buffer)
        return knowledge[item] ? parser.knowledge(text) : parser.likert(text)
    }

    /// The rules of `CellParser` on the trimmed bytes `start..<end` of an unquoted cell
    /// whose key is ASCII (U+2019 read as an apostrophe), through byte tables; nil for any
    /// other cell.
    func keyedCell(_ start: Int, _ end: Int, _ buffer: UnsafeBufferPointer<UInt8>, knowledge isKnowledge: Bool) -> CellReading? {
        guard end - start <= 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { key -> CellReading? in
            var length = 0, index = start
            while index < end {
                let byte = buffer[index]
                if byte < 0x80 {
                    key[length] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                    index += 1
                } else if byte == 0xE2, index + 2 < end, buffer[index + 1] == 0x80, buffer[index + 2] == 0x99 {
                    key[length] = UInt8(ascii: "'")
                    index += 3
                } else {
                    return nil
                }
                length += 1
            }
            let bytes = UnsafeBufferPointer(rebasing: key[0..<length])
            if bytes.isEmpty { return .notAnswered }
            if isKnowledge {
                if let token = cellKeys.tokens.value(for: bytes) {
                    return token == 0 ? .notAnswered : .answer(Answer.knowledgeDontKnow)
                }
                if let truth = cellKeys.truths.value(for: bytes) { return .answer(UInt8(truth)) }
                return .invalid
            }
            if cellKeys.tokens.value(for: bytes) != nil { return .notAnswered }
            if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                let digits = bytes.drop { $0 == 0x30 }
                if digits.count == 1, let digit = digits.first, (0x31...0x35).contains(digit) { return .answer(digit - 0x30) }
            }
            if let label = cellKeys.labels.value(for: bytes) { return .answer(UInt8(label)) }
            return .invalid
        }
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

/// Closest-name suggestions for messages.
enum Suggestions {
    /// The candidate closest to any of `targets` by edit distance (ties: the first).
    static func closest(to targets: [String], among candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates where !candidate.isEmpty {
            for target in targets {
                let distance = editDistance(TextMatching.key(candidate), TextMatching.key(target))
                if best == nil || distance < best!.1 { best = (candidate, distance) }
            }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars.prefix(200)), b = Array(b.unicodeScalars.prefix(200))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// `CellParser`'s lookups as byte tables of keys (trimmed, lowercased, U+2019 as `'`).
struct CellKeys: Sendable {
    /// Tokens: 0 missing, 1 don't know (missing first, as checked first). A likert cell
    /// holding either is not answered; for a knowledge cell the value decides.
    var tokens: ByteKeyTable
    /// Likert labels to 1–5 (the first of equal labels).
    var labels: ByteKeyTable
    var truths: ByteKeyTable

    init(instrument: Instrument) {
        func table(_ entries: [(String, Int32)]) -> ByteKeyTable {
            let table = ByteKeyTable(capacity: entries.count)
            for (key, value) in entries {
                var key = key
                key.withUTF8 { bytes in if table.value(for: bytes) == nil { _ = table.insert(bytes, value: value) } }
            }
            return table
        }
        let missing = instrument.missingTokens.map { (TextMatching.key($0), Int32(0)) }
        let dontKnow = instrument.dontKnowTokens.map { (TextMatching.key($0), Int32(1)) }
        tokens = table(missing + dontKnow)
        labels = table(instrument.likertLabels.enumerated().map { (TextMatching.key($1), Int32($0 + 1)) })
        truths = table(CellParser.truths.sorted { $0.key < $1.key }.map { ($0.key, Int32($0.value)) })
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
