/// `data-quality.md`: every row accounted for, and what was odd about the files.
public struct DataQualityReport {
    let view: CentreView

    public init(_ view: CentreView) { self.view = view }

    public func markdown() -> String {
        let quality = view.quality
        let scored = view.accounting.scored
        let rejected = view.rejects.count
        let items = view.instrument.items
        var text = "# Data quality: \(Markdown.escape(view.wave.title))\n\n"
        text += Markdown.syntheticNotice(view.synthetic)
        text += "Wave `\(view.wave.id)`, open \(view.wave.opens) to \(view.wave.closes). "
        text += "Internal to the centre: rejects.csv holds every rejected row with its line and reason, and "
        text += "centre/findings.csv every cell and column that was not read as written.\n\n"
        text += warningsSection()
        text += "## Every row accounted for\n\n"
        text += "**rows read \(quality.rowsRead) = rows scored \(scored) + rows rejected \(rejected)**"
        text += quality.rowsRead == scored + rejected ? "\n\n" : " (does not balance: this is a defect)\n\n"
        text += Markdown.table(
            ["Reason", "Rows"], view.accounting.rejected.map { [$0.reason.rawValue, String($0.rows)] },
            alignRight: [1])
        text += "\n## The file\n\n"
        text += Markdown.table(["", ""], Self.fileFacts(quality))
        if quality.encoding == .windows1252 {
            text +=
                "\nThe file is not valid UTF-8, so it was read as Windows-1252 (as Excel saves CSV on Windows). Check accented names.\n"
        }
        text += "\n## Columns\n\n"
        text += "- Unknown columns, ignored and never copied: "
        text +=
            quality.unknownColumns.isEmpty
            ? "none.\n" : quality.unknownColumns.map { "`\(Markdown.escape($0))`" }.joined(separator: ", ") + ".\n"
        text += "- Second columns for a column already found, ignored: "
        text +=
            quality.duplicateHeaders.isEmpty
            ? "none.\n" : quality.duplicateHeaders.map { "`\(Markdown.escape($0))`" }.joined(separator: ", ") + ".\n"
        text += "- Items with no column (never answered): "
        text +=
            quality.itemsWithoutColumn.isEmpty ? "none.\n" : quality.itemsWithoutColumn.joined(separator: ", ") + ".\n"
        if !quality.bindings.isEmpty {
            text += "- Columns not found by their own name in the first header record:\n"
            for binding in quality.bindings {
                text +=
                    "  - `\(Markdown.escape(binding.target)) ← \(Markdown.escape(binding.name)) (column \(binding.column), by \(binding.by))`\n"
            }
        }
        text += scalesSection()
        text += "\n## Values in scored rows\n\n"
        text +=
            "Invalid values are treated as not answered. Each invalid value, unparseable submitted_at and role not in "
        text +=
            "the instrument counted below is a row of centre/findings.csv, with its line, column and response_id.\n\n"
        let invalid = items.indices.filter { quality.invalidValues[$0] > 0 }
        if invalid.isEmpty {
            text += "No invalid item values.\n\n"
        } else {
            text +=
                Markdown.table(
                    ["Item", "Invalid values"], invalid.map { [items[$0].id, String(quality.invalidValues[$0])] },
                    alignRight: [1]) + "\n"
        }
        var checks = [
            ["Unparseable submitted_at (treated as absent)", String(quality.unparseableDates)],
            ["No submitted_at", String(quality.missingDates)],
            ["Role not in the instrument (treated as empty)", String(quality.invalidRoles)],
            ["Straight-lining (flagged, kept)", String(quality.straightLiners)],
        ]
        // SPEC §8.8: each only when above 0.
        let added: [(String, Int)] = [
            ("Organisation given by name or alias (matched)", quality.organisationsByName),
            ("Time-zone name not recognised (read as UTC)", quality.unrecognisedZones),
            (
                "Rows identical in every field to an earlier row (flagged, kept)",
                quality.responseIDColumn ? 0 : quality.identicalRows
            ),
            ("Rows rejected as empty_response that held invalid values", quality.emptyWithInvalid),
        ]
        checks += added.filter { $0.1 > 0 }.map { [$0.0, String($0.1)] }
        text += Markdown.table(["Check", "Rows"], checks, alignRight: [1])
        text += "\n## Characters no report can carry\n\n"
        if view.replacedText.isEmpty {
            text += "None: no input text holds a control character or the non-characters U+FFFE, U+FFFF.\n"
        } else {
            let total = view.replacedText.reduce(0) { $0 + $1.characters }
            text += "\(total) control characters (or U+FFFE, U+FFFF, which XML forbids) in the inputs were replaced by "
            text += "U+FFFD (\u{FFFD}) in every report and workbook; the centre CSV files keep the text as read. "
            text += "Bidirectional controls and other invisible format characters are removed from every report.\n\n"
            text += Markdown.table(
                ["Where", "Characters"],
                view.replacedText.map { [Markdown.escape($0.source), String($0.characters)] }, alignRight: [1])
        }
        text += JourneyDataQuality.markdown(view)
        return text
    }

    /// "Warnings": what every run and `validate` print (issue 11), in the order printed.
    func warningsSection() -> String {
        var text = "## Warnings\n\n"
        guard !view.warnings.isEmpty else { return text + "None.\n\n" }
        text += "Each of these was printed when the reports were made; `--strict` makes them errors.\n\n"
        for warning in view.warnings { text += "- \(Markdown.escape(warning.description))\n" }
        return text + "\n"
    }

    /// The rows of "The file": what every run says, then what SPEC §8.8 adds when its
    /// condition holds.
    static func fileFacts(_ quality: ReadingQuality) -> [[String]] {
        let settings = quality.settings
        var facts: [[String]] = [
            ["Responses file", Markdown.escape(quality.file)],
            ["Encoding", quality.worksheet == nil ? quality.encoding.rawValue : "XLSX workbook"],
            [
                "Delimiter",
                quality.worksheet != nil ? "–" : quality.delimiter == "tab" ? "tab" : "`\(quality.delimiter)`",
            ],
        ]
        if let worksheet = quality.worksheet {
            facts.append([
                "Worksheet",
                "\(Markdown.escape(worksheet)) (\(quality.worksheetNamed ? "named in wave.yaml" : "first worksheet"))",
            ])
        }
        if settings.source != .generic { facts.append(["Source preset", settings.source.rawValue]) }
        let skipped: String
        switch quality.layout {
        case .qualtrics, .qualtrics2017: skipped = "yes (records 2 and 3)"
        case .qualtricsLegacy: skipped = "yes (record 2, V1… layout)"
        default: skipped = "no"
        }
        facts.append(["Qualtrics metadata rows skipped", skipped])
        if quality.headerRecords >= 2, !quality.layout.isQualtrics {
            let why = quality.layout == .surveyMonkey ? "SurveyMonkey layout detected" : "header_rows in wave.yaml"
            facts.append(["Header records", "\(quality.headerRecords) (\(why))"])
        }
        if settings.dateOrder != nil || settings.source != .generic {
            facts.append(["Date order", "\(quality.dateOrder.used.rawValue) (\(quality.dateOrder.reason))"])
        }
        if !quality.responseIDColumn {
            facts.append(["Response id", "no column: each row is its own response; duplicates not checked"])
        }
        switch quality.completion {
        case .none:
            break
        case .applied(let rule, let name, _):
            let meaning =
                rule.complete.map { "is " + $0.map { Markdown.escape($0) }.joined(separator: " or ") } ?? "is not empty"
            let origin = rule.fromWaveYAML ? "wave.yaml" : "preset \(settings.source.rawValue)"
            facts.append(["Completion", "`\(Markdown.escape(name))` \(meaning) (\(origin))"])
        case .dropped(let rule):
            let names =
                rule.redcapForm
                ? "`<form>_complete` (right of the items)"
                : rule.columns.map { "`\(Markdown.escape($0))`" }.joined(separator: " or ")
            facts.append(["Completion", "not applied: \(names) not in the file"])
        }
        return facts
    }

    /// SPEC §8.8 "Scales": one row per likert item, when the instrument declares scales or
    /// moves the default.
    func scalesSection() -> String {
        let instrument = view.instrument
        guard instrument.declaresScales else { return "" }
        var rows: [[String]] = []
        for item in instrument.items where !item.isKnowledge {
            let scale = instrument.scale(of: item)
            rows.append([
                item.id, scale.name, String(scale.points),
                scale.codes.map { Markdown.escape($0.description) }.joined(separator: ", "),
                scale.favourablePoints(reverse: item.isReverse).map(String.init).joined(separator: ", "),
            ])
        }
        guard !rows.isEmpty else { return "" }
        return "\n## Scales\n\n"
            + Markdown.table(["Item", "Scale", "Points", "Codes", "Favourable points"], rows, alignRight: [2])
    }
}
