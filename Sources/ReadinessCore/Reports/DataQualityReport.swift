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
        text += "Internal to the centre: rejects.csv holds every rejected row with its line and reason.\n\n"
        text += "## Every row accounted for\n\n"
        text += "**rows read \(quality.rowsRead) = rows scored \(scored) + rows rejected \(rejected)**"
        text += quality.rowsRead == scored + rejected ? "\n\n" : " (does not balance: this is a defect)\n\n"
        text += Markdown.table(["Reason", "Rows"], view.accounting.rejected.map { [$0.reason.rawValue, String($0.rows)] },
                               alignRight: [1])
        text += "\n## The file\n\n"
        let facts: [[String]] = [
            ["Responses file", Markdown.escape(quality.file)],
            ["Encoding", quality.encoding.rawValue],
            ["Delimiter", quality.delimiter == "tab" ? "tab" : "`\(quality.delimiter)`"],
            ["Qualtrics metadata rows skipped", quality.qualtricsHeaderSkipped ? "yes (records 2 and 3)" : "no"],
        ]
        text += Markdown.table(["", ""], facts)
        if quality.encoding == .windows1252 {
            text += "\nThe file is not valid UTF-8, so it was read as Windows-1252 (as Excel saves CSV on Windows). Check accented names.\n"
        }
        text += "\n## Columns\n\n"
        text += "- Unknown columns, ignored and never copied: "
        text += quality.unknownColumns.isEmpty ? "none.\n" : quality.unknownColumns.map { "`\(Markdown.escape($0))`" }.joined(separator: ", ") + ".\n"
        text += "- Second columns for a column already found, ignored: "
        text += quality.duplicateHeaders.isEmpty ? "none.\n" : quality.duplicateHeaders.map { "`\(Markdown.escape($0))`" }.joined(separator: ", ") + ".\n"
        text += "- Items with no column (never answered): "
        text += quality.itemsWithoutColumn.isEmpty ? "none.\n" : quality.itemsWithoutColumn.joined(separator: ", ") + ".\n"
        text += "\n## Values in scored rows\n\n"
        text += "Invalid values are treated as not answered.\n\n"
        let invalid = items.indices.filter { quality.invalidValues[$0] > 0 }
        if invalid.isEmpty {
            text += "No invalid item values.\n\n"
        } else {
            text += Markdown.table(["Item", "Invalid values"], invalid.map { [items[$0].id, String(quality.invalidValues[$0])] },
                                   alignRight: [1]) + "\n"
        }
        text += Markdown.table(["Check", "Rows"], [
            ["Unparseable submitted_at (treated as absent)", String(quality.unparseableDates)],
            ["No submitted_at", String(quality.missingDates)],
            ["Role not in the instrument (treated as empty)", String(quality.invalidRoles)],
            ["Straight-lining (flagged, kept)", String(quality.straightLiners)],
        ], alignRight: [1])
        text += "\n## Characters no report can carry\n\n"
        if view.replacedText.isEmpty {
            text += "None: no input text holds a control character or the non-characters U+FFFE, U+FFFF.\n"
        } else {
            let total = view.replacedText.reduce(0) { $0 + $1.characters }
            text += "\(total) control characters (or U+FFFE, U+FFFF, which XML forbids) in the inputs were replaced by "
            text += "U+FFFD (\u{FFFD}) in every report and workbook; the centre CSV files keep the text as read. "
            text += "Bidirectional controls and other invisible format characters are removed from every report.\n\n"
            text += Markdown.table(["Where", "Characters"],
                                   view.replacedText.map { [Markdown.escape($0.source), String($0.characters)] }, alignRight: [1])
        }
        text += JourneyDataQuality.markdown(view)
        return text
    }
}
