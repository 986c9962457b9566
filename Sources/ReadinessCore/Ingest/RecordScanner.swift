/// One record as byte ranges into the scanned buffer: no copies, no Strings.
///
/// Reused from record to record, so its field storage is allocated once.
public struct RecordView {
    /// 1-based physical line where the record starts.
    public internal(set) var line = 0
    /// Byte offset where the record starts.
    public internal(set) var start = 0
    /// The record ran to the end of the input inside an open quote.
    public internal(set) var unterminatedQuote = false
    /// Where the next record may start: the offset and physical line after this record.
    public internal(set) var next = RecordScanner.Position(offset: 0, line: 0)
    public private(set) var count = 0
    private let fields = FieldStorage()

    /// Raw field ranges: a quoted field's range starts at its opening quote.
    ///
    /// The storage's pointers are kept here too, so that reading a field touches no object.
    private(set) var starts: UnsafeMutablePointer<Int>
    private(set) var ends: UnsafeMutablePointer<Int>
    private(set) var quoted: UnsafeMutablePointer<Bool>
    private var capacity: Int

    init() {
        starts = fields.starts
        ends = fields.ends
        quoted = fields.quoted
        capacity = fields.capacity
    }

    mutating func reset(line: Int, start: Int) {
        self.line = line
        self.start = start
        unterminatedQuote = false
        count = 0
    }

    @inline(__always)
    mutating func append(start: Int, end: Int, quoted: Bool) {
        if count == capacity {
            fields.grow()
            starts = fields.starts
            ends = fields.ends
            self.quoted = fields.quoted
            capacity = fields.capacity
        }
        starts[count] = start
        ends[count] = end
        self.quoted[count] = quoted
        count += 1
    }
}

/// The field ranges of a `RecordView`, grown by doubling.
final class FieldStorage {
    @exclusivity(unchecked) private(set) var starts: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private(set) var ends: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private(set) var quoted: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) private(set) var capacity = 64

    init() {
        starts = .allocate(capacity: capacity)
        ends = .allocate(capacity: capacity)
        quoted = .allocate(capacity: capacity)
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
        quoted.deallocate()
    }

    func grow() {
        let larger = capacity * 2
        func moved<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: larger)
            new.moveInitialize(from: old, count: capacity)
            old.deallocate()
            return new
        }
        starts = moved(starts)
        ends = moved(ends)
        quoted = moved(quoted)
        capacity = larger
    }
}

/// Splits bytes into records exactly as SPEC §7 says, the one CSV state machine of the
/// project: RFC 4180 quoting with Python `csv` leniency (a quote inside an unquoted field
/// is literal; text after a closing quote is appended), CR, LF and CRLF each one line
/// break (inside quotes too), empty lines skipped but counted.
public struct RecordScanner: Sendable {
    static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    public let delimiter: UInt8

    public init(delimiter: UInt8) { self.delimiter = delimiter }

    /// Where scanning stopped.
    public struct Position: Equatable, Sendable {
        /// Byte offset of the next record (or the end).
        public var offset: Int
        /// Physical line of that offset.
        public var line: Int
    }

    /// Scans records of `bytes` from `start`, whose physical line is `line`, until the end
    /// or until a record would start at or after `stop`.
    ///
    /// Returns where it stopped.
    @discardableResult
    func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, line: Int = 1, stop: Int? = nil,
        _ body: (inout RecordView) throws -> Void
    ) rethrows -> Position {
        let count = bytes.count
        let limit = stop ?? count
        let quote = Self.quote, cr = Self.cr, lf = Self.lf, delimiter = self.delimiter
        var index = start
        var line = line
        var record = RecordView()
        while index < count && index < limit {
            let first = bytes[index]
            if first == cr || first == lf {
                index += (first == cr && index + 1 < count && bytes[index + 1] == lf) ? 2 : 1
                line += 1
                continue
            }
            record.reset(line: line, start: index)
            // One field per iteration.
            fields: while true {
                let fieldStart = index
                if index < count && bytes[index] == quote {
                    // Quoted: to the closing quote ("" is an escaped quote), then any text up to a delimiter or break.
                    index += 1
                    var closed = false
                    while index < count {
                        let byte = bytes[index]
                        if byte == quote {
                            if index + 1 < count && bytes[index + 1] == quote {
                                index += 2
                                continue
                            }
                            index += 1
                            closed = true
                            break
                        }
                        if byte == cr {
                            if index + 1 < count && bytes[index + 1] == lf { index += 1 }
                            line += 1
                        } else if byte == lf {
                            line += 1
                        }
                        index += 1
                    }
                    if !closed {
                        record.append(start: fieldStart, end: count, quoted: true)
                        record.unterminatedQuote = true
                        break fields
                    }
                    while index < count {
                        let byte = bytes[index]
                        if byte == delimiter || byte == cr || byte == lf { break }
                        index += 1
                    }
                    record.append(start: fieldStart, end: index, quoted: true)
                } else {
                    while index < count {
                        let byte = bytes[index]
                        if byte == delimiter || byte == cr || byte == lf { break }
                        index += 1
                    }
                    record.append(start: fieldStart, end: index, quoted: false)
                }
                guard index < count else { break fields }
                let byte = bytes[index]
                if byte == delimiter {
                    index += 1
                    if index == count {
                        // A trailing delimiter at the very end gives one more, empty field.
                        record.append(start: index, end: index, quoted: false)
                        break fields
                    }
                    continue fields
                }
                index += (byte == cr && index + 1 < count && bytes[index + 1] == lf) ? 2 : 1
                line += 1
                break fields
            }
            record.next = Position(offset: min(index, count), line: line)
            try body(&record)
        }
        return Position(offset: min(index, count), line: line)
    }

    /// The value of field `field` of `record`, unquoted.
    static func value(_ record: RecordView, _ field: Int, in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let start = record.starts[field], end = record.ends[field]
        guard record.quoted[field] else { return Array(bytes[start..<end]) }
        var result: [UInt8] = []
        result.reserveCapacity(end - start)
        var index = start + 1
        var inQuotes = true
        while index < end {
            let byte = bytes[index]
            if inQuotes && byte == quote {
                if index + 1 < end && bytes[index + 1] == quote {
                    result.append(quote)
                    index += 2
                    continue
                }
                inQuotes = false
                index += 1
                continue
            }
            result.append(byte)
            index += 1
        }
        return result
    }

    /// The field as a String (unquoted).
    static func string(_ record: RecordView, _ field: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        if !record.quoted[field] {
            return String(
                decoding: UnsafeBufferPointer(rebasing: bytes[record.starts[field]..<record.ends[field]]), as: UTF8.self
            )
        }
        return String(decoding: value(record, field, in: bytes), as: UTF8.self)
    }
}
