import Foundation

extension SurveyGenerator {
    /// RFC 4180 records, as the generated CSV files write them.
    ///
    /// Works on UTF-8 bytes rather than `Character`s: a million-row file spends most of its
    /// time here, and grapheme breaking would triple that.
    enum CSVText {
        private static let comma = UInt8(ascii: ",")
        private static let quote = UInt8(ascii: "\"")
        private static let lineFeed = UInt8(ascii: "\n")
        private static let carriageReturn = UInt8(ascii: "\r")

        /// Appends the fields joined by commas, each quoted (with quotes doubled) only when it
        /// holds a comma, a quote or a line break, then `lineEnding`.
        static func append(record fields: [String], lineEnding: String, to bytes: inout [UInt8]) {
            for (position, field) in fields.enumerated() {
                if position > 0 { bytes.append(comma) }
                let utf8 = field.utf8
                let needsQuotes = utf8.contains { byte in
                    byte == comma || byte == quote || byte == lineFeed || byte == carriageReturn
                }
                guard needsQuotes else {
                    bytes.append(contentsOf: utf8)
                    continue
                }
                bytes.append(quote)
                for byte in utf8 {
                    if byte == quote { bytes.append(quote) }
                    bytes.append(byte)
                }
                bytes.append(quote)
            }
            bytes.append(contentsOf: lineEnding.utf8)
        }

        /// The fields as one record ending in `lineEnding`.
        static func record(_ fields: [String], lineEnding: String = "\n") -> String {
            var bytes: [UInt8] = []
            append(record: fields, lineEnding: lineEnding, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// YAML scalars, always double-quoted where the text is free, so that colons, quotes,
    /// brackets and a leading `-` in item texts cannot change the document's structure.
    enum YAMLText {
        /// `value` as a double-quoted YAML scalar.
        static func quoted(_ value: String) -> String {
            var escaped = ""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return "\"" + escaped + "\""
        }

        /// A flow sequence of double-quoted scalars, e.g.
        ///
        /// `["ResponseId", "Response ID"]`.
        static func quotedList(_ values: [String]) -> String {
            "[" + values.map(quoted).joined(separator: ", ") + "]"
        }
    }
}
