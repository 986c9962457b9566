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

/// Scored respondents stored flat: one byte per item per respondent, so that a million
/// respondents are a few tens of megabytes and no array per row.
public struct RespondentTable: Sendable, Equatable {
    public let itemCount: Int
    public private(set) var organisations: [Int32] = []
    /// Role index, or -1 when not stated.
    public private(set) var roles: [Int16] = []
    public private(set) var answers: [UInt8] = []

    public init(itemCount: Int) { self.itemCount = itemCount }

    public init(_ respondents: [Respondent], itemCount: Int) {
        self.init(itemCount: itemCount)
        for respondent in respondents {
            append(organisation: respondent.organisation, role: respondent.role, answers: respondent.answers)
        }
    }

    public var count: Int { organisations.count }

    public mutating func reserve(_ capacity: Int) {
        organisations.reserveCapacity(capacity)
        roles.reserveCapacity(capacity)
        answers.reserveCapacity(capacity * itemCount)
    }

    public mutating func append<Answers: Collection>(organisation: Int, role: Int?, answers row: Answers)
    where Answers.Element == UInt8 {
        organisations.append(Int32(organisation))
        roles.append(Int16(role ?? -1))
        answers.append(contentsOf: row)
    }

    /// Every respondent, materialised (for tests and small inputs).
    public var all: [Respondent] { (0..<count).map { self[$0] } }

    /// One respondent, materialised.
    public subscript(index: Int) -> Respondent {
        let role = roles[index]
        return Respondent(organisation: Int(organisations[index]), role: role < 0 ? nil : Int(role),
                          answers: Array(answers[index * itemCount..<(index + 1) * itemCount]))
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

/// Every row of one wave's responses: scored respondents and rejects, nothing lost.
public struct WaveResponses: Sendable {
    public var respondents: RespondentTable
    public var rejects: [Reject]
    public var quality: ReadingQuality
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
        responseID = fixed[.responseID]
        organisationID = fixed[.organisationID]
        submittedAt = fixed[.submittedAt]
        role = fixed[.role]
    }
}

/// Reads one wave's `responses.csv` into respondents and rejects (SPEC §2.3, §2.4, §7).
///
/// Works on bytes: fields are ranges into the decoded buffer and the common cells (a digit,
/// an empty cell) never become Strings. Large files are read in two halves at once: the
/// second half starts at a line break guessed to begin a record, and is kept only when the
/// first half's scan ends exactly there; either way the result equals a sequential read.
public final class ResponseReader: Sendable {
    public let instrument: Instrument
    public let register: Register
    public let opens: CalendarDate
    public let closes: CalendarDate
    let parser: CellParser
    let roleIndex: [String: Int]
    let reverse: [Bool]
    let knowledge: [Bool]
    /// Whether a token list holds digits, which must then be checked before the digit fast path.
    let tokensHaveDigits: Bool
    /// Whether a token list holds a true/false word, which must then be checked first.
    let tokensHaveTruths: Bool
    let organisationTable: ByteKeyTable
    /// Lowercased role names to role indices.
    let roleTable: ByteKeyTable

    /// Files at least this large are read in two halves at once.
    public static let parallelThreshold = 1 << 22

    public init(instrument: Instrument, register: Register, opens: CalendarDate, closes: CalendarDate) {
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
        let tokens = (instrument.missingTokens + instrument.dontKnowTokens).map(TextMatching.key)
        tokensHaveDigits = tokens.contains { token in token.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }
        tokensHaveTruths = tokens.contains { CellParser.truths[$0] != nil }
        organisationTable = ByteKeyTable(register.organisations.map(\.id))
        var roleTable = ByteKeyTable(capacity: instrument.roles.count)
        for (index, role) in instrument.roles.enumerated() {
            var key = TextMatching.key(role)
            key.withUTF8 { _ = roleTable.insert($0, value: Int32(index)) }
        }
        self.roleTable = roleTable
    }

    /// Checks that the file has the required columns; the problem names the header found
    /// and the closest names.
    public static func checkHeader(_ bytes: [UInt8], file: String, instrument: Instrument) -> Diagnostic? {
        let text = TextDecoding.utf8(from: bytes).bytes
        let reader = CSVRecordReader(delimiter: CSVRecordReader.detectDelimiter(text))
        var header: CSVRecord?
        reader.forEachRecordUntil(in: text) { header = $0; return false }
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

    /// Reads every row: scored respondents, rejects sorted by line, and the quality counts.
    public func read(_ bytes: [UInt8], file: String, parallelism: Parallelism = .automatic) -> WaveResponses {
        let (text, encoding) = TextDecoding.utf8(from: bytes)
        let delimiter = CSVRecordReader.detectDelimiter(text)
        var quality = ReadingQuality()
        quality.file = file
        quality.encoding = encoding
        quality.delimiter = delimiter == CSVRecordReader.tab ? "tab" : String(UnicodeScalar(delimiter))
        quality.invalidValues = Array(repeating: 0, count: instrument.items.count)
        let scanner = RecordScanner(delimiter: delimiter)

        return text.withUnsafeBufferPointer { buffer -> WaveResponses in
            // The header, and Qualtrics' two metadata records when the third starts with {"ImportId".
            var leading: [(fields: [String], end: RecordScanner.Position)] = []
            struct Enough: Error {}
            _ = try? scanner.scan(buffer) { view in
                leading.append(((0..<view.count).map { RecordScanner.string(view, $0, in: buffer) }, view.next))
                if leading.count == 3 { throw Enough() }
            }
            guard let header = leading.first else {
                return WaveResponses(respondents: RespondentTable(itemCount: instrument.items.count), rejects: [],
                                     quality: quality)
            }
            var body = header.end
            if leading.count == 3, TextMatching.trimmed(leading[2].fields[0]).hasPrefix("{\"ImportId\"") {
                body = leading[2].end
                quality.qualtricsHeaderSkipped = true
            }
            let map = HeaderMap(header: header.fields, instrument: instrument)
            quality.unknownColumns = map.unknown
            quality.duplicateHeaders = map.duplicates
            quality.itemsWithoutColumn = instrument.items.indices.filter { map.items[$0] == nil }.map { instrument.items[$0].id }

            let batches = readBody(buffer, from: body, scanner: scanner, map: map, columns: header.fields.count,
                                   parallelism: parallelism)
            return resolve(batches, quality: quality)
        }
    }

    /// The rows after the header, in one or two batches in file order.
    func readBody(_ buffer: UnsafeBufferPointer<UInt8>, from start: RecordScanner.Position, scanner: RecordScanner,
                  map: HeaderMap, columns: Int, parallelism: Parallelism) -> [CandidateBatch] {
        let length = buffer.count - start.offset
        let parallel = parallelism == .always || (parallelism == .automatic && length >= Self.parallelThreshold)
        guard parallel, length > 0,
              let split = Self.lineStart(buffer, after: start.offset + length / 2)
        else {
            var batch = CandidateBatch(itemCount: instrument.items.count)
            scanner.scan(buffer, from: start.offset, line: start.line) { collect(&$0, buffer, map, columns, into: &batch) }
            return [batch]
        }
        // Two halves at once; the second half's lines are counted from 0 and shifted later.
        final class Results: @unchecked Sendable {
            var first: CandidateBatch
            var firstEnd = RecordScanner.Position(offset: 0, line: 0)
            var second: CandidateBatch
            var secondEnd = RecordScanner.Position(offset: 0, line: 0)
            init(itemCount: Int) {
                first = CandidateBatch(itemCount: itemCount)
                second = CandidateBatch(itemCount: itemCount)
            }
        }
        let results = Results(itemCount: instrument.items.count)
        let shared = UncheckedBuffer(buffer)
        // The second half on a thread of its own (a GCD pool busy with other work, such as
        // hashing the inputs, may run "concurrent" iterations one after the other).
        let done = DispatchSemaphore(value: 0)
        let second = Thread {
            let buffer = shared.buffer
            results.secondEnd = scanner.scan(buffer, from: split, line: 0) {
                self.collect(&$0, buffer, map, columns, into: &results.second)
            }
            done.signal()
        }
        second.stackSize = 1 << 22
        second.start()
        results.firstEnd = scanner.scan(buffer, from: start.offset, line: start.line, stop: split) {
            collect(&$0, buffer, map, columns, into: &results.first)
        }
        done.wait()
        if results.firstEnd.offset == split {
            results.second.shiftLines(by: results.firstEnd.line)
            return [results.first, results.second]
        }
        // The guess fell inside a quoted field: finish the first half sequentially.
        var rest = CandidateBatch(itemCount: instrument.items.count)
        scanner.scan(buffer, from: results.firstEnd.offset, line: results.firstEnd.line) {
            collect(&$0, buffer, map, columns, into: &rest)
        }
        return [results.first, rest]
    }

    /// The offset just after the first line break at or after `offset` (never between CR and LF).
    static func lineStart(_ buffer: UnsafeBufferPointer<UInt8>, after offset: Int) -> Int? {
        var index = offset
        while index < buffer.count {
            let byte = buffer[index]
            if byte == RecordScanner.lf { return index + 1 < buffer.count ? index + 1 : nil }
            if byte == RecordScanner.cr {
                if index + 1 < buffer.count, buffer[index + 1] == RecordScanner.lf { return index + 2 < buffer.count ? index + 2 : nil }
                return index + 1 < buffer.count ? index + 1 : nil
            }
            index += 1
        }
        return nil
    }

    enum DateState: UInt8 { case present, missing, unparseable }

    /// Rows that passed every check but the duplicate rule, and the rows rejected so far.
    struct CandidateBatch {
        var rowsRead = 0
        var rejects: [Reject] = []
        var lines: [Int] = []
        /// Response ids, trimmed, end to end; `idEnds[i]` ends the i-th.
        var idBytes: [UInt8] = []
        var idEnds: [Int] = []
        var organisations: [Int32] = []
        var roles: [Int16] = []
        var instants: [Int64] = []
        var hasInstant: [Bool] = []
        var dateStates: [DateState] = []
        var roleInvalid: [Bool] = []
        var answers: [UInt8] = []
        /// (candidate index, item index) of every invalid cell.
        var invalid: [(Int, Int)] = []
        let itemCount: Int

        init(itemCount: Int) { self.itemCount = itemCount }

        var count: Int { lines.count }

        func responseID(_ index: Int) -> String {
            let start = index == 0 ? 0 : idEnds[index - 1]
            return String(decoding: idBytes[start..<idEnds[index]], as: UTF8.self)
        }

        func withResponseID<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            let start = index == 0 ? 0 : idEnds[index - 1]
            return idBytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<idEnds[index]])) }
        }

        mutating func shiftLines(by offset: Int) {
            for index in lines.indices { lines[index] += offset }
            for index in rejects.indices { rejects[index].line += offset }
        }
    }

    /// Checks one record in SPEC order; a row that passes becomes a candidate.
    func collect(_ record: inout RecordView, _ buffer: UnsafeBufferPointer<UInt8>, _ map: HeaderMap, _ columns: Int,
                 into batch: inout CandidateBatch) {
        batch.rowsRead += 1
        let ridColumn = map.responseID
        let hasID = ridColumn.map { $0 < record.count && withTrimmedBytes(record, $0, buffer) { !$0.isEmpty } } ?? false
        func responseID() -> String {
            guard let column = ridColumn, column < record.count else { return "" }
            return trimmedString(record, column, buffer)
        }
        if record.unterminatedQuote {
            batch.rejects.append(Reject(line: record.line, responseID: responseID(), reason: .malformedRow,
                                        detail: "a quote opened on this line is never closed; the rest of the file is part of this row"))
            return
        }
        guard record.count == columns else {
            batch.rejects.append(Reject(line: record.line, responseID: responseID(), reason: .malformedRow,
                                        detail: "found \(record.count) fields, expected \(columns) as in the header"))
            return
        }
        guard hasID else {
            batch.rejects.append(Reject(line: record.line, responseID: "", reason: .missingResponseID,
                                        detail: "response_id is empty"))
            return
        }
        let organisation = map.organisationID.flatMap { column in
            withTrimmedBytes(record, column, buffer) { organisationTable.value(for: $0) }
        }
        guard let organisation else {
            let organisationID = map.organisationID.map { trimmedString(record, $0, buffer) } ?? ""
            let shown = organisationID.isEmpty ? "empty" : RegisterReader.quoted(organisationID)
            batch.rejects.append(Reject(line: record.line, responseID: responseID(), reason: .unknownOrganisation,
                                        detail: "organisation_id \(shown) is not in the register"))
            return
        }
        var dateState = DateState.missing
        var instant: Int64 = 0
        if let column = map.submittedAt {
            let parsed: SubmissionDate?? = withTrimmedBytes(record, column, buffer) { bytes in
                bytes.isEmpty ? .none : .some(SubmissionDate.parse(bytes: bytes))
            }
            if case .some(let date) = parsed {
                if let date {
                    if date.date < opens || closes < date.date {
                        batch.rejects.append(Reject(line: record.line, responseID: responseID(), reason: .outsideWaveWindow,
                                                    detail: "submitted on \(date.date), outside the wave window \(opens) to \(closes)"))
                        return
                    }
                    dateState = .present
                    instant = date.instant
                } else {
                    dateState = .unparseable
                }
            }
        }
        let candidate = batch.count
        let firstAnswer = batch.answers.count
        var answered = 0
        var invalid: [(Int, Int)] = []
        for item in 0..<batch.itemCount {
            guard let column = map.items[item] else {
                batch.answers.append(Answer.none)
                continue
            }
            switch cell(record, column, buffer, item: item) {
            case .notAnswered: batch.answers.append(Answer.none)
            case .invalid:
                batch.answers.append(Answer.none)
                invalid.append((candidate, item))
            case .answer(let code):
                batch.answers.append(code)
                answered += 1
            }
        }
        guard answered > 0 else {
            batch.answers.removeSubrange(firstAnswer...)
            batch.rejects.append(Reject(line: record.line, responseID: responseID(), reason: .emptyResponse,
                                        detail: "no item answered"))
            return
        }
        var role: Int16 = -1
        var roleInvalid = false
        if let column = map.role {
            let found: Int?? = withTrimmedBytes(record, column, buffer) { bytes -> Int?? in
                if bytes.isEmpty { return .none }
                return .some(self.role(bytes))
            }
            if case .some(let index) = found {
                if let index { role = Int16(index) } else { roleInvalid = true }
            }
        }
        batch.lines.append(record.line)
        if let column = ridColumn {
            withTrimmedBytes(record, column, buffer) { batch.idBytes.append(contentsOf: $0) }
        }
        batch.idEnds.append(batch.idBytes.count)
        batch.organisations.append(organisation)
        batch.roles.append(role)
        batch.instants.append(instant)
        batch.hasInstant.append(dateState == .present)
        batch.dateStates.append(dateState)
        batch.roleInvalid.append(roleInvalid)
        batch.invalid += invalid
    }

    /// The role index of a trimmed, non-empty role cell; nil for a role the instrument does not list.
    func role(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if bytes.count <= 64, bytes.allSatisfy({ $0 < 0x80 }) {
            var lowered = [UInt8](repeating: 0, count: bytes.count)
            for index in 0..<bytes.count {
                let byte = bytes[index]
                lowered[index] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            }
            return lowered.withUnsafeBufferPointer { roleTable.value(for: $0) }.map(Int.init)
        }
        return roleIndex[TextMatching.key(String(decoding: bytes, as: UTF8.self))]
    }

    /// ASCII case-insensitive comparison with a lowercase word.
    @inline(__always)
    static func equalsLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ word: StaticString) -> Bool {
        guard end - start == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for offset in 0..<(end - start) {
            let byte = bytes[start + offset]
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if lower != letters[offset] { return false }
        }
        return true
    }

    /// One item cell: the digit and empty fast paths on bytes, else the full rules on a String.
    func cell(_ record: RecordView, _ column: Int, _ buffer: UnsafeBufferPointer<UInt8>, item: Int) -> CellReading {
        if !record.quoted[column] {
            var start = record.starts[column], end = record.ends[column]
            while start < end, Self.isASCIISpace(buffer[start]) { start += 1 }
            while end > start, Self.isASCIISpace(buffer[end - 1]) { end -= 1 }
            if start == end { return .notAnswered }
            if !knowledge[item] {
                if !tokensHaveDigits && end - start == 1 {
                    let byte = buffer[start]
                    if byte >= 0x31 && byte <= 0x35 { return .answer(byte - 0x30) }
                }
            } else if !tokensHaveTruths {
                if Self.equalsLowercase(buffer, start, end, "true") || Self.equalsLowercase(buffer, start, end, "t")
                    || Self.equalsLowercase(buffer, start, end, "yes") {
                    return .answer(Answer.knowledgeTrue)
                }
                if Self.equalsLowercase(buffer, start, end, "false") || Self.equalsLowercase(buffer, start, end, "f")
                    || Self.equalsLowercase(buffer, start, end, "no") {
                    return .answer(Answer.knowledgeFalse)
                }
            }
        }
        let text = RecordScanner.string(record, column, in: buffer)
        return knowledge[item] ? parser.knowledge(text) : parser.likert(text)
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

    /// Applies the duplicate rule across batches and gathers the scored respondents.
    func resolve(_ batches: [CandidateBatch], quality: ReadingQuality) -> WaveResponses {
        var quality = quality
        var rejects: [Reject] = []
        let total = batches.reduce(0) { $0 + $1.count }
        // Winner per response id, in file order: the latest instant; a row with one beats a row
        // without; ties go to the later row. Candidates are numbered across batches.
        var firstNumber: [Int] = []
        var numbered = 0
        for batch in batches {
            firstNumber.append(numbered)
            numbered += batch.count
        }
        func locate(_ number: Int) -> (batch: Int, index: Int) {
            var batch = firstNumber.count - 1
            while firstNumber[batch] > number { batch -= 1 }
            return (batch, number - firstNumber[batch])
        }
        var winners = ByteKeyTable(capacity: total)
        // The table entry of each candidate's id, so that the second pass needs no lookup.
        var entries = [Int32](repeating: 0, count: total)
        for (b, batch) in batches.enumerated() {
            quality.rowsRead += batch.rowsRead
            rejects += batch.rejects
            for index in 0..<batch.count {
                let number = Int32(firstNumber[b] + index)
                let (entry, inserted) = batch.withResponseID(index) { winners.insert($0, value: number) }
                entries[Int(number)] = Int32(entry)
                if inserted { continue }
                let current = locate(Int(winners[entry]))
                let other = batches[current.batch]
                let keeps = other.hasInstant[current.index]
                    && (!batch.hasInstant[index] || other.instants[current.index] > batch.instants[index])
                if !keeps { winners[entry] = number }
            }
        }
        var table = RespondentTable(itemCount: instrument.items.count)
        table.reserve(total)
        var invalidCounts = quality.invalidValues
        for (b, batch) in batches.enumerated() {
            var invalidCursor = 0
            for index in 0..<batch.count {
                let best = locate(Int(winners[Int(entries[firstNumber[b] + index])]))
                let won = best.batch == b && best.index == index
                var invalidHere: [Int] = []
                while invalidCursor < batch.invalid.count, batch.invalid[invalidCursor].0 == index {
                    invalidHere.append(batch.invalid[invalidCursor].1)
                    invalidCursor += 1
                }
                guard won else {
                    rejects.append(Reject(line: batch.lines[index], responseID: batch.responseID(index),
                                          reason: .duplicateSuperseded,
                                          detail: "response_id also on line \(batches[best.batch].lines[best.index]), which wins"))
                    continue
                }
                let row = batch.answers[index * batch.itemCount..<(index + 1) * batch.itemCount]
                let role = batch.roles[index]
                table.append(organisation: Int(batch.organisations[index]), role: role < 0 ? nil : Int(role), answers: row)
                for item in invalidHere { invalidCounts[item] += 1 }
                switch batch.dateStates[index] {
                case .unparseable: quality.unparseableDates += 1
                case .missing: quality.missingDates += 1
                case .present: break
                }
                if batch.roleInvalid[index] { quality.invalidRoles += 1 }
                if isStraightLiner(row) { quality.straightLiners += 1 }
            }
        }
        quality.invalidValues = invalidCounts
        rejects.sort { $0.line < $1.line }
        return WaveResponses(respondents: table, rejects: rejects, quality: quality)
    }

    /// All answered likert items share one raw value, at least five of them, at least one
    /// reverse and one not (SPEC §7).
    func isStraightLiner(_ answers: ArraySlice<UInt8>) -> Bool {
        var value: UInt8 = 0
        var count = 0, reversed = 0
        for (item, answer) in zip(0..., answers) where !knowledge[item] && answer != Answer.none {
            if value == 0 { value = answer } else if value != answer { return false }
            count += 1
            if reverse[item] { reversed += 1 }
        }
        return count >= 5 && reversed >= 1 && reversed < count
    }
}

/// Whether a large file is read in two halves at once. The output is the same either way;
/// `always` and `never` exist to prove that.
public enum Parallelism: String, Sendable, CaseIterable {
    case automatic = "auto", always, never
}

/// A buffer pointer handed to the two halves of a parallel read; the bytes outlive the work.
struct UncheckedBuffer: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }
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
