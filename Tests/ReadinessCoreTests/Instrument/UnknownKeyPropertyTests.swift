import XCTest

@testable import ReadinessCore

/// Issue 11's property: for random instruments (and wave.yaml files), inserting one misspelt
/// key at a random place yields exactly one error, at the key's line, naming that key's path,
/// the keys expected there and a key within two edits.
///
/// Seeded, so a failure reproduces.
final class UnknownKeyPropertyTests: XCTestCase {
    /// A YAML value as the generator builds it.
    indirect enum Value {
        case scalar(String)
        case flowList([String])
        case list([Value])
        case map(Mapping)
    }

    /// A mapping: its path as messages write it, the keys it may hold (nil: any, such as
    /// glossary terms), and its entries in order.
    final class Mapping {
        let path: String
        let expected: [String]?
        var entries: [(key: String, value: Value)] = []
        /// The position of the inserted key, if this is the mapping chosen.
        var inserted: Int?

        init(_ path: String, _ expected: [String]?) {
            self.path = path
            self.expected = expected
        }

        func add(_ key: String, _ value: Value) { entries.append((key, value)) }
    }

    /// Block-style YAML; the line (1-based) of the inserted key is recorded.
    struct Renderer {
        var lines: [String] = []
        var insertedLine: Int?

        mutating func map(_ mapping: Mapping, indent: Int, firstPrefix: String? = nil) {
            for (index, entry) in mapping.entries.enumerated() {
                let lead = index == 0 && firstPrefix != nil ? firstPrefix! : String(repeating: " ", count: indent)
                if mapping.inserted == index { insertedLine = lines.count + 1 }
                switch entry.value {
                case .scalar(let text): lines.append("\(lead)\(entry.key): \(text)")
                case .flowList(let texts): lines.append("\(lead)\(entry.key): [\(texts.joined(separator: ", "))]")
                case .map(let inner) where inner.entries.isEmpty:
                    lines.append("\(lead)\(entry.key): {}")
                case .map(let inner):
                    lines.append("\(lead)\(entry.key):")
                    map(inner, indent: indent + 2)
                case .list(let values):
                    lines.append("\(lead)\(entry.key):")
                    for value in values {
                        guard case .map(let inner) = value else { continue }
                        map(inner, indent: indent + 4, firstPrefix: String(repeating: " ", count: indent + 2) + "- ")
                    }
                }
            }
        }
    }

    // MARK: Random instruments

    static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T {
        values[Int(random.next() % UInt64(values.count))]
    }
    static func chance(_ percent: UInt64, _ random: inout SplitMix64) -> Bool { random.next() % 100 < percent }

    /// A valid random instrument and every mapping in it whose keys are checked.
    static func instrument(_ random: inout SplitMix64) -> (root: Mapping, checked: [Mapping]) {
        var checked: [Mapping] = []
        func mapping(_ path: String, _ expected: [String]?) -> Mapping {
            let made = Mapping(path, expected)
            if expected != nil { checked.append(made) }
            return made
        }
        let root = mapping("", KnownKeys.instrument)
        root.add("id", .scalar("random"))
        root.add("version", .scalar("\"1\""))
        root.add("title", .scalar("Random instrument"))
        if chance(30, &random) {
            root.add("likert_labels", .flowList(["Never", "Rarely", "Sometimes", "Often", "Always"]))
        }
        if chance(30, &random) { root.add("missing_tokens", .flowList(["N/A", "Skip"])) }
        if chance(50, &random) {
            var levels: [Value] = []
            let count = 1 + Int(random.next() % 4)
            for index in 0..<count {
                let level = mapping("levels[\(index)]", KnownKeys.level)
                level.add("name", .scalar("Level\(index)"))
                level.add("from", .scalar(String(index * 20)))
                levels.append(.map(level))
            }
            root.add("levels", .list(levels))
        }
        if chance(70, &random) {
            let thresholds = mapping("thresholds", KnownKeys.thresholds)
            let values = [
                "min_respondents": "3", "min_organisations": "2", "min_answered_fraction": "0.5",
                "favourable_score": "75", "min_change": "5", "alpha": "0.05", "max_organisation_share": "0.5",
            ]
            for key in KnownKeys.thresholds where chance(50, &random) { thresholds.add(key, .scalar(values[key]!)) }
            root.add("thresholds", .map(thresholds))
        }
        if chance(60, &random) {
            let columns = mapping("columns", KnownKeys.columns)
            for key in KnownKeys.columns where chance(50, &random) { columns.add(key, .flowList(["Alias_\(key)"])) }
            root.add("columns", .map(columns))
        }
        if chance(50, &random) { root.add("roles", .flowList(["Lead", "Practitioner"])) }
        var scaleNames: [String] = []
        if chance(50, &random) {
            let scales = mapping("scales", nil)
            for index in 0..<(1 + Int(random.next() % 2)) {
                let name = "s\(index)"
                let scale = mapping("scales.\(name)", KnownKeys.scale)
                let points = 3 + Int(random.next() % 5)
                scale.add("labels", .flowList((1...points).map { "P\($0)" }))
                if chance(40, &random) { scale.add("codes", .flowList((1...points).map { String($0 * 10) })) }
                if chance(30, &random) { scale.add("missing", .flowList(["-1"])) }
                if chance(30, &random) { scale.add("favourable", .flowList([String(points)])) }
                scales.add(name, .map(scale))
                scaleNames.append(name)
            }
            root.add("scales", .map(scales))
        }
        var domains: [Value] = []
        for d in 0..<(1 + Int(random.next() % 4)) {
            let domain = mapping("domains[\(d)]", KnownKeys.domain)
            domain.add("id", .scalar("d\(d)"))
            domain.add("title", .scalar("Domain \(d)"))
            if chance(30, &random) { domain.add("weight", .scalar(String(1 + random.next() % 3))) }
            var items: [Value] = []
            for i in 0..<(1 + Int(random.next() % 4)) {
                let item = mapping("domains[\(d)].items[\(i)]", KnownKeys.item)
                item.add("id", .scalar("D\(d)I\(i)"))
                item.add("text", .scalar("Statement \(d).\(i)"))
                if chance(25, &random) {
                    item.add("type", .scalar("knowledge"))
                    item.add("answer", .scalar(chance(50, &random) ? "true" : "false"))
                } else {
                    if chance(30, &random) { item.add("reverse", .scalar("true")) }
                    if !scaleNames.isEmpty, chance(40, &random) {
                        item.add("scale", .scalar(pick(scaleNames, &random)))
                    }
                }
                if chance(30, &random) { item.add("aliases", .flowList(["Q\(d)_\(i)"])) }
                // Keys in a random order, as people write them.
                if chance(50, &random) { item.entries.reverse() }
                items.append(.map(item))
            }
            domain.add("items", .list(items))
            domains.append(.map(domain))
        }
        root.add("domains", .list(domains))
        if chance(30, &random) {
            let glossary = mapping("glossary", nil)
            glossary.add("Lawful basis", .scalar("A ground for processing."))
            root.add("glossary", .map(glossary))
        }
        return (root, checked)
    }

    /// `key` changed by one or two edits (delete, insert, substitute, transpose, capitalise)
    /// into a key that `mapping` neither expects nor holds.
    static func misspelt(_ key: String, in mapping: Mapping, _ random: inout SplitMix64) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz_")
        while true {
            var scalars = Array(key)
            for _ in 0..<(1 + Int(random.next() % 2)) {
                let at = Int(random.next() % UInt64(scalars.count))
                switch random.next() % 5 {
                case 0 where scalars.count > 2: scalars.remove(at: at)
                case 1: scalars.insert(pick(letters, &random), at: at + Int(random.next() % 2))
                case 2: scalars[at] = pick(letters, &random)
                case 3 where at + 1 < scalars.count: scalars.swapAt(at, at + 1)
                default: scalars[at] = Character(scalars[at].uppercased())
                }
            }
            let text = String(scalars)
            guard let first = text.first, first.isLetter, !(mapping.expected ?? []).contains(text),
                !mapping.entries.contains(where: { $0.key == text }),
                !["y", "n", "yes", "no", "on", "off", "true", "false", "null"].contains(text.lowercased())
            else { continue }
            return text
        }
    }

    func testOneMisspeltKeyAnywhereIsExactlyOneErrorAtItsPath() throws {
        var random = SplitMix64(seed: 20_261_107)
        var suggested = 0
        for round in 0..<400 {
            let (root, checked) = Self.instrument(&random)
            // The instrument as generated loads.
            var clean = Renderer()
            clean.map(root, indent: 0)
            let text = clean.lines.joined(separator: "\n") + "\n"
            XCTAssertNoThrow(
                try InstrumentLoader().load(yaml: text), "round \(round): the generated instrument is valid\n\(text)")

            let target = Self.pick(checked, &random)
            let original = Self.pick(target.expected!, &random)
            let key = Self.misspelt(original, in: target, &random)
            let position = Int(random.next() % UInt64(target.entries.count + 1))
            target.entries.insert((key, .scalar("1")), at: position)
            target.inserted = position
            var renderer = Renderer()
            renderer.map(root, indent: 0)
            let yaml = renderer.lines.joined(separator: "\n") + "\n"
            let path = target.path.isEmpty ? key : "\(target.path).\(key)"
            do {
                _ = try InstrumentLoader().load(yaml: yaml)
                XCTFail("round \(round): \(path) was not refused\n\(yaml)")
            } catch {
                XCTAssertEqual(error.diagnostics.count, 1, "round \(round): \(error.description)\n\(yaml)")
                guard let problem = error.diagnostics.first else { continue }
                XCTAssertTrue(
                    problem.message.hasPrefix("\(path): unknown key; expected \(KnownKeys.list(target.expected!))"),
                    "round \(round): \(problem.message)")
                XCTAssertEqual(problem.line, renderer.insertedLine, "round \(round): \(problem.description)\n\(yaml)")
                XCTAssertEqual(problem.severity, .error)
                // A key within two edits (case aside) is suggested, the nearest one; none otherwise.
                let nearest = target.expected!.map { Self.distance(key, $0) }.min()!
                let suggestion = problem.message.range(of: "; did you mean '").map {
                    String(problem.message[$0.upperBound...].dropLast(2))
                }
                if nearest <= 2 {
                    let named = try XCTUnwrap(suggestion, "round \(round): \(problem.message)")
                    XCTAssertTrue(target.expected!.contains(named), "round \(round): \(problem.message)")
                    XCTAssertEqual(Self.distance(key, named), nearest, "round \(round): \(problem.message)")
                } else {
                    XCTAssertNil(suggestion, "round \(round): \(problem.message)")
                    continue
                }
                suggested += 1
            }
        }
        XCTAssertGreaterThan(suggested, 200, "most misspellings are within two edits")
    }

    func testOneMisspeltKeyInAWaveFileIsExactlyOneError() {
        var random = SplitMix64(seed: 11)
        for round in 0..<200 {
            let wave = Mapping("", KnownKeys.wave)
            wave.add("id", .scalar("w1"))
            wave.add("title", .scalar("Wave"))
            wave.add("opens", .scalar("2024-01-01"))
            wave.add("closes", .scalar("2024-12-31"))
            var checked = [wave]
            if Self.chance(30, &random) { wave.add("baseline", .scalar("true")) }
            if Self.chance(30, &random) {
                wave.add("source", .scalar(Self.pick(["generic", "qualtrics", "redcap"], &random)))
            }
            if Self.chance(30, &random) { wave.add("header_rows", .scalar("auto")) }
            if Self.chance(30, &random) { wave.add("date_order", .scalar("DMY")) }
            if Self.chance(30, &random) { wave.add("require_response_id", .scalar("false")) }
            if Self.chance(40, &random) {
                let completion = Mapping("completion", KnownKeys.completion)
                completion.add("column", .scalar("Finished"))
                if Self.chance(50, &random) { completion.add("complete", .flowList(["\"1\""])) }
                wave.add("completion", .map(completion))
                checked.append(completion)
            }
            if Self.chance(20, &random) { wave.add("sheet", .scalar("Sheet1")) }
            let target = Self.pick(checked, &random)
            let original = Self.pick(target.expected!, &random)
            let key = Self.misspelt(original, in: target, &random)
            let position = Int(random.next() % UInt64(target.entries.count + 1))
            target.entries.insert((key, .scalar("1")), at: position)
            target.inserted = position
            var renderer = Renderer()
            renderer.map(wave, indent: 0)
            let yaml = renderer.lines.joined(separator: "\n") + "\n"
            var problems: [Diagnostic] = []
            _ = SurveyLoader.parseWave(Array(yaml.utf8), folder: "w1", file: "wave.yaml", problems: &problems)
            let path = target.path.isEmpty ? key : "\(target.path).\(key)"
            XCTAssertEqual(problems.count, 1, "round \(round): \(problems)\n\(yaml)")
            XCTAssertTrue(
                problems.first?.message.hasPrefix("\(path): unknown key; expected ") ?? false,
                "round \(round): \(problems)")
            XCTAssertEqual(problems.first?.line, renderer.insertedLine, "round \(round): \(problems)\n\(yaml)")
        }
    }

    // MARK: Every known key, misspelt, at every level

    /// An instrument holding every mapping whose keys are checked, each with every key it
    /// may hold (where the SPEC lets them stand together): the top level, a level, the
    /// thresholds, the columns, a scale, a domain, a likert item and a knowledge item.
    static func everyMapping() -> (root: Mapping, checked: [Mapping]) {
        var checked: [Mapping] = []
        func mapping(_ path: String, _ expected: [String]?) -> Mapping {
            let made = Mapping(path, expected)
            if expected != nil { checked.append(made) }
            return made
        }
        let root = mapping("", KnownKeys.instrument)
        root.add("id", .scalar("every"))
        root.add("version", .scalar("\"1\""))
        root.add("title", .scalar("Every key"))
        root.add("likert_labels", .flowList(["Never", "Rarely", "Sometimes", "Often", "Always"]))
        root.add("missing_tokens", .flowList(["N/A"]))
        root.add("dont_know_tokens", .flowList(["Not sure"]))
        let levels = (0..<2).map { index -> Value in
            let level = mapping("levels[\(index)]", KnownKeys.level)
            level.add("name", .scalar("Level\(index)"))
            level.add("from", .scalar(String(index * 50)))
            return .map(level)
        }
        root.add("levels", .list(levels))
        let thresholds = mapping("thresholds", KnownKeys.thresholds)
        let values = [
            "min_respondents": "3", "min_organisations": "2", "min_answered_fraction": "0.5",
            "favourable_score": "75", "min_change": "5", "alpha": "0.05", "max_organisation_share": "0.5",
        ]
        for key in KnownKeys.thresholds { thresholds.add(key, .scalar(values[key]!)) }
        root.add("thresholds", .map(thresholds))
        let columns = mapping("columns", KnownKeys.columns)
        for key in KnownKeys.columns { columns.add(key, .flowList(["Alias_\(key)"])) }
        root.add("columns", .map(columns))
        root.add("roles", .flowList(["Lead", "Practitioner"]))
        let glossary = mapping("glossary", nil)
        glossary.add("Lawful basis", .scalar("A ground for processing."))
        root.add("glossary", .map(glossary))
        let scales = mapping("scales", nil)
        let scale = mapping("scales.s0", KnownKeys.scale)
        scale.add("labels", .flowList(["P1", "P2", "P3", "P4"]))
        scale.add("codes", .flowList(["10", "20", "30", "40"]))
        scale.add("missing", .flowList(["-1"]))
        scale.add("favourable", .flowList(["4"]))
        scales.add("s0", .map(scale))
        root.add("scales", .map(scales))
        root.add("default_scale", .scalar("likert"))
        root.add("true_tokens", .flowList(["true", "yes"]))
        root.add("false_tokens", .flowList(["false", "no"]))
        let domain = mapping("domains[0]", KnownKeys.domain)
        domain.add("id", .scalar("d0"))
        domain.add("title", .scalar("Domain"))
        domain.add("weight", .scalar("2"))
        let likert = mapping("domains[0].items[0]", KnownKeys.item)
        likert.add("id", .scalar("L1"))
        likert.add("text", .scalar("A statement."))
        likert.add("type", .scalar("likert"))
        likert.add("reverse", .scalar("true"))
        likert.add("aliases", .flowList(["Q1"]))
        likert.add("scale", .scalar("s0"))
        let knowledge = mapping("domains[0].items[1]", KnownKeys.item)
        knowledge.add("id", .scalar("K1"))
        knowledge.add("text", .scalar("A fact."))
        knowledge.add("type", .scalar("knowledge"))
        knowledge.add("answer", .scalar("false"))
        knowledge.add("aliases", .flowList(["Q2"]))
        domain.add("items", .list([.map(likert), .map(knowledge)]))
        root.add("domains", .list([.map(domain)]))
        return (root, checked)
    }

    /// Misspellings of `key` that people make: a different case, a letter left out, a
    /// letter doubled, two letters swapped.
    static func everydayMisspellings(of key: String) -> [String] {
        let letters = Array(key)
        var spellings = [key.prefix(1).uppercased() + key.dropFirst(), key.uppercased(), key + String(letters.last!)]
        if letters.count > 3 { spellings.append(String(letters.prefix(2)) + String(letters.dropFirst(3))) }
        if letters.count > 2 {
            spellings.append(
                String(letters.prefix(1)) + String(letters[2]) + String(letters[1]) + String(letters.dropFirst(3)))
        }
        return Array(Set(spellings)).sorted()
    }

    /// The suggestion in a message, if any.
    static func suggestion(in message: String) -> String? {
        message.range(of: "; did you mean '").map { String(message[$0.upperBound...].dropLast(2)) }
    }

    /// Every known key of every mapping of instrument.yaml, misspelt in each everyday way and
    /// inserted at the mapping's start: exactly one error, at its line, naming its path, and
    /// suggesting the key it was meant to be (or, where another key is as near, one of those).
    func testEveryKnownKeyMisspeltAtEveryLevelIsNamedWithTheKeyMeant() throws {
        let (root, checked) = Self.everyMapping()
        var clean = Renderer()
        clean.map(root, indent: 0)
        XCTAssertNoThrow(
            try InstrumentLoader().load(yaml: clean.lines.joined(separator: "\n") + "\n"),
            clean.lines.joined(separator: "\n"))
        XCTAssertEqual(
            Set(checked.map { $0.expected! }.joined()),
            Set(
                KnownKeys.instrument + KnownKeys.level + KnownKeys.thresholds
                    + KnownKeys.columns + KnownKeys.scale + KnownKeys.domain + KnownKeys.item),
            "every known key is tried")
        var tried = 0
        for target in checked {
            for key in target.expected! {
                for spelling in Self.everydayMisspellings(of: key) where !target.expected!.contains(spelling) {
                    target.entries.insert((spelling, .scalar("1")), at: 0)
                    target.inserted = 0
                    defer {
                        target.entries.remove(at: 0)
                        target.inserted = nil
                    }
                    var renderer = Renderer()
                    renderer.map(root, indent: 0)
                    let yaml = renderer.lines.joined(separator: "\n") + "\n"
                    let path = target.path.isEmpty ? spelling : "\(target.path).\(spelling)"
                    do {
                        _ = try InstrumentLoader().load(yaml: yaml)
                        XCTFail("\(path) was not refused")
                    } catch {
                        XCTAssertEqual(error.diagnostics.count, 1, "\(path): \(error.description)")
                        guard let problem = error.diagnostics.first else { continue }
                        XCTAssertEqual(problem.severity, .error)
                        XCTAssertEqual(problem.line, renderer.insertedLine, "\(path): \(problem.description)")
                        XCTAssertTrue(
                            problem.message.hasPrefix(
                                "\(path): unknown key; expected \(KnownKeys.list(target.expected!)); did you mean '"),
                            "\(path): \(problem.message)")
                        let nearest = target.expected!.map { Self.distance(spelling, $0) }.min()!
                        let meant = target.expected!.filter { Self.distance(spelling, $0) == nearest }
                        let named = Self.suggestion(in: problem.message)
                        XCTAssertTrue(named.map(meant.contains) ?? false, "\(path): \(problem.message)")
                        if meant == [key] { XCTAssertEqual(named, key, path) }
                        tried += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(tried, 4 * (KnownKeys.instrument.count + KnownKeys.item.count))
    }

    /// The same for wave.yaml: its top level and its completion rule.
    func testEveryWaveKeyMisspeltIsNamedWithTheKeyMeant() {
        let wave = Mapping("", KnownKeys.wave)
        let values = [
            "id": "w1", "title": "Wave", "opens": "2024-01-01", "closes": "2024-12-31", "baseline": "true",
            "source": "qualtrics", "header_rows": "auto", "date_order": "DMY", "require_response_id": "false",
            "sheet": "Sheet1",
        ]
        let completion = Mapping("completion", KnownKeys.completion)
        completion.add("column", .scalar("Finished"))
        completion.add("complete", .flowList(["\"1\""]))
        for key in KnownKeys.wave { wave.add(key, key == "completion" ? .map(completion) : .scalar(values[key]!)) }
        var tried = 0
        for target in [wave, completion] {
            for key in target.expected! {
                for spelling in Self.everydayMisspellings(of: key) where !target.expected!.contains(spelling) {
                    target.entries.insert((spelling, .scalar("1")), at: 0)
                    target.inserted = 0
                    var renderer = Renderer()
                    renderer.map(wave, indent: 0)
                    target.entries.remove(at: 0)
                    target.inserted = nil
                    var problems: [Diagnostic] = []
                    _ = SurveyLoader.parseWave(
                        Array((renderer.lines.joined(separator: "\n") + "\n").utf8), folder: "w1",
                        file: "wave.yaml", problems: &problems)
                    let path = target.path.isEmpty ? spelling : "\(target.path).\(spelling)"
                    XCTAssertEqual(problems.count, 1, "\(path): \(problems)")
                    guard let problem = problems.first else { continue }
                    XCTAssertEqual(problem.line, renderer.insertedLine, path)
                    XCTAssertTrue(
                        problem.message.hasPrefix(
                            "\(path): unknown key; expected \(KnownKeys.list(target.expected!)); did you mean '"),
                        problem.message)
                    let nearest = target.expected!.map { Self.distance(spelling, $0) }.min()!
                    let meant = target.expected!.filter { Self.distance(spelling, $0) == nearest }
                    XCTAssertTrue(Self.suggestion(in: problem.message).map(meant.contains) ?? false, problem.message)
                    tried += 1
                }
            }
        }
        XCTAssertGreaterThan(tried, 3 * (KnownKeys.wave.count + KnownKeys.completion.count))
    }

    func testSuggestionsAreWithinTwoEditsAndIgnoreCase() {
        let cases: [(String, [String], String?)] = [
            ("wieght", KnownKeys.domain, "weight"), ("reversed", KnownKeys.item, "reverse"),
            ("WEIGHT", KnownKeys.domain, "weight"),
            ("favorable", KnownKeys.scale, "favourable"), ("descripton", KnownKeys.domain, nil),
            ("comment", KnownKeys.instrument, nil),
            ("answr", KnownKeys.item, "answer"), ("", KnownKeys.item, nil), ("tpye", KnownKeys.item, "type"),
        ]
        for (key, known, expected) in cases {
            XCTAssertEqual(KnownKeys.suggestion(for: key, among: known), expected, key)
        }
        XCTAssertEqual(
            KnownKeys.message(key: "wieght", path: "domains[1]", expected: KnownKeys.domain),
            "domains[1].wieght: unknown key; expected id, title, weight or items; did you mean 'weight'?")
        XCTAssertEqual(
            KnownKeys.message(key: "notes", path: "", expected: ["id", "title"]),
            "notes: unknown key; expected id or title")
    }

    static func distance(_ a: String, _ b: String) -> Int {
        Suggestions.distance(Array(a.lowercased().unicodeScalars), Array(b.lowercased().unicodeScalars), atMost: 100)
            ?? 100
    }
}
