/// Finds the organisation a row names (SPEC §8.3): exactly by register id, else by name or
/// alias (normalised, case-insensitive); and, for a cell that names none, the closest id,
/// name or alias within a small edit distance.
final class OrganisationMatcher: @unchecked Sendable {
    let register: Register
    /// Register ids, exact bytes.
    let ids: ByteKeyTable
    /// Names and aliases by key: the organisations (ascending index) each names.
    let names: [String: [Int]]
    /// The same for ASCII keys: an organisation index, or -1 when several.
    let nameTable: ByteKeyTable
    /// Every id, name and alias as "did you mean" compares them: ids before names before
    /// aliases, each in register-line order.
    let candidates: [Candidate]

    struct Candidate {
        var key: [Unicode.Scalar]
        var kind: Kind
        var organisation: Int
        enum Kind: Int, Comparable {
            case id, name, alias
            static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
        }
    }

    /// What a cell names.
    enum Match: Equatable {
        case organisation(Int, byName: Bool)
        /// A name or alias of several organisations (register indices, ascending).
        case ambiguous([Int])
        case unknown
    }

    init(register: Register) {
        self.register = register
        ids = ByteKeyTable(register.organisations.map(\.id))
        var names: [String: [Int]] = [:]
        for (index, organisation) in register.organisations.enumerated() {
            for name in [organisation.name] + organisation.aliases {
                let key = TextMatching.key(name)
                guard !key.isEmpty else { continue }
                if names[key]?.contains(index) != true { names[key, default: []].append(index) }
            }
        }
        self.names = names
        let table = ByteKeyTable(capacity: names.count)
        for (key, organisations) in names.sorted(by: { $0.key < $1.key }) where key.utf8.allSatisfy({ $0 < 0x80 }) {
            var key = key
            key.withUTF8 { _ = table.insert($0, value: organisations.count == 1 ? Int32(organisations[0]) : -1) }
        }
        nameTable = table
        var candidates: [(Candidate, line: Int, position: Int)] = []
        for (index, organisation) in register.organisations.enumerated() {
            let texts =
                [(organisation.id, Candidate.Kind.id), (organisation.name, .name)]
                + organisation.aliases.map { ($0, .alias) }
            for (position, (text, kind)) in texts.enumerated() {
                let key = TextMatching.key(text)
                guard !key.isEmpty else { continue }
                candidates.append(
                    (
                        Candidate(key: Array(key.unicodeScalars), kind: kind, organisation: index), organisation.line,
                        position
                    ))
            }
        }
        candidates.sort { a, b in
            if a.0.kind != b.0.kind { return a.0.kind < b.0.kind }
            if a.line != b.line { return a.line < b.line }
            return a.position < b.position
        }
        self.candidates = candidates.map(\.0)
    }

    /// The organisation of a trimmed cell: its id, else a name or alias.
    func match(_ cell: UnsafeBufferPointer<UInt8>) -> Match {
        let found = find(cell)
        if found >= 0 { return .organisation(found & Self.indexMask, byName: found & Self.byName != 0) }
        if found == Self.unknown { return .unknown }
        let key = TextMatching.key(String(decoding: cell, as: UTF8.self))
        return .ambiguous(names[key] ?? [])
    }

    /// `match` packed in an integer for the per-row path: the register index (with
    /// `byName` set when found by name or alias), `unknown`, or `ambiguous`.
    @inline(__always)
    func find(_ cell: UnsafeBufferPointer<UInt8>) -> Int {
        if let index = ids.value(for: cell) { return Int(index) }
        if cell.isEmpty || names.isEmpty { return Self.unknown }
        if let found = ASCIIKey.with(cell, capacity: 256, { nameTable.value(for: $0) }) {
            guard let found else { return Self.unknown }
            if found >= 0 { return Int(found) | Self.byName }
        }
        let key = TextMatching.key(String(decoding: cell, as: UTF8.self))
        guard let found = names[key] else { return Self.unknown }
        return found.count == 1 ? found[0] | Self.byName : Self.ambiguous
    }

    static let byName = 1 << 40, indexMask = (1 << 40) - 1, unknown = -1, ambiguous = -2

    /// The reject detail of a cell that names no single organisation.
    func detail(cell: String, match: Match) -> String {
        if case .ambiguous(let organisations) = match {
            let ids = organisations.map { register.organisations[$0].id }.joined(separator: ", ")
            return
                "organisation_id \(RegisterReader.quoted(TextMatching.normalised(cell))) "
                + "names \(organisations.count) organisations: "
                + "\(ids); give the id"
        }
        guard !cell.isEmpty else { return "organisation_id empty is not in the register" }
        var detail = "organisation_id \(RegisterReader.quoted(TextMatching.normalised(cell))) is not in the register"
        if let suggestion = suggestion(for: cell) {
            let organisation = register.organisations[suggestion.organisation]
            detail +=
                "; did you mean '\(organisation.id)'" + (suggestion.kind == .id ? "" : " (\(organisation.name))") + "?"
        }
        return detail
    }

    /// The closest candidate: smallest distance d ≤ max(1, ⌊L/3⌋) (L the longer length);
    /// ties to an id, then a name, then an alias, then the earliest register line.
    func suggestion(for cell: String) -> Candidate? {
        let key = Array(TextMatching.key(cell).unicodeScalars)
        var best: (candidate: Candidate, distance: Int)?
        for candidate in candidates {
            let limit = min(Suggestions.threshold(key.count, candidate.key.count), (best?.distance ?? Int.max) - 1)
            guard limit >= 0, let distance = Suggestions.distance(key, candidate.key, atMost: limit) else { continue }
            best = (candidate, distance)
            if distance == 0 { break }
        }
        return best?.candidate
    }
}

/// Closest-name suggestions for messages (SPEC §8.3 "Did you mean").
enum Suggestions {
    /// The largest distance that still suggests: max(1, ⌊L/3⌋), L the longer length.
    static func threshold(_ a: Int, _ b: Int) -> Int { max(1, max(a, b) / 3) }

    /// Levenshtein distance over Unicode scalars (insert, delete, substitute: 1 each), or
    /// nil when it exceeds `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Two rows of the table, on the stack: called for every candidate of every unknown cell.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (b.count + 1)) { rows -> Int? in
            var previous = rows.baseAddress!, current = previous + (b.count + 1)
            for j in 0...b.count { previous[j] = j }
            for i in 1...a.count {
                current[0] = i
                var rowMinimum = i
                let scalar = a[i - 1]
                for j in 1...b.count {
                    let value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (scalar == b[j - 1] ? 0 : 1))
                    current[j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                if rowMinimum > limit { return nil }
                swap(&previous, &current)
            }
            return previous[b.count] <= limit ? previous[b.count] : nil
        }
    }

    /// §2.3's "closest header" with §8.3's rule: the header cell nearest to any of `names`
    /// within the threshold; ties to the leftmost column.
    ///
    /// Headers are shown normalised.
    static func closestHeader(to names: [String], among headers: [String]) -> String? {
        let targets = names.map { Array(TextMatching.key($0).unicodeScalars) }
        var best: (header: String, distance: Int)?
        for header in headers {
            let key = Array(TextMatching.key(header).unicodeScalars)
            guard !key.isEmpty else { continue }
            for target in targets {
                let limit = min(threshold(key.count, target.count), (best?.distance ?? Int.max) - 1)
                guard limit >= 0, let distance = distance(key, target, atMost: limit) else { continue }
                best = (TextMatching.normalised(header), distance)
            }
        }
        return best?.header
    }
}
