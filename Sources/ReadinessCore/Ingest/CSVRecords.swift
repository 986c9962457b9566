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
                if byte == comma { counts[0] += 1 } else if byte == semicolon { counts[1] += 1 } else if byte == tab {
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

    /// Calls `body` with every record in file order.
    public func forEachRecord(in bytes: [UInt8], _ body: (CSVRecord) throws -> Void) rethrows {
        let quote = Self.quote, cr = Self.cr, lf = Self.lf, delimiter = self.delimiter
        let count = bytes.count
        var index = 0
        var line = 1
        var fields: [String] = []
        var field: [UInt8] = []

        enum State { case startField, inField, inQuoted, quoteInQuoted }

        while index < count {
            // At the start of a record: an empty line is skipped but counted.
            let first = bytes[index]
            if first == cr || first == lf {
                index += (first == cr && index + 1 < count && bytes[index + 1] == lf) ? 2 : 1
                line += 1
                continue
            }
            let recordLine = line
            var state = State.startField
            fields.removeAll(keepingCapacity: true)
            field.removeAll(keepingCapacity: true)
            var endedByBreak = false
            while index < count {
                let byte = bytes[index]
                switch state {
                case .startField, .inField, .quoteInQuoted:
                    if byte == delimiter {
                        fields.append(String(decoding: field, as: UTF8.self))
                        field.removeAll(keepingCapacity: true)
                        state = .startField
                    } else if byte == cr || byte == lf {
                        index += (byte == cr && index + 1 < count && bytes[index + 1] == lf) ? 2 : 1
                        line += 1
                        endedByBreak = true
                    } else if byte == quote && state == .startField {
                        state = .inQuoted
                    } else if byte == quote && state == .quoteInQuoted {
                        field.append(quote)
                        state = .inQuoted
                    } else {
                        field.append(byte)
                        state = .inField
                    }
                case .inQuoted:
                    if byte == quote {
                        state = .quoteInQuoted
                    } else {
                        field.append(byte)
                        if byte == cr {
                            if index + 1 < count, bytes[index + 1] == lf {
                                field.append(lf)
                                index += 1
                            }
                            line += 1
                        } else if byte == lf {
                            line += 1
                        }
                    }
                }
                if endedByBreak { break }
                index += 1
            }
            fields.append(String(decoding: field, as: UTF8.self))
            try body(CSVRecord(line: recordLine, fields: fields, unterminatedQuote: !endedByBreak && state == .inQuoted))
        }
    }

    /// Every record, for small files such as the register.
    public func records(in bytes: [UInt8]) -> [CSVRecord] {
        var records: [CSVRecord] = []
        forEachRecord(in: bytes) { records.append($0) }
        return records
    }
}
