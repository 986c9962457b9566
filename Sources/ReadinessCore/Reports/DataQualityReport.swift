/// `data-quality.md`: every row accounted for, and what was odd about the files.
public struct DataQualityReport {
    let analysis: WaveAnalysis

    public init(_ analysis: WaveAnalysis) { self.analysis = analysis }

    /// Counts per reject reason, in SPEC order.
    static func reasonCounts(_ rejects: [Reject]) -> [(RejectReason, Int)] {
        RejectReason.allCases.map { reason in (reason, rejects.filter { $0.reason == reason }.count) }
    }

    public func markdown() -> String {
        let quality = analysis.responses.quality
        let scored = analysis.responses.scored
        let rejected = analysis.responses.rejects.count
        let items = analysis.instrument.items
        var text = "# Data quality: \(Markdown.escape(analysis.wave.title))\n\n"
        text += Markdown.syntheticNotice(analysis.synthetic)
        text += "Wave `\(analysis.wave.id)`, open \(analysis.wave.opens) to \(analysis.wave.closes). "
        text += "Internal to the centre: rejects.csv holds every rejected row with its line and reason.\n\n"
        text += "## Every row accounted for\n\n"
        text += "**rows read \(quality.rowsRead) = rows scored \(scored) + rows rejected \(rejected)**"
        text += quality.rowsRead == scored + rejected ? "\n\n" : " (does not balance: this is a defect)\n\n"
        text += Markdown.table(["Reason", "Rows"], Self.reasonCounts(analysis.responses.rejects).map { [$0.0.rawValue, String($0.1)] },
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
        text += JourneyDataQuality.markdown(analysis)
        return text
    }
}
