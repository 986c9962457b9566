import Foundation

/// A starting survey folder drafted from an export (`readiness init`): `instrument.yaml`,
/// `organisations.csv` and `<wave>/wave.yaml` in SPEC §8's keys, every guess said in a YAML
/// comment, so that a centre edits rather than writes from nothing.
///
/// Pure: it takes an `ExportSample` and returns texts. Only short categorical answers (at
/// most `maxScalePoints` distinct per item column) reach the draft: free text never does.
public struct SurveyDraft: Sendable {
    public struct Options: Sendable {
        /// `--source`: the preset to use instead of the one detected.
        public var source: ExportPlatform?
        /// The wave folder and id.
        public var wave: String
        /// `--sheet`: the worksheet named, for a workbook.
        public var sheet: String?
        public init(source: ExportPlatform? = nil, wave: String = "wave1", sheet: String? = nil) {
            self.source = source
            self.wave = wave
            self.sheet = sheet
        }
    }

    public var instrument: String
    public var register: String
    public var wave: String
    /// Where the export goes in the survey folder: `<wave>/responses.csv` or `.xlsx`.
    public var responsesPath: String
    public var wavePath: String

    /// An item column holds at most this many distinct answers; more is free text.
    static let maxScalePoints = 12

    // MARK: building

    public static func build(_ sample: ExportSample, options: Options = Options()) -> SurveyDraft {
        let detected = ExportPlatform.detect(sample.firstRecords)
        let platform = options.source ?? detected.platform
        let headerCount = sample.headerRecords
        let records = Array(sample.firstRecords.prefix(headerCount))
        let width = max(sample.columns.count, records.map(\.count).max() ?? 0)
        let cell = { (record: Int, column: Int) -> String in
            column < records[record].count ? TextMatching.normalised(records[record][column]) : ""
        }
        // Names as SPEC §8.4 gives them: record 1, and the combined name when R ≥ 2.
        var combined: [String] = []
        var filled = Array(repeating: "", count: max(headerCount - 1, 0))
        for column in 0..<width {
            var parts: [String] = []
            for record in 0..<headerCount {
                var text = cell(record, column)
                if record < headerCount - 1 {
                    if text.isEmpty { text = filled[record] } else { filled[record] = text }
                }
                if !text.isEmpty { parts.append(text) }
            }
            combined.append(parts.joined(separator: " | "))
        }
        // Qualtrics' second record and SurveyMonkey's combined name are what people read.
        let bindingName: (Int) -> String = { column in
            platform == .surveymonkey && headerCount >= 2 ? combined[column] : cell(0, column)
        }
        let questionText: (Int) -> String = { column in
            switch platform {
            case .qualtrics, .qualtricsLegacy:
                return headerCount >= 2 && !cell(1, column).isEmpty ? cell(1, column) : cell(0, column)
            default:
                return combined[column].isEmpty ? cell(0, column) : combined[column]
            }
        }
        let names = (0..<width).map(bindingName)
        func alias(_ column: Int) -> String {
            let key = TextMatching.normalisedKey(names[column])
            let same = (0..<width).filter { TextMatching.normalisedKey(names[$0]) == key }
            guard same.count > 1, let position = same.firstIndex(of: column) else { return names[column] }
            return "\(names[column])#\(position + 1)"
        }
        func describe(_ column: Int) -> String {
            "column \(column + 1) '\(DraftYAML.comment(names[column].isEmpty ? "(empty)" : names[column], limit: 60))'"
        }

        // The fixed columns: the preset's names first, then names a centre would use.
        var fixed: [FixedColumn: Int] = [:]
        var fixedReason: [FixedColumn: String] = [:]
        func find(_ candidates: [String]) -> Int? {
            let keys = candidates.map(TextMatching.normalisedKey)
            for key in keys {
                for column in 0..<width where !fixed.values.contains(column) {
                    if (0..<headerCount).contains(where: { TextMatching.normalisedKey(cell($0, column)) == key }) {
                        return column
                    }
                }
            }
            return nil
        }
        for column in FixedColumn.allCases {
            if let found = find(platform.names(of: column)) {
                fixed[column] = found
                fixedReason[column] = "\(platform.rawValue) preset"
            }
        }
        if platform == .redcap, fixed[.responseID] == nil, width > 0 {
            fixed[.responseID] = 0
            fixedReason[.responseID] = "redcap preset: the record id is the first column"
        }
        if platform == .redcap, fixed[.submittedAt] == nil,
            let stamp = (0..<width).first(where: { TextMatching.normalisedKey(cell(0, $0)).hasSuffix("_timestamp") })
        {
            fixed[.submittedAt] = stamp
            fixedReason[.submittedAt] = "redcap preset: the form's timestamp"
        }
        let generic: [FixedColumn: [String]] = [
            .responseID: ["response_id", "ResponseId", "Response ID", "Respondent ID", "ID", "record_id", "Record ID"],
            .organisationID: [
                "organisation_id", "organization_id", "Organisation", "Organization", "Organisation ID", "ORG",
                "Organisation name", "Organization name",
            ],
            .submittedAt: [
                "submitted_at", "Timestamp", "EndDate", "End Date", "Date submitted", "Completion time",
                "RecordedDate", "submitdate", "Survey Timestamp",
            ],
            .role: ["role", "Role", "Job role", "Your role"],
        ]
        for column in FixedColumn.allCases where fixed[column] == nil {
            if let found = find(generic[column] ?? []) {
                fixed[column] = found
                fixedReason[column] = "its name"
            }
        }
        let mentions: [FixedColumn: [String]] = [.organisationID: ["organisation", "organization"], .role: ["role"]]
        for (column, words) in mentions.sorted(by: { $0.value[0] < $1.value[0] }) where fixed[column] == nil {
            if let found = (0..<width).first(where: { index in
                !fixed.values.contains(index) && !platform.isMetadata(cell(0, index))
                    && words.contains { TextMatching.normalisedKey(questionText(index)).contains($0) }
                    && sample.columns.indices.contains(index) && !sample.columns[index].overflow
            }) {
                fixed[column] = found
                fixedReason[column] = "guessed: its heading mentions \(words[0])"
            }
        }

        // Each other column: an item on a scale, a knowledge item, or left out.
        var guesses: [Int: Guess] = [:]
        var extraTokens: (true: [String], false: [String]) = ([], [])
        var scales: [(name: String, labels: [String], codes: [Int]?, comment: String)] = []
        for column in 0..<width {
            if let role = fixed.first(where: { $0.value == column })?.key {
                guesses[column] = .fixed(role, fixedReason[role] ?? "")
                continue
            }
            if platform.isMetadata(cell(0, column)) || (headerCount >= 2 && platform.isMetadata(cell(1, column))) {
                guesses[column] = .skipped("a column \(platform.displayName) adds to every export")
                continue
            }
            let values = column < sample.columns.count ? sample.columns[column] : ExportSample.Column()
            guesses[column] = classify(
                values, heading: questionText(column), platform: platform, scales: &scales,
                extraTokens: &extraTokens)
        }
        // Numbers: one scale per question (columns sharing a stem, as CUL[SQ001] and CUL[SQ002], or
        // Q2_1 and Q2_2), spanning every number seen in it, from 1 (or 0 when 0 was seen).
        var stems: [String] = []
        var ranges: [String: (low: Int, high: Int, columns: [Int])] = [:]
        for column in 0..<width {
            guard case .numeric(let low, let high)? = guesses[column] else { continue }
            let stem = Self.stem(names[column])
            if ranges[stem] == nil { stems.append(stem) }
            let current = ranges[stem] ?? (low, high, [])
            ranges[stem] = (min(current.low, low), max(current.high, high), current.columns + [column])
        }
        for stem in stems {
            let range = ranges[stem]!
            let low = range.low == 0 ? 0 : 1, high = range.high
            let group =
                range.columns.count > 1
                ? " (with \(range.columns.count - 1) other column\(range.columns.count == 2 ? "" : "s") "
                    + "of \(stem.isEmpty ? "numbers" : "'\(DraftYAML.comment(stem, limit: 40))'"))"
                : ""
            guard high - low + 1 >= 2, high - low + 1 <= 11 else {
                for column in range.columns {
                    guesses[column] = .skipped("numbers up to \(high): not a scale of 2 to 11 points")
                }
                continue
            }
            if low == 1 && high == 5 {
                for column in range.columns {
                    guesses[column] = .likert(
                        scale: nil,
                        comment:
                            "numbers 1 to 5\(group): read as codes 1-5 of the "
                            + "built-in likert scale; check 5 is the favourable end"
                    )
                }
                continue
            }
            let name = "points\(high - low + 1)" + (low == 0 ? "_from0" : "")
            if !scales.contains(where: { $0.name == name }) {
                scales.append(
                    (
                        name, (low...high).map(String.init), low == 1 ? nil : Array(low...high),
                        "guessed: answers are numbers from \(low) to \(high); check "
                            + "the highest is the favourable end, and give each point its label"
                    ))
            }
            for column in range.columns {
                guesses[column] = .likert(scale: name, comment: "numbers \(low) to \(high)\(group)")
            }
        }

        // MARK: instrument.yaml
        var itemIDs: Set<String> = []
        var instrument: [String] = [
            "# Drafted by `readiness init` from \(DraftYAML.comment(sample.fileName, limit: 80)): \(sample.rows) rows, "
                + "\(width) columns, \(headerCount) header record\(headerCount == 1 ? "" : "s").",
            "# Nothing here is final: check each comment, order each scale from least to most favourable,",
            "# and sort the items into domains. Free-text answers were never copied.",
            "id: draft",
            "version: \"0.1\"",
            "title: \(DraftYAML.quoted("Survey drafted from \(sample.fileName)"))",
        ]
        var columnsBlock: [String] = []
        for role in FixedColumn.allCases {
            guard let column = fixed[role] else { continue }
            let key = ["response_id", "organisation_id", "submitted_at", "role"][
                FixedColumn.allCases.firstIndex(of: role)!]
            // A column found by the preset's own name needs no alias; others do.
            if fixedReason[role]?.hasSuffix("preset") == true { continue }
            if fixedReason[role]?.hasPrefix("redcap preset") == true { continue }
            columnsBlock.append(
                "  \(key): [\(DraftYAML.quoted(alias(column)))]  # \(describe(column)), \(fixedReason[role] ?? "")")
        }
        if !columnsBlock.isEmpty { instrument += ["columns:"] + columnsBlock }
        if let roleColumn = fixed[.role], roleColumn < sample.columns.count {
            let values = sample.columns[roleColumn]
            if !values.overflow, (1...maxScalePoints).contains(values.values.count) {
                let roles = values.values.map(\.text).filter { !notAnswerTokens.contains(TextMatching.key($0)) }
                instrument.append(
                    "roles: [\(roles.map(DraftYAML.quoted).joined(separator: ", "))] "
                        + " # the distinct answers of \(describe(roleColumn))"
                )
            } else {
                instrument.append(
                    "# roles: not drafted: \(describe(roleColumn)) has more than \(maxScalePoints) distinct answers")
            }
        }
        for (key, defaults, extra) in [
            ("true_tokens", defaultTrueTokens, extraTokens.true),
            ("false_tokens", defaultFalseTokens, extraTokens.false),
        ]
        where !extra.isEmpty {
            instrument.append(
                "\(key): [\((defaults + extra).map(DraftYAML.quoted).joined(separator: ", "))]  "
                    + "# the defaults and \(extra.joined(separator: ", ")), which knowledge answers use"
            )
        }
        if !scales.isEmpty {
            instrument.append("scales:")
            for scale in scales {
                instrument.append("  \(scale.name):  # \(scale.comment)")
                instrument.append("    labels: [\(scale.labels.map(DraftYAML.quoted).joined(separator: ", "))]")
                if let codes = scale.codes {
                    instrument.append("    codes: [\(codes.map(String.init).joined(separator: ", "))]")
                }
            }
        }
        instrument += ["domains:", "  - id: draft", "    title: \"Draft: sort the items into domains\"", "    items:"]
        var skipped: [String] = []
        var itemCount = 0
        for column in 0..<width {
            switch guesses[column] {
            case .likert(_, let comment)?, .knowledge(let comment)?:
                var id = names[column]
                if id.range(of: "^[A-Za-z][A-Za-z0-9_]{0,31}$", options: .regularExpression) == nil
                    || itemIDs.contains(id.lowercased())
                    || ["response_id", "organisation_id", "submitted_at", "role"].contains(id.lowercased())
                {
                    id = "Q\(column + 1)"
                }
                while itemIDs.contains(id.lowercased()) { id += "_" }
                itemIDs.insert(id.lowercased())
                var fields = ["id: \(id)"]
                if case .knowledge = guesses[column] {
                    fields += ["type: knowledge", "answer: true"]
                }
                fields.append("text: \(DraftYAML.quoted(String(questionText(column).unicodeScalars.prefix(200))))")
                if case .likert(let scale?, _) = guesses[column] { fields.append("scale: \(scale)") }
                if alias(column) != id { fields.append("aliases: [\(DraftYAML.quoted(alias(column)))]") }
                instrument.append("      - {\(fields.joined(separator: ", "))}  # \(describe(column)): \(comment)")
                itemCount += 1
            case .skipped(let reason)?:
                skipped.append("#   \(describe(column)): \(reason)")
            default:
                break
            }
        }
        if itemCount == 0 {
            instrument.append(
                "      - {id: ITEM1, text: \"Write your first item\"}  # no "
                    + "column looked like answers on a scale; add the items by hand"
            )
        }
        if !skipped.isEmpty {
            instrument += ["# Columns that are not items (their answers are not copied here):"] + skipped
        }

        // MARK: organisations.csv
        var registerLines = ["organisation_id,name,sector,locality,signatory,signed_on,aliases"]
        var organisationNote: String
        if let column = fixed[.organisationID], column < sample.columns.count,
            !sample.columns[column].overflow, !sample.columns[column].values.isEmpty,
            sample.columns[column].values.count <= maxScalePoints
                || sample.columns[column].values.count * 2 <= sample.columns[column].answered
        {
            let answers = sample.columns[column].values.map(\.text).filter {
                !notAnswerTokens.contains(TextMatching.key($0))
            }
            .sorted(by: TextMatching.codePointLess)
            let allIDs = answers.allSatisfy {
                $0.range(of: "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", options: .regularExpression) != nil
            }
            for (index, answer) in answers.enumerated() {
                let id =
                    allIDs
                    ? answer
                    : "ORG" + String(repeating: "0", count: max(0, 3 - String(index + 1).count)) + String(index + 1)
                registerLines.append(
                    [id, answer, "unassigned", "", "no", "", ""].map(DraftCSV.field).joined(separator: ","))
            }
            organisationNote =
                "organisations.csv lists the \(answers.count) distinct answers of \(describe(column))"
                + (allIDs ? " as ids" : ", numbered ORG001…; matched by name") + "; set each sector and signatory"
        } else {
            registerLines.append("ORG001,Rename me: your first organisation,unassigned,,no,,")
            if let column = fixed[.organisationID] {
                organisationNote =
                    "\(describe(column)) holds too many distinct answers to be organisation names; "
                    + "organisations.csv has a placeholder row instead"
            } else {
                organisationNote =
                    "no organisation column found: add one to the export (e.g. a question \"Which organisation "
                    + "do you work for?\") and name it under columns.organisation_id; "
                    + "organisations.csv has a placeholder row"
            }
        }

        // MARK: wave.yaml
        let detectedLine =
            options.source.map {
                "# Source preset: \($0.rawValue), given with --source "
                    + "(detected: \(detected.platform.rawValue), \(detected.reason))."
            }
            ?? "# Source preset: \(detected.platform.rawValue), detected: \(detected.reason)."
        var wave = [
            "# Drafted by `readiness init` from \(DraftYAML.comment(sample.fileName, limit: 80)).", detectedLine,
        ]
        if let rule = platform.completionRule { wave.append("# Completion: \(rule) (\(platform.rawValue) preset).") }
        for role in [FixedColumn.responseID, .submittedAt] {
            let label = role == .responseID ? "response_id" : "submitted_at"
            if let column = fixed[role] {
                wave.append("# \(label): \(describe(column)) (\(fixedReason[role] ?? "")).")
            } else {
                wave.append("# \(label): no column found.")
            }
        }
        wave.append(
            "# organisation_id: "
                + (fixed[.organisationID].map { "\(describe($0)) (\(fixedReason[.organisationID] ?? ""))" } ?? "none")
                + "; \(organisationNote).")
        var opens = "2000-01-01", closes = "2099-12-31"
        if let column = fixed[.submittedAt], column < sample.columns.count,
            let range = sample.columns[column].dates.range
        {
            opens = range.lowerBound.description
            closes = range.upperBound.description
            let order = sample.columns[column].dates.order.map { ", day/month dates read as \($0)" } ?? ""
            wave.append(
                "# opens and closes: the first and last date of "
                    + "\(describe(column))\(order); widen them to the real window."
            )
        } else {
            wave.append("# opens and closes: could not find submission dates; set the wave's real window.")
        }
        wave += [
            "id: \(options.wave)",
            "title: \(DraftYAML.quoted("Wave drafted from \(sample.fileName)"))",
            "opens: \(opens)",
            "closes: \(closes)",
            "source: \(platform.rawValue)",
        ]
        if sample.isWorkbook, let sheet = options.sheet ?? sample.worksheet {
            wave.append(
                "sheet: \(DraftYAML.quoted(sheet))  # "
                    + "\(options.sheet == nil ? "the first worksheet, read by default" : "named with --sheet")"
            )
        }
        if fixed[.responseID] == nil, platform.requiresResponseID {
            wave.append("require_response_id: false  # no response id column found: each row is its own response")
        }
        let responses = sample.isWorkbook ? "responses.xlsx" : "responses.csv"
        return SurveyDraft(
            instrument: instrument.joined(separator: "\n") + "\n",
            register: registerLines.joined(separator: "\n") + "\n",
            wave: wave.joined(separator: "\n") + "\n", responsesPath: "\(options.wave)/\(responses)",
            wavePath: "\(options.wave)/wave.yaml")
    }

    /// Every file of the draft and where it goes, the export copied byte for byte.
    public func files(export: [UInt8]) -> [OutputFile] {
        [
            OutputFile(path: "instrument.yaml", text: instrument),
            OutputFile(path: "organisations.csv", text: register),
            OutputFile(path: wavePath, text: wave),
            OutputFile(path: responsesPath, bytes: export),
        ]
    }
}
