import Foundation

extension ResponseReader {
    /// Checks that the file has the required columns; the problem names the header found
    /// and the closest names.
    public static func checkHeader(
        _ bytes: [UInt8], file: String, instrument: Instrument,
        settings: ExportSettings = ExportSettings()
    ) -> [Diagnostic] {
        bytes.withUnsafeBufferPointer { checkHeader($0, file: file, instrument: instrument, settings: settings) }
    }

    /// Checks the header records of a file in place: only the start of the file is decoded
    /// when its first lines are plain ASCII (the encoding of the rest cannot change them).
    static func checkHeader(
        _ raw: UnsafeBufferPointer<UInt8>, file: String, instrument: Instrument,
        settings: ExportSettings
    ) -> [Diagnostic] {
        let wanted = max(
            3, settings.headerRows.flatMap { if case .count(let count) = $0 { return count } else { return nil } } ?? 3)
        let records =
            plainLeadingRecords(raw, count: wanted)
            ?? leadingRecords(raw, count: wanted, decodingUpTo: 1 << 20) ?? leadingRecords(
                raw, count: wanted, decodingUpTo: raw.count) ?? []
        guard !records.isEmpty else {
            return [
                Diagnostic(
                    file: file, line: 1, column: 1,
                    message: "the responses file is empty; expected a header naming response_id and organisation_id")
            ]
        }
        return headerProblems(
            records.map(\.fields), line: records[0].line, file: file, instrument: instrument, settings: settings)
    }

    /// The fatal problems of a file's header records (SPEC §2.3, §8.3, §8.5, §8.9).
    static func headerProblems(
        _ records: [[String]], line: Int, file: String, instrument: Instrument,
        settings: ExportSettings
    ) -> [Diagnostic] {
        let (count, _) = HeaderLayout.detect(records, settings: settings)
        let header = Array(records.prefix(count))
        let map = HeaderMap(header: header, instrument: instrument, settings: settings)
        var required: [FixedColumn] = settings.effectiveRequireResponseID ? [.responseID] : []
        required.append(.organisationID)
        let missing = required.filter { map.fixed[$0] == nil }
        // Every header cell, column by column, for "closest header".
        let cells = (0..<(header.first?.count ?? 0)).flatMap { column in
            header.compactMap { column < $0.count ? $0[column] : nil }
        }
        var problems: [Diagnostic] = []
        if !missing.isEmpty {
            let fields = header[0]
            let found =
                fields.prefix(40).map { "'\(TextMatching.normalised($0))'" }.joined(separator: ", ")
                + (fields.count > 40 ? ", … (\(fields.count) columns)" : "")
            let hints = missing.map { column -> String in
                let names = instrument.columns.names(of: column) + settings.source.names(of: column)
                let closest = Suggestions.closestHeader(to: names, among: cells)
                let accepted =
                    names.map { "'\($0)'" }.joined(separator: " or ")
                    + (column == .responseID && settings.source.responseIDIsFirstColumn ? " or the first column" : "")
                return "\(column.rawValue) (accepted: \(accepted))"
                    + (closest.map { "; closest header: '\($0)'" } ?? "")
            }
            var message = "missing required column \(hints.joined(separator: ", and ")); header found: \(found)"
            if missing.contains(.responseID) {
                message += "; if this export has no response id, set require_response_id: false in wave.yaml"
            }
            problems.append(Diagnostic(file: file, line: line, column: 1, message: message))
        }
        if let rule = settings.effectiveCompletion, rule.fromWaveYAML, map.completion == nil {
            let closest = Suggestions.closestHeader(to: rule.columns, among: cells)
            problems.append(
                Diagnostic(
                    file: file, line: line, column: 1,
                    message: "completion column '\(rule.columns[0])' (from wave.yaml) not in the header"
                        + (closest.map { "; closest header: '\($0)'" } ?? "")))
        }
        return problems
    }

    /// The first `count` records when the file starts with that many plain ASCII lines (no
    /// quote): they read the same in every encoding the file may turn out to have.
    static func plainLeadingRecords(_ raw: UnsafeBufferPointer<UInt8>, count: Int) -> [CSVRecord]? {
        let bom = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF
        let start = bom ? 3 : 0
        var end = start, lines = 0
        while end < raw.count, lines < count {
            let byte = raw[end]
            if byte >= 0x80 || byte == RecordScanner.quote { return nil }
            let isBreak = byte == RecordScanner.lf || byte == RecordScanner.cr
            // A line ends at its first break; an empty line is no record.
            if isBreak, end > start, raw[end - 1] != RecordScanner.lf, raw[end - 1] != RecordScanner.cr { lines += 1 }
            end += 1
        }
        guard end > start else { return nil }
        let text = Array(raw[start..<end])
        var records: [CSVRecord] = []
        CSVRecordReader(delimiter: CSVRecordReader.detectDelimiter(text)).forEachRecordUntil(in: text) {
            records.append($0)
            return records.count < count
        }
        return records
    }

    /// The first `count` records of a file decoded as the whole file would be, from its
    /// first `limit` bytes only; nil when they may run past them.
    static func leadingRecords(_ raw: UnsafeBufferPointer<UInt8>, count: Int, decodingUpTo limit: Int) -> [CSVRecord]? {
        let whole = raw.count <= limit
        let prefix = UnsafeBufferPointer(rebasing: raw[..<(whole ? raw.count : limit & ~1)])
        let text: [UInt8]
        if prefix.starts(with: [0xFF, 0xFE]) || prefix.starts(with: [0xFE, 0xFF])
            || prefix.starts(with: [0xEF, 0xBB, 0xBF])
        {
            text = TextDecoding.utf8(from: prefix).bytes
        } else {
            // Whether the file is UTF-8 depends on all of it; only its start is decoded.
            text = TextDecoding.isValidUTF8(raw) ? Array(prefix) : TextDecoding.fromWindows1252(prefix)
        }
        let delimiter = CSVRecordReader.detectDelimiter(text)
        var records: [CSVRecord] = []
        var complete = whole
        struct Stop: Error {}
        _ = text.withUnsafeBufferPointer { buffer in
            try? RecordScanner(delimiter: delimiter).scan(buffer) { view in
                records.append(
                    CSVRecord(
                        line: view.line, fields: (0..<view.count).map { RecordScanner.string(view, $0, in: buffer) },
                        unterminatedQuote: view.unterminatedQuote))
                if records.count == count {
                    complete = complete || view.next.offset < buffer.count
                    throw Stop()
                }
            }
        }
        return complete ? records : nil
    }
}
