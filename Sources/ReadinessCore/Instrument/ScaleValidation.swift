import Yams

/// The keys of SPEC §8.1 (`scales`, `default_scale`, `true_tokens`, `false_tokens`, an
/// item's `scale`) read and checked, every problem at its path.
extension Walker {
    /// The most points a scale may have: an answer is one byte per item.
    static let maximumPoints = 255

    /// Declared scales in file order; problems reported at their paths.
    mutating func scales(_ node: Node, missingTokens: [String], dontKnowTokens: [String]) -> [AnswerScale] {
        guard case .mapping(let mapping) = node else {
            fail(
                "scales",
                "expected a mapping of scale names to {labels, codes, missing, favourable}, found \(describe(node))",
                at: node)
            return []
        }
        var scales: [AnswerScale] = []
        // Problems with a name are located at the name.
        for (keyNode, value) in mapping {
            let name = keyNode.scalar?.string ?? ""
            let path = "scales.\(name)"
            remember(path, value)
            if name == AnswerScale.builtInName {
                fail(path, "the built-in scale likert is set by likert_labels; choose another name", at: keyNode)
                continue
            }
            if !Walker.matchesID(name) {
                fail(path, "'\(name)' must match ^[A-Za-z][A-Za-z0-9_]{0,31}$", at: keyNode)
                continue
            }
            if let scale = scale(
                value, name: name, path: path, missingTokens: missingTokens, dontKnowTokens: dontKnowTokens)
            {
                scales.append(scale)
            }
        }
        return scales
    }

    /// A text as written: `yes`, `1`, `true` are texts (SPEC §8.1); nil for a list or mapping.
    func writtenText(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    /// How a cell holding `text` would match `code` (SPEC §8.1 "Cells").
    static func cellMatches(_ text: String, code: ScaleCode) -> Bool {
        switch code {
        case .integer(let value): return IntegerCode.value(of: TextMatching.key(text)) == value
        case .text(let code): return TextMatching.key(text) == TextMatching.key(code)
        }
    }

    mutating func scale(
        _ node: Node, name: String, path: String, missingTokens: [String],
        dontKnowTokens: [String]
    ) -> AnswerScale? {
        guard case .mapping(let mapping) = node else {
            fail(path, "expected a mapping {labels, codes, missing, favourable}, found \(describe(node))", at: node)
            return nil
        }
        checkKeys(mapping, path, KnownKeys.scale)
        let problemsBefore = problems.count

        // Labels: a label, or a list of equivalent labels, per point.
        var labels: [[String]] = []
        /// Each label with its path, for the cross-checks below.
        var labelEntries: [(text: String, point: Int, path: String, node: Node)] = []
        guard let labelsNode = value(mapping, "labels") else {
            fail("\(path).labels", "missing", at: node)
            return nil
        }
        guard case .sequence(let labelSequence) = labelsNode else {
            fail("\(path).labels", "expected a list of labels, found \(describe(labelsNode))", at: labelsNode)
            return nil
        }
        remember("\(path).labels", labelsNode)
        if labelSequence.count < 2 {
            fail("\(path).labels", "expected at least 2 labels, found \(labelSequence.count)", at: labelsNode)
        } else if labelSequence.count > Walker.maximumPoints {
            fail(
                "\(path).labels", "expected at most \(Walker.maximumPoints) labels, found \(labelSequence.count)",
                at: labelsNode)
        }
        for (index, element) in labelSequence.enumerated() {
            let entryPath = "\(path).labels[\(index)]"
            remember(entryPath, element)
            var equivalents: [(String, String, Node)] = []
            switch element {
            case .scalar:
                equivalents = [(writtenText(element) ?? "", entryPath, element)]
            case .sequence(let list):
                if list.isEmpty { fail(entryPath, "must not be empty", at: element) }
                for (position, equivalent) in list.enumerated() {
                    let equivalentPath = "\(entryPath)[\(position)]"
                    guard let text = writtenText(equivalent) else {
                        fail(equivalentPath, "expected a label, found \(describe(equivalent))", at: equivalent)
                        continue
                    }
                    equivalents.append((text, equivalentPath, equivalent))
                }
            default:
                fail(
                    entryPath, "expected a label or a list of equivalent labels, found \(describe(element))",
                    at: element)
            }
            for (text, labelPath, labelNode) in equivalents where TextMatching.key(text).isEmpty {
                fail(labelPath, "must not be empty", at: labelNode)
            }
            labels.append(equivalents.map(\.0))
            labelEntries += equivalents.map { (text: $0.0, point: index + 1, path: $0.1, node: $0.2) }
        }
        let points = labels.count
        var seen: [String: (point: Int, path: String)] = [:]
        for entry in labelEntries {
            let key = TextMatching.key(entry.text)
            guard !key.isEmpty else { continue }
            if let first = seen[key] {
                if first.point != entry.point {
                    fail(
                        entry.path,
                        "duplicate label '\(TextMatching.normalised(entry.text))' (also \(first.path.dropFirst(path.count + 1)))",
                        at: entry.node)
                }
            } else {
                seen[key] = (entry.point, entry.path)
            }
        }

        // Codes: integers or texts, one per point, all different.
        var codes: [ScaleCode] = (1...max(1, points)).prefix(points).map { .integer($0) }
        var codesGiven = false
        if let codesNode = value(mapping, "codes") {
            remember("\(path).codes", codesNode)
            if case .sequence(let list) = codesNode {
                codesGiven = true
                if list.count != points {
                    fail(
                        "\(path).codes", "expected \(points) codes (one per label), found \(list.count)", at: codesNode)
                }
                var parsed: [ScaleCode] = []
                var firstOfKey: [String: Int] = [:]
                for (index, element) in list.enumerated() {
                    let codePath = "\(path).codes[\(index)]"
                    remember(codePath, element)
                    guard let code = scaleCode(element) else {
                        fail(codePath, "expected an integer or a text, found \(foundValue(element))", at: element)
                        continue
                    }
                    if case .text(let text) = code, TextMatching.key(text).isEmpty {
                        fail(codePath, "must not be empty", at: element)
                    }
                    if let first = firstOfKey[code.key] {
                        fail(codePath, "duplicate code '\(code)' (also codes[\(first)])", at: element)
                    } else {
                        firstOfKey[code.key] = index
                    }
                    parsed.append(code)
                }
                if parsed.count == list.count { codes = parsed }
            } else {
                fail("\(path).codes", "expected a list of codes, found \(describe(codesNode))", at: codesNode)
            }
        }
        let codesUsable = codes.count == points

        // A label must not be another point's code: the code would win and the label be lost.
        if codesUsable {
            for entry in labelEntries {
                for (index, code) in codes.enumerated()
                where index + 1 != entry.point && Self.cellMatches(entry.text, code: code) {
                    fail(
                        entry.path, "'\(entry.text)' is also the code of point \(index + 1) (codes[\(index)])",
                        at: entry.node)
                    break
                }
            }
        }

        // Missing: texts that are neither a label nor a code of this scale.
        var missing: [String] = []
        if let missingNode = value(mapping, "missing") {
            remember("\(path).missing", missingNode)
            if case .sequence(let list) = missingNode {
                for (index, element) in list.enumerated() {
                    let missingPath = "\(path).missing[\(index)]"
                    guard let text = writtenText(element) else {
                        fail(missingPath, "expected a label or code, found \(describe(element))", at: element)
                        continue
                    }
                    if TextMatching.key(text).isEmpty {
                        fail(missingPath, "must not be empty", at: element)
                        continue
                    }
                    if codesUsable, let index = codes.firstIndex(where: { Self.cellMatches(text, code: $0) }) {
                        fail(
                            missingPath, "'\(text)' is also the code of point \(index + 1) (codes[\(index)])",
                            at: element)
                    } else if let label = labelEntries.first(where: {
                        TextMatching.key($0.text) == TextMatching.key(text)
                    }) {
                        fail(
                            missingPath,
                            "'\(text)' is also a label of point \(label.point) (\(label.path.dropFirst(path.count + 1)))",
                            at: element)
                    }
                    missing.append(text)
                }
            } else {
                fail(
                    "\(path).missing", "expected a list of labels or codes, found \(describe(missingNode))",
                    at: missingNode)
            }
        }

        // A label or code that is a token would never be read as this scale's point.
        let missingKeys = Set(missingTokens.map(TextMatching.key)),
            dontKnowKeys = Set(dontKnowTokens.map(TextMatching.key))
        func tokenKind(_ matches: (String) -> Bool) -> String? {
            if missingTokens.contains(where: { !TextMatching.key($0).isEmpty && matches($0) }) {
                return "a missing token"
            }
            if dontKnowTokens.contains(where: { !TextMatching.key($0).isEmpty && matches($0) }) {
                return "a don't-know token"
            }
            return nil
        }
        for entry in labelEntries where !TextMatching.key(entry.text).isEmpty {
            let key = TextMatching.key(entry.text)
            if let kind = missingKeys.contains(key)
                ? "a missing token" : dontKnowKeys.contains(key) ? "a don't-know token" : nil
            {
                fail(entry.path, "'\(entry.text)' is also \(kind)", at: entry.node)
            }
        }
        if codesGiven, codesUsable, case .sequence(let list) = value(mapping, "codes")! {
            for (index, code) in codes.enumerated() {
                if let kind = tokenKind({ Self.cellMatches($0, code: code) }) {
                    fail("\(path).codes[\(index)]", "'\(code)' is also \(kind)", at: list[index])
                }
            }
        } else if !codesGiven {
            for (index, code) in codes.enumerated() {
                if let kind = tokenKind({ Self.cellMatches($0, code: code) }) {
                    fail(
                        "\(path).labels", "the default code \(code) of point \(index + 1) is also \(kind); give codes",
                        at: labelsNode)
                }
            }
        }

        // Favourable: point numbers, each once.
        var favourable = AnswerScale.defaultFavourable(points: points)
        if let favourableNode = value(mapping, "favourable") {
            remember("\(path).favourable", favourableNode)
            if case .sequence(let list) = favourableNode {
                if list.isEmpty { fail("\(path).favourable", "expected at least one point number", at: favourableNode) }
                var chosen: [Int] = []
                var firstOf: [Int: Int] = [:]
                for (index, element) in list.enumerated() {
                    let pointPath = "\(path).favourable[\(index)]"
                    guard case .integer(let point)? = scaleCode(element), (1...max(1, points)).contains(point),
                        points >= 1
                    else {
                        fail(
                            pointPath, "expected a point number from 1 to \(points), found \(foundValue(element))",
                            at: element)
                        continue
                    }
                    if let first = firstOf[point] {
                        fail(pointPath, "point \(point) is repeated (also favourable[\(first)])", at: element)
                        continue
                    }
                    firstOf[point] = index
                    chosen.append(point)
                }
                favourable = chosen.sorted()
            } else {
                fail(
                    "\(path).favourable", "expected a list of point numbers, found \(describe(favourableNode))",
                    at: favourableNode)
            }
        }
        guard problems.count == problemsBefore else { return nil }
        return AnswerScale(name: name, labels: labels, codes: codes, missing: missing, favourable: favourable)
    }

    /// A plain integer is an integer; a plain number that is not one is no code; any other
    /// scalar is its text as written (SPEC §8.1).
    func scaleCode(_ node: Node) -> ScaleCode? {
        guard case .scalar(let scalar) = node else { return nil }
        if scalar.style == .plain {
            if node.tag.rawValue == Tag.Name.int.rawValue {
                if let value = node.int { return .integer(value) }
                return nil
            }
            if node.tag.rawValue == Tag.Name.float.rawValue { return nil }
        }
        return .text(scalar.string)
    }

    /// A value as a message quotes it: numbers as written, texts quoted, lists and mappings named.
    func foundValue(_ node: Node) -> String {
        guard case .scalar(let scalar) = node else { return "a \(kindName(node))" }
        if scalar.style == .plain,
            node.tag.rawValue == Tag.Name.int.rawValue || node.tag.rawValue == Tag.Name.float.rawValue
        {
            return scalar.string
        }
        return "'\(scalar.string)'"
    }

    /// `true_tokens` or `false_tokens`: a non-empty list, no token in both, none a missing
    /// or don't-know token.
    mutating func knowledgeTokens(
        _ mapping: Node.Mapping, missingTokens: [String],
        dontKnowTokens: [String]
    ) -> (true: [String], false: [String]) {
        var lists: [String: [String]] = [:]
        var nodes: [String: Node] = [:]
        for key in ["true_tokens", "false_tokens"] {
            guard let node = value(mapping, key) else { continue }
            nodes[key] = node
            guard let list = textList(node, key) else { continue }
            if list.isEmpty { fail(key, "expected at least one token", at: node) }
            lists[key] = list
        }
        let trueTokens = lists["true_tokens"] ?? Instrument.defaultTrueTokens
        let falseTokens = lists["false_tokens"] ?? Instrument.defaultFalseTokens
        let missingKeys = Set(missingTokens.map(TextMatching.key)),
            dontKnowKeys = Set(dontKnowTokens.map(TextMatching.key))
        for (key, own, other, otherName) in [
            ("true_tokens", trueTokens, falseTokens, "false"),
            ("false_tokens", falseTokens, trueTokens, "true"),
        ] where lists[key] != nil {
            let otherKeys = Set(other.map(TextMatching.key))
            for (index, token) in own.enumerated() {
                let path = "\(key)[\(index)]", tokenKey = TextMatching.key(token)
                if tokenKey.isEmpty {
                    fail(path, "must not be empty", at: nil)
                } else if missingKeys.contains(tokenKey) {
                    fail(path, "'\(token)' is also a missing token", at: nil)
                } else if dontKnowKeys.contains(tokenKey) {
                    fail(path, "'\(token)' is also a don't-know token", at: nil)
                } else if otherKeys.contains(tokenKey), key == "false_tokens" || lists["false_tokens"] == nil {
                    // A token in both lists is reported once, on the false side when both are given.
                    fail(path, "'\(token)' is also a \(otherName) token", at: nil)
                }
            }
        }
        return (trueTokens, falseTokens)
    }

    /// `default_scale` and every item's `scale` name a scale that exists; only likert items have one.
    mutating func checkScaleNames(_ instrument: Instrument, defaultScaleNode: Node?, domainsNode: Node?) {
        let known = ([AnswerScale.builtInName] + instrument.scales.map(\.name)).sorted(by: TextMatching.codePointLess)
        func exists(_ name: String) -> Bool {
            name == AnswerScale.builtInName || instrument.scales.contains { $0.name == name }
        }
        if let defaultScaleNode, !exists(instrument.defaultScale) {
            fail(
                "default_scale",
                "unknown scale '\(instrument.defaultScale)'; expected one of \(known.joined(separator: ", "))",
                at: defaultScaleNode)
        }
        for (domainIndex, domain) in instrument.domains.enumerated() {
            for (itemIndex, item) in domain.items.enumerated() {
                guard let name = item.scale else { continue }
                let path = "domains[\(domainIndex)].items[\(itemIndex)].scale"
                if item.isKnowledge {
                    fail(path, "only likert items have a scale", at: nil)
                } else if !exists(name) {
                    fail(path, "unknown scale '\(name)'; expected one of \(known.joined(separator: ", "))", at: nil)
                }
            }
        }
        checkExactScoring(instrument)
    }

    /// Scores are kept as exact integers over a common denominator per domain (the least
    /// common multiple of k − 1 over its items' scales); a domain mixing many scale lengths
    /// could overflow them, so it is refused rather than scored inexactly.
    mutating func checkExactScoring(_ instrument: Instrument) {
        for (domainIndex, domain) in instrument.domains.enumerated() {
            let lengths = domain.items.filter { !$0.isKnowledge }.map { instrument.scale(of: $0).points }
            guard let denominator = ExactUnits.commonDenominator(lengths) else {
                fail(
                    "domains[\(domainIndex)].items",
                    "its likert items' scales (\(Set(lengths).sorted().map { "\($0) points" }.joined(separator: ", "))) "
                        + "are too many different lengths to score exactly together; use fewer scale lengths in one domain",
                    at: nil)
                continue
            }
            if denominator * max(1, domain.items.count) > ExactUnits.maximumDomainUnits {
                fail(
                    "domains[\(domainIndex)].items",
                    "too many items (\(domain.items.count)) on scales of these lengths "
                        + "(\(Set(lengths).sorted().map { "\($0) points" }.joined(separator: ", "))) to score exactly; split the domain",
                    at: nil)
            }
        }
    }
}
