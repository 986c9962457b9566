/// One record of a delimited file, located by the physical line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// 1-based physical line where the record starts.
    public var line: Int
    public var fields: [String]
    /// The record ran to the end of the file inside an open quote.
    public var unterminatedQuote: Bool
}

/// Splits UTF-8 text into records exactly as SPEC §7 says: RFC 4180 quoting with Python
/// `csv` leniency, CR, LF and CRLF each one line break, empty lines skipped but counted.
public struct CSVRecordReader {
    static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
    static let comma = UInt8(ascii: ","), semicolon = UInt8(ascii: ";"), tab = UInt8(ascii: "\t")

    public let delimiter: UInt8

    public init(delimiter: UInt8) { self.delimiter = delimiter }

    /// The delimiter of the header line: the most frequent of `,` `;` tab outside quotes,
    /// ties to `,` then `;` then tab, none at all `,`.
    public static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        bytes.withUnsafeBufferPointer { detectDelimiter($0) }
    }

    /// The delimiter of bytes in place.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var index = 0
        while index < bytes.count, bytes[index] == cr || bytes[index] == lf { index += 1 }
        var counts = [0, 0, 0]
        var inQuotes = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == cr || byte == lf { break }
                if byte == comma {
                    counts[0] += 1
                } else if byte == semicolon {
                    counts[1] += 1
                } else if byte == tab {
                    counts[2] += 1
                }
            }
            index += 1
        }
        let candidates: [UInt8] = [comma, semicolon, tab]
        var best = 0
        for position in 1..<3 where counts[position] > counts[best] { best = position }
        return candidates[best]
    }

    /// Calls `body` with every record in file order, fields as Strings.
    public func forEachRecord(in bytes: [UInt8], _ body: (CSVRecord) throws -> Void) rethrows {
        _ = try bytes.withUnsafeBufferPointer { buffer in
            try RecordScanner(delimiter: delimiter).scan(buffer) { view in
                let fields = (0..<view.count).map { RecordScanner.string(view, $0, in: buffer) }
                try body(CSVRecord(line: view.line, fields: fields, unterminatedQuote: view.unterminatedQuote))
            }
        }
    }

    /// Every record, for small files such as the register.
    public func records(in bytes: [UInt8]) -> [CSVRecord] {
        var records: [CSVRecord] = []
        forEachRecord(in: bytes) { records.append($0) }
        return records
    }
}

extension CSVRecordReader {
    /// Calls `body` with records until it returns false.
    func forEachRecordUntil(in bytes: [UInt8], _ body: (CSVRecord) -> Bool) {
        struct Stop: Error {}
        do {
            try forEachRecord(in: bytes) { record in
                if !body(record) { throw Stop() }
            }
        } catch {}
    }
}
