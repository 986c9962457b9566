/// An answer as read from one cell, packed in a byte so that a respondent is one small
/// array: 0 not answered; on a likert item the point 1…k; on a knowledge item true, false
/// or don't know.
public enum Answer {
    public static let none: UInt8 = 0
    public static let knowledgeTrue: UInt8 = 6
    public static let knowledgeFalse: UInt8 = 7
    public static let knowledgeDontKnow: UInt8 = 8
}

/// What a cell held, before scoring.
public enum CellReading: Equatable, Sendable {
    case notAnswered
    case answer(UInt8)
    case invalid

    /// As one integer, for byte tables: 0 not answered, 1–255 an answer, -1 invalid.
    var code: Int16 {
        switch self {
        case .notAnswered: return 0
        case .answer(let value): return Int16(value)
        case .invalid: return -1
        }
    }
}

/// Reads likert and knowledge cells by the instrument's scales and tokens (SPEC §8.1
/// "Cells", on texts normalised as §8.2 says).
///
/// The byte paths of the reader are built from these rules and must agree with them.
public struct CellParser: Sendable {
    let missing: Set<String>
    let dontKnow: Set<String>
    let truths: [String: UInt8]
    /// Per scale (the built-in `likert` first, then the declared scales in file order).
    let scales: [ScaleRules]

    /// One scale's answers as keys.
    struct ScaleRules: Sendable {
        var points: Int
        var missing: Set<String>
        /// Integer codes by value, and text codes and labels by key, to their point.
        var integerCodes: [Int: UInt8]
        var textCodes: [String: UInt8]
        var labels: [String: UInt8]

        init(_ scale: AnswerScale) {
            points = scale.points
            missing = Set(scale.missing.map(TextMatching.key))
            var integerCodes: [Int: UInt8] = [:], textCodes: [String: UInt8] = [:], labels: [String: UInt8] = [:]
            for (index, code) in scale.codes.enumerated() {
                switch code {
                case .integer(let value): if integerCodes[value] == nil { integerCodes[value] = UInt8(index + 1) }
                case .text(let text):
                    if textCodes[TextMatching.key(text)] == nil { textCodes[TextMatching.key(text)] = UInt8(index + 1) }
                }
            }
            for (index, equivalents) in scale.labels.enumerated() {
                for label in equivalents where labels[TextMatching.key(label)] == nil {
                    labels[TextMatching.key(label)] = UInt8(index + 1)
                }
            }
            self.integerCodes = integerCodes
            self.textCodes = textCodes
            self.labels = labels
        }
    }

    public init(instrument: Instrument) {
        missing = Set(instrument.missingTokens.map(TextMatching.key))
        dontKnow = Set(instrument.dontKnowTokens.map(TextMatching.key))
        var truths: [String: UInt8] = [:]
        for token in instrument.trueTokens where truths[TextMatching.key(token)] == nil {
            truths[TextMatching.key(token)] = Answer.knowledgeTrue
        }
        for token in instrument.falseTokens where truths[TextMatching.key(token)] == nil {
            truths[TextMatching.key(token)] = Answer.knowledgeFalse
        }
        self.truths = truths
        scales = instrument.scaleTable.map(ScaleRules.init)
    }

    /// A likert cell on scale `scale` (an index of `Instrument.scaleTable`): empty, a missing
    /// token, the scale's missing, a don't-know token: not answered; a code, then a label.
    public func likert(_ cell: String, scale: Int = 0) -> CellReading {
        likert(key: TextMatching.key(cell), scale: scale)
    }

    /// The same on a key already normalised and lowercased.
    func likert(key: String, scale index: Int) -> CellReading {
        let rules = scales[index]
        if key.isEmpty || missing.contains(key) || rules.missing.contains(key) || dontKnow.contains(key) {
            return .notAnswered
        }
        var point: UInt8?
        if let value = IntegerCode.value(of: key), let found = rules.integerCodes[value] { point = found }
        if let found = rules.textCodes[key] { point = min(point ?? found, found) }
        if let point { return .answer(point) }
        if let found = rules.labels[key] { return .answer(found) }
        return .invalid
    }

    /// A knowledge cell: empty or a missing token, a don't-know token (answered, incorrect),
    /// a true or false token.
    public func knowledge(_ cell: String) -> CellReading {
        knowledge(key: TextMatching.key(cell))
    }

    func knowledge(key: String) -> CellReading {
        if key.isEmpty || missing.contains(key) { return .notAnswered }
        if dontKnow.contains(key) { return .answer(Answer.knowledgeDontKnow) }
        if let value = truths[key] { return .answer(value) }
        return .invalid
    }
}

extension Instrument {
    /// Every scale an item may name: the built-in `likert`, then the declared ones in file order.
    public var scaleTable: [AnswerScale] { [builtInScale] + scales }

    /// Each item's index in `scaleTable` (0 for knowledge items, which have no scale).
    public var itemScaleIndices: [Int] {
        let table = scaleTable
        return items.map { item in
            guard !item.isKnowledge else { return 0 }
            let name = item.scale ?? defaultScale
            return table.firstIndex { $0.name == name } ?? 0
        }
    }
}

/// `CellParser`'s rules as byte tables, for cells that are plain ASCII (U+2019 allowed):
/// a one-byte cell is one table load; a longer one is lowercased, its white-space runs
/// made one space, and looked up once (plus once more for an integer code).
final class CellKeys: @unchecked Sendable {
    /// Per table (the scales of `Instrument.scaleTable`, then knowledge), the reading of
    /// each one-byte ASCII cell.
    let oneByte: UnsafeMutablePointer<Int16>
    /// The index of the knowledge table.
    let knowledgeTable: Int
    /// Keys prefixed by their table's index (two bytes): tokens marked `token`, text codes
    /// marked `textCode`, labels and true/false answers plain.
    let keys: ByteKeyTable
    /// Integer codes per scale table: value to point.
    let integerCodes: [[Int: UInt8]]
    static let token: Int32 = 0x1000, textCode: Int32 = 0x2000

    init(instrument: Instrument, parser: CellParser) {
        let scales = instrument.scaleTable
        knowledgeTable = scales.count
        let tables = scales.count + 1
        oneByte = .allocate(capacity: tables * 128)
        for table in 0..<tables {
            for byte in 0..<128 {
                let cell = String(UnicodeScalar(UInt8(byte)))
                let reading = table == scales.count ? parser.knowledge(cell) : parser.likert(cell, scale: table)
                oneByte[table * 128 + byte] = reading.code
            }
        }
        var entries: [(table: Int, key: String, value: Int32)] = []
        for (index, rules) in parser.scales.enumerated() {
            // Tokens first: the first entry of a key wins, as the rules check tokens first.
            for key in parser.missing.sorted() + rules.missing.sorted() + parser.dontKnow.sorted() {
                entries.append((index, key, Self.token))
            }
            for (key, point) in rules.textCodes.sorted(by: { $0.key < $1.key }) {
                entries.append((index, key, Self.textCode | Int32(point)))
            }
            for (key, point) in rules.labels.sorted(by: { $0.key < $1.key }) {
                entries.append((index, key, Int32(point)))
            }
        }
        for key in parser.missing.sorted() { entries.append((knowledgeTable, key, Self.token)) }
        for key in parser.dontKnow.sorted() {
            entries.append((knowledgeTable, key, Self.token | Int32(Answer.knowledgeDontKnow)))
        }
        for (key, value) in parser.truths.sorted(by: { $0.key < $1.key }) {
            entries.append((knowledgeTable, key, Int32(value)))
        }
        let keys = ByteKeyTable(capacity: entries.count)
        for entry in entries {
            let bytes =
                [UInt8(truncatingIfNeeded: entry.table >> 8), UInt8(truncatingIfNeeded: entry.table)]
                + Array(entry.key.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                if keys.value(for: buffer) == nil { keys.insert(buffer, value: entry.value) }
            }
        }
        self.keys = keys
        integerCodes = parser.scales.map(\.integerCodes)
    }

    deinit { oneByte.deallocate() }

    /// The reading of the trimmed, unquoted cell `start..<end` for table `table`, when it
    /// is ASCII (U+2019 allowed) and at most 64 bytes; nil for any other cell.
    @inline(__always)
    func reading(_ start: Int, _ end: Int, _ buffer: UnsafeBufferPointer<UInt8>, table: Int) -> CellReading? {
        let cell = UnsafeBufferPointer(rebasing: buffer[start..<end])
        let prefix = (UInt8(truncatingIfNeeded: table >> 8), UInt8(truncatingIfNeeded: table))
        return ASCIIKey.with(cell, prefix: prefix) { key -> CellReading in
            let length = key.count
            let found = keys.value(for: key)
            if let found, found & Self.token != 0 {
                return found & 0xFF == 0 ? .notAnswered : .answer(UInt8(found & 0xFF))
            }
            if table < knowledgeTable {
                var point: UInt8?
                if let value = IntegerCode.value(of: UnsafeBufferPointer(rebasing: key[2..<length])),
                    let code = integerCodes[table][value]
                {
                    point = code
                }
                if let found, found & Self.textCode != 0 {
                    point = min(point ?? UInt8(found & 0xFF), UInt8(found & 0xFF))
                }
                if let point { return .answer(point) }
            }
            if let found, found & Self.textCode == 0 { return .answer(UInt8(found & 0xFF)) }
            return .invalid
        }
    }
}

extension ResponseReader {
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
    func withTrimmedBytes<Result>(
        _ record: RecordView, _ column: Int, _ buffer: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
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
