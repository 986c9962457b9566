extension SurveyGenerator {
    /// The fixed columns of a responses file (SPEC §2.1 `columns`).
    enum SampleColumn: String, Sendable, CaseIterable {
        case responseID = "response_id"
        case organisationID = "organisation_id"
        case submittedAt = "submitted_at"
        case role = "role"

        /// The other header names the instrument accepts for the column.
        var aliases: [String] {
            switch self {
            case .responseID: ["ResponseId", "Response ID"]
            case .organisationID: ["OrganisationCode", "Org"]
            case .submittedAt: ["RecordedDate", "Submitted"]
            case .role: ["Job role", "Staff group"]
            }
        }
    }

    /// How one wave's responses file looks: which tool exported it and how.
    ///
    /// Waves alternate between two styles so that a reader meets both: a survey tool's
    /// own export (alias headers, LF) and a copy re-saved from Excel (canonical headers,
    /// a byte-order mark and CRLF line endings).
    struct ExportStyle: Sendable {
        /// The header of each fixed column.
        let fixedHeaders: [SampleColumn: String]
        /// Items whose column is headed by their first alias instead of their id.
        let aliasedItemIDs: Set<String>
        let lineEnding: String
        let byteOrderMark: Bool
        /// Whether `submitted_at` is written `YYYY-MM-DDTHH:MM:SSZ` rather than `YYYY-MM-DD HH:MM:SS`.
        let utcTimestamps: Bool

        /// One line for the generated README on how the file looks.
        var summary: String {
            byteOrderMark
                ? "as re-saved from Excel: UTF-8 with a byte-order mark, CRLF line endings, `response_id`, "
                    + "`Submitted`, `Org`, `Job role` and `Q3_1` headers, times as `YYYY-MM-DDTHH:MM:SSZ`"
                : "as a survey tool exports it: LF line endings, `ResponseId`, `RecordedDate`, `OrganisationCode`, "
                    + "`Role`, `CUL[SQ001]` and `Q7_1` headers, times as `YYYY-MM-DD HH:MM:SS`"
        }

        /// The order of the fixed columns, before the items.
        static let fixedColumnOrder: [SampleColumn] = [.responseID, .submittedAt, .organisationID, .role]
        /// The header of the free-text column that no instrument knows.
        static let commentHeader = "Comments"

        init(waveIndex: Int) {
            if waveIndex % 2 == 0 {
                fixedHeaders = [
                    .responseID: "ResponseId", .submittedAt: "RecordedDate",
                    .organisationID: "OrganisationCode", .role: "Role",
                ]
                aliasedItemIDs = ["CUL1", "KN1"]
                lineEnding = "\n"
                byteOrderMark = false
                utcTimestamps = false
            } else {
                fixedHeaders = [
                    .responseID: "response_id", .submittedAt: "Submitted",
                    .organisationID: "Org", .role: "Job role",
                ]
                aliasedItemIDs = ["IG1", "KN1"]
                lineEnding = "\r\n"
                byteOrderMark = true
                utcTimestamps = true
            }
        }

        /// The header row for `items`: fixed columns, one column per item, then comments.
        func header(items: [SampleItem]) -> [String] {
            let fixed = ExportStyle.fixedColumnOrder.map { fixedHeaders[$0] ?? $0.rawValue }
            let itemHeaders = items.map { item in
                aliasedItemIDs.contains(item.id) ? (item.aliases.first ?? item.id) : item.id
            }
            return fixed + itemHeaders + [ExportStyle.commentHeader]
        }

        /// `time` as this export writes it.
        func timestamp(_ time: SubmissionTime) -> String {
            utcTimestamps ? time.isoUTC : time.isoWithSpace
        }
    }
}
