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
        guard let table, let values else {
            return !cell.isEmpty && !TextMatching.key(String(decoding: cell, as: UTF8.self)).isEmpty
        }
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

/// One row being checked: what the tally needs once it passes.
final class RowScratch {
    let answers: UnsafeMutablePointer<UInt8>
    let invalid: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) var invalidCount = 0
    @exclusivity(unchecked) var organisation = 0
    @exclusivity(unchecked) var role = -1
    @exclusivity(unchecked) var roleInvalid = false
    @exclusivity(unchecked) var date = DateState.missing
    @exclusivity(unchecked) var instant = Int64.min
    /// What the data-quality report counts about a scored row (organisation by name, time-zone name ignored).
    @exclusivity(unchecked) var notes: RowNotes = []

    init(items: Int) {
        answers = .allocate(capacity: max(1, items))
        invalid = .allocate(capacity: max(1, items))
    }

    deinit {
        answers.deallocate()
        invalid.deallocate()
    }
}

extension ResponseReader {
    /// Checks one record in SPEC order (§2.4 as §8.5 extends it): the reject, or nil with
    /// the row in `row`.
    func evaluate(
        _ record: RecordView, _ buffer: UnsafeBufferPointer<UInt8>, _ plan: FilePlan,
        into row: RowScratch, tally: WaveTally? = nil, details: DetailCache? = nil
    ) -> Reject? {
        let ridColumn = plan.responseID
        func responseID() -> String {
            guard let column = ridColumn, column < record.count else { return "" }
            return trimmedString(record, column, buffer)
        }
        if record.unterminatedQuote {
            return Reject(
                line: record.line, responseID: responseID(), reason: .malformedRow,
                detail: "a quote opened on this line is never closed; the rest of the file is part of this row")
        }
        guard record.count == plan.columns else {
            return Reject(
                line: record.line, responseID: responseID(), reason: .malformedRow,
                detail: "found \(record.count) fields, expected \(plan.columns) as in the header")
        }
        if let ridColumn, !withTrimmedBytes(record, ridColumn, buffer, { !$0.isEmpty }) {
            return Reject(line: record.line, responseID: "", reason: .missingResponseID, detail: "response_id is empty")
        }
        let found =
            plan.organisationID.map { column in withTrimmedBytes(record, column, buffer) { organisations.find($0) } }
            ?? OrganisationMatcher.unknown
        guard found >= 0 else {
            let cell = plan.organisationID.map { trimmedString(record, $0, buffer) } ?? ""
            let match =
                cell.isEmpty
                ? .unknown
                : {
                    var cell = cell
                    return cell.withUTF8 { organisations.match($0) }
                }()
            let detail =
                details?.detail(cell, line: record.line, match, organisations)
                ?? organisations.detail(cell: cell, match: match)
            return Reject(line: record.line, responseID: responseID(), reason: .unknownOrganisation, detail: detail)
        }
        row.organisation = found & OrganisationMatcher.indexMask
        row.notes = found & OrganisationMatcher.byName != 0 ? .organisationByName : []
        tally?.prefetch(organisation: row.organisation)
        if let completion = plan.completion,
            !withTrimmedBytes(record, completion.column, buffer, { completion.isComplete($0) })
        {
            return Reject(
                line: record.line, responseID: responseID(), reason: .incompleteResponse,
                detail: completion.detail(trimmedString(record, completion.column, buffer)))
        }
        row.date = .missing
        row.instant = Int64.min
        if let column = plan.submittedAt {
            let parsed: SubmissionDate?? = withTrimmedBytes(record, column, buffer) { bytes in
                bytes.isEmpty || Self.isNotCompleted(bytes)
                    ? .none : .some(SubmissionDate.parse(bytes: bytes, order: plan.dateOrder))
            }
            if case .some(let date) = parsed {
                if let date {
                    if date.date < opens || closes < date.date {
                        return Reject(
                            line: record.line, responseID: responseID(), reason: .outsideWaveWindow,
                            detail: "submitted on \(date.date), outside the wave window \(opens) to \(closes)")
                    }
                    row.date = .present
                    row.instant = date.instant
                    if date.unrecognisedZone { row.notes.insert(.unrecognisedZone) }
                } else {
                    row.date = .unparseable
                }
            }
        }
        var answered = 0
        row.invalidCount = 0
        let columnOf = plan.itemColumnBase, tables = itemTableBase, oneByte = cellKeys.oneByte
        let starts = record.starts, ends = record.ends, quoted = record.quoted
        let answers = row.answers
        for item in 0..<itemCount {
            let column = columnOf[item]
            if column < 0 {
                answers[item] = Answer.none
                continue
            }
            let reading: CellReading
            if !quoted[column] {
                var start = starts[column], end = ends[column]
                while start < end, Self.isASCIISpace(buffer[start]) { start += 1 }
                while end > start, Self.isASCIISpace(buffer[end - 1]) { end -= 1 }
                if start == end {
                    answers[item] = Answer.none
                    continue
                }
                let table = tables[item]
                if end - start == 1, buffer[start] < 0x80 {
                    // One ASCII byte (a digit code, mostly): the rules' answer, tabled.
                    let code = oneByte[table &* 128 &+ Int(buffer[start])]
                    if code > 0 {
                        answers[item] = UInt8(truncatingIfNeeded: code)
                        answered += 1
                    } else {
                        answers[item] = Answer.none
                        if code < 0 {
                            row.invalid[row.invalidCount] = Int32(item)
                            row.invalidCount += 1
                        }
                    }
                    continue
                }
                reading = cellKeys.reading(start, end, buffer, table: table) ?? cell(record, column, buffer, item: item)
            } else {
                reading = cell(record, column, buffer, item: item)
            }
            switch reading {
            case .notAnswered: answers[item] = Answer.none
            case .invalid:
                answers[item] = Answer.none
                row.invalid[row.invalidCount] = Int32(item)
                row.invalidCount += 1
            case .answer(let code):
                answers[item] = code
                answered += 1
            }
        }
        guard answered > 0 else {
            return Reject(
                line: record.line, responseID: responseID(), reason: .emptyResponse, detail: "no item answered")
        }
        row.role = -1
        row.roleInvalid = false
        if let column = plan.role {
            let found: Int?? = withTrimmedBytes(record, column, buffer) { bytes -> Int?? in
                if bytes.isEmpty { return .none }
                return .some(self.role(bytes))
            }
            if case .some(let index) = found {
                if let index { row.role = index } else { row.roleInvalid = true }
            }
        }
        return nil
    }

    /// REDCap's `[not completed]` (any case): an empty submitted_at (SPEC §8.6).
    @inline(__always)
    static func isNotCompleted(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.first == UInt8(ascii: "["), bytes.count < 64 else { return false }
        return ASCIIKey.with(bytes) { $0.elementsEqual("[not completed]".utf8) } ?? false
    }
}
