import Foundation

extension ResponseReader {
    /// Reads a responses file from disk, streaming: the file is mapped and its pages are
    /// released as they are read, and rows go straight into the tally.
    public func read(path: String, file: String, parallelism: Parallelism = .automatic) throws(FatalInputError) -> WaveResponses {
        let mapped = try MappedFile(path: path)
        return read(mapped.bytes, mapped: mapped, file: file, parallelism: parallelism, keepRows: false)
    }

    /// Reads a responses file held in memory (tests and small inputs); `keepRows` also
    /// returns the scored rows themselves.
    public func read(_ bytes: [UInt8], file: String, parallelism: Parallelism = .automatic, keepRows: Bool = false) -> WaveResponses {
        bytes.withUnsafeBufferPointer { read($0, mapped: nil, file: file, parallelism: parallelism, keepRows: keepRows) }
    }

    /// UTF-8 (with or without BOM) is read in place and checked as it streams past; a file
    /// with invalid UTF-8 or a UTF-16 BOM is decoded in memory first (SPEC §7) and read again.
    func read(_ raw: UnsafeBufferPointer<UInt8>, mapped: MappedFile?, file: String, parallelism: Parallelism,
              keepRows: Bool) -> WaveResponses {
        let utf16 = raw.count >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF))
        if !utf16 {
            let bom = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF
            let text = UnsafeBufferPointer(rebasing: raw[(bom ? 3 : 0)...])
            if let result = readText(text, encoding: bom ? .utf8BOM : .utf8, validate: true, mapped: mapped,
                                     mappedOffset: bom ? 3 : 0, file: file, parallelism: parallelism, keepRows: keepRows) {
                return result
            }
        }
        let (decoded, encoding) = TextDecoding.utf8(from: raw)
        return decoded.withUnsafeBufferPointer {
            readText($0, encoding: encoding, validate: false, mapped: nil, mappedOffset: 0, file: file,
                     parallelism: parallelism, keepRows: keepRows)!
        }
    }

    /// The header records a file needs read before its layout is known.
    var leadingRecordsWanted: Int { Self.leadingRecordsWanted(settings) }

    /// The header records a file read with `settings` needs read before its layout is known.
    static func leadingRecordsWanted(_ settings: ExportSettings) -> Int {
        if case .count(let count) = settings.effectiveHeaderRows { return max(3, count) }
        return 3
    }

    /// Reads UTF-8 text; nil when `validate` finds invalid UTF-8 (nothing is kept then).
    /// `lines` maps the physical lines of `text` to the lines rejects give (a workbook's rows).
    func readText(_ text: UnsafeBufferPointer<UInt8>, encoding: SourceEncoding, validate: Bool, mapped: MappedFile?,
                  mappedOffset: Int, file: String, parallelism: Parallelism, keepRows: Bool,
                  quality given: ReadingQuality? = nil, lines: ((Int) -> Int)? = nil) -> WaveResponses? {
        let delimiter = CSVRecordReader.detectDelimiter(text)
        var quality = given ?? ReadingQuality()
        if given == nil {
            quality.file = file
            quality.encoding = encoding
            quality.delimiter = delimiter == CSVRecordReader.tab ? "tab" : String(UnicodeScalar(delimiter))
        }
        quality.invalidValues = Array(repeating: 0, count: instrument.items.count)
        let scanner = RecordScanner(delimiter: delimiter)
        let layout = TallyLayout(instrument: instrument)

        // The header records (SPEC §8.4): enough records to detect the layout.
        let wanted = leadingRecordsWanted
        var leading: [(fields: [String], end: RecordScanner.Position, line: Int)] = []
        struct Enough: Error {}
        _ = try? scanner.scan(text) { view in
            leading.append(((0..<view.count).map { RecordScanner.string(view, $0, in: text) }, view.next, view.line))
            if leading.count == wanted { throw Enough() }
        }
        guard !leading.isEmpty else {
            if validate, !TextDecoding.isValidUTF8(text) { return nil }
            quality.settings = settings
            return WaveResponses(tally: WaveTally(layout: layout, organisationCount: register.organisations.count),
                                 rejects: [], quality: quality, rows: keepRows ? [] : nil)
        }
        let (count, headerLayout) = HeaderLayout.detect(leading.map(\.fields), settings: settings)
        let headerCount = min(count, leading.count)
        let body = leading[headerCount - 1].end
        let plan = makePlan(header: leading.prefix(headerCount).map(\.fields), layout: headerLayout, quality: &quality) { column, visit in
            // `date_order: auto` looks at the submitted_at of every row read first (SPEC §8.6).
            // A malformed row's cells are not aligned with the header: its "date" is left out.
            let width = leading[0].fields.count
            scanner.scan(text, from: body.offset, line: body.line) { record in
                guard record.count == width, !record.unterminatedQuote else { return }
                self.withTrimmedBytes(record, column, text) { visit($0) }
            }
        }
        quality.headerLine = lines?(leading[0].line) ?? leading[0].line
        quality.ignoredColumns = ignoredColumns(plan.map, text: text, scanner: scanner, body: body)

        func part(from start: Int, to end: Int) -> FilePart {
            FilePart(reader: self, input: text, scanner: scanner, plan: plan, layout: layout,
                     expectedRows: Self.expectedRows(text, from: start, to: end), validate: validate, validFrom: start,
                     mapped: mapped, mappedOffset: mappedOffset, keepRows: keepRows)
        }
        let length = text.count - body.offset
        let parallel = parallelism == .always || (parallelism == .automatic && length >= Self.parallelThreshold)
        let result: FilePart
        if parallel, length > 0, let split = Self.lineStart(text, after: body.offset + length / 2) {
            // Two halves at once; the second half's lines are counted from 0 and shifted later.
            let first = part(from: 0, to: split), second = part(from: split, to: text.count)
            // The second half on a thread of its own (a GCD pool busy with other work, such as
            // hashing the inputs, may run "concurrent" iterations one after the other).
            let secondHalf = Later(stackSize: 1 << 22) {
                second.scan(from: RecordScanner.Position(offset: split, line: 0), stop: nil)
            }
            let firstEnd = first.scan(from: body, stop: split)
            _ = secondHalf.result
            if firstEnd.offset == split {
                first.absorb(second, lineShift: firstEnd.line)
            } else {
                // The guess fell inside a quoted field: the first half reads on to the end.
                first.scan(from: firstEnd, stop: nil)
            }
            result = first
        } else {
            result = part(from: 0, to: text.count)
            result.scan(from: body, stop: nil)
        }
        guard result.valid else { return nil }
        return result.finish(quality: quality, lines: lines)
    }

    /// The columns, date order and completion rule of a file from its header records, and
    /// what data-quality.md says about them. `dateValues` calls its visitor with the trimmed
    /// cell of a column in every row read (for `date_order: auto`).
    func makePlan(header: [[String]], layout: HeaderLayout, quality: inout ReadingQuality,
                  dateValues: (Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void) -> FilePlan {
        let map = HeaderMap(header: header, instrument: instrument, settings: settings)
        quality.settings = settings
        quality.headerRecords = header.count
        quality.layout = layout
        quality.qualtricsHeaderSkipped = layout.isQualtrics
        quality.unknownColumns = map.unknown
        quality.duplicateHeaders = map.duplicates
        quality.bindings = map.bindings
        quality.itemsWithoutColumn = instrument.items.indices.filter { map.items[$0] == nil }.map { instrument.items[$0].id }
        quality.columnNames = map.columnNames
        quality.itemColumns = map.items.map { $0.map { $0 + 1 } }
        quality.organisationColumn = map.organisationID.map { $0 + 1 }
        quality.submittedAtColumn = map.submittedAt.map { $0 + 1 }
        quality.roleColumn = map.role.map { $0 + 1 }
        quality.responseIDColumn = map.responseID != nil
        var completion: CompletionCheck?
        if let rule = settings.effectiveCompletion {
            if let column = map.completion {
                completion = CompletionCheck(column: column, name: map.completionName, rule: rule)
                quality.completion = .applied(rule: rule, name: map.completionName, column: column + 1)
            } else {
                quality.completion = .dropped(rule: rule)
            }
        }
        quality.dateOrder = decideDateOrder(column: map.submittedAt, values: dateValues)
        return FilePlan(map: map, dateOrder: quality.dateOrder.used, completion: completion)
    }

    /// SPEC §8.6: the date order given, or `auto` decided from the `A/B/Y` values of every
    /// row read: more with A > 12 ≥ B (DMY) or B > 12 ≥ A (MDY); else more real dates in
    /// the wave window under one order; else DMY.
    func decideDateOrder(column: Int?, values: (Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void) -> DateOrderDecision {
        let setting = settings.effectiveDateOrder
        switch setting {
        case .dmy, .mdy:
            let used: DateOrder = setting == .dmy ? .dmy : .mdy
            return DateOrderDecision(setting: setting, used: used, reason: "date_order in wave.yaml")
        case .auto:
            break
        }
        var firstAbove = 0, secondAbove = 0, seen = 0, inWindowDMY = 0, inWindowMDY = 0
        if let column {
            values(column) { cell in
                guard let (a, b) = SubmissionDate.dayMonthNumbers(cell) ?? Self.normalisedDayMonth(cell) else { return }
                seen += 1
                if a > 12, b <= 12 { firstAbove += 1 }
                if b > 12, a <= 12 { secondAbove += 1 }
                if let date = SubmissionDate.parse(bytes: cell, order: .dmy)?.date, opens <= date, date <= closes { inWindowDMY += 1 }
                if let date = SubmissionDate.parse(bytes: cell, order: .mdy)?.date, opens <= date, date <= closes { inWindowMDY += 1 }
            }
        }
        func dates(_ count: Int) -> String { count == 1 ? "1 date" : "\(count) dates" }
        func have(_ count: Int) -> String { count == 1 ? "has" : "have" }
        if firstAbove != secondAbove {
            let mdy = secondAbove > firstAbove
            let (winner, loser) = mdy ? (secondAbove, firstAbove) : (firstAbove, secondAbove)
            let reason = "auto: \(dates(winner)) \(have(winner)) the \(mdy ? "second" : "first") number above 12, "
                + "\(loser == 0 ? "none" : String(loser)) the \(mdy ? "first" : "second")"
            return DateOrderDecision(setting: .auto, used: mdy ? .mdy : .dmy, reason: reason)
        }
        guard seen > 0 else { return DateOrderDecision(setting: .auto, used: .dmy, reason: "auto: no day/month dates") }
        let above = firstAbove == 0 ? "no number above 12"
            : "\(dates(firstAbove)) \(have(firstAbove)) the first number above 12 and \(firstAbove) the second"
        let mdy = inWindowMDY > inWindowDMY
        let (winner, loser) = mdy ? (inWindowMDY, inWindowDMY) : (inWindowDMY, inWindowMDY)
        let reason = "auto: \(above); \(dates(winner)) in the wave window as \(mdy ? "MDY" : "DMY"), \(loser) as \(mdy ? "DMY" : "MDY")"
        return DateOrderDecision(setting: .auto, used: mdy ? .mdy : .dmy, reason: reason)
    }

    /// `dayMonthNumbers` of a cell that holds non-ASCII white space (normalised first).
    static func normalisedDayMonth(_ cell: UnsafeBufferPointer<UInt8>) -> (a: Int, b: Int)? {
        guard !cell.allSatisfy({ $0 < 0x80 }) else { return nil }
        var text = TextMatching.normalised(String(decoding: cell, as: UTF8.self))
        return text.withUTF8 { SubmissionDate.dayMonthNumbers($0) }
    }

    /// About how many rows lie between two offsets, from the line breaks in a sample.
    static func expectedRows(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        let sample = min(end - start, 1 << 20)
        guard sample > 0 else { return 16 }
        var breaks = 0
        for index in start..<(start + sample) where text[index] == RecordScanner.lf || text[index] == RecordScanner.cr { breaks += 1 }
        return Int(Double(end - start) * Double(max(breaks, 1)) / Double(sample) * 1.05) + 16
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

    func detail(_ cell: String, line: Int, _ match: OrganisationMatcher.Match, _ matcher: OrganisationMatcher) -> String {
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

    init(reader: ResponseReader, input: UnsafeBufferPointer<UInt8>, scanner: RecordScanner, plan: FilePlan,
         layout: TallyLayout, expectedRows: Int, validate: Bool, validFrom: Int, mapped: MappedFile?, mappedOffset: Int,
         keepRows: Bool) {
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
                for byte in RecordScanner.value(record, field, in: input) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
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
        let inInput = id.count > 0 && id.baseAddress! >= input.baseAddress! && id.baseAddress! < input.baseAddress! + input.count
        let idStart = inInput ? id.baseAddress! - input.baseAddress! : nil
        if let found = table.find(id, hash: hash, input: input) {
            let winner = table.entries[found]
            forget(around: winner.record)
            let shown = String(decoding: id, as: UTF8.self)
            if ResponseIDTable.laterRowWins(current.instant, over: winner) {
                remove(record: winner.record, line: winner.line)
                losers.append(Loser(line: winner.line, entry: found, id: shown))
                table.replaceWinner(found, id: id, idStart: idStart, record: record.start, line: record.line,
                                    instant: current.instant)
                add(current, record: record)
            } else {
                losers.append(Loser(line: record.line, entry: found, id: shown))
            }
            return
        }
        table.insert(id, hash: hash, idStart: idStart, record: record.start, line: record.line, instant: current.instant)
        add(current, record: record)
    }

    func add(_ row: RowScratch, record view: RecordView) {
        apply(row, sign: 1)
        if Self.hasFindings(row) { noteFindings(row, view) }
        let record = view.start
        if rows != nil {
            rows![record] = Respondent(organisation: row.organisation, role: row.role < 0 ? nil : row.role,
                                       answers: Array(UnsafeBufferPointer(start: row.answers, count: tally.layout.itemCount)))
        }
    }

    func apply(_ row: RowScratch, sign: Int) {
        tally.apply(organisation: row.organisation, role: row.role, answers: row.answers,
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
    /// resolving ids that both parts hold. Lines of `next` are shifted by `lineShift`. Ids
    /// only `next` holds stay in its table: nothing is copied, so memory does not grow.
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
                    table.replaceWinner(found, id: id, idStart: theirs.inArena ? nil : theirs.record + Int(theirs.idOffset),
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
                all.append(Reject(line: line(loser.line), responseID: loser.id, reason: .duplicateSuperseded,
                                  detail: "response_id also on line \(line(winner.line)), which wins"))
            }
        }
        all.sort { $0.line < $1.line }
        quality.unknownOrganisations = details.codes(line: line)
        quality.otherUnknownOrganisationRows = details.otherRows
        let kept = rows.map { rows in rows.keys.sorted().map { rows[$0]! } }
        let findings = findings(quality: quality, line: line)
        return WaveResponses(tally: tally, rejects: all, quality: quality, rows: kept, findings: findings,
                             warnings: reader.warnings(quality, rejects: all, scored: tally.scored))
    }
}

extension ResponseReader {
    /// Checks one record in SPEC order (§2.4 as §8.5 extends it): the reject, or nil with
    /// the row in `row`.
    func evaluate(_ record: RecordView, _ buffer: UnsafeBufferPointer<UInt8>, _ plan: FilePlan,
                  into row: RowScratch, tally: WaveTally? = nil, details: DetailCache? = nil) -> Reject? {
        let ridColumn = plan.responseID
        func responseID() -> String {
            guard let column = ridColumn, column < record.count else { return "" }
            return trimmedString(record, column, buffer)
        }
        if record.unterminatedQuote {
            return Reject(line: record.line, responseID: responseID(), reason: .malformedRow,
                          detail: "a quote opened on this line is never closed; the rest of the file is part of this row")
        }
        guard record.count == plan.columns else {
            return Reject(line: record.line, responseID: responseID(), reason: .malformedRow,
                          detail: "found \(record.count) fields, expected \(plan.columns) as in the header")
        }
        if let ridColumn, !withTrimmedBytes(record, ridColumn, buffer, { !$0.isEmpty }) {
            return Reject(line: record.line, responseID: "", reason: .missingResponseID, detail: "response_id is empty")
        }
        let found = plan.organisationID.map { column in withTrimmedBytes(record, column, buffer) { organisations.find($0) } }
            ?? OrganisationMatcher.unknown
        guard found >= 0 else {
            let cell = plan.organisationID.map { trimmedString(record, $0, buffer) } ?? ""
            let match = cell.isEmpty ? .unknown : { var cell = cell; return cell.withUTF8 { organisations.match($0) } }()
            let detail = details?.detail(cell, line: record.line, match, organisations) ?? organisations.detail(cell: cell, match: match)
            return Reject(line: record.line, responseID: responseID(), reason: .unknownOrganisation, detail: detail)
        }
        row.organisation = found & OrganisationMatcher.indexMask
        row.notes = found & OrganisationMatcher.byName != 0 ? .organisationByName : []
        tally?.prefetch(organisation: row.organisation)
        if let completion = plan.completion,
           !withTrimmedBytes(record, completion.column, buffer, { completion.isComplete($0) }) {
            return Reject(line: record.line, responseID: responseID(), reason: .incompleteResponse,
                          detail: completion.detail(trimmedString(record, completion.column, buffer)))
        }
        row.date = .missing
        row.instant = Int64.min
        if let column = plan.submittedAt {
            let parsed: SubmissionDate?? = withTrimmedBytes(record, column, buffer) { bytes in
                bytes.isEmpty || Self.isNotCompleted(bytes) ? .none : .some(SubmissionDate.parse(bytes: bytes, order: plan.dateOrder))
            }
            if case .some(let date) = parsed {
                if let date {
                    if date.date < opens || closes < date.date {
                        return Reject(line: record.line, responseID: responseID(), reason: .outsideWaveWindow,
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
            return Reject(line: record.line, responseID: responseID(), reason: .emptyResponse, detail: "no item answered")
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
