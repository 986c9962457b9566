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
    public var respondents: [Respondent]
    public var rejects: [Reject]
    public var quality: ReadingQuality
}

/// Where each header column goes.
enum ColumnTarget: Equatable {
    case fixed(FixedColumn)
    case item(Int)
}

/// The header of a responses file mapped onto the instrument.
struct HeaderMap {
    var targets: [ColumnTarget?]
    var fixed: [FixedColumn: Int] = [:]
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
    }
}

/// Reads one wave's `responses.csv` into respondents and rejects (SPEC §2.3, §2.4, §7).
public struct ResponseReader {
    public let instrument: Instrument
    public let register: Register
    public let opens: CalendarDate
    public let closes: CalendarDate
    let parser: CellParser
    let roleIndex: [String: Int]

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
    }

    /// The header record and the records that follow it, Qualtrics metadata removed.
    struct Layout {
        var header: CSVRecord
        var delimiter: UInt8
        var qualtrics: Bool
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
    public func read(_ bytes: [UInt8], file: String) -> WaveResponses {
        let (text, encoding) = TextDecoding.utf8(from: bytes)
        let delimiter = CSVRecordReader.detectDelimiter(text)
        let reader = CSVRecordReader(delimiter: delimiter)
        var quality = ReadingQuality()
        quality.file = file
        quality.encoding = encoding
        quality.delimiter = delimiter == CSVRecordReader.tab ? "tab" : String(UnicodeScalar(delimiter))
        quality.invalidValues = Array(repeating: 0, count: instrument.items.count)

        var records: [CSVRecord] = []
        reader.forEachRecord(in: text) { records.append($0) }
        guard let header = records.first else {
            return WaveResponses(respondents: [], rejects: [], quality: quality)
        }
        var body = records.dropFirst()
        if records.count >= 3, TextMatching.trimmed(records[2].fields[0]).hasPrefix("{\"ImportId\"") {
            body = records.dropFirst(3)
            quality.qualtricsHeaderSkipped = true
        }
        let map = HeaderMap(header: header.fields, instrument: instrument)
        quality.unknownColumns = map.unknown
        quality.duplicateHeaders = map.duplicates
        quality.itemsWithoutColumn = instrument.items.indices.filter { map.items[$0] == nil }.map { instrument.items[$0].id }

        var rejects: [Reject] = []
        var candidates: [Candidate] = []
        let columnCount = header.fields.count
        let ridColumn = map.fixed[.responseID]
        for record in body {
            quality.rowsRead += 1
            let rid = ridColumn.flatMap { $0 < record.fields.count ? TextMatching.trimmed(record.fields[$0]) : nil } ?? ""
            if record.unterminatedQuote {
                rejects.append(Reject(line: record.line, responseID: rid, reason: .malformedRow,
                                      detail: "a quote opened on this line is never closed; the rest of the file is part of this row"))
                continue
            }
            if record.fields.count != columnCount {
                rejects.append(Reject(line: record.line, responseID: rid, reason: .malformedRow,
                                      detail: "found \(record.fields.count) fields, expected \(columnCount) as in the header"))
                continue
            }
            if let candidate = candidate(record, map: map, responseID: rid, rejects: &rejects) {
                candidates.append(candidate)
            }
        }

        // Duplicates: the latest instant wins; a row without a date loses; ties go to the later row.
        var winner: [String: Int] = [:]
        for (position, candidate) in candidates.enumerated() {
            guard let current = winner[candidate.responseID] else {
                winner[candidate.responseID] = position
                continue
            }
            if !candidates[current].beats(candidate) { winner[candidate.responseID] = position }
        }
        var respondents: [Respondent] = []
        for (position, candidate) in candidates.enumerated() {
            let best = winner[candidate.responseID]!
            if best != position {
                rejects.append(Reject(line: candidate.line, responseID: candidate.responseID, reason: .duplicateSuperseded,
                                      detail: "response_id also on line \(candidates[best].line), which wins"))
                continue
            }
            respondents.append(candidate.respondent)
            for item in candidate.invalidItems { quality.invalidValues[item] += 1 }
            if candidate.dateState == .unparseable { quality.unparseableDates += 1 }
            if candidate.dateState == .missing { quality.missingDates += 1 }
            if candidate.roleInvalid { quality.invalidRoles += 1 }
            if isStraightLiner(candidate.respondent.answers) { quality.straightLiners += 1 }
        }
        rejects.sort { $0.line < $1.line }
        return WaveResponses(respondents: respondents, rejects: rejects, quality: quality)
    }

    enum DateState { case present, missing, unparseable }

    struct Candidate {
        var line: Int
        var responseID: String
        var instant: Int64?
        var respondent: Respondent
        var invalidItems: [Int]
        var dateState: DateState
        var roleInvalid: Bool

        /// Whether this row (earlier in the file) wins over `later`.
        func beats(_ later: Candidate) -> Bool {
            switch (instant, later.instant) {
            case (nil, _): return false
            case (.some, nil): return true
            case (.some(let mine), .some(let theirs)): return mine > theirs
            }
        }
    }

    /// A row that passed the field count: checked for the other reasons in SPEC order.
    func candidate(_ record: CSVRecord, map: HeaderMap, responseID: String, rejects: inout [Reject]) -> Candidate? {
        func cell(_ column: FixedColumn) -> String {
            map.fixed[column].map { TextMatching.trimmed(record.fields[$0]) } ?? ""
        }
        guard !responseID.isEmpty else {
            rejects.append(Reject(line: record.line, responseID: "", reason: .missingResponseID,
                                  detail: "response_id is empty"))
            return nil
        }
        let organisationID = cell(.organisationID)
        guard let organisation = register.index(of: organisationID) else {
            let shown = organisationID.isEmpty ? "empty" : RegisterReader.quoted(organisationID)
            rejects.append(Reject(line: record.line, responseID: responseID, reason: .unknownOrganisation,
                                  detail: "organisation_id \(shown) is not in the register"))
            return nil
        }
        let submitted = cell(.submittedAt)
        var dateState = DateState.missing
        var instant: Int64?
        if !submitted.isEmpty {
            if let parsed = SubmissionDate.parse(submitted) {
                if parsed.date < opens || closes < parsed.date {
                    rejects.append(Reject(line: record.line, responseID: responseID, reason: .outsideWaveWindow,
                                          detail: "submitted on \(parsed.date), outside the wave window \(opens) to \(closes)"))
                    return nil
                }
                dateState = .present
                instant = parsed.instant
            } else {
                dateState = .unparseable
            }
        }
        var answers = [UInt8](repeating: Answer.none, count: map.items.count)
        var invalidItems: [Int] = []
        var answered = 0
        for (index, item) in instrument.items.enumerated() {
            guard let column = map.items[index] else { continue }
            let raw = record.fields[column]
            let reading = item.isKnowledge ? parser.knowledge(raw) : parser.likert(raw)
            switch reading {
            case .notAnswered: break
            case .invalid: invalidItems.append(index)
            case .answer(let code):
                answers[index] = code
                answered += 1
            }
        }
        guard answered > 0 else {
            rejects.append(Reject(line: record.line, responseID: responseID, reason: .emptyResponse,
                                  detail: "no item answered"))
            return nil
        }
        let roleText = cell(.role)
        var role: Int?
        var roleInvalid = false
        if !roleText.isEmpty {
            role = roleIndex[TextMatching.key(roleText)]
            roleInvalid = role == nil
        }
        return Candidate(line: record.line, responseID: responseID, instant: instant,
                         respondent: Respondent(organisation: organisation, role: role, answers: answers),
                         invalidItems: invalidItems, dateState: dateState, roleInvalid: roleInvalid)
    }

    /// All answered likert items share one raw value, at least five of them, at least one
    /// reverse and one not (SPEC §7).
    func isStraightLiner(_ answers: [UInt8]) -> Bool {
        var value: UInt8 = 0
        var count = 0, reverse = 0
        for (index, item) in instrument.items.enumerated() where !item.isKnowledge {
            let answer = answers[index]
            guard answer != Answer.none else { continue }
            if value == 0 { value = answer } else if value != answer { return false }
            count += 1
            if item.isReverse { reverse += 1 }
        }
        return count >= 5 && reverse >= 1 && reverse < count
    }
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
    /// The candidate closest to any of `targets` by edit distance, if reasonably close.
    static func closest(to targets: [String], among candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates where !candidate.isEmpty {
            for target in targets {
                let distance = editDistance(TextMatching.key(candidate), TextMatching.key(target))
                if best == nil || distance < best!.1 { best = (candidate, distance) }
            }
        }
        guard let best, best.1 <= max(3, best.0.count / 2) else { return nil }
        return best.0
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
