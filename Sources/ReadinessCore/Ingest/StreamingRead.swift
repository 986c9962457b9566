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

    /// Reads UTF-8 text; nil when `validate` finds invalid UTF-8 (nothing is kept then).
    func readText(_ text: UnsafeBufferPointer<UInt8>, encoding: SourceEncoding, validate: Bool, mapped: MappedFile?,
                  mappedOffset: Int, file: String, parallelism: Parallelism, keepRows: Bool) -> WaveResponses? {
        let delimiter = CSVRecordReader.detectDelimiter(text)
        var quality = ReadingQuality()
        quality.file = file
        quality.encoding = encoding
        quality.delimiter = delimiter == CSVRecordReader.tab ? "tab" : String(UnicodeScalar(delimiter))
        quality.invalidValues = Array(repeating: 0, count: instrument.items.count)
        let scanner = RecordScanner(delimiter: delimiter)
        let layout = TallyLayout(instrument: instrument)

        // The header, and Qualtrics' two metadata records when the third starts with {"ImportId".
        var leading: [(fields: [String], end: RecordScanner.Position)] = []
        struct Enough: Error {}
        _ = try? scanner.scan(text) { view in
            leading.append(((0..<view.count).map { RecordScanner.string(view, $0, in: text) }, view.next))
            if leading.count == 3 { throw Enough() }
        }
        guard let header = leading.first else {
            if validate, !TextDecoding.isValidUTF8(text) { return nil }
            return WaveResponses(tally: WaveTally(layout: layout, organisationCount: register.organisations.count),
                                 rejects: [], quality: quality, rows: keepRows ? [] : nil)
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

        func part(from start: Int, to end: Int) -> FilePart {
            FilePart(reader: self, input: text, scanner: scanner, map: map, columns: header.fields.count, layout: layout,
                     expectedRows: Self.expectedRows(text, from: start, to: end), validate: validate, validFrom: start,
                     mapped: mapped, mappedOffset: mappedOffset, keepRows: keepRows)
        }
        let length = text.count - body.offset
        let parallel = parallelism == .always || (parallelism == .automatic && length >= Self.parallelThreshold)
        let result: FilePart
        if parallel, length > 0, let split = Self.lineStart(text, after: body.offset + length / 2) {
            // Two halves at once; the second half's lines are counted from 0 and shifted later.
            let first = part(from: 0, to: split), second = part(from: split, to: text.count)
            let done = DispatchSemaphore(value: 0)
            // The second half on a thread of its own (a GCD pool busy with other work, such as
            // hashing the inputs, may run "concurrent" iterations one after the other).
            final class Box: @unchecked Sendable {
                let part: FilePart
                var end = RecordScanner.Position(offset: 0, line: 0)
                init(_ part: FilePart) { self.part = part }
            }
            let box = Box(second)
            let thread = Thread {
                box.end = box.part.scan(from: RecordScanner.Position(offset: split, line: 0), stop: nil)
                done.signal()
            }
            thread.stackSize = 1 << 22
            thread.start()
            let firstEnd = first.scan(from: body, stop: split)
            done.wait()
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
        return result.finish(quality: quality)
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

    init(items: Int) {
        answers = .allocate(capacity: max(1, items))
        invalid = .allocate(capacity: max(1, items))
    }

    deinit {
        answers.deallocate()
        invalid.deallocate()
    }
}

/// One thread's share of a responses file: its tally, its duplicate table, its rejects.
/// Two parts merge exactly (`absorb`), so a file read in halves gives what one read gives.
final class FilePart: @unchecked Sendable {
    let reader: ResponseReader
    let input: UnsafeBufferPointer<UInt8>
    let scanner: RecordScanner
    let map: HeaderMap
    let columns: Int
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
    let current: RowScratch
    let previous: RowScratch
    let validate: Bool
    @exclusivity(unchecked) private(set) var valid = true
    @exclusivity(unchecked) var checkedUpTo: Int
    let mapped: MappedFile?
    let mappedOffset: Int
    /// Scored rows by record offset, when asked to keep them.
    @exclusivity(unchecked) var rows: [Int: Respondent]?

    init(reader: ResponseReader, input: UnsafeBufferPointer<UInt8>, scanner: RecordScanner, map: HeaderMap, columns: Int,
         layout: TallyLayout, expectedRows: Int, validate: Bool, validFrom: Int, mapped: MappedFile?, mappedOffset: Int,
         keepRows: Bool) {
        self.reader = reader
        self.input = input
        self.scanner = scanner
        self.map = map
        self.columns = columns
        tally = WaveTally(layout: layout, organisationCount: reader.register.organisations.count)
        table = ResponseIDTable(expected: expectedRows)
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
        if let column = map.responseID, column < record.count, !record.quoted[column] {
            var start = record.starts[column], end = record.ends[column]
            while start < end, ResponseReader.isASCIISpace(input[start]) { start += 1 }
            while end > start, ResponseReader.isASCIISpace(input[end - 1]) { end -= 1 }
            if start < end, input[start] < 0x80, input[end - 1] < 0x80 {
                plainID = start..<end
                hash = ResponseIDTable.hash(UnsafeBufferPointer(rebasing: input[start..<end]))
                table.prefetch(hash)
            }
        }
        if let reject = reader.evaluate(record, input, map, columns, into: current, tally: tally) {
            rejects.append(reject)
            return
        }
        if let plainID {
            admit(record, id: UnsafeBufferPointer(rebasing: input[plainID]), hash: hash)
        } else if let column = map.responseID {
            reader.withTrimmedBytes(record, column, input) { admit(record, id: $0, hash: ResponseIDTable.hash($0)) }
        }
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
                add(current, record: record.start)
            } else {
                losers.append(Loser(line: record.line, entry: found, id: shown))
            }
            return
        }
        table.insert(id, hash: hash, idStart: idStart, record: record.start, line: record.line, instant: current.instant)
        add(current, record: record.start)
    }

    func add(_ row: RowScratch, record: Int) {
        apply(row, sign: 1)
        if rows != nil {
            rows![record] = Respondent(organisation: row.organisation, role: row.role < 0 ? nil : row.role,
                                       answers: Array(UnsafeBufferPointer(start: row.answers, count: tally.layout.itemCount)))
        }
    }

    func apply(_ row: RowScratch, sign: Int) {
        tally.apply(organisation: row.organisation, role: row.role, answers: row.answers,
                    invalidItems: UnsafeBufferPointer(start: row.invalid, count: row.invalidCount), date: row.date,
                    roleInvalid: row.roleInvalid, sign: sign)
    }

    /// Takes back the contribution of the row at `record`, read again from the input.
    func remove(record offset: Int, line: Int) {
        var removed = false
        scanner.scan(input, from: offset, line: line, stop: offset + 1) { record in
            let reject = reader.evaluate(record, input, map, columns, into: previous)
            precondition(reject == nil, "a winning row no longer passes its checks")
            apply(previous, sign: -1)
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
    }

    /// The wave's responses: rejects (losers with the line of the row that won) by line.
    func finish(quality: ReadingQuality) -> WaveResponses {
        var quality = quality
        quality.rowsRead = rowsRead
        quality.invalidValues = tally.invalidValues
        quality.unparseableDates = tally.unparseableDates
        quality.missingDates = tally.missingDates
        quality.invalidRoles = tally.invalidRoles
        quality.straightLiners = tally.straightLiners
        var all = rejects
        all.reserveCapacity(rejects.count + losers.count)
        for (losing, owner) in [(losers, table), (nextLosers, next?.table)] {
            guard let owner else { continue }
            for loser in losing {
                let winner = owner.entries[loser.entry]
                all.append(Reject(line: loser.line, responseID: loser.id, reason: .duplicateSuperseded,
                                  detail: "response_id also on line \(winner.line), which wins"))
            }
        }
        all.sort { $0.line < $1.line }
        let kept = rows.map { rows in rows.keys.sorted().map { rows[$0]! } }
        return WaveResponses(tally: tally, rejects: all, quality: quality, rows: kept)
    }
}

extension ResponseReader {
    /// Checks one record in SPEC order: the reject, or nil with the row in `row`.
    func evaluate(_ record: RecordView, _ buffer: UnsafeBufferPointer<UInt8>, _ map: HeaderMap, _ columns: Int,
                  into row: RowScratch, tally: WaveTally? = nil) -> Reject? {
        let ridColumn = map.responseID
        let hasID = ridColumn.map { $0 < record.count && withTrimmedBytes(record, $0, buffer) { !$0.isEmpty } } ?? false
        func responseID() -> String {
            guard let column = ridColumn, column < record.count else { return "" }
            return trimmedString(record, column, buffer)
        }
        if record.unterminatedQuote {
            return Reject(line: record.line, responseID: responseID(), reason: .malformedRow,
                          detail: "a quote opened on this line is never closed; the rest of the file is part of this row")
        }
        guard record.count == columns else {
            return Reject(line: record.line, responseID: responseID(), reason: .malformedRow,
                          detail: "found \(record.count) fields, expected \(columns) as in the header")
        }
        guard hasID else {
            return Reject(line: record.line, responseID: "", reason: .missingResponseID, detail: "response_id is empty")
        }
        let organisation = map.organisationID.flatMap { column in
            withTrimmedBytes(record, column, buffer) { organisationTable.value(for: $0) }
        }
        guard let organisation else {
            let organisationID = map.organisationID.map { trimmedString(record, $0, buffer) } ?? ""
            let shown = organisationID.isEmpty ? "empty" : RegisterReader.quoted(organisationID)
            return Reject(line: record.line, responseID: responseID(), reason: .unknownOrganisation,
                          detail: "organisation_id \(shown) is not in the register")
        }
        row.organisation = Int(organisation)
        tally?.prefetch(organisation: row.organisation)
        row.date = .missing
        row.instant = Int64.min
        if let column = map.submittedAt {
            let parsed: SubmissionDate?? = withTrimmedBytes(record, column, buffer) { bytes in
                bytes.isEmpty ? .none : .some(SubmissionDate.parse(bytes: bytes))
            }
            if case .some(let date) = parsed {
                if let date {
                    if date.date < opens || closes < date.date {
                        return Reject(line: record.line, responseID: responseID(), reason: .outsideWaveWindow,
                                      detail: "submitted on \(date.date), outside the wave window \(opens) to \(closes)")
                    }
                    row.date = .present
                    row.instant = date.instant
                } else {
                    row.date = .unparseable
                }
            }
        }
        var answered = 0
        row.invalidCount = 0
        let columnOf = map.itemColumnBase, knowledge = knowledgeBase
        let starts = record.starts, ends = record.ends, quoted = record.quoted
        let answers = row.answers
        let digitsFirst = !tokensHaveDigits
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
                let isKnowledge = knowledge[item] != 0
                if digitsFirst, !isKnowledge, end - start == 1, buffer[start] >= 0x31, buffer[start] <= 0x35 {
                    answers[item] = buffer[start] - 0x30
                    answered += 1
                    continue
                }
                reading = keyedCell(start, end, buffer, knowledge: isKnowledge) ?? cell(record, column, buffer, item: item)
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
        if let column = map.role {
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
}
