/// One cell or column of a responses file that was not read as written, located so that a
/// centre can fix its export (`centre/findings.csv`, issue 11).
///
/// Findings cover exactly what data-quality.md counts: invalid item values, unparseable
/// dates and roles the instrument does not list, over scored rows (a row rejected, or
/// superseded by a duplicate, lists none), and every column not read. The value is the
/// cell as read, cut to 80 characters; an ignored column's value is its name, never its
/// contents, so free text never reaches a finding.
public struct Finding: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case invalidValue = "invalid_value"
        case unparseableDate = "unparseable_date"
        case unknownRole = "unknown_role"
        case ignoredColumn = "ignored_column"
    }

    /// The record's line (a sheet row for a workbook); the header's line for a column.
    public var line: Int
    /// 1-based column (a sheet column for a workbook).
    public var column: Int
    public var responseID: String
    public var kind: Kind
    public var value: String
    public var detail: String

    /// The most characters of a value a finding keeps.
    public static let valueLimit = 80

    /// `value` cut to `valueLimit` Unicode scalars, and the note the detail gets when cut.
    static func cut(_ value: String) -> (value: String, note: String) {
        let scalars = value.unicodeScalars
        guard scalars.count > valueLimit else { return (value, "") }
        return (
            String(String.UnicodeScalarView(scalars.prefix(valueLimit))),
            " (value cut to \(valueLimit) of \(scalars.count) characters)"
        )
    }
}

/// A finding waiting for its row's fate: taken back with the row if a later duplicate wins.
struct PendingFinding {
    /// The offset of the record it came from.
    var record: Int
    var finding: Finding
}

/// What each kind of cell expects, said once per file for findings and warnings.
struct CellExpectations: Sendable {
    /// Per item (instrument order): `item C1 (likert): expected …`.
    let items: [String]
    let date: String
    let role: String
    /// The details of an unparseable date and an unknown role finding, made once.
    let dateFinding: String
    let roleFinding: String

    init(instrument: Instrument, dateOrder: DateOrder) {
        func list(_ values: [String], limit: Int = 12) -> String {
            let shown = values.prefix(limit).map { "'\($0)'" }
            return KnownKeys.list(Array(shown) + (values.count > limit ? ["\(values.count - limit) more"] : []))
        }
        let knowledge =
            "expected true (\(list(instrument.trueTokens))) or false (\(list(instrument.falseTokens))), "
            + "or a don't-know token"
        var byScale: [String: String] = [:]
        items = instrument.items.map { item in
            if item.isKnowledge { return "item \(item.id) (knowledge): \(knowledge)" }
            let scale = instrument.scale(of: item)
            if let known = byScale[scale.name] { return "item \(item.id) (\(known)" }
            let codes = scale.codes.map(\.description)
            let consecutive =
                scale.codes == (1...max(1, scale.points)).prefix(scale.points).map { ScaleCode.integer($0) }
            let codeText = consecutive && scale.points >= 2 ? "a code 1 to \(scale.points)" : "a code \(list(codes))"
            let labels = scale.labels.compactMap(\.first)
            let described = "scale \(scale.name)): expected \(codeText) or a label (\(list(labels, limit: 7)))"
            byScale[scale.name] = described
            return "item \(item.id) (\(described)"
        }
        let forms = dateOrder == .mdy ? "M/D/YYYY" : "D/M/YYYY"
        date =
            "submitted_at: expected a date such as YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or \(forms) [H:MM[:SS]] "
            + "(date order \(dateOrder.rawValue))"
        role =
            instrument.roles.isEmpty
            ? "role: the instrument lists no roles" : "role: expected one of \(list(instrument.roles))"
        dateFinding = date + "; read as absent"
        roleFinding = role + "; read as empty"
    }
}

extension FilePart {
    /// Records the findings of a row that has just been scored: its invalid item values, an
    /// unparseable date, a role the instrument does not list, in column order.
    func noteFindings(_ row: RowScratch, _ record: RecordView) {
        let plan = self.plan
        let responseID = plan.responseID.map { reader.trimmedString(record, $0, input) } ?? ""
        var found = rowFindings
        rowFindings = []
        defer {
            found.removeAll(keepingCapacity: true)
            rowFindings = found
        }
        for index in 0..<row.invalidCount {
            let item = Int(row.invalid[index])
            found.append((plan.itemColumnBase[item], .invalidValue, expectations.items[item]))
        }
        if row.date == .unparseable, let column = plan.submittedAt {
            found.append((column, .unparseableDate, expectations.dateFinding))
        }
        if row.roleInvalid, let column = plan.role { found.append((column, .unknownRole, expectations.roleFinding)) }
        found.sort { $0.column < $1.column }
        for entry in found {
            let (value, note) = Finding.cut(reader.trimmedString(record, entry.column, input))
            pendingFindings.append(
                PendingFinding(
                    record: record.start,
                    finding: Finding(
                        line: record.line, column: entry.column + 1, responseID: responseID, kind: entry.kind,
                        value: value, detail: note.isEmpty ? entry.detail : entry.detail + note)))
        }
    }

    /// Whether a row read into `row` has anything to find.
    @inline(__always)
    static func hasFindings(_ row: RowScratch) -> Bool {
        row.invalidCount != 0 || row.roleInvalid || row.date == .unparseable
    }

    /// The findings of every scored row that stayed scored, with the file's lines, after
    /// the findings of the columns not read; in file order.
    func findings(quality: ReadingQuality, line: (Int) -> Int) -> [Finding] {
        var all: [Finding] = quality.ignoredColumns.map { column in
            Finding(
                line: quality.headerLine, column: column.column, responseID: "", kind: .ignoredColumn,
                value: column.name,
                detail: column.secondFor.map { "a second column answering to \($0); not read (an earlier column is)" }
                    ?? "matches no item or fixed column; not read")
        }
        all.reserveCapacity(all.count + pendingFindings.count)
        for pending in pendingFindings where !withdrawnFindings.contains(pending.record) {
            var finding = pending.finding
            finding.line = line(finding.line)
            all.append(finding)
        }
        // Rows were noted in file order, part after part, each row's findings by column, after
        // the header's: already in order, unless a part was absorbed out of turn; then a
        // stable sort puts them back.
        func before(_ a: Finding, _ b: Finding) -> Bool { (a.line, a.column) < (b.line, b.column) }
        guard zip(all, all.dropFirst()).contains(where: { before($1, $0) }) else { return all }
        return all.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}
