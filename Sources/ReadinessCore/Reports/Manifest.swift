/// `manifest.json`: what went in, what came out, and the rules used (SPEC §5).
///
/// `outputs` lists every file of the wave's folder but the manifest itself, so the folder
/// can be checked against it file by file. After a partial run (`--reports centre`,
/// `national` or `partners`) the files kept from the previous run are listed too, with
/// `"carried_over": true` and the SHA-256 of the bytes kept.
public enum Manifest {
    public static func file(for analysis: WaveAnalysis, survey: Survey, outputs: [OutputFile],
                            reports: ReportSelection, carried: [CarriedFile] = []) -> OutputFile {
        let prefix = "\(analysis.wave.id)/"
        var json = "{\n"
        json += "  \"tool\": {\"name\": \"readiness\", \"version\": \(quote(Pipeline.toolVersion))},\n"
        json += "  \"instrument\": {\"id\": \(quote(analysis.instrument.id)), \"version\": \(quote(analysis.instrument.version))},\n"
        json += "  \"wave\": {\"id\": \(quote(analysis.wave.id)), \"opens\": \"\(analysis.wave.opens)\", \"closes\": \"\(analysis.wave.closes)\""
        json += ", \"previous\": \(analysis.previousWave.map { quote($0.id) } ?? "null")},\n"
        json += "  \"baseline_wave\": \(quote(analysis.baselineWave.id)),\n"
        json += "  \"reports\": \(quote(reports.rawValue)),\n"
        json += "  \"thresholds\": {"
        json += analysis.instrument.thresholds.entries.map { "\(quote($0.key)): \($0.value)" }.joined(separator: ", ")
        json += "},\n"
        json += "  \"inputs\": [\n"
        json += analysis.inputs.map { "    {\"path\": \(quote($0.path)), \"sha256\": \"\($0.hash)\"}" }.joined(separator: ",\n")
        json += "\n  ],\n  \"outputs\": [\n"
        var entries = outputs.map { file in
            (path: file.path.hasPrefix(prefix) ? String(file.path.dropFirst(prefix.count)) : file.path,
             sha256: SHA256.hex(file.bytes), carried: false)
        }
        entries += carried.map { (path: $0.path, sha256: $0.sha256, carried: true) }
        entries.sort { TextMatching.codePointLess($0.path, $1.path) }
        json += entries.map { entry in
            "    {\"path\": \(quote(entry.path)), \"sha256\": \"\(entry.sha256)\"" + (entry.carried ? ", \"carried_over\": true}" : "}")
        }.joined(separator: ",\n")
        json += "\n  ]\n}\n"
        return OutputFile(path: "\(prefix)manifest.json", text: json)
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
                if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0xFFFF
                    && (scalar.properties.generalCategory == .format || scalar.properties.generalCategory == .control
                        || scalar.value == 0x2028 || scalar.value == 0x2029)) {
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
