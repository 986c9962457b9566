/// A field of a centre table: written to a CSV file by §7's rules, or to a workbook cell.
public enum TableField: Sendable, Equatable {
    case text(String)
    /// A number with 6 decimals in CSV; empty when nil.
    case number(Double?)
    case integer(Int?)
    case bool(Bool)
}

/// A centre table as a header and rows of fields, so that its CSV file and its workbook
/// block come from one description.
public struct CentreTable: Sendable {
    public var header: [String]
    public var rows: [[TableField]]

    public init(header: [String], rows: [[TableField]]) {
        self.header = header
        self.rows = rows
    }

    /// The CSV file.
    public var csv: String {
        var table = CSVTable(header: header)
        Self.append(rows, to: &table)
        return table.text
    }

    /// Rows written into a CSV table.
    static func append(_ rows: [[TableField]], to table: inout CSVTable) {
        for row in rows {
            for field in row {
                switch field {
                case .text(let text): table.text(text)
                case .number(let value): table.number(value)
                case .integer(let value): if let value { table.integer(value) } else { table.text("") }
                case .bool(let value): table.bool(value)
                }
            }
            table.endRow()
        }
    }

    /// Workbook cells for a row.
    static func cells(_ row: [TableField]) -> [Cell] {
        row.map { field in
            switch field {
            case .text(let text): text.isEmpty ? .blank : .text(text)
            case .number(let value): value.map(Cell.number) ?? .blank
            case .integer(let value): value.map { .number(Double($0)) } ?? .blank
            case .bool(let value): .boolean(value)
            }
        }
    }
}
