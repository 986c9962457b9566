/// What `readiness init` makes of one column's answers: a scale (known, numbered or guessed
/// from use), a knowledge item, or nothing, with the reason said in the draft.
extension SurveyDraft {
    /// Scales whose labels have a natural order (least to most favourable).
    static let knownScales: [(name: String, labels: [String])] = [
        ("likert", Instrument.defaultLikertLabels),
        ("agree5n", ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]),
        (
            "agree7",
            [
                "Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree",
                "Agree", "Strongly agree",
            ]
        ),
        ("frequency5", ["Never", "Rarely", "Sometimes", "Often", "Always"]),
        ("frequency5v", ["Never", "Rarely", "Sometimes", "Very often", "Always"]),
        (
            "satisfaction5",
            [
                "Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
                "Very satisfied",
            ]
        ),
        (
            "importance5",
            [
                "Not at all important", "Slightly important", "Moderately important", "Very important",
                "Extremely important",
            ]
        ),
        (
            "confidence5",
            [
                "Not at all confident", "Slightly confident", "Somewhat confident", "Very confident",
                "Completely confident",
            ]
        ),
        ("yesno_unsure", ["No", "Unsure", "Yes"]),
    ]
    static let trueTokens = ["true", "t", "yes", "1", "sí", "si", "y"]
    static let falseTokens = ["false", "f", "no", "0", "n"]
    /// SPEC §8.1's default knowledge tokens; others found are added to the draft's lists.
    static let defaultTrueTokens = ["true", "t", "yes", "1"]
    static let defaultFalseTokens = ["false", "f", "no", "0"]
    /// Headings of questions that invite free text: never items, whatever their answers.
    static let freeTextWords = [
        "comment", "anything else", "please specify", "please explain", "why", "describe",
        "suggestion", "feedback", "tell us", "other (", "free text",
    ]
    /// A scale label is short; a longer answer is free text.
    static let maxLabelLength = 40
    static let notAnswerTokens = (Instrument.defaultMissingTokens + Instrument.defaultDontKnowTokens).map(
        TextMatching.key)

    /// What the draft makes of one column.
    enum Guess {
        case fixed(FixedColumn, String)
        /// Whole numbers from `low` to `high`: a scale decided with the column's neighbours.
        case numeric(low: Int, high: Int)
        case likert(scale: String?, comment: String)
        case knowledge(comment: String)
        case skipped(String)
    }

    /// What one column's answers look like.
    static func classify(
        _ column: ExportSample.Column, heading: String, platform: ExportPlatform,
        scales: inout [(name: String, labels: [String], codes: [Int]?, comment: String)],
        extraTokens: inout (true: [String], false: [String])
    ) -> Guess {
        let answers = column.values.filter { !notAnswerTokens.contains(TextMatching.key($0.text)) }
        let set = Set(answers.map { TextMatching.key($0.text) })
        let headingKey = TextMatching.normalisedKey(heading)
        if let word = freeTextWords.first(where: { headingKey.contains($0) }) {
            return .skipped("free text (its heading says '\(word)')")
        }
        if column.answered == 0 { return .skipped("no answers in the export: could not decide what it is") }
        if column.overflow || column.values.count > maxScalePoints {
            return .skipped("free text or identifiers (more than \(maxScalePoints) distinct answers)")
        }
        if answers.isEmpty { return .skipped("only missing or don't-know answers: could not decide what it is") }
        if answers.contains(where: { $0.text.unicodeScalars.count > maxLabelLength }) {
            return .skipped("free text (answers longer than \(maxLabelLength) characters)")
        }
        if set.isSubset(of: trueTokens + falseTokens) {
            for answer in answers
            where !(defaultTrueTokens + defaultFalseTokens).contains(TextMatching.key(answer.text)) {
                if trueTokens.contains(TextMatching.key(answer.text)) {
                    if !extraTokens.true.map(TextMatching.key).contains(TextMatching.key(answer.text)) {
                        extraTokens.true.append(answer.text)
                    }
                } else if !extraTokens.false.map(TextMatching.key).contains(TextMatching.key(answer.text)) {
                    extraTokens.false.append(answer.text)
                }
            }
            let note =
                set.isSubset(of: ["1", "0"])
                ? (platform == .redcap ? " (REDCap writes yes/no as 1/0)" : " (could also be a 2-point scale)") : ""
            return .knowledge(
                comment:
                    "answers \(set.sorted().joined(separator: "/"))\(note): "
                    + "a knowledge item; check: is answer true correct?"
            )
        }
        let numbers = answers.compactMap { Int($0.text) }
        if numbers.count == answers.count, let low = numbers.min(), let high = numbers.max() {
            guard low >= 0 else { return .skipped("negative numbers: not a scale") }
            return .numeric(low: low, high: high)
        }
        for known in knownScales {
            let keys = known.labels.map(TextMatching.key)
            guard set.count >= 2, set.isSubset(of: keys) else { continue }
            if known.name == "likert" {
                let middle =
                    set.contains(TextMatching.key(Instrument.defaultLikertLabels[2]))
                    ? ""
                    : "; no 'Neither agree nor disagree' seen: if the question had 4 points, declare a 4-point scale"
                return .likert(scale: nil, comment: "agreement answers: the built-in likert scale\(middle)")
            }
            if !scales.contains(where: { $0.name == known.name }) {
                scales.append((known.name, known.labels, nil, "a known scale, its labels in their natural order"))
            }
            return .likert(scale: known.name, comment: "answers match the known scale \(known.name)")
        }
        guard answers.count >= 2 else { return .skipped("a single distinct answer: could not decide what it is") }
        // A guessed scale needs answers that repeat; answers that do not are free text.
        guard column.answered >= 2 * answers.count else {
            return .skipped(
                "\(answers.count) distinct answers in \(column.answered) rows, "
                    + "too few repeats to tell a scale from free text; answers not copied"
            )
        }
        // Most used first; ties keep the order first seen.
        let ordered = answers.enumerated().sorted {
            $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset
        }
        .map(\.element.text)
        if let same = scales.first(where: {
            $0.codes == nil && Set($0.labels.map(TextMatching.key)) == set && $0.name.hasPrefix("scale")
        }) {
            return .likert(scale: same.name, comment: "the same answers as scale \(same.name)")
        }
        let name = "scale\(scales.filter { $0.name.hasPrefix("scale") }.count + 1)"
        scales.append(
            (
                name, ordered, nil,
                "guessed: \(ordered.count) labels in the order they "
                    + "are used most; put them from least to most favourable"
            ))
        return .likert(scale: name, comment: "\(ordered.count) distinct answers: scale \(name), guessed")
    }

    /// The question a column belongs to: `CUL` of `CUL[SQ001]`, `Q2` of `Q2_1`, the heading of
    /// `Heading [Row]` or `Heading | Row`, the question of Alchemer's `Row:Question`; else "".
    static func stem(_ name: String) -> String {
        if let bracket = name.firstIndex(of: "[") { return TextMatching.normalised(String(name[..<bracket])) }
        if let bar = name.range(of: " | ") { return String(name[..<bar.lowerBound]) }
        if let underscore = name.lastIndex(of: "_"), name[name.index(after: underscore)...].allSatisfy(\.isNumber),
            name.index(after: underscore) < name.endIndex
        {
            return String(name[..<underscore])
        }
        if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
        return ""
    }
}
