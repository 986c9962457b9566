import Foundation

/// The questionnaire: domains, items, scales, levels and thresholds (SPEC §2.1).
public struct Instrument: Sendable, Equatable {
    public var id: String
    public var version: String
    public var title: String
    public var likertLabels: [String]
    public var missingTokens: [String]
    public var dontKnowTokens: [String]
    public var levels: [Level]
    public var thresholds: Thresholds
    public var columns: ColumnAliases
    public var roles: [String]
    public var domains: [Domain]
    public var glossary: [GlossaryEntry]
    /// Declared answer scales, in file order (SPEC §8.1); `likert` is built in.
    public var scales: [AnswerScale] = []
    /// The scale of likert items that name none.
    public var defaultScale = AnswerScale.builtInName
    /// Knowledge answers read as true and as false (SPEC §8.1).
    public var trueTokens = Instrument.defaultTrueTokens
    public var falseTokens = Instrument.defaultFalseTokens

    /// Every item in instrument order (domains in order, items in order).
    public var items: [Item] { domains.flatMap(\.items) }

    public static let defaultLikertLabels = [
        "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree",
    ]
    public static let defaultMissingTokens = ["", "N/A", "NA", "Not applicable", "Prefer not to say"]
    public static let defaultDontKnowTokens = ["Don't know", "Dont know", "DK"]
    public static let defaultTrueTokens = ["true", "t", "yes", "1"]
    public static let defaultFalseTokens = ["false", "f", "no", "0"]
    public static let defaultLevels = [
        Level(name: "Emerging", from: 0), Level(name: "Developing", from: 40),
        Level(name: "Established", from: 60), Level(name: "Leading", from: 80),
    ]

    /// The level band of a score, compared at the 6 decimals the CSV files print.
    public func level(of score: Double) -> Level? {
        let printed = Rounding.sixDecimals(score)
        return levels.last { $0.from <= printed }
    }
}

/// A named band on the 0–100 scale that starts at `from`.
public struct Level: Sendable, Equatable {
    public var name: String
    public var from: Double
    public init(name: String, from: Double) {
        self.name = name
        self.from = from
    }
}

/// The instrument's thresholds, with SPEC defaults.
public struct Thresholds: Sendable, Equatable {
    public var minRespondents = 10
    public var minOrganisations = 5
    /// The fraction as written, kept as a decimal so that `0.5 × 5` needs exactly 3 items.
    public var minAnsweredFraction = Decimal(string: "0.5")!
    public var favourableScore = 75.0
    public var minChange = 5.0
    public var alpha = 0.05
    /// The largest share of a national figure's respondents one organisation may supply (SPEC §4.6.2).
    public var maxOrganisationShare = 0.5
    public init() {}

    /// Every threshold as `instrument.yaml` names it, with its value as written there (and
    /// in `manifest.json`), in file order.
    public var entries: [(key: String, value: String)] {
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
        }
        return [
            ("min_respondents", String(minRespondents)), ("min_organisations", String(minOrganisations)),
            ("min_answered_fraction", "\(minAnsweredFraction)"), ("favourable_score", number(favourableScore)),
            ("min_change", number(minChange)), ("alpha", number(alpha)),
            ("max_organisation_share", number(maxOrganisationShare)),
        ]
    }

    /// The largest `min_respondents` or `min_organisations`: far above any survey, and far
    /// from where integer arithmetic could overflow.
    public static let maximumCount = 1_000_000_000
    /// Domain weights: wide enough for any scheme (shares, percentages), narrow enough that
    /// Σ weight × score stays finite and exact to the printed digit.
    public static let weightRange = 0.000_001...1_000_000.0

    /// `max(1, ceil(min_answered_fraction × k))` in exact decimal arithmetic.
    public func minimumAnswered(outOf itemCount: Int) -> Int {
        var product = minAnsweredFraction * Decimal(itemCount)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &product, 0, .up)
        let needed = NSDecimalNumber(decimal: rounded).intValue
        return max(1, needed)
    }
}

/// The fixed columns of a responses file.
public enum FixedColumn: String, CaseIterable, Sendable {
    case responseID = "response_id"
    case organisationID = "organisation_id"
    case submittedAt = "submitted_at"
    case role = "role"
}

/// Other header names under which the fixed columns may appear.
public struct ColumnAliases: Sendable, Equatable {
    public var aliases: [FixedColumn: [String]] = [:]
    public init(_ aliases: [FixedColumn: [String]] = [:]) { self.aliases = aliases }

    /// The column's own name followed by its aliases.
    public func names(of column: FixedColumn) -> [String] {
        [column.rawValue] + (aliases[column] ?? [])
    }
}

/// An ordered group of items scored together.
public struct Domain: Sendable, Equatable {
    public var id: String
    public var title: String
    public var weight: Double
    public var items: [Item]

    public var likertItems: [Item] { items.filter { !$0.isKnowledge } }
    public var knowledgeItems: [Item] { items.filter(\.isKnowledge) }
}

/// How an item is answered and scored.
public enum ItemKind: Sendable, Equatable {
    case likert(reverse: Bool)
    case knowledge(answer: Bool)
}

/// One question of the instrument.
public struct Item: Sendable, Equatable {
    public var id: String
    public var text: String
    public var kind: ItemKind
    public var aliases: [String]
    /// The scale this likert item names (`scale:`); nil for the instrument's default.
    public var scale: String? = nil

    public var isKnowledge: Bool {
        if case .knowledge = kind { return true }
        return false
    }
    public var isReverse: Bool {
        if case .likert(let reverse) = kind { return reverse }
        return false
    }
}

/// A term and its definition, printed at the end of reports.
public struct GlossaryEntry: Sendable, Equatable {
    public var term: String
    public var definition: String
}
