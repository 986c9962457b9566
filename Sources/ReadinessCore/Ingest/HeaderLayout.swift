/// The header records of an export and what decided their number (SPEC §8.4).
public enum HeaderLayout: String, Sendable, Equatable {
    /// One header record, as most exports.
    case plain
    /// Qualtrics current: record 3 starts `{"ImportId"` (records 2 and 3 are metadata).
    case qualtrics
    /// Qualtrics 2017 "Insights": record 3 starts `{'ImportId'`.
    case qualtrics2017
    /// Qualtrics legacy: record 1 `V1, V2, …`, record 2 the labels.
    case qualtricsLegacy
    /// SurveyMonkey raw export: a question record, then a sub-question record.
    case surveyMonkey
    /// `header_rows` given in wave.yaml.
    case configured

    /// Whether this is one of Qualtrics' layouts (data-quality.md's "Qualtrics metadata rows skipped").
    var isQualtrics: Bool { self == .qualtrics || self == .qualtrics2017 || self == .qualtricsLegacy }

    /// The number of header records and the layout, from the first records of a file
    /// (at least three when there are three), under `header_rows`.
    static func detect(_ records: [[String]], settings: ExportSettings) -> (count: Int, layout: HeaderLayout) {
        switch (settings.headerRows, settings.effectiveHeaderRows) {
        case (.some(.count(let count)), _):
            return (count, .configured)
        case (nil, .count(let count)):
            // Set by a preset: the legacy Qualtrics layout is the only preset that does.
            return (count, settings.source == .qualtricsLegacy ? .qualtricsLegacy : .configured)
        default:
            break
        }
        func key(_ record: Int, _ field: Int) -> String? {
            guard record < records.count, field < records[record].count else { return nil }
            return TextMatching.key(records[record][field])
        }
        if let third = key(2, 0) {
            if third.hasPrefix("{\"importid\"") { return (3, .qualtrics) }
            if third.hasPrefix("{'importid'") { return (3, .qualtrics2017) }
        }
        if key(0, 0) == "v1", key(0, 1) == "v2", key(1, 0) == "responseid" { return (2, .qualtricsLegacy) }
        if key(0, 0) == "respondent id", let second = key(1, 0), second.isEmpty { return (2, .surveyMonkey) }
        return (1, .plain)
    }
}

/// A binding not made by an own name in record 1, as data-quality.md and the manifest list it.
public struct ColumnBinding: Sendable, Equatable {
    /// An item id, a fixed column's name, or `completion`.
    public var target: String
    /// 1-based column.
    public var column: Int
    /// The column as §8.4 addresses it (`H#3`).
    public var name: String
    /// `occurrence`, `record N`, `combined name` or `preset`.
    public var by: String
}

/// The header records of a responses file mapped onto the instrument (SPEC §8.4
/// "Matching"): the fixed columns first, each on its own, then the items in instrument
/// order, each at the first step that finds a free column, the leftmost such column.
struct HeaderMap: Sendable {
    var fixed: [FixedColumn: Int] = [:]
    /// The fixed columns' positions, looked up once rather than per row.
    var responseID: Int?, organisationID: Int?, submittedAt: Int?, role: Int?
    var completion: Int?
    /// The name under which the completion column was found (reject details name it).
    var completionName = ""
    var items: [Int?]
    /// The column of each item, -1 for none, for the per-row loop, and its storage.
    let itemColumns: FlatInts
    nonisolated(unsafe) let itemColumnBase: UnsafeMutablePointer<Int>
    /// Columns named as §8.4 addresses them.
    var unknown: [String] = []
    var duplicates: [String] = []
    /// Every column's name as §8.8 shows it, and the columns not read: each with the
    /// target it answers to when it is a second column (nil when unknown).
    var columnNames: [String] = []
    var ignored: [(column: Int, secondFor: String?)] = []
    var bindings: [ColumnBinding] = []
    /// The number of fields of record 1: every data row must have it.
    var columnCount: Int

    /// One step of §8.4's matching: a header record, or the combined names.
    enum Step: Equatable {
        case record(Int)
        case combined
    }

    /// The names of every column at every step, normalised and lowercased, and the columns
    /// answering to each name.
    struct Names {
        let steps: [Step]
        /// Per step, per column, its key.
        let keys: [[String]]
        /// Per step, key to columns (ascending).
        let columns: [[String: [Int]]]
        /// Per column, the name data-quality.md shows (§8.8 "Columns").
        let display: [String]

        init(_ records: [[String]]) {
            let count = records.first?.count ?? 0
            var steps = records.indices.map { Step.record($0 + 1) }
            var keys = records.map { record in (0..<count).map { $0 < record.count ? TextMatching.key(record[$0]) : "" }
            }
            let normal = records.map { record in
                (0..<count).map { $0 < record.count ? TextMatching.normalised(record[$0]) : "" }
            }
            var combined: [String] = Array(repeating: "", count: count)
            if records.count >= 2 {
                // An empty cell of records 1…R−1 takes the nearest non-empty cell to its left.
                var filled = normal
                for record in 0..<(records.count - 1) {
                    var last = ""
                    for column in 0..<count {
                        if filled[record][column].isEmpty {
                            filled[record][column] = last
                        } else {
                            last = filled[record][column]
                        }
                    }
                }
                combined = (0..<count).map { column in
                    filled.map { $0[column] }.filter { !$0.isEmpty }.joined(separator: " | ")
                }
                steps.append(.combined)
                keys.append(combined.map(TextMatching.key))
            }
            self.steps = steps
            self.keys = keys
            columns = keys.map { row in
                var index: [String: [Int]] = [:]
                for (column, key) in row.enumerated() { index[key, default: []].append(column) }
                return index
            }
            // Shown by record-1 heading, or combined name when that is empty, with #N when repeated.
            let shown = (0..<count).map { column -> String in
                let first = normal.first?[column] ?? ""
                if !first.isEmpty { return first }
                return combined[column].isEmpty ? "(empty)" : combined[column]
            }
            var totals: [String: Int] = [:], seen: [String: Int] = [:]
            for name in shown { totals[TextMatching.key(name), default: 0] += 1 }
            display = shown.map { name in
                let key = TextMatching.key(name)
                seen[key, default: 0] += 1
                return totals[key]! > 1 ? "\(name)#\(seen[key]!)" : name
            }
        }

        /// The columns a name finds at a step: a header equal to the whole name, else for
        /// `TEXT#N` the N-th column answering to TEXT (taken or not).
        func resolve(_ name: String, at step: Int) -> (columns: [Int], byOccurrence: Bool) {
            let key = TextMatching.key(name)
            if let exact = columns[step][key], !exact.isEmpty { return (exact, false) }
            if let (text, occurrence) = HeaderMap.occurrence(key), let all = columns[step][text],
                occurrence <= all.count
            {
                return ([all[occurrence - 1]], true)
            }
            return ([], false)
        }
    }

    /// `TEXT#N` split, N a decimal integer ≥ 1 without a leading zero.
    static func occurrence(_ key: String) -> (String, Int)? {
        guard let hash = key.lastIndex(of: "#") else { return nil }
        let digits = key[key.index(after: hash)...]
        guard let first = digits.first, first != "0", digits.count <= 9,
            digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int(digits)
        else { return nil }
        return (String(key[..<hash]), number)
    }

    /// One target's names: its own (id or fixed name, then aliases) and its preset's fallbacks.
    struct TargetNames {
        var label: String
        var own: [String]
        var fallback: [String]
        /// REDCap: the first column, whatever its name, is a fallback.
        var firstColumnFallback = false
    }

    init(header records: [[String]], instrument: Instrument, settings: ExportSettings = ExportSettings()) {
        let names = Names(records)
        let columnCount = names.display.count
        var items = [Int?](repeating: nil, count: instrument.items.count)
        var fixed: [FixedColumn: Int] = [:]
        var completion: Int?, completionName = ""
        var bindings: [ColumnBinding] = [], unknown: [String] = [], duplicates: [String] = []
        var held = Array(repeating: false, count: columnCount)
        var everyName: [TargetNames] = []

        /// Binds a target at the first step that finds a free column; returns the column.
        func bind(_ target: TargetNames, free: (Int) -> Bool) -> (column: Int, name: String)? {
            for (names_, fallback) in [(target.own, false), (target.fallback, true)] {
                for step in names.steps.indices {
                    var best: (column: Int, name: String, occurrence: Bool)?
                    for name in names_ {
                        let found = names.resolve(name, at: step)
                        for column in found.columns where free(column) {
                            if best == nil || column < best!.column { best = (column, name, found.byOccurrence) }
                            break
                        }
                    }
                    if fallback, target.firstColumnFallback, step == 0, columnCount > 0, free(0),
                        best == nil || best!.column > 0
                    {
                        best = (0, records[0][0], false)
                    }
                    guard let best else { continue }
                    let reason: String?
                    switch (fallback, best.occurrence, names.steps[step]) {
                    case (true, _, _): reason = "preset"
                    case (false, true, _): reason = "occurrence"
                    case (false, false, .record(let record)) where record >= 2: reason = "record \(record)"
                    case (false, false, .combined): reason = "combined name"
                    default: reason = nil
                    }
                    if let reason {
                        bindings.append(
                            ColumnBinding(
                                target: target.label, column: best.column + 1,
                                name: names.display[best.column], by: reason))
                    }
                    return (best.column, best.name)
                }
            }
            return nil
        }

        // 1. The fixed columns, each on its own (one column may serve two).
        let preset = settings.source
        for column in FixedColumn.allCases {
            let target = TargetNames(
                label: column.rawValue, own: instrument.columns.names(of: column),
                fallback: preset.names(of: column),
                firstColumnFallback: column == .responseID && preset.responseIDIsFirstColumn)
            everyName.append(target)
            // REDCap's form timestamp binds after the items, from the form's name.
            if column == .submittedAt, preset == .redcap {
                var own = target
                own.fallback = []
                if let found = bind(own, free: { _ in true }) { fixed[column] = found.column }
                continue
            }
            if let found = bind(target, free: { _ in true }) { fixed[column] = found.column }
        }
        let rule = settings.effectiveCompletion
        if let rule, !rule.redcapForm {
            let target = TargetNames(
                label: "completion", own: rule.fromWaveYAML ? rule.columns : [],
                fallback: rule.fromWaveYAML ? [] : rule.columns)
            everyName.append(target)
            if let found = bind(target, free: { _ in true }) {
                completion = found.column
                completionName = found.name
            }
        }
        for (_, column) in fixed { held[column] = true }
        if let completion { held[completion] = true }

        // 2. The items, in instrument order, each to a column nothing holds yet.
        for (index, item) in instrument.items.enumerated() {
            let target = TargetNames(label: item.id, own: [item.id] + item.aliases, fallback: [])
            everyName.append(target)
            if let found = bind(target, free: { !held[$0] }) {
                items[index] = found.column
                held[found.column] = true
            }
        }

        // REDCap: the form is the one holding the items: its `<form>_complete` is the first
        // header so ending at or right of the rightmost item column; it (unless wave.yaml
        // gives a rule) and `<form>_timestamp` bind now.
        // With no item bound, the search starts at the first column.
        if preset == .redcap,
            let column = ((items.compactMap({ $0 }).max() ?? 0)..<columnCount).first(where: {
                names.keys[0][$0].hasSuffix("_complete") && !held[$0]
            })
        {
            if let rule, rule.redcapForm {
                completion = column
                completionName = TextMatching.normalised(records[0][column])
                held[column] = true
                bindings.append(
                    ColumnBinding(target: "completion", column: column + 1, name: names.display[column], by: "preset"))
            }
            let form = String(names.keys[0][column].dropLast("_complete".count))
            let target = TargetNames(
                label: FixedColumn.submittedAt.rawValue, own: [],
                fallback: ["\(form)_timestamp"])
            everyName.append(target)
            if fixed[.submittedAt] == nil, let found = bind(target, free: { !held[$0] }) {
                fixed[.submittedAt] = found.column
                held[found.column] = true
            }
        }

        // 3. Unbound columns: a second column answers to some target's name; the others are unknown.
        // Each column answers to the first target (in binding order) one of whose names finds it.
        var answering = [String?](repeating: nil, count: columnCount)
        for target in everyName {
            for name in target.own + target.fallback {
                for step in names.steps.indices {
                    for column in names.resolve(name, at: step).columns where answering[column] == nil {
                        answering[column] = target.label
                    }
                }
            }
        }
        var ignored: [(column: Int, secondFor: String?)] = []
        for column in 0..<columnCount where !held[column] {
            if answering[column] != nil {
                duplicates.append(names.display[column])
            } else {
                unknown.append(names.display[column])
            }
            ignored.append((column, answering[column]))
        }
        bindings.sort { $0.column != $1.column ? $0.column < $1.column : $0.target < $1.target }

        self.columnCount = columnCount
        self.items = items
        self.fixed = fixed
        self.completion = completion
        self.completionName = completionName
        self.bindings = bindings
        self.unknown = unknown
        self.duplicates = duplicates
        self.ignored = ignored
        columnNames = names.display
        itemColumns = FlatInts(items.map { $0 ?? -1 })
        itemColumnBase = itemColumns.base
        responseID = fixed[.responseID]
        organisationID = fixed[.organisationID]
        submittedAt = fixed[.submittedAt]
        role = fixed[.role]
    }
}
