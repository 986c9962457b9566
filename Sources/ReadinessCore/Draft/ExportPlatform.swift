/// The survey platforms whose exports SPEC §8.4 names, as `readiness init` recognises them
/// from an export's header: the `source:` preset to draft, the columns that are the
/// platform's own (never items), and where the fixed columns are.
public enum ExportPlatform: String, CaseIterable, Sendable {
    case generic
    case qualtrics
    case qualtricsLegacy = "qualtrics-legacy"
    case limesurvey
    case surveymonkey
    case googleForms = "google-forms"
    case microsoftForms = "microsoft-forms"
    case redcap
    case alchemer

    /// What the platform is called in comments.
    public var displayName: String {
        switch self {
        case .generic: return "no particular platform"
        case .qualtrics: return "Qualtrics"
        case .qualtricsLegacy: return "Qualtrics (legacy export)"
        case .limesurvey: return "LimeSurvey"
        case .surveymonkey: return "SurveyMonkey"
        case .googleForms: return "Google Forms"
        case .microsoftForms: return "Microsoft Forms"
        case .redcap: return "REDCap"
        case .alchemer: return "Alchemer"
        }
    }

    /// Headers that only this platform writes (compared normalised, case-insensitively).
    var characteristicHeaders: [String] {
        switch self {
        case .generic: return []
        case .qualtrics:
            return [
                "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
                "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
                "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
            ]
        case .qualtricsLegacy: return []
        case .limesurvey:
            return [
                "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl",
                "Date submitted", "Last page", "Start language", "Date started", "Date last action", "Referrer URL",
            ]
        case .surveymonkey:
            return [
                "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
                "First Name", "Last Name", "Custom Data 1",
            ]
        case .googleForms: return ["Timestamp", "Email address", "Score"]
        case .microsoftForms:
            return [
                "ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Total points",
                "Quiz feedback",
            ]
        case .redcap:
            return [
                "record_id", "redcap_survey_identifier", "redcap_data_access_group", "redcap_event_name",
                "redcap_repeat_instrument", "redcap_repeat_instance", "Record ID", "Survey Identifier",
                "Survey Timestamp", "Data Access Group", "Event Name", "Complete?",
            ]
        case .alchemer:
            return [
                "Response ID", "Time Started", "Date Submitted", "Status", "Contact ID", "Legacy Comments",
                "Comments", "Language", "Referer", "SessionID", "User Agent", "Tags", "IP Address", "Longitude",
                "Latitude", "Country", "City", "State/Region", "Postal",
            ]
        }
    }

    /// Columns the platform adds to every export: never items, their values never copied.
    func isMetadata(_ header: String) -> Bool {
        let key = TextMatching.normalisedKey(header)
        if characteristicHeaders.contains(where: { TextMatching.normalisedKey($0) == key }) { return true }
        switch self {
        case .qualtricsLegacy:
            return key.count >= 2 && key.hasPrefix("v") && key.dropFirst().allSatisfy(\.isASCII)
                && Int(key.dropFirst()) != nil
                || [
                    "responseid", "responseset", "name", "externaldatareference", "emailaddress", "ipaddress", "status",
                    "startdate", "enddate", "finished",
                ].contains(key)
        case .redcap:
            return key.hasSuffix("_timestamp") || key.hasSuffix("_complete")
        case .limesurvey:
            return ["id", "token", "response id"].contains(key)
        default:
            return false
        }
    }

    /// The preset's names for a fixed column (SPEC §8.4's table, as the reader uses them),
    /// leftmost first; a draft also finds REDCap's data access group by the label that
    /// REDCap's label export writes.
    func names(of column: FixedColumn) -> [String] {
        let names = SourcePreset(rawValue: rawValue).map { $0.names(of: column) } ?? []
        return self == .redcap && column == .organisationID ? names + ["Data Access Group"] : names
    }

    /// Whether the preset requires a response id column (SPEC §8.3).
    var requiresResponseID: Bool { self != .googleForms && self != .alchemer }

    /// The completion rule the preset applies, in words (SPEC §8.4, §8.5).
    var completionRule: String? {
        switch self {
        case .qualtrics: return "a row counts when `Finished` is 1 or True"
        case .qualtricsLegacy: return "a row counts when `Finished` (V10) is 1 or True"
        case .limesurvey: return "a row counts when `submitdate` (Date submitted) is not empty"
        case .redcap: return "a row counts when the form's `<form>_complete` is 2 or Complete"
        case .alchemer: return "a row counts when `Status` is Complete"
        default: return nil
        }
    }

    /// The platform whose export `header` (the first records) looks like, and why.
    public static func detect(_ records: [[String]]) -> (platform: ExportPlatform, reason: String) {
        func field(_ record: Int, _ column: Int) -> String {
            record < records.count && column < records[record].count
                ? TextMatching.normalised(records[record][column]) : ""
        }
        let third = field(2, 0)
        if third.hasPrefix("{\"ImportId\"") || third.hasPrefix("{'ImportId'") {
            return (
                .qualtrics,
                "record 3 starts with \(third.hasPrefix("{'") ? "{'ImportId'" : "{\"ImportId\""), "
                    + "as Qualtrics' CSV export writes it"
            )
        }
        if TextMatching.normalisedKey(field(0, 0)) == "v1", TextMatching.normalisedKey(field(0, 1)) == "v2",
            TextMatching.normalisedKey(field(1, 0)) == "responseid"
        {
            return (
                .qualtricsLegacy, "record 1 starts V1, V2 and record 2 with ResponseID, the legacy Qualtrics layout"
            )
        }
        if TextMatching.normalisedKey(field(0, 0)) == "respondent id", field(1, 0).isEmpty, records.count > 1 {
            return (
                .surveymonkey,
                "record 1 starts with Respondent ID and record 2 with an empty cell, SurveyMonkey's two header rows"
            )
        }
        let header = Set((records.first ?? []).map(TextMatching.normalisedKey))
        var best: (platform: ExportPlatform, found: [String]) = (.generic, [])
        for platform in allCases where platform != .generic && platform != .qualtricsLegacy {
            let found = platform.characteristicHeaders.filter { header.contains(TextMatching.normalisedKey($0)) }
            if found.count > best.found.count { best = (platform, found) }
        }
        if best.platform == .redcap || best.found.count < 3 {
            // REDCap names its columns after the project; its forms end in _timestamp and _complete.
            let keys = (records.first ?? []).map(TextMatching.normalisedKey)
            let formColumns = keys.filter { $0.hasSuffix("_complete") || $0.hasSuffix("_timestamp") }
            if !formColumns.isEmpty, keys.contains(where: { $0.hasSuffix("_complete") }) {
                let shown = (best.platform == .redcap ? best.found : []) + formColumns.prefix(2)
                return (.redcap, "the header has \(shown.joined(separator: ", ")), as REDCap writes a form's columns")
            }
        }
        if best.platform == .googleForms, best.found.contains(where: { TextMatching.normalisedKey($0) == "timestamp" }),
            TextMatching.normalisedKey(field(0, 0)) == "timestamp"
        {
            return (.googleForms, "the first column is Timestamp, as Google Forms writes it")
        }
        guard
            best.found.count >= 3
                || (best.platform == .googleForms && TextMatching.normalisedKey(field(0, 0)) == "timestamp")
        else {
            return (
                .generic,
                best.found.isEmpty
                    ? "no platform's own columns in the header"
                    : "only \(best.found.joined(separator: ", ")) of the columns "
                        + "\(best.platform.displayName) adds, too few to be sure"
            )
        }
        return (
            best.platform,
            "the header has \(best.found.prefix(5).joined(separator: ", ")), columns \(best.platform.displayName) adds"
        )
    }

    /// How many header records the layout has (SPEC §8.4 `auto`).
    static func headerRecords(_ records: [[String]]) -> Int {
        switch detect(Array(records.prefix(3))).platform {
        case .qualtrics where records.count >= 3: return 3
        case .qualtricsLegacy: return 2
        case .surveymonkey where records.count >= 2 && (records[1].first.map(TextMatching.normalised) ?? "").isEmpty:
            return 2
        default: return 1
        }
    }
}
