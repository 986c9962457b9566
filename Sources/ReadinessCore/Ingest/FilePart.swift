import Foundation

/// The organisation cells of one part's rows rejected as `unknown_organisation`: each
/// cell's "did you mean" detail (computed once), its rows and its first line, for the
/// warning that names every such code (issue 11).
final class DetailCache {
    struct Entry {
        var detail: String
        var rows: Int
        var firstLine: Int
    }
    var entries: [String: Entry] = [:]
    /// Rows whose cell came after `capacity` different cells had been seen.
    var otherRows = 0
    static let capacity = 100_000

    func detail(_ cell: String, line: Int, _ match: OrganisationMatcher.Match, _ matcher: OrganisationMatcher) -> String
    {
        if let known = entries[cell] {
            entries[cell]!.rows += 1
            return known.detail
        }
        let detail = matcher.detail(cell: cell, match: match)
        if entries.count < Self.capacity {
            entries[cell] = Entry(detail: detail, rows: 1, firstLine: line)
        } else {
            otherRows += 1
        }
        return detail
    }

    /// Adds the cells of the part that follows (its lines already shifted).
    func absorb(_ next: DetailCache) {
        otherRows += next.otherRows
        for (cell, theirs) in next.entries.sorted(by: { $0.value.firstLine < $1.value.firstLine }) {
            if entries[cell] != nil {
                entries[cell]!.rows += theirs.rows
            } else if entries.count < Self.capacity {
                entries[cell] = theirs
            } else {
                otherRows += theirs.rows
            }
        }
    }

    func shiftLines(by shift: Int) {
        for cell in entries.keys { entries[cell]!.firstLine += shift }
    }

    /// Every cell by its first line, lines mapped by `line`.
    func codes(line: (Int) -> Int) -> [UnknownOrganisationCode] {
        entries.map { UnknownOrganisationCode(value: $0.key, rows: $0.value.rows, firstLine: line($0.value.firstLine)) }
            .sorted { $0.firstLine < $1.firstLine }
    }
}

/// One thread's share of a responses file: its tally, its duplicate table, its rejects.
///
/// Two parts merge exactly (`absorb`), so a file read in halves gives what one read gives.
final class FilePart: @unchecked Sendable {
    let reader: ResponseReader
    let input: UnsafeBufferPointer<UInt8>
    let scanner: RecordScanner
    let plan: FilePlan
    let tally: WaveTally
    let table: ResponseIDTable
    @exclusivity(unchecked) var rejects: [Reject] = []
    /// Rows that lost to another row with their response id: line, the id's entry, the id.
    @exclusivity(unchecked) var losers: [Loser] = []
    struct Loser {
        var line: Int
        var entry: Int
        var id: String
    }
    /// The part absorbed, and its losers whose id only it holds.
    @exclusivity(unchecked) var next: FilePart?
    @exclusivity(unchecked) var nextLosers: [Loser] = []
    @exclusivity(unchecked) var rowsRead = 0
    /// Rows rejected as empty_response that held invalid values.
    @exclusivity(unchecked) var emptyWithInvalid = 0
    /// Without a response_id column: the first scored row of each content by the hash of
    /// its fields (record offset), the rare further contents of one hash apart, and how
    /// many rows repeated an earlier one.
    @exclusivity(unchecked) var identical: [UInt64: Int] = [:]
    @exclusivity(unchecked) var identicalCollisions: [UInt64: [Int]] = [:]
    @exclusivity(unchecked) var identicalRows = 0
    let details = DetailCache()
    /// Findings of the rows scored, in the order they were scored, and the records whose
    /// findings were taken back with them (a duplicate later won).
    @exclusivity(unchecked) var pendingFindings: [PendingFinding] = []
    @exclusivity(unchecked) var withdrawnFindings: Set<Int> = []
    /// One row's findings before they are put in column order: kept, so that a row with
    /// findings allocates no array.
    @exclusivity(unchecked) var rowFindings: [(column: Int, kind: Finding.Kind, detail: String)] = []
    lazy var expectations = CellExpectations(instrument: reader.instrument, dateOrder: plan.dateOrder)
    let current: RowScratch
    let previous: RowScratch
    let validate: Bool
    @exclusivity(unchecked) private(set) var valid = true
    @exclusivity(unchecked) var checkedUpTo: Int
    let mapped: MappedFile?
    let mappedOffset: Int
    /// Scored rows by record offset, when asked to keep them.
    @exclusivity(unchecked) var rows: [Int: Respondent]?

    init(
        reader: ResponseReader, input: UnsafeBufferPointer<UInt8>, scanner: RecordScanner, plan: FilePlan,
        layout: TallyLayout, expectedRows: Int, validate: Bool, validFrom: Int, mapped: MappedFile?, mappedOffset: Int,
        keepRows: Bool
    ) {
        self.reader = reader
        self.input = input
        self.scanner = scanner
        self.plan = plan
        tally = WaveTally(layout: layout, organisationCount: reader.register.organisations.count)
        table = ResponseIDTable(expected: plan.responseID == nil ? 16 : expectedRows)
        current = RowScratch(items: layout.itemCount)
        previous = RowScratch(items: layout.itemCount)
        self.validate = validate
        checkedUpTo = validFrom
        self.mapped = mapped
        self.mappedOffset = mappedOffset
        rows = keepRows ? [:] : nil
    }

    /// Reads records from `start` until the end, or until a record would start at or after `stop`.
    @discardableResult
    func scan(from start: RecordScanner.Position, stop: Int?) -> RecordScanner.Position {
        let end = scanner.scan(input, from: start.offset, line: start.line, stop: stop) { record in
            consume(record)
            if record.next.offset - checkedUpTo >= reader.window { advance(to: record.next.offset) }
        }
        advance(to: end.offset)
        return end
    }

    /// Checks UTF-8 up to `offset` (a record boundary) and releases the pages before it.
    func advance(to offset: Int) {
        guard offset > checkedUpTo else { return }
        if validate && valid {
            valid = TextDecoding.isValidUTF8(UnsafeBufferPointer(rebasing: input[checkedUpTo..<offset]))
        }
        releaseTouched()
        mapped?.release((mappedOffset + checkedUpTo)..<(mappedOffset + offset))
        checkedUpTo = offset
    }

    /// Earlier rows read again since the last release (a row taken back, an id compared).
    @exclusivity(unchecked) var touched: [Int] = []

    /// Notes that an earlier row was read again: the kernel maps pages around each page
    /// read, so the pages around such rows are released again, a few hundred rows at a
    /// time (each release interrupts the other core).
    func forget(around offset: Int) {
        touched.append(offset)
        if touched.count >= 256 { releaseTouched() }
    }

    /// Releases the pages around the rows read again, neighbouring ones together.
    func releaseTouched() {
        guard !touched.isEmpty else { return }
        let reach = 256 << 10
        touched.sort()
        var range = max(0, touched[0] - reach)..<(touched[0] + reach)
        for offset in touched.dropFirst() {
            if offset - reach <= range.upperBound {
                range = range.lowerBound..<(offset + reach)
            } else {
                mapped?.release((mappedOffset + range.lowerBound)..<(mappedOffset + range.upperBound))
                range = (offset - reach)..<(offset + reach)
            }
        }
        mapped?.release((mappedOffset + range.lowerBound)..<(mappedOffset + range.upperBound))
        touched.removeAll(keepingCapacity: true)
    }

    func consume(_ record: RecordView) {
        rowsRead += 1
        // A plain id is hashed first, so that its table slot loads while the row is checked.
        var plainID: Range<Int>?
        var hash: UInt64 = 0
        if let column = plan.responseID, column < record.count, !record.quoted[column] {
            var start = record.starts[column], end = record.ends[column]
            while start < end, ResponseReader.isASCIISpace(input[start]) { start += 1 }
            while end > start, ResponseReader.isASCIISpace(input[end - 1]) { end -= 1 }
            if start < end, input[start] < 0x80, input[end - 1] < 0x80 {
                plainID = start..<end
                hash = ResponseIDTable.hash(UnsafeBufferPointer(rebasing: input[start..<end]))
                table.prefetch(hash)
            }
        }
        if let reject = reader.evaluate(record, input, plan, into: current, tally: tally, details: details) {
            if reject.reason == .emptyResponse, current.invalidCount > 0 { emptyWithInvalid += 1 }
            rejects.append(reject)
            return
        }
        if let plainID {
            admit(record, id: UnsafeBufferPointer(rebasing: input[plainID]), hash: hash)
        } else if let column = plan.responseID {
            reader.withTrimmedBytes(record, column, input) { admit(record, id: $0, hash: ResponseIDTable.hash($0)) }
        } else {
            // No response id: each row is its own response; identical rows are only counted.
            noteIdentical(record)
            add(current, record: record)
        }
    }

    /// The fields of a record as they read (quoted ones unquoted).
    func fieldValues(_ record: RecordView) -> [[UInt8]] {
        (0..<record.count).map { RecordScanner.value(record, $0, in: input) }
    }

    /// Counts a scored row identical in every field to an earlier scored row (SPEC §8.8).
    func noteIdentical(_ record: RecordView) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for field in 0..<record.count {
            let start = record.starts[field], end = record.ends[field]
            if record.quoted[field] {
                for byte in RecordScanner.value(record, field, in: input) {
                    hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
                }
            } else {
                for index in start..<end { hash = (hash ^ UInt64(input[index])) &* 0x100_0000_01b3 }
            }
            hash = (hash ^ 0x1_0000) &* 0x100_0000_01b3
        }
        guard let first = identical[hash] else {
            identical[hash] = record.start
            return
        }
        let values = fieldValues(record)
        if ([first] + (identicalCollisions[hash] ?? [])).contains(where: { fields(at: $0) == values }) {
            identicalRows += 1
        } else {
            identicalCollisions[hash, default: []].append(record.start)
        }
    }

    /// The field values of the record starting at `offset`.
    func fields(at offset: Int) -> [[UInt8]] {
        var values: [[UInt8]] = []
        scanner.scan(input, from: offset, line: 0, stop: offset + 1) { record in values = fieldValues(record) }
        forget(around: offset)
        return values
    }

    /// Applies the duplicate rule to a row that passed every other check.
    func admit(_ record: RecordView, id: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        let inInput =
            id.count > 0 && id.baseAddress! >= input.baseAddress! && id.baseAddress! < input.baseAddress! + input.count
        let idStart = inInput ? id.baseAddress! - input.baseAddress! : nil
        if let found = table.find(id, hash: hash, input: input) {
            let winner = table.entries[found]
            forget(around: winner.record)
            let shown = String(decoding: id, as: UTF8.self)
            if ResponseIDTable.laterRowWins(current.instant, over: winner) {
                remove(record: winner.record, line: winner.line)
                losers.append(Loser(line: winner.line, entry: found, id: shown))
                table.replaceWinner(
                    found, id: id, idStart: idStart, record: record.start, line: record.line,
                    instant: current.instant)
                add(current, record: record)
            } else {
                losers.append(Loser(line: record.line, entry: found, id: shown))
            }
            return
        }
        table.insert(
            id, hash: hash, idStart: idStart, record: record.start, line: record.line, instant: current.instant)
        add(current, record: record)
    }

    func add(_ row: RowScratch, record view: RecordView) {
        apply(row, sign: 1)
        if Self.hasFindings(row) { noteFindings(row, view) }
        let record = view.start
        if rows != nil {
            rows![record] = Respondent(
                organisation: row.organisation, role: row.role < 0 ? nil : row.role,
                answers: Array(UnsafeBufferPointer(start: row.answers, count: tally.layout.itemCount)))
        }
    }

    func apply(_ row: RowScratch, sign: Int) {
        tally.apply(
            organisation: row.organisation, role: row.role, answers: row.answers,
            invalidItems: UnsafeBufferPointer(start: row.invalid, count: row.invalidCount), date: row.date,
            roleInvalid: row.roleInvalid, sign: sign, notes: row.notes)
    }

    /// Takes back the contribution of the row at `record`, read again from the input.
    func remove(record offset: Int, line: Int) {
        var removed = false
        scanner.scan(input, from: offset, line: line, stop: offset + 1) { record in
            let reject = reader.evaluate(record, input, plan, into: previous)
            precondition(reject == nil, "a winning row no longer passes its checks")
            apply(previous, sign: -1)
            if Self.hasFindings(previous) { withdrawnFindings.insert(offset) }
            removed = true
        }
        precondition(removed, "a winning row could not be read again")
        forget(around: offset)
        rows?[offset] = nil
    }

    /// Merges the part that follows this one: its tally, its rejects and its response ids,
    /// resolving ids that both parts hold.
    ///
    /// Lines of `next` are shifted by `lineShift`. Ids only `next` holds stay in its table:
    /// nothing is copied, so memory does not grow.
    func absorb(_ next: FilePart, lineShift: Int) {
        valid = valid && next.valid
        rowsRead += next.rowsRead
        emptyWithInvalid += next.emptyWithInvalid
        identicalRows += next.identicalRows
        // A row of `next` first of its content counts once more when this part holds it too.
        for (hash, first) in next.identical.sorted(by: { $0.key < $1.key }) {
            guard let mine = identical[hash] else { continue }
            let earlier = ([mine] + (identicalCollisions[hash] ?? [])).map { fields(at: $0) }
            for offset in [first] + (next.identicalCollisions[hash] ?? []) where earlier.contains(fields(at: offset)) {
                identicalRows += 1
            }
        }
        tally.merge(next.tally)
        if let theirs = next.rows { rows?.merge(theirs) { mine, _ in mine } }
        next.shiftLines(by: lineShift)
        // Ids compared and rows taken back may lie anywhere in the file now.
        var mapping = [Int](repeating: -1, count: next.table.count)
        for index in 0..<next.table.count {
            let theirs = next.table.entries[index]
            guard table.contains(hash: theirs.hash) else { continue }
            next.table.withID(theirs, input: input) { id in
                guard let found = table.find(id, hash: theirs.hash, input: input) else { return }
                mapping[index] = found
                let mine = table.entries[found]
                let shown = String(decoding: id, as: UTF8.self)
                forget(around: mine.record)
                if ResponseIDTable.laterRowWins(theirs.instant, over: mine) {
                    remove(record: mine.record, line: mine.line)
                    losers.append(Loser(line: mine.line, entry: found, id: shown))
                    table.replaceWinner(
                        found, id: id, idStart: theirs.inArena ? nil : theirs.record + Int(theirs.idOffset),
                        record: theirs.record, line: theirs.line, instant: theirs.instant)
                } else {
                    remove(record: theirs.record, line: theirs.line)
                    losers.append(Loser(line: theirs.line, entry: found, id: shown))
                }
            }
            forget(around: theirs.record)
        }
        rejects += next.rejects
        pendingFindings += next.pendingFindings
        withdrawnFindings.formUnion(next.withdrawnFindings)
        details.absorb(next.details)
        for var loser in next.losers {
            if mapping[loser.entry] >= 0 {
                loser.entry = mapping[loser.entry]
                losers.append(loser)
            } else {
                nextLosers.append(loser)
            }
        }
        self.next = next
        releaseTouched()
    }

    /// Lines of this part counted from its start become lines of the file.
    func shiftLines(by shift: Int) {
        for index in rejects.indices { rejects[index].line += shift }
        for index in losers.indices { losers[index].line += shift }
        for index in 0..<table.count { table.shiftLine(index, by: shift) }
        for index in pendingFindings.indices { pendingFindings[index].finding.line += shift }
        details.shiftLines(by: shift)
    }

    /// The wave's responses: rejects (losers with the line of the row that won) by line,
    /// lines mapped by `lines` when given.
    func finish(quality: ReadingQuality, lines: ((Int) -> Int)? = nil) -> WaveResponses {
        var quality = quality
        let line = lines ?? { $0 }
        quality.rowsRead = rowsRead
        quality.invalidValues = tally.invalidValues
        quality.unparseableDates = tally.unparseableDates
        quality.missingDates = tally.missingDates
        quality.invalidRoles = tally.invalidRoles
        quality.straightLiners = tally.straightLiners
        quality.organisationsByName = tally.organisationsByName
        quality.unrecognisedZones = tally.unrecognisedZones
        quality.identicalRows = identicalRows
        quality.emptyWithInvalid = emptyWithInvalid
        var all = rejects.map { reject in
            var reject = reject
            reject.line = line(reject.line)
            return reject
        }
        all.reserveCapacity(rejects.count + losers.count)
        for (losing, owner) in [(losers, table), (nextLosers, next?.table)] {
            guard let owner else { continue }
            for loser in losing {
                let winner = owner.entries[loser.entry]
                all.append(
                    Reject(
                        line: line(loser.line), responseID: loser.id, reason: .duplicateSuperseded,
                        detail: "response_id also on line \(line(winner.line)), which wins"))
            }
        }
        all.sort { $0.line < $1.line }
        quality.unknownOrganisations = details.codes(line: line)
        quality.otherUnknownOrganisationRows = details.otherRows
        let kept = rows.map { rows in rows.keys.sorted().map { rows[$0]! } }
        let findings = findings(quality: quality, line: line)
        return WaveResponses(
            tally: tally, rejects: all, quality: quality, rows: kept, findings: findings,
            warnings: reader.warnings(quality, rejects: all, scored: tally.scored))
    }
}
