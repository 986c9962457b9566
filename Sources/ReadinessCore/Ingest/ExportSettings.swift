/// How a wave's export is read (SPEC §8.3–§8.6): the keys wave.yaml gives, over its
/// source preset's defaults.
public struct ExportSettings: Sendable, Equatable {
    public var source: SourcePreset = .generic
    /// The keys as given in wave.yaml; nil where the preset decides.
    public var headerRows: HeaderRowsSetting?
    public var dateOrder: DateOrderSetting?
    public var requireResponseID: Bool?
    public var completion: CompletionSetting?
    public var sheet: String?
    /// Whether wave.yaml gives `source` itself (it may say `generic`).
    public var sourceGiven = false

    public init() {}

    /// Whether wave.yaml sets any key of §8.4–§8.7.
    public var anyKeyGiven: Bool {
        sourceGiven || headerRows != nil || dateOrder != nil || requireResponseID != nil || completion != nil
            || sheet != nil
    }

    public var effectiveHeaderRows: HeaderRowsSetting { headerRows ?? source.headerRows }
    public var effectiveDateOrder: DateOrderSetting { dateOrder ?? source.dateOrder }
    public var effectiveRequireResponseID: Bool { requireResponseID ?? source.requiresResponseID }

    /// The completion rule in force: wave.yaml's, else the preset's (nil: every row complete).
    public var effectiveCompletion: CompletionRule? {
        switch completion {
        case .some(.none): return nil
        case .some(.rule(let rule)): return rule
        case nil: return source.completion
        }
    }
}

/// `header_rows`: `auto` or a number of header records from 1 to 10.
public enum HeaderRowsSetting: Sendable, Equatable {
    case auto
    case count(Int)
}

/// `date_order`: which number of `A/B/Y` is the day.
public enum DateOrderSetting: String, Sendable, Equatable {
    case auto
    case dmy = "DMY"
    case mdy = "MDY"
}

/// `completion` as wave.yaml gives it.
public enum CompletionSetting: Sendable, Equatable {
    case none
    case rule(CompletionRule)
}

/// When a row is complete (SPEC §8.5): its cell in the first column found under `columns`
/// is one of `complete` (normalised, case-insensitive), or, without `complete`, not empty.
public struct CompletionRule: Sendable, Equatable {
    /// Header names; the leftmost column answering to any of them.
    public var columns: [String]
    public var complete: [String]?
    /// Whether wave.yaml gives it (a column it names must exist) or a preset does.
    public var fromWaveYAML: Bool
    /// REDCap: the column is the form's `<form>_complete` (SPEC §8.5), found after the items.
    public var redcapForm = false

    public init(columns: [String], complete: [String]?, fromWaveYAML: Bool, redcapForm: Bool = false) {
        self.columns = columns
        self.complete = complete
        self.fromWaveYAML = fromWaveYAML
        self.redcapForm = redcapForm
    }

    /// What complete means, as reject details say it: `'1' or 'True'`, `any value`.
    var meaning: String {
        guard let complete else { return "any value" }
        return complete.map { "'\($0)'" }.joined(separator: " or ")
    }
}

/// A survey platform's export, as `source:` names it (SPEC §8.4's table).
public enum SourcePreset: String, Sendable, Equatable, CaseIterable {
    case generic, qualtrics
    case qualtricsLegacy = "qualtrics-legacy"
    case limesurvey, surveymonkey
    case googleForms = "google-forms"
    case microsoftForms = "microsoft-forms"
    case redcap, alchemer

    /// Fallback header names of a fixed column (after the instrument's own).
    public func names(of column: FixedColumn) -> [String] {
        switch (self, column) {
        case (.qualtrics, .responseID): return ["ResponseId", "ResponseID"]
        case (.qualtrics, .organisationID): return ["ExternalReference", "ExternalDataReference"]
        case (.qualtrics, .submittedAt): return ["EndDate", "RecordedDate"]
        case (.qualtricsLegacy, .responseID): return ["ResponseID", "V1"]
        case (.qualtricsLegacy, .organisationID): return ["ExternalDataReference", "V4"]
        case (.qualtricsLegacy, .submittedAt): return ["EndDate", "V9"]
        case (.limesurvey, .responseID): return ["id", "Response ID"]
        case (.limesurvey, .submittedAt): return ["submitdate", "Date submitted"]
        case (.surveymonkey, .responseID): return ["Respondent ID"]
        case (.surveymonkey, .organisationID): return ["Custom Data 1"]
        case (.surveymonkey, .submittedAt): return ["End Date"]
        case (.googleForms, .submittedAt): return ["Timestamp"]
        case (.microsoftForms, .responseID): return ["ID"]
        case (.microsoftForms, .submittedAt): return ["Completion time"]
        case (.redcap, .organisationID): return ["redcap_data_access_group"]
        case (.alchemer, .responseID): return ["Response ID"]
        case (.alchemer, .submittedAt): return ["Date Submitted"]
        default: return []
        }
    }

    /// REDCap's record id is its first column, whatever its name.
    var responseIDIsFirstColumn: Bool { self == .redcap }

    public var completion: CompletionRule? {
        switch self {
        case .qualtrics: return CompletionRule(columns: ["Finished"], complete: ["1", "True"], fromWaveYAML: false)
        case .qualtricsLegacy:
            return CompletionRule(columns: ["Finished", "V10"], complete: ["1", "True"], fromWaveYAML: false)
        case .limesurvey:
            return CompletionRule(columns: ["submitdate", "Date submitted"], complete: nil, fromWaveYAML: false)
        case .redcap:
            return CompletionRule(
                columns: ["<form>_complete"], complete: ["2", "Complete"], fromWaveYAML: false, redcapForm: true)
        case .alchemer: return CompletionRule(columns: ["Status"], complete: ["Complete"], fromWaveYAML: false)
        default: return nil
        }
    }

    public var headerRows: HeaderRowsSetting { self == .qualtricsLegacy ? .count(2) : .auto }
    public var dateOrder: DateOrderSetting { self == .generic ? .dmy : .auto }
    public var requiresResponseID: Bool { self != .googleForms && self != .alchemer }
}
