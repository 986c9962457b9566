/// An answer as read from one cell, packed in a byte so that a respondent is one small
/// array: 0 not answered, 1–5 a likert value, then the knowledge answers.
public enum Answer {
    public static let none: UInt8 = 0
    public static let knowledgeTrue: UInt8 = 6
    public static let knowledgeFalse: UInt8 = 7
    public static let knowledgeDontKnow: UInt8 = 8
}

/// What a cell held, before scoring.
public enum CellReading: Equatable, Sendable {
    case notAnswered
    case answer(UInt8)
    case invalid
}

/// Reads likert and knowledge cells by the instrument's labels and tokens (SPEC §2.3, §7).
public struct CellParser: Sendable {
    let missing: Set<String>
    let dontKnow: Set<String>
    let labels: [String: UInt8]
    static let truths: [String: UInt8] = [
        "true": Answer.knowledgeTrue, "t": Answer.knowledgeTrue, "yes": Answer.knowledgeTrue,
        "false": Answer.knowledgeFalse, "f": Answer.knowledgeFalse, "no": Answer.knowledgeFalse,
    ]

    public init(instrument: Instrument) {
        missing = Set(instrument.missingTokens.map(TextMatching.key))
        dontKnow = Set(instrument.dontKnowTokens.map(TextMatching.key))
        var labels: [String: UInt8] = [:]
        for (index, label) in instrument.likertLabels.enumerated() where labels[TextMatching.key(label)] == nil {
            labels[TextMatching.key(label)] = UInt8(index + 1)
        }
        self.labels = labels
    }

    /// A likert cell: missing token, don't-know token, ASCII digits (`04` is 4), label.
    public func likert(_ cell: String) -> CellReading {
        let key = TextMatching.key(cell)
        if key.isEmpty || missing.contains(key) || dontKnow.contains(key) { return .notAnswered }
        let utf8 = key.utf8
        if utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            let digits = utf8.drop { $0 == 0x30 }
            if digits.count == 1, let digit = digits.first, (0x31...0x35).contains(digit) { return .answer(digit - 0x30) }
        }
        if let value = labels[key] { return .answer(value) }
        return .invalid
    }

    /// A knowledge cell: missing token, don't-know token (answered, incorrect), true/false.
    public func knowledge(_ cell: String) -> CellReading {
        let key = TextMatching.key(cell)
        if key.isEmpty || missing.contains(key) { return .notAnswered }
        if dontKnow.contains(key) { return .answer(Answer.knowledgeDontKnow) }
        if let value = Self.truths[key] { return .answer(value) }
        return .invalid
    }
}
