import Yams

/// wave.yaml's keys of SPEC §8.4–§8.7 read into `ExportSettings`, each problem located (§8.9).
extension ExportSettings {
    /// The keys of SPEC §8.4–§8.7 read from wave.yaml's mapping; each problem is added to
    /// `problems` located at its value (SPEC §8.9).
    static func parse(_ mapping: Node.Mapping, file: String, problems: inout [Diagnostic]) -> ExportSettings {
        var settings = ExportSettings()
        func entry(_ key: String) -> Node? { mapping.first(where: { $0.key.scalar?.string == key })?.value }
        func fail(_ node: Node?, _ message: String) {
            problems.append(
                Diagnostic(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message))
        }
        /// A value as a message shows what was found: numbers as written, texts quoted.
        func found(_ node: Node) -> String {
            switch node {
            case .scalar(let scalar):
                let tag = node.tag.rawValue
                if scalar.style == .plain, tag == Tag.Name.int.rawValue || tag == Tag.Name.float.rawValue {
                    return scalar.string
                }
                return "'\(scalar.string)'"
            case .sequence: return "a list"
            case .mapping: return "a mapping"
            case .alias: return "an alias"
            }
        }
        func text(_ node: Node) -> String? {
            guard case .scalar(let scalar) = node else { return nil }
            return TextMatching.trimmed(scalar.string)
        }

        if let node = entry("source") {
            if let name = text(node), let preset = SourcePreset(rawValue: name) {
                settings.source = preset
                settings.sourceGiven = true
            } else {
                let expected = SourcePreset.allCases.map(\.rawValue).joined(separator: ", ")
                fail(
                    node,
                    "source: unknown source \(text(node).map { "'\($0)'" } ?? found(node)); expected one of \(expected)"
                )
            }
        }
        if let node = entry("header_rows") {
            if text(node) == "auto" {
                settings.headerRows = .auto
            } else if case .scalar(let scalar) = node, scalar.style == .plain,
                node.tag.rawValue == Tag.Name.int.rawValue,
                let count = node.int, (1...10).contains(count)
            {
                settings.headerRows = .count(count)
            } else {
                fail(node, "header_rows: expected auto or an integer from 1 to 10, found \(found(node))")
            }
        }
        if let node = entry("date_order") {
            if let value = text(node), let order = DateOrderSetting(rawValue: value) {
                settings.dateOrder = order
            } else {
                fail(node, "date_order: expected auto, DMY or MDY, found \(found(node))")
            }
        }
        if let node = entry("require_response_id") {
            // A YAML 1.2 boolean, written plainly: `yes`, `on` or a quoted "true" are not.
            if case .scalar(let scalar) = node, scalar.style == .plain,
                ["true", "True", "TRUE", "false", "False", "FALSE"].contains(scalar.string)
            {
                settings.requireResponseID = scalar.string.lowercased() == "true"
            } else {
                fail(node, "require_response_id: expected true or false, found \(found(node))")
            }
        }
        if let node = entry("completion") {
            switch node {
            case .scalar where text(node)?.lowercased() == "none" || node.tag.rawValue == Tag.Name.null.rawValue:
                settings.completion = CompletionSetting.none
            case .mapping(let rule):
                var valid = true
                let unknown = KnownKeys.problems(rule, path: "completion", expected: KnownKeys.completion, file: file)
                problems += unknown
                if !unknown.isEmpty { valid = false }
                let columnNode = rule.first(where: { $0.key.scalar?.string == "column" })?.value
                var column: String?
                if let columnNode {
                    column = text(columnNode)
                    if column == nil || column!.isEmpty {
                        fail(columnNode, "completion.column: expected a column name, found \(found(columnNode))")
                        valid = false
                    }
                } else {
                    fail(node, "completion.column: missing; expected {column: NAME, complete: [VALUES]}")
                    valid = false
                }
                var complete: [String]?
                if let completeNode = rule.first(where: { $0.key.scalar?.string == "complete" })?.value {
                    if case .sequence(let values) = completeNode {
                        var list: [String] = []
                        for value in values {
                            guard case .scalar(let scalar) = value else {
                                fail(
                                    value, "completion.complete: expected a list of values, found \(found(value)) in it"
                                )
                                valid = false
                                continue
                            }
                            list.append(scalar.string)
                        }
                        if values.isEmpty {
                            fail(completeNode, "completion.complete: expected at least one value")
                            valid = false
                        }
                        complete = list
                    } else {
                        fail(
                            completeNode, "completion.complete: expected a list of values, found \(found(completeNode))"
                        )
                        valid = false
                    }
                }
                if valid, let column {
                    settings.completion = .rule(
                        CompletionRule(columns: [column], complete: complete, fromWaveYAML: true))
                }
            default:
                fail(node, "completion: expected none or {column, complete}, found \(found(node))")
            }
        }
        if let node = entry("sheet") {
            if let name = text(node), !name.isEmpty {
                settings.sheet = name
            } else {
                fail(node, "sheet: expected the name of a worksheet, found \(found(node))")
            }
        }
        return settings
    }
}
