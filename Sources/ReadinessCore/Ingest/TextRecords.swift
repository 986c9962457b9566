/// One record of cell texts from a source that is not a CSV file (a workbook's rows,
/// SPEC §8.7): the line rejects give (a sheet row number) and its cells from the first
/// column on (absent cells empty).
public struct TextRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

extension ResponseReader {
    /// Reads records of texts, header records first, through the same header matching,
    /// row checks and tally as a CSV file: the records are written as CSV text in memory
    /// and read as a file is, then each reject's line is mapped back to its record's line.
    ///
    /// A record may be shorter than the header (missing cells are empty); a non-empty cell
    /// right of the last non-empty cell of every header record makes it `malformed_row`,
    /// `found a value in column 14, beyond the header's 12 columns` (SPEC §8.7).
    /// `quality` carries what the source knows (file, worksheet).
    public func read(
        records: [TextRecord], quality: ReadingQuality, parallelism: Parallelism = .automatic,
        keepRows: Bool = false
    ) -> WaveResponses {
        let (count, _) = HeaderLayout.detect(records.prefix(leadingRecordsWanted).map(\.fields), settings: settings)
        let headers = records.prefix(count)
        let width = headers.map { record in (record.fields.lastIndex { !$0.isEmpty } ?? -1) + 1 }.max() ?? 0
        var text: [UInt8] = []
        var physical = 1
        /// Physical line of each record's start, and the record's own line.
        var lines: [(physical: Int, line: Int)] = []
        var beyond: [Int: String] = [:]
        for (index, record) in records.enumerated() {
            var fields = Array(record.fields.prefix(width))
            fields += Array(repeating: "", count: width - fields.count)
            if index >= count,
                let extra = record.fields.indices.dropFirst(width).first(where: { !record.fields[$0].isEmpty })
            {
                beyond[record.line] = "found a value in column \(extra + 1), beyond the header's \(width) columns"
                // One field more than the header: read as malformed, its detail replaced below.
                fields.append(record.fields[extra])
            }
            lines.append((physical, record.line))
            let start = text.count
            for (position, field) in fields.enumerated() {
                if position > 0 { text.append(UInt8(ascii: ",")) }
                physical += Self.appendCSVField(field, to: &text)
            }
            // An empty line would be skipped, not read: one empty field, quoted.
            if text.count == start { text += Array("\"\"".utf8) }
            text.append(UInt8(ascii: "\n"))
            physical += 1
        }
        let lineOf: (Int) -> Int = { physicalLine in
            var low = 0, high = lines.count - 1
            while low <= high {
                let middle = (low + high) / 2
                if lines[middle].physical == physicalLine { return lines[middle].line }
                if lines[middle].physical < physicalLine { low = middle + 1 } else { high = middle - 1 }
            }
            return physicalLine
        }
        var result = text.withUnsafeBufferPointer { buffer in
            readText(
                buffer, encoding: quality.encoding, validate: false, mapped: nil, mappedOffset: 0, file: quality.file,
                parallelism: parallelism, keepRows: keepRows, quality: quality, lines: lineOf)!
        }
        for index in result.rejects.indices where result.rejects[index].reason == .malformedRow {
            if let detail = beyond[result.rejects[index].line] { result.rejects[index].detail = detail }
        }
        return result
    }

    /// Appends a field as CSV (quoted when it holds a comma, a quote or a line break);
    /// returns the line breaks it holds.
    static func appendCSVField(_ field: String, to text: inout [UInt8]) -> Int {
        let utf8 = Array(field.utf8)
        guard
            utf8.contains(where: {
                $0 == UInt8(ascii: ",") || $0 == RecordScanner.quote || $0 == RecordScanner.cr || $0 == RecordScanner.lf
            })
        else {
            text += utf8
            return 0
        }
        var breaks = 0
        text.append(RecordScanner.quote)
        for (index, byte) in utf8.enumerated() {
            if byte == RecordScanner.quote { text.append(RecordScanner.quote) }
            if byte == RecordScanner.lf, index == 0 || utf8[index - 1] != RecordScanner.cr { breaks += 1 }
            if byte == RecordScanner.cr { breaks += 1 }
            text.append(byte)
        }
        text.append(RecordScanner.quote)
        return breaks
    }
}
