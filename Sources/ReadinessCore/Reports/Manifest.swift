/// `manifest.json`: what went in, what came out, and the rules used (SPEC §5).
public enum Manifest {
    public static func file(for analysis: WaveAnalysis, survey: Survey, outputs: [OutputFile],
                            reports: ReportSelection) -> OutputFile {
        let thresholds = analysis.instrument.thresholds
        let prefix = "\(analysis.wave.id)/"
        var json = "{\n"
        json += "  \"tool\": {\"name\": \"readiness\", \"version\": \(quote(Pipeline.toolVersion))},\n"
        json += "  \"instrument\": {\"id\": \(quote(analysis.instrument.id)), \"version\": \(quote(analysis.instrument.version))"
        json += scales(analysis.instrument).map { ", \"scales\": \($0)" } ?? ""
        json += "},\n"
        json += "  \"wave\": {\"id\": \(quote(analysis.wave.id)), \"opens\": \"\(analysis.wave.opens)\", \"closes\": \"\(analysis.wave.closes)\""
        json += ", \"previous\": \(analysis.previousWave.map { quote($0.id) } ?? "null")"
        json += ingest(analysis.responses.quality).map { ", \"ingest\": \($0)" } ?? ""
        json += "},\n"
        json += "  \"reports\": \(quote(reports.rawValue)),\n"
        json += "  \"thresholds\": {"
        json += "\"min_respondents\": \(thresholds.minRespondents), \"min_organisations\": \(thresholds.minOrganisations), "
        json += "\"min_answered_fraction\": \(thresholds.minAnsweredFraction), "
        json += "\"favourable_score\": \(number(thresholds.favourableScore)), \"min_change\": \(number(thresholds.minChange)), "
        json += "\"alpha\": \(number(thresholds.alpha))},\n"
        json += "  \"inputs\": [\n"
        json += analysis.inputs.map { "    {\"path\": \(quote($0.path)), \"sha256\": \"\($0.hash)\"}" }.joined(separator: ",\n")
        json += "\n  ],\n  \"outputs\": [\n"
        let sorted = outputs.sorted { TextMatching.codePointLess($0.path, $1.path) }
        json += sorted.map { file in
            let path = file.path.hasPrefix(prefix) ? String(file.path.dropFirst(prefix.count)) : file.path
            return "    {\"path\": \(quote(path)), \"sha256\": \"\(SHA256.hex(file.bytes))\"}"
        }.joined(separator: ",\n")
        json += "\n  ]\n}\n"
        return OutputFile(path: "\(prefix)manifest.json", text: json)
    }

    /// `instrument.scales` (SPEC §8.8): every scale an item uses, when the instrument
    /// declares scales.
    static func scales(_ instrument: Instrument) -> String? {
        guard instrument.declaresScales else { return nil }
        let entries = instrument.scalesInUse.map { scale in
            "\(quote(scale.name)): {\"points\": \(scale.points), \"codes\": [\(scale.codes.map { quote($0.description) }.joined(separator: ", "))], "
                + "\"favourable\": [\(scale.favourable.map(String.init).joined(separator: ", "))]}"
        }
        return "{" + entries.joined(separator: ", ") + "}"
    }

    /// `wave.ingest` (SPEC §8.8): how the export was read, when wave.yaml sets a key of
    /// §8.4–§8.7, the file is a workbook, a layout other than today's Qualtrics one was
    /// detected, or a column was found other than by its own name in record 1.
    static func ingest(_ quality: ReadingQuality) -> String? {
        let settings = quality.settings
        let layoutNew = quality.layout != .plain && quality.layout != .qualtrics
        guard settings.anyKeyGiven || quality.worksheet != nil || layoutNew || !quality.bindings.isEmpty else { return nil }
        let file = quality.file.split(separator: "/").last.map(String.init) ?? quality.file
        var parts = ["\"file\": \(quote(file))", "\"sheet\": \(quality.worksheet.map(quote) ?? "null")",
                     "\"source\": \(quote(settings.source.rawValue))"]
        let rowsSetting: String
        switch settings.effectiveHeaderRows {
        case .auto: rowsSetting = "\"auto\""
        case .count(let count): rowsSetting = String(count)
        }
        parts.append("\"header_rows\": {\"setting\": \(rowsSetting), \"used\": \(quality.headerRecords)}")
        parts.append("\"date_order\": {\"setting\": \(quote(quality.dateOrder.setting.rawValue)), \"used\": \(quote(quality.dateOrder.used.rawValue))}")
        switch quality.completion {
        case .applied(let rule, let name, _):
            let complete = rule.complete.map { "[" + $0.map(quote).joined(separator: ", ") + "]" } ?? "null"
            parts.append("\"completion\": {\"column\": \(quote(name)), \"complete\": \(complete)}")
        case .none, .dropped:
            parts.append("\"completion\": null")
        }
        parts.append("\"response_id_column\": \(quality.responseIDColumn)")
        let bindings = quality.bindings.map {
            "{\"target\": \(quote($0.target)), \"column\": \($0.column), \"name\": \(quote($0.name)), \"by\": \(quote($0.by))}"
        }
        parts.append("\"bindings\": [" + bindings.joined(separator: ", ") + "]")
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
