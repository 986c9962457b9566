import XCTest

@testable import ReadinessCore

/// Properties of SPEC §8.1 over random scales (2–11 points, random codes and recodes,
/// random missing codes): items written with codes and the same items written with labels
/// give identical scores; reversing a scale twice is the identity.
final class ScalePropertyTests: XCTestCase {
    struct RandomScale {
        var name: String
        var labels: [String]
        var codes: [ScaleCode]
        var missing: [String]
        var favourable: [Int]?

        var yaml: String {
            let codes = self.codes.map { code -> String in
                if case .integer(let value) = code { return String(value) }
                return "'\(code)'"
            }
            var text =
                "  \(name): {labels: [\(labels.joined(separator: ", "))], codes: [\(codes.joined(separator: ", "))]"
            if !missing.isEmpty { text += ", missing: [\(missing.map { "'\($0)'" }.joined(separator: ", "))]" }
            if let favourable { text += ", favourable: [\(favourable.map(String.init).joined(separator: ", "))]" }
            return text + "}"
        }

        /// The scale with its labels and codes in the other order (so a cell that was point i
        /// is now point k + 1 − i) and the same favourable point numbers: with every item's
        /// `reverse` flipped, it scores every cell as before.
        var reversed: RandomScale {
            RandomScale(
                name: name, labels: labels.reversed(), codes: codes.reversed(), missing: missing, favourable: favourable
            )
        }
    }

    static func randomScale(_ index: Int, _ random: inout SplitMix64) -> RandomScale {
        let k = 2 + Int(random.next() % 10)
        var codes: [ScaleCode] = []
        var used: Set<String> = []
        while codes.count < k {
            let code: ScaleCode =
                random.next() % 4 == 0 ? .text("c\(random.next() % 50)") : .integer(Int(random.next() % 41) - 15)
            if used.insert(code.key).inserted { codes.append(code) }
        }
        if random.next() % 3 == 0 { codes = (1...k).map { .integer($0) } }
        var missing: [String] = []
        for candidate in ["-99", "m\(index)", "998"] where random.next() % 2 == 0 && !used.contains(candidate) {
            missing.append(candidate)
        }
        var favourable: [Int]?
        if random.next() % 2 == 0 {
            let chosen = (1...k).filter { _ in random.next() % 2 == 0 }
            favourable = chosen.isEmpty ? [k] : chosen
        }
        return RandomScale(
            name: "s\(index)", labels: (1...k).map { "S\(index)P\($0)" }, codes: codes, missing: missing,
            favourable: favourable)
    }

    /// The centre files of a survey read from `csv`.
    static func outputs(_ instrument: Instrument, _ csv: String) -> [String] {
        let read = ExportFixture.read(csv, instrument: instrument)
        let scores = WaveScorer(instrument: instrument).scores(read.tally)
        let centre = CentreCSV(wave: "w", instrument: instrument, register: ExportFixture.defaultRegister)
        return [
            centre.scores(scores), centre.items(scores), centre.alpha(scores), "\(read.quality.straightLiners)",
            "\(read.quality.invalidValues)", "\(read.scored)",
        ]
    }

    static func instrument(_ scales: [RandomScale], reverse: [Bool], scaleOf: [Int]) -> Instrument {
        let items = scaleOf.indices.map { item in
            "      - {id: I\(item), text: t, scale: \(scales[scaleOf[item]].name), reverse: \(reverse[item])}"
        }
        let domains =
            "domains:\n  - id: d1\n    items:\n" + items.prefix(3).joined(separator: "\n")
            + "\n      - {id: K1, type: knowledge, answer: true, text: k}\n  - id: d2\n    items:\n"
            + items.dropFirst(3).joined(separator: "\n")
        return ExportFixture.instrument("scales:\n" + scales.map(\.yaml).joined(separator: "\n"), domains: domains)
    }

    func testCodesAndLabelsGiveIdenticalScoresAndReversingTwiceIsTheIdentity() {
        var random = SplitMix64(seed: 2024)
        for round in 0..<40 {
            let scales = (0..<3).map { Self.randomScale($0, &random) }
            let itemCount = 6
            let scaleOf = (0..<itemCount).map { _ in Int(random.next() % 3) }
            let reverse = (0..<itemCount).map { _ in random.next() % 3 == 0 }
            let instrument = Self.instrument(scales, reverse: reverse, scaleOf: scaleOf)
            // Each respondent: a point or not answered per item, written as a code or as a label.
            var byCode = "response_id,organisation_id,I0,I1,I2,K1,I3,I4,I5\n", byLabel = byCode
            var byReversedCode = byCode
            for respondent in 0..<60 {
                var codeCells: [String] = [], labelCells: [String] = [], reversedCells: [String] = []
                for item in 0..<itemCount {
                    let scale = scales[scaleOf[item]]
                    let k = scale.labels.count
                    let roll = random.next() % 8
                    if roll == 0 {
                        codeCells.append(scale.missing.first ?? "")
                        labelCells.append(["", "N/A", "Don't know"][Int(random.next() % 3)])
                        reversedCells.append("")
                        continue
                    }
                    let point = 1 + Int(random.next() % UInt64(k))
                    // A code as exports write it: integers maybe with leading zeros.
                    func written(_ code: ScaleCode) -> String {
                        if case .integer(let value) = code, random.next() % 3 == 0 {
                            return value < 0 ? "-0\(-value)" : "0\(value)"
                        }
                        return code.description
                    }
                    codeCells.append(written(scale.codes[point - 1]))
                    let label = scale.labels[point - 1]
                    labelCells.append(
                        [label, label.lowercased(), " \(label.uppercased())\u{A0}"][Int(random.next() % 3)])
                    reversedCells.append(written(scale.reversed.codes[k - point]))
                }
                let knowledge = ["true", "false", "DK", ""][Int(random.next() % 4)]
                let organisation = random.next() % 2 == 0 ? "A" : "B"
                func line(_ cells: [String]) -> String {
                    "r\(respondent),\(organisation)," + cells.prefix(3).joined(separator: ",") + ",\(knowledge),"
                        + cells.dropFirst(3).joined(separator: ",") + "\n"
                }
                byCode += line(codeCells)
                byLabel += line(labelCells)
                byReversedCode += line(reversedCells)
            }
            let expected = Self.outputs(instrument, byCode)
            XCTAssertEqual(Self.outputs(instrument, byLabel), expected, "round \(round): labels differ from codes")
            // The reversed scale, answered on it, with every item's reverse flag flipped: the same.
            let reversedInstrument = Self.instrument(
                scales.map(\.reversed), reverse: reverse.map { !$0 }, scaleOf: scaleOf)
            var reversedOutputs = Self.outputs(reversedInstrument, byReversedCode)
            var plainOutputs = expected
            // Straight-lining compares raw point numbers, which reversing changes: compared apart.
            reversedOutputs[3] = ""
            plainOutputs[3] = ""
            XCTAssertEqual(reversedOutputs, plainOutputs, "round \(round): a reversed scale with reverse items differs")
            // Reversing twice gives back the scale, the instrument and every output.
            let twice = Self.instrument(
                scales.map(\.reversed.reversed), reverse: reverse.map { !(!$0) }, scaleOf: scaleOf)
            XCTAssertEqual(twice, instrument)
            XCTAssertEqual(Self.outputs(twice, byCode), expected)
            for scale in scales {
                let twice = scale.reversed.reversed
                XCTAssertEqual(twice.labels, scale.labels)
                XCTAssertEqual(twice.codes, scale.codes)
                XCTAssertEqual(twice.favourable, scale.favourable)
                let k = scale.labels.count
                for point in 1...k {
                    XCTAssertEqual(
                        AnswerScale.score(point: k + 1 - point, of: k, reverse: true),
                        AnswerScale.score(point: point, of: k, reverse: false))
                }
            }
        }
    }
}
