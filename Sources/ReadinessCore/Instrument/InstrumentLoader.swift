import Foundation
import Yams

/// Reads `instrument.yaml` into an `Instrument`, reporting every problem at once with its
/// path in the file (SPEC §2.1, §7 "Validation").
public struct InstrumentLoader {
    public let fileName: String

    public init(fileName: String = "instrument.yaml") {
        self.fileName = fileName
    }

    /// The validated instrument, or every problem found.
    public func load(yaml text: String) throws(FatalInputError) -> (instrument: Instrument, warnings: [Diagnostic]) {
        var walker = Walker(file: fileName)
        let root = try YAMLDocument.compose(text, file: fileName)
        guard let root, case .mapping(let mapping) = root else {
            throw FatalInputError([
                Diagnostic(
                    file: fileName, line: 1, column: 1,
                    message: "expected a YAML mapping of instrument keys")
            ])
        }
        let instrument = walker.instrument(mapping, node: root)
        if !walker.problems.isEmpty { throw FatalInputError(walker.problems) }
        return (instrument, walker.warnings)
    }
}

extension Walker {
    // MARK: The instrument

    mutating func instrument(_ mapping: Node.Mapping, node: Node) -> Instrument {
        checkKeys(mapping, "", KnownKeys.instrument)
        let id = text(value(mapping, "id"), "id", required: true) ?? ""
        let version = text(value(mapping, "version"), "version", required: true) ?? ""
        let title = text(value(mapping, "title"), "title", required: true) ?? ""
        if value(mapping, "id") != nil, id.trimmingCharacters(in: .whitespaces).isEmpty {
            fail("id", "must not be empty", at: value(mapping, "id"))
        }

        var labels = Instrument.defaultLikertLabels
        if let node = value(mapping, "likert_labels"), let list = textList(node, "likert_labels") {
            if list.count != 5 {
                fail("likert_labels", "expected exactly 5 labels, found \(list.count)", at: node)
            }
            var seen: Set<String> = []
            for (index, label) in list.enumerated() {
                let key = TextMatching.key(label)
                if key.isEmpty { fail("likert_labels[\(index)]", "must not be empty", at: nil) }
                if !seen.insert(key).inserted {
                    fail("likert_labels[\(index)]", "duplicate label '\(label)'", at: nil)
                }
            }
            labels = list
        }
        let missing =
            value(mapping, "missing_tokens").flatMap { textList($0, "missing_tokens") }
            ?? Instrument.defaultMissingTokens
        let dontKnow =
            value(mapping, "dont_know_tokens").flatMap { textList($0, "dont_know_tokens") }
            ?? Instrument.defaultDontKnowTokens

        let levels = value(mapping, "levels").map { self.levels($0) } ?? Instrument.defaultLevels
        let thresholds = value(mapping, "thresholds").map { self.thresholds($0) } ?? Thresholds()
        let columns = value(mapping, "columns").map { self.columns($0) } ?? ColumnAliases()
        let roles = value(mapping, "roles").flatMap { textList($0, "roles") } ?? []

        var domains: [Domain] = []
        if let node = value(mapping, "domains") {
            domains = self.domains(node)
        } else {
            fail("domains", "missing", at: nil)
        }
        let glossary = value(mapping, "glossary").map { self.glossary($0) } ?? []

        var instrument = Instrument(
            id: id, version: version, title: title, likertLabels: labels, missingTokens: missing,
            dontKnowTokens: dontKnow, levels: levels, thresholds: thresholds, columns: columns,
            roles: roles, domains: domains, glossary: glossary)
        // SPEC §8.1: named scales and knowledge tokens (ScaleValidation.swift).
        if let node = value(mapping, "scales") {
            instrument.scales = scales(node, missingTokens: missing, dontKnowTokens: dontKnow)
        }
        if let node = value(mapping, "default_scale"), let name = text(node, "default_scale", required: true) {
            instrument.defaultScale = name
        }
        (instrument.trueTokens, instrument.falseTokens) = knowledgeTokens(
            mapping, missingTokens: missing, dontKnowTokens: dontKnow)
        checkScaleNames(
            instrument, defaultScaleNode: value(mapping, "default_scale"), domainsNode: value(mapping, "domains"))
        checkColumnCollisions(instrument, domainsNode: value(mapping, "domains"))
        return instrument
    }

    mutating func levels(_ node: Node) -> [Level] {
        guard case .sequence(let sequence) = node else {
            fail("levels", "expected a list of {name, from}, found \(describe(node))", at: node)
            return Instrument.defaultLevels
        }
        var levels: [Level] = []
        for (index, element) in sequence.enumerated() {
            let path = "levels[\(index)]"
            remember(path, element)
            guard case .mapping(let level) = element else {
                fail(path, "expected a mapping {name, from}, found \(describe(element))", at: element)
                continue
            }
            checkKeys(level, path, KnownKeys.level)
            let name = text(value(level, "name"), "\(path).name", required: true)
            if let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
                fail("\(path).name", "must not be empty", at: value(level, "name"))
            }
            guard let fromNode = value(level, "from") else {
                fail("\(path).from", "missing", at: element)
                continue
            }
            guard let from = number(fromNode, "\(path).from") else { continue }
            if from < 0 || from > 100 {
                fail("\(path).from", "must be between 0 and 100, found \(from)", at: fromNode)
            }
            if let previous = levels.last, from <= previous.from {
                fail("\(path).from", "levels must ascend: \(from) is not above \(previous.from)", at: fromNode)
            }
            if index == 0, from != 0 {
                fail("\(path).from", "the first level must start at 0, found \(from)", at: fromNode)
            }
            levels.append(Level(name: name ?? "", from: from))
        }
        if sequence.isEmpty { fail("levels", "at least one level is required", at: node) }
        return levels
    }

    mutating func thresholds(_ node: Node) -> Thresholds {
        var result = Thresholds()
        guard case .mapping(let mapping) = node else {
            fail("thresholds", "expected a mapping, found \(describe(node))", at: node)
            return result
        }
        checkKeys(mapping, "thresholds", KnownKeys.thresholds)
        for (key, valueNode) in entries(mapping) {
            let path = "thresholds.\(key)"
            switch key {
            case "min_respondents", "min_organisations":
                guard let value = integer(valueNode, path) else { continue }
                if value < 1 || value > Thresholds.maximumCount {
                    fail(path, "must be an integer from 1 to \(Thresholds.maximumCount), found \(value)", at: valueNode)
                }
                if key == "min_respondents" { result.minRespondents = value } else { result.minOrganisations = value }
            case "min_answered_fraction":
                guard let value = number(valueNode, path) else { continue }
                guard value > 0, value <= 1 else {
                    fail(path, "must be in (0, 1], found \(value)", at: valueNode)
                    continue
                }
                result.minAnsweredFraction =
                    Decimal(string: valueNode.scalar?.string ?? "")
                    ?? Decimal(value)
            case "favourable_score", "min_change":
                guard let value = number(valueNode, path) else { continue }
                guard value >= 0, value <= 100 else {
                    fail(path, "must be in [0, 100], found \(value)", at: valueNode)
                    continue
                }
                if key == "favourable_score" { result.favourableScore = value } else { result.minChange = value }
            case "alpha":
                guard let value = number(valueNode, path) else { continue }
                guard value > 0, value < 1 else {
                    fail(path, "must be in (0, 1), found \(value)", at: valueNode)
                    continue
                }
                result.alpha = value
            case "max_organisation_share":
                guard let value = number(valueNode, path) else { continue }
                guard value > 0, value <= 1 else {
                    fail(path, "must be in (0, 1], found \(value)", at: valueNode)
                    continue
                }
                result.maxOrganisationShare = value
            default:
                continue
            }
        }
        return result
    }

    mutating func columns(_ node: Node) -> ColumnAliases {
        guard case .mapping(let mapping) = node else {
            fail("columns", "expected a mapping, found \(describe(node))", at: node)
            return ColumnAliases()
        }
        checkKeys(mapping, "columns", KnownKeys.columns)
        var aliases: [FixedColumn: [String]] = [:]
        for (key, valueNode) in entries(mapping) {
            remember("columns.\(key)", valueNode)
            guard let column = FixedColumn(rawValue: key) else { continue }
            if case .scalar = valueNode, let single = text(valueNode, "columns.\(key)", required: false) {
                aliases[column] = [single]
            } else if let list = textList(valueNode, "columns.\(key)") {
                aliases[column] = list
            }
        }
        return ColumnAliases(aliases)
    }

    mutating func domains(_ node: Node) -> [Domain] {
        guard case .sequence(let sequence) = node else {
            fail("domains", "expected a list of domains, found \(describe(node))", at: node)
            return []
        }
        if sequence.isEmpty { fail("domains", "at least one domain is required", at: node) }
        var domains: [Domain] = []
        var domainIDs: [String: Int] = [:]
        var itemIDs: [String: String] = [:]
        var writtenWeights: [(path: String, node: Node)] = []
        for (index, element) in sequence.enumerated() {
            let path = "domains[\(index)]"
            remember(path, element)
            guard case .mapping(let mapping) = element else {
                fail(path, "expected a mapping {id, title, weight, items}, found \(describe(element))", at: element)
                continue
            }
            checkKeys(mapping, path, KnownKeys.domain)
            let idNode = value(mapping, "id")
            let id = text(idNode, "\(path).id", required: true) ?? ""
            if idNode != nil, id.isEmpty {
                fail("\(path).id", "must not be empty; expected ^[A-Za-z][A-Za-z0-9_]{0,31}$", at: idNode)
            }
            if idNode != nil, !id.isEmpty {
                if !Walker.matchesID(id) {
                    fail("\(path).id", "'\(id)' must match ^[A-Za-z][A-Za-z0-9_]{0,31}$", at: idNode)
                }
                if let first = domainIDs[id] {
                    fail("\(path).id", "duplicate domain id '\(id)' (also domains[\(first)])", at: idNode)
                } else {
                    domainIDs[id] = index
                }
            }
            let title = text(value(mapping, "title"), "\(path).title", required: false) ?? id
            var weight = 1.0
            if let weightNode = value(mapping, "weight"), let parsed = number(weightNode, "\(path).weight") {
                if parsed <= 0 {
                    fail("\(path).weight", "must be greater than 0, found \(parsed)", at: weightNode)
                } else if !(Thresholds.weightRange ~= parsed) {
                    // Σ weight × score must stay exact enough and finite (1.7e308 once gave -nan).
                    fail("\(path).weight", "must be from 0.000001 to 1000000, found \(parsed)", at: weightNode)
                } else {
                    weight = parsed
                    writtenWeights.append((path: "\(path).weight", node: weightNode))
                }
            }
            var items: [Item] = []
            if let itemsNode = value(mapping, "items") {
                if case .sequence(let itemSequence) = itemsNode {
                    for (itemIndex, itemNode) in itemSequence.enumerated() {
                        let itemPath = "\(path).items[\(itemIndex)]"
                        guard let item = self.item(itemNode, itemPath) else { continue }
                        let key = TextMatching.key(item.id)
                        if let first = itemIDs[key] {
                            fail("\(itemPath).id", "duplicate item id '\(item.id)' (also \(first))", at: itemNode)
                        } else {
                            itemIDs[key] = itemPath
                        }
                        items.append(item)
                    }
                    if itemSequence.isEmpty {
                        // A domain nobody can score would leave every overall score empty.
                        fail("\(path).items", "at least one item is required", at: itemsNode)
                    }
                } else {
                    fail("\(path).items", "expected a list of items, found \(describe(itemsNode))", at: itemsNode)
                }
            } else {
                fail("\(path).items", "missing", at: element)
            }
            domains.append(Domain(id: id, title: title, weight: weight, items: items))
        }
        if let first = writtenWeights.first,
            let message = Self.weightsWarning(domains, written: writtenWeights.compactMap { $0.node.scalar?.string })
        {
            warnings.append(
                .warning(
                    file: file, line: first.node.mark?.line, column: first.node.mark?.column,
                    message: "\(first.path): \(message)"))
        }
        return domains
    }

    /// Weights written as shares (some not a whole number) that do not sum to 1: overall
    /// readiness divides by their sum, as always, and this says so (issue 11).
    ///
    /// Whole-number weights (`weight: 2`) are multipliers and are not expected to sum to 1.
    static func weightsWarning(_ domains: [Domain], written: [String]) -> String? {
        guard written.contains(where: { Double($0).map { $0 != $0.rounded() } ?? false }) else { return nil }
        let sum = domains.reduce(0) { $0 + $1.weight }
        guard abs(sum - 1) > 1e-9, sum > 0 else { return nil }
        let shares = domains.map { "\($0.id) \(String(format: "%.1f", 100 * $0.weight / sum))%" }.joined(
            separator: ", ")
        return "the domain weights sum to \(shortDecimal(sum)), not 1; overall readiness divides by their sum, "
            + "so the domains count \(shares); expected weights that sum to 1"
    }

    /// A number with at most 6 decimals and no trailing zeros: 0.9, 1.05, 3.
    static func shortDecimal(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    mutating func item(_ node: Node, _ path: String) -> Item? {
        remember(path, node)
        guard case .mapping(let mapping) = node else {
            fail(path, "expected a mapping {id, text, type, ...}, found \(describe(node))", at: node)
            return nil
        }
        checkKeys(mapping, path, KnownKeys.item)
        let idNode = value(mapping, "id")
        remember("\(path).id", idNode)
        let id = text(idNode, "\(path).id", required: true) ?? ""
        if idNode != nil, id.isEmpty {
            fail("\(path).id", "must not be empty; expected ^[A-Za-z][A-Za-z0-9_]{0,31}$", at: idNode)
        }
        if idNode != nil, !id.isEmpty, !Walker.matchesID(id) {
            fail("\(path).id", "'\(id)' must match ^[A-Za-z][A-Za-z0-9_]{0,31}$", at: idNode)
        }
        let itemText = text(value(mapping, "text"), "\(path).text", required: false) ?? id
        var type = "likert"
        if let typeNode = value(mapping, "type"), let parsed = text(typeNode, "\(path).type", required: false) {
            if parsed == "likert" || parsed == "knowledge" {
                type = parsed
            } else {
                fail("\(path).type", "expected likert or knowledge, found '\(parsed)'", at: typeNode)
            }
        }
        var aliases: [String] = []
        if let aliasNode = value(mapping, "aliases") {
            if case .scalar = aliasNode, let single = text(aliasNode, "\(path).aliases", required: false) {
                aliases = [single]
            } else {
                aliases = textList(aliasNode, "\(path).aliases") ?? []
            }
        }
        var scale: String?
        if let scaleNode = value(mapping, "scale") {
            remember("\(path).scale", scaleNode)
            scale = text(scaleNode, "\(path).scale", required: true)
        }
        let kind: ItemKind
        if type == "knowledge" {
            if let reverseNode = value(mapping, "reverse") {
                _ = boolean(reverseNode, "\(path).reverse")
            }
            guard let answerNode = value(mapping, "answer") else {
                fail("\(path).answer", "missing (a knowledge item needs answer: true or false)", at: node)
                return Item(id: id, text: itemText, kind: .knowledge(answer: true), aliases: aliases, scale: scale)
            }
            kind = .knowledge(answer: boolean(answerNode, "\(path).answer") ?? true)
        } else {
            var reverse = false
            if let reverseNode = value(mapping, "reverse") {
                reverse = boolean(reverseNode, "\(path).reverse") ?? false
            }
            if let answerNode = value(mapping, "answer") {
                _ = boolean(answerNode, "\(path).answer")
            }
            kind = .likert(reverse: reverse)
        }
        return Item(id: id, text: itemText, kind: kind, aliases: aliases, scale: scale)
    }

    mutating func glossary(_ node: Node) -> [GlossaryEntry] {
        guard case .mapping(let mapping) = node else {
            fail("glossary", "expected a mapping of term: definition, found \(describe(node))", at: node)
            return []
        }
        var entries: [GlossaryEntry] = []
        for (key, valueNode) in self.entries(mapping) {
            guard let definition = text(valueNode, "glossary.\(key)", required: true) else { continue }
            entries.append(GlossaryEntry(term: key, definition: definition))
        }
        return entries
    }

    /// No header name may mean two columns: every item id and alias and every fixed
    /// column's name and alias must be distinct, compared as headers are.
    mutating func checkColumnCollisions(_ instrument: Instrument, domainsNode: Node?) {
        var owners: [String: String] = [:]
        func claim(_ name: String, owner: String, path: String, walker: inout Walker) {
            let key = TextMatching.key(name)
            if key.isEmpty {
                walker.fail(path, "an empty column name", at: nil)
                return
            }
            if let other = owners[key], other != owner {
                walker.fail(path, "alias '\(name)' collides with \(other)", at: nil)
            } else {
                owners[key] = owner
            }
        }
        for column in FixedColumn.allCases {
            for (index, name) in instrument.columns.names(of: column).enumerated() {
                let path = index == 0 ? "columns.\(column.rawValue)" : "columns.\(column.rawValue)[\(index - 1)]"
                claim(name, owner: "column \(column.rawValue)", path: path, walker: &self)
            }
        }
        for (domainIndex, domain) in instrument.domains.enumerated() {
            for (itemIndex, item) in domain.items.enumerated() where !item.id.isEmpty {
                let key = TextMatching.key(item.id)
                if let other = owners[key] {
                    // Another item with this id was reported as a duplicate already.
                    if other.hasPrefix("column ") {
                        fail(
                            "domains[\(domainIndex)].items[\(itemIndex)].id",
                            "item id '\(item.id)' collides with \(other)", at: nil)
                    }
                } else {
                    owners[key] = "item \(item.id)"
                }
            }
        }
        for (domainIndex, domain) in instrument.domains.enumerated() {
            for (itemIndex, item) in domain.items.enumerated() {
                for (aliasIndex, alias) in item.aliases.enumerated() {
                    claim(
                        alias, owner: "item \(item.id)",
                        path: "domains[\(domainIndex)].items[\(itemIndex)].aliases[\(aliasIndex)]", walker: &self)
                }
            }
        }
    }
}
