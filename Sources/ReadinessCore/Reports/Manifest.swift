/// `manifest.json`: what went in, what came out, and the rules used (SPEC §5).
///
/// `outputs` lists every file of the wave's folder but the manifest itself, so the folder
/// can be checked against it file by file. After a partial run (`--reports centre`,
/// `national` or `partners`) the files kept from the previous run are listed too, with
/// `"carried_over": true` and the SHA-256 of the bytes kept.
public enum Manifest {
    public static func file(
        for analysis: WaveAnalysis, survey: Survey, outputs: [OutputFile],
        reports: ReportSelection, carried: [CarriedFile] = []
    ) -> OutputFile {
        let prefix = "\(analysis.wave.id)/"
        var json = "{\n"
        json += "  \"tool\": {\"name\": \"readiness\", \"version\": \(quote(ToolVersion.current))},\n"
        json +=
            "  \"instrument\": {\"id\": \(quote(analysis.instrument.id)), "
            + "\"version\": \(quote(analysis.instrument.version))"
        json += scales(analysis.instrument).map { ", \"scales\": \($0)" } ?? ""
        json += "},\n"
        json +=
            "  \"wave\": {\"id\": \(quote(analysis.wave.id)), \"opens\": "
            + "\"\(analysis.wave.opens)\", \"closes\": \"\(analysis.wave.closes)\""
        json += ", \"previous\": \(analysis.previousWave.map { quote($0.id) } ?? "null")"
        json += ingest(analysis.responses.quality).map { ", \"ingest\": \($0)" } ?? ""
        json += "},\n"
        json += "  \"baseline_wave\": \(quote(analysis.baselineWave.id)),\n"
        json += "  \"reports\": \(quote(reports.rawValue)),\n"
        json += "  \"thresholds\": {"
        json += analysis.instrument.thresholds.entries.map { "\(quote($0.key)): \($0.value)" }.joined(separator: ", ")
        json += "},\n"
        json += "  \"inputs\": [\n"
        json += analysis.inputs.map { "    {\"path\": \(quote($0.path)), \"sha256\": \"\($0.hash)\"}" }.joined(
            separator: ",\n")
        json += "\n  ],\n  \"outputs\": [\n"
        var entries = outputs.map { file in
            (
                path: file.path.hasPrefix(prefix) ? String(file.path.dropFirst(prefix.count)) : file.path,
                sha256: SHA256.hex(file.bytes), carried: false
            )
        }
        entries += carried.map { (path: $0.path, sha256: $0.sha256, carried: true) }
        entries.sort { TextMatching.codePointLess($0.path, $1.path) }
        json += entries.map { entry in
            "    {\"path\": \(quote(entry.path)), \"sha256\": \"\(entry.sha256)\""
                + (entry.carried ? ", \"carried_over\": true}" : "}")
        }.joined(separator: ",\n")
        json += "\n  ]\n}\n"
        return OutputFile(path: "\(prefix)manifest.json", text: json)
    }

    /// `instrument.scales` (SPEC §8.8): every scale an item uses, when the instrument
    /// declares scales.
    static func scales(_ instrument: Instrument) -> String? {
        guard instrument.declaresScales else { return nil }
        let entries = instrument.scalesInUse.map { scale in
            "\(quote(scale.name)): {\"points\": \(scale.points), \"codes\": "
                + "[\(scale.codes.map { quote($0.description) }.joined(separator: ", "))], "
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
        guard settings.anyKeyGiven || quality.worksheet != nil || layoutNew || !quality.bindings.isEmpty else {
            return nil
        }
        let file = quality.file.split(separator: "/").last.map(String.init) ?? quality.file
        var parts = [
            "\"file\": \(quote(file))", "\"sheet\": \(quality.worksheet.map(quote) ?? "null")",
            "\"source\": \(quote(settings.source.rawValue))",
        ]
        let rowsSetting: String
        switch settings.effectiveHeaderRows {
        case .auto: rowsSetting = "\"auto\""
        case .count(let count): rowsSetting = String(count)
        }
        parts.append("\"header_rows\": {\"setting\": \(rowsSetting), \"used\": \(quality.headerRecords)}")
        parts.append(
            "\"date_order\": {\"setting\": \(quote(quality.dateOrder.setting.rawValue)), "
                + "\"used\": \(quote(quality.dateOrder.used.rawValue))}"
        )
        switch quality.completion {
        case .applied(let rule, let name, _):
            let complete = rule.complete.map { "[" + $0.map(quote).joined(separator: ", ") + "]" } ?? "null"
            parts.append("\"completion\": {\"column\": \(quote(name)), \"complete\": \(complete)}")
        case .none, .dropped:
            parts.append("\"completion\": null")
        }
        parts.append("\"response_id_column\": \(quality.responseIDColumn)")
        let bindings = quality.bindings.map {
            "{\"target\": \(quote($0.target)), \"column\": \($0.column), "
                + "\"name\": \(quote($0.name)), \"by\": \(quote($0.by))}"
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
                // Controls must be escaped; format characters (a bidi override) are, so that
                // the value stays exact but cannot reorder what a reader sees.
                if scalar.value < 0x20
                    || (scalar.value >= 0x7F && scalar.value <= 0xFFFF
                        && (scalar.properties.generalCategory == .format
                            || scalar.properties.generalCategory == .control
                            || scalar.value == 0x2028 || scalar.value == 0x2029))
                {
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
