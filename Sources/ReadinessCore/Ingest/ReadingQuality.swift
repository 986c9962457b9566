import Foundation

/// Whether and how a completion rule applied to a file (SPEC §8.5).
public enum CompletionStatus: Sendable, Equatable {
    /// No rule (`none`, or a preset without one).
    case none
    /// The rule checked every row, on the column found under `name` (1-based `column`).
    case applied(rule: CompletionRule, name: String, column: Int)
    /// A preset's rule whose column is not in the file: no check.
    case dropped(rule: CompletionRule)
}

/// How `date_order` was decided for a file (SPEC §8.6).
public struct DateOrderDecision: Sendable, Equatable {
    public var setting: DateOrderSetting
    public var used: DateOrder
    /// Why, as data-quality.md says it: `auto: …` or `date_order in wave.yaml`.
    public var reason: String
}

/// What the reading of one responses file found, for the data-quality report.
public struct ReadingQuality: Sendable, Equatable {
    public var file = ""
    public var encoding = SourceEncoding.utf8
    public var delimiter = ","
    /// The worksheet read, for a workbook (SPEC §8.7); nil for a CSV file.
    public var worksheet: String?
    /// Whether wave.yaml named the worksheet (else it is the first in tab order).
    public var worksheetNamed = false
    public var qualtricsHeaderSkipped = false
    public var rowsRead = 0
    public var emptyLines = 0
    /// Second and unknown columns, named as SPEC §8.4 addresses them.
    public var unknownColumns: [String] = []
    public var duplicateHeaders: [String] = []
    public var itemsWithoutColumn: [String] = []
    /// Invalid values per item (instrument order), over scored rows.
    public var invalidValues: [Int] = []
    public var unparseableDates = 0
    public var invalidRoles = 0
    public var missingDates = 0
    public var straightLiners = 0
    // SPEC §8: what the reader had to decide, said in data-quality.md and the manifest.
    public var settings = ExportSettings()
    public var headerRecords = 1
    public var layout = HeaderLayout.plain
    public var dateOrder = DateOrderDecision(setting: .dmy, used: .dmy, reason: "")
    public var responseIDColumn = true
    public var completion = CompletionStatus.none
    public var bindings: [ColumnBinding] = []
    public var organisationsByName = 0
    public var unrecognisedZones = 0
    /// Scored rows identical in every field to an earlier scored row (only without a response_id column).
    public var identicalRows = 0
    /// Rows rejected as empty_response that held invalid values.
    public var emptyWithInvalid = 0
    // Issue 11: where things are, for warnings and findings.
    /// The line of the first header record (a sheet row for a workbook).
    public var headerLine = 1
    /// Every column's name as data-quality.md shows it, in file order.
    public var columnNames: [String] = []
    /// The 1-based column of each item (instrument order; nil for none) and of the fixed columns.
    public var itemColumns: [Int?] = []
    public var organisationColumn: Int?
    public var submittedAtColumn: Int?
    public var roleColumn: Int?
    /// Columns not read, with what their first rows hold.
    public var ignoredColumns: [IgnoredColumn] = []
    /// Organisation cells of rows rejected as unknown_organisation, by first line, and the
    /// rows of further cells once too many different ones were seen.
    public var unknownOrganisations: [UnknownOrganisationCode] = []
    public var otherUnknownOrganisationRows = 0
}

/// An organisation cell that names no organisation of the register: its rows, all
/// rejected as `unknown_organisation`, and the line of the first.
public struct UnknownOrganisationCode: Sendable, Equatable {
    /// The cell as read (trimmed).
    public var value: String
    public var rows: Int
    public var firstLine: Int
}
