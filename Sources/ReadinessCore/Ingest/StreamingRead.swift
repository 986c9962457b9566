import Foundation

extension ResponseReader {
    /// Reads a responses file from disk, streaming: the file is mapped and its pages are
    /// released as they are read, and rows go straight into the tally.
    public func read(path: String, file: String, parallelism: Parallelism = .automatic) throws(FatalInputError)
        -> WaveResponses
    {
        let mapped = try MappedFile(path: path)
        return read(mapped.bytes, mapped: mapped, file: file, parallelism: parallelism, keepRows: false)
    }

    /// Reads a responses file held in memory (tests and small inputs); `keepRows` also
    /// returns the scored rows themselves.
    public func read(_ bytes: [UInt8], file: String, parallelism: Parallelism = .automatic, keepRows: Bool = false)
        -> WaveResponses
    {
        bytes.withUnsafeBufferPointer {
            read($0, mapped: nil, file: file, parallelism: parallelism, keepRows: keepRows)
        }
    }

    /// UTF-8 (with or without BOM) is read in place and checked as it streams past; a file
    /// with invalid UTF-8 or a UTF-16 BOM is decoded in memory first (SPEC §7) and read again.
    func read(
        _ raw: UnsafeBufferPointer<UInt8>, mapped: MappedFile?, file: String, parallelism: Parallelism,
        keepRows: Bool
    ) -> WaveResponses {
        let utf16 = raw.count >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF))
        if !utf16 {
            let bom = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF
            let text = UnsafeBufferPointer(rebasing: raw[(bom ? 3 : 0)...])
            if let result = readText(
                text, encoding: bom ? .utf8BOM : .utf8, validate: true, mapped: mapped,
                mappedOffset: bom ? 3 : 0, file: file, parallelism: parallelism, keepRows: keepRows)
            {
                return result
            }
        }
        let (decoded, encoding) = TextDecoding.utf8(from: raw)
        return decoded.withUnsafeBufferPointer {
            readText(
                $0, encoding: encoding, validate: false, mapped: nil, mappedOffset: 0, file: file,
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
    ///
    /// `lines` maps the physical lines of `text` to the lines rejects give (a workbook's rows).
    func readText(
        _ text: UnsafeBufferPointer<UInt8>, encoding: SourceEncoding, validate: Bool, mapped: MappedFile?,
        mappedOffset: Int, file: String, parallelism: Parallelism, keepRows: Bool,
        quality given: ReadingQuality? = nil, lines: ((Int) -> Int)? = nil
    ) -> WaveResponses? {
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
            return WaveResponses(
                tally: WaveTally(layout: layout, organisationCount: register.organisations.count),
                rejects: [], quality: quality, rows: keepRows ? [] : nil)
        }
        let (count, headerLayout) = HeaderLayout.detect(leading.map(\.fields), settings: settings)
        let headerCount = min(count, leading.count)
        let body = leading[headerCount - 1].end
        let plan = makePlan(header: leading.prefix(headerCount).map(\.fields), layout: headerLayout, quality: &quality)
        { column, visit in
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
            FilePart(
                reader: self, input: text, scanner: scanner, plan: plan, layout: layout,
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

    /// About how many rows lie between two offsets, from the line breaks in a sample.
    static func expectedRows(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        let sample = min(end - start, 1 << 20)
        guard sample > 0 else { return 16 }
        var breaks = 0
        for index in start..<(start + sample) where text[index] == RecordScanner.lf || text[index] == RecordScanner.cr {
            breaks += 1
        }
        return Int(Double(end - start) * Double(max(breaks, 1)) / Double(sample) * 1.05) + 16
    }

    /// The offset just after the first line break at or after `offset` (never between CR and LF).
    static func lineStart(_ buffer: UnsafeBufferPointer<UInt8>, after offset: Int) -> Int? {
        var index = offset
        while index < buffer.count {
            let byte = buffer[index]
            if byte == RecordScanner.lf { return index + 1 < buffer.count ? index + 1 : nil }
            if byte == RecordScanner.cr {
                if index + 1 < buffer.count, buffer[index + 1] == RecordScanner.lf {
                    return index + 2 < buffer.count ? index + 2 : nil
                }
                return index + 1 < buffer.count ? index + 1 : nil
            }
            index += 1
        }
        return nil
    }
}
