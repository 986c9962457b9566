import Foundation

/// Writes CSV text as SPEC §7 says: fields quoted only when they hold a comma, a quote or
/// a line break; LF line endings; numbers with 6 decimals; empty when not computed.
///
/// Rows are built field by field straight into UTF-8 bytes (`text`, `number`, `integer`,
/// `bool`, then `endRow`), so a table of many thousand rows makes no string per cell.
public struct CSVTable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next field starts a row (so needs no comma before it).
    private var atRowStart = true

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public init(header: [String]) { append(header) }

    /// A table of rows only, to be joined to others under one header.
    public init() {}

    public mutating func append(_ fields: [String]) {
        for field in fields { text(field) }
        endRow()
    }

    /// A text field, quoted when it needs to be.
    public mutating func text(_ field: String) {
        separate()
        var field = field
        let plain = field.withUTF8 { utf8 in
            // Every character that `escape` looks for holds one of these bytes, so a field
            // without them is written as it is.
            if utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain { bytes.append(contentsOf: Self.escape(field).utf8) }
    }

    /// A field already as `escape` writes it (a text written on many rows, escaped once).
    public mutating func escaped(_ field: [UInt8]) {
        separate()
        bytes.append(contentsOf: field)
    }

    /// A number with 6 decimals, or an empty field.
    public mutating func number(_ value: Double?) {
        separate()
        if let value { Rounding.appendFixed6(value, to: &bytes) }
    }

    /// A count.
    public mutating func integer(_ value: Int) {
        separate()
        Rounding.appendDecimal(value, to: &bytes)
    }

    /// `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    /// Ends the row with LF.
    public mutating func endRow() {
        bytes.append(0x0A)
        atRowStart = true
    }

    private mutating func separate() {
        if atRowStart { atRowStart = false } else { bytes.append(0x2C) }
    }

    /// By bytes, not Characters: a comma or quote followed by a combining mark is one
    /// Character, yet still a comma or quote in the file.
    public static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        var quoted: [UInt8] = [0x22]
        quoted.reserveCapacity(field.utf8.count + 8)
        for byte in field.utf8 {
            if byte == 0x22 { quoted.append(0x22) }
            quoted.append(byte)
        }
        quoted.append(0x22)
        return String(decoding: quoted, as: UTF8.self)
    }

    /// A number with 6 decimals, or empty.
    public static func number(_ value: Double?) -> String {
        value.map(Rounding.fixed6) ?? ""
    }

    public static func bool(_ value: Bool) -> String { value ? "true" : "false" }
}
