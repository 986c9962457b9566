import Foundation

/// Writes CSV text as SPEC §7 says: fields quoted only when they hold a comma, a quote or
/// a line break; LF line endings; numbers with 6 decimals; empty when not computed.
public struct CSVTable {
    public private(set) var text = ""

    public init(header: [String]) { append(header) }

    public mutating func append(_ fields: [String]) {
        text += fields.map(Self.escape).joined(separator: ",")
        text += "\n"
    }

    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number with 6 decimals, or empty.
    public static func number(_ value: Double?) -> String {
        value.map(Rounding.fixed6) ?? ""
    }

    public static func bool(_ value: Bool) -> String { value ? "true" : "false" }
}
