import Foundation

/// Every warning of a run: the survey's (the instrument's), then each wave's in wave order.
public enum SurveyWarnings {
    /// The warnings, each file named in full under `folder` (the surveys folder as given).
    public static func all(_ survey: Survey, _ analyses: [WaveAnalysis], in folder: String) -> [Diagnostic] {
        (survey.warnings + analyses.flatMap(\.responses.warnings)).map { $0.placed(in: folder) }
    }

    /// The run's errors under `--strict`: every warning as an error, and a note saying why.
    public static func strictFailure(_ warnings: [Diagnostic], in folder: String) -> FatalInputError {
        FatalInputError(
            warnings.map(\.asError) + [
                Diagnostic(
                    .note, file: folder,
                    message: "--strict makes every warning an error; nothing was written")
            ])
    }
}

/// What reading one responses file found that changes what is published without stopping
/// the run (issue 11): each a located warning, printed on every run and by `validate`,
/// listed at the top of the wave's data-quality.md, and an error under `--strict`.
///
/// In this order: items with no column, domains left without any, columns of answers that
/// are not read (in column order), organisation codes not in the register (by first line),
/// columns with more than 5% invalid cells (in column order), and more than 10% of the rows
/// rejected.
extension ResponseReader {
    /// The share of a column's cells, or of the rows read, above which a warning is given.
    static let invalidShare = (numerator: 1, denominator: 20)
    static let rejectedShare = (numerator: 1, denominator: 10)
    /// Organisation codes named one by one; the rest are counted together.
    static let organisationCodesNamed = 20

    func warnings(_ quality: ReadingQuality, rejects: [Reject], scored: Int) -> [Diagnostic] {
        let file = quality.file
        var warnings: [Diagnostic] = []
        func warn(line: Int? = nil, column: Int? = nil, _ message: String) {
            warnings.append(.warning(file: file, line: line, column: column, message: message))
        }
        let items = instrument.items
        let header = quality.headerLine
        if !quality.columnNames.isEmpty {
            // Items and domains with no column.
            let unknown = quality.ignoredColumns.filter { $0.secondFor == nil }
            for (index, item) in items.enumerated() where quality.itemColumns[index] == nil {
                let closest = Self.closest(to: [item.id] + item.aliases, among: unknown.map { ($0.name, $0) })
                var message =
                    "item \(item.id) has no column in this file, so it is never answered; expected a header "
                    + "\(item.id)\(item.aliases.isEmpty ? "" : " or one of its aliases")"
                if let closest {
                    message += "; did you mean \(TerminalText.quoted(closest.name)) (column \(closest.column))?"
                }
                warn(line: header, column: closest?.column, message)
            }
            var position = 0
            for domain in instrument.domains {
                let columns = quality.itemColumns[position..<(position + domain.items.count)]
                position += domain.items.count
                guard !domain.items.isEmpty, columns.allSatisfy({ $0 == nil }) else { continue }
                warn(
                    line: header,
                    "domain \(domain.id) (\(domain.title)) has no item with a column "
                        + "(\(domain.items.map(\.id).joined(separator: ", "))), so no organisation gets a score for it, nor an "
                        + "overall score, from this file; expected a header for at least one of its items")
            }
            // Columns of answers that are not read.
            let itemsWithoutColumn = items.indices.filter { quality.itemColumns[$0] == nil }
                .map { (name: items[$0].id, names: [items[$0].id] + items[$0].aliases) }
            for column in quality.ignoredColumns where column.looksLikeAnswers {
                let sample = "\(column.answers) of \(column.cells) cells read are codes or labels of a likert scale"
                var message = "column \(column.column) \(TerminalText.quoted(column.name)) holds answers (\(sample)) "
                if let target = column.secondFor {
                    message +=
                        "but is not read: it is a second column answering to \(target), which is read from an earlier "
                        + "column; expected one column per item"
                } else {
                    message += "but matches no item, so it is not read; expected an item id or alias as its header"
                    let candidates = itemsWithoutColumn.flatMap { item in item.names.map { ($0, item.name) } }
                    if let item = Self.closest(to: [column.name], among: candidates) {
                        message += "; did you mean item '\(item)'?"
                    }
                }
                warn(line: header, column: column.column, message)
            }
        }

        // Organisation codes not in the register.
        let codes = quality.unknownOrganisations
        for code in codes.prefix(Self.organisationCodesNamed) {
            let rows = "\(Self.rows(code.rows)) rejected as unknown_organisation, the first on line \(code.firstLine)"
            var cell = code.value
            let match = cell.withUTF8 { organisations.match($0) }
            let message: String
            if code.value.isEmpty {
                message = "organisation_id is empty: \(rows); expected a register id, name or alias"
            } else if case .ambiguous(let found) = match {
                let ids = found.map { register.organisations[$0].id }.joined(separator: ", ")
                message =
                    "organisation_id \(RegisterReader.quoted(TextMatching.normalised(code.value))) names "
                    + "\(found.count) organisations (\(ids)): \(rows); expected one of their ids"
            } else {
                var text =
                    "organisation_id \(RegisterReader.quoted(TextMatching.normalised(code.value))) is not in the "
                    + "register: \(rows); expected a register id, name or alias"
                if let suggestion = organisations.suggestion(for: code.value) {
                    let organisation = register.organisations[suggestion.organisation]
                    text +=
                        "; did you mean '\(organisation.id)'"
                        + (suggestion.kind == .id ? "" : " (\(organisation.name))") + "?"
                }
                message = text
            }
            warn(line: code.firstLine, column: quality.organisationColumn, message)
        }
        let further = codes.dropFirst(Self.organisationCodesNamed)
        let furtherRows = further.reduce(0) { $0 + $1.rows } + quality.otherUnknownOrganisationRows
        if furtherRows > 0 {
            let counted = further.isEmpty ? "" : "\(further.count) more organisation codes not in the register"
            let other = quality.otherUnknownOrganisationRows > 0 ? "further codes" : ""
            warn(
                "\([counted, other].filter { !$0.isEmpty }.joined(separator: " and ")): \(Self.rows(furtherRows)) "
                    + "rejected as unknown_organisation; expected register ids, names or aliases; each row is in rejects.csv"
            )
        }

        // Columns with more than 5% of their cells unreadable.
        if scored > 0 {
            var shares: [(column: Int, message: String)] = []
            func name(_ column: Int) -> String {
                "column \(column) \(TerminalText.quoted(quality.columnNames.indices.contains(column - 1) ? quality.columnNames[column - 1] : ""))"
            }
            func exceeds(_ count: Int, of total: Int) -> Bool {
                total > 0 && count * Self.invalidShare.denominator > total * Self.invalidShare.numerator
            }
            let expectations = CellExpectations(instrument: instrument, dateOrder: quality.dateOrder.used)
            for (index, column) in quality.itemColumns.enumerated() {
                guard let column, index < quality.invalidValues.count, exceeds(quality.invalidValues[index], of: scored)
                else { continue }
                shares.append(
                    (
                        column,
                        "\(name(column)): \(Self.share(quality.invalidValues[index], of: scored, "scored rows")) "
                            + "hold an invalid value, read as not answered; \(expectations.items[index]); "
                            + "each is in centre/findings.csv"
                    ))
            }
            let dated = scored - quality.missingDates
            if let column = quality.submittedAtColumn, exceeds(quality.unparseableDates, of: dated) {
                shares.append(
                    (
                        column,
                        "\(name(column)): \(Self.share(quality.unparseableDates, of: dated, "dates in scored rows")) "
                            + "are unparseable, read as absent (so no wave-window check); \(expectations.date); "
                            + "each is in centre/findings.csv"
                    ))
            }
            if let column = quality.roleColumn, exceeds(quality.invalidRoles, of: scored) {
                shares.append(
                    (
                        column,
                        "\(name(column)): \(Self.share(quality.invalidRoles, of: scored, "scored rows")) "
                            + "name a role the instrument does not list, read as empty; "
                            + "\(expectations.role); each is in centre/findings.csv"
                    ))
            }
            for share in shares.sorted(by: { $0.column < $1.column }) {
                warn(line: header, column: share.column, share.message)
            }
        }

        // More than 10% of the rows rejected.
        if quality.rowsRead > 0,
            rejects.count * Self.rejectedShare.denominator > quality.rowsRead * Self.rejectedShare.numerator
        {
            let reasons = RejectReason.allCases.compactMap { reason -> String? in
                let count = rejects.lazy.filter { $0.reason == reason }.count
                return count > 0 ? "\(reason.rawValue) \(count)" : nil
            }
            warn(
                "\(Self.share(rejects.count, of: quality.rowsRead, "rows read")) were rejected (\(reasons.joined(separator: ", "))); "
                    + "expected at most 10%; each is in rejects.csv with its line and reason")
        }
        return warnings
    }

    /// `1 row` or `43 rows`.
    static func rows(_ count: Int) -> String { count == 1 ? "1 row" : "\(count) rows" }

    /// `12 of 100 scored rows (12.0%)`.
    static func share(_ count: Int, of total: Int, _ what: String) -> String {
        "\(count) of \(total) \(what) (\(String(format: "%.1f", 100 * Double(count) / Double(total)))%)"
    }

    /// The value of the candidate whose text is nearest to any of `names` (normalised,
    /// lower-cased), within max(2, ⌊L/3⌋) edits, L the longer length: two, so that a
    /// transposition (`FW2` for `WF2`) is suggested; ties to the earliest candidate.
    static func closest<Value>(to names: [String], among candidates: [(String, Value)]) -> Value? {
        let targets = names.map { Array(TextMatching.key($0).unicodeScalars) }.filter { !$0.isEmpty }
        var best: (value: Value, distance: Int)?
        for (text, value) in candidates {
            let key = Array(TextMatching.key(text).unicodeScalars)
            guard !key.isEmpty else { continue }
            for target in targets {
                let limit = min(max(2, max(key.count, target.count) / 3), (best?.distance ?? Int.max) - 1)
                guard limit >= 0, let distance = Suggestions.distance(key, target, atMost: limit) else { continue }
                best = (value, distance)
            }
        }
        return best?.value
    }
}
