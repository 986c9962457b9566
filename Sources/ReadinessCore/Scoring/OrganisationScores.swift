import ReadinessStatistics

/// An organisation's score in one domain, with its publication decision (SPEC §3.3, §4.1).
public struct DomainScore: Sendable, Equatable {
    public var summary: SampleSummary
    public var ciLow: Double?
    public var ciHigh: Double?
    public var level: String?
    public var published: Bool
    /// Why the score is suppressed; empty when published.
    public var reason: String

    public var n: Int { summary.n }
    public var mean: Double? { summary.mean }
}

/// An organisation's results in one wave.
public struct OrganisationScores: Sendable, Equatable {
    /// Index in the register.
    public var organisation: Int
    /// Scored respondents.
    public var respondents: Int
    public var domains: [DomainScore]
    public var overall: Double?
    public var overallLevel: String?
    public var overallReason: String
    public var items: [ItemResult]
    public var confidenceKnowledge: [ConfidenceKnowledge?]
    /// Respondents behind the figures pooled over respondents, for disclosure control.
    public var contributions: Contributions
    /// The exact moments of the respondent domain scores (`WaveTally.moments`), so that
    /// any group of organisations can be pooled exactly (`WaveScores.pooledSummary`).
    public var moments: [Int]
}

/// n answered and % favourable (or correct) of an item in a scope (SPEC §3.6).
public struct ItemResult: Sendable, Equatable {
    public var n = 0
    public var favourable = 0
    /// Counts of points 1–k (likert items), for the diverging chart.
    public var distribution = [0, 0, 0, 0, 0]

    /// % favourable, 0–100; nil when n = 0.
    public var percent: Double? { n == 0 ? nil : 100 * Double(favourable) / Double(n) }

    /// The 95% Wilson interval in percent.
    public var interval: (low: Double, high: Double)? {
        Statistics.wilsonInterval(successes: favourable, n: n).map { (100 * $0.low, 100 * $0.high) }
    }
}

/// Confidence versus knowledge in a mixed domain (SPEC §3.7).
public struct ConfidenceKnowledge: Sendable, Equatable {
    public var confidence: Double?
    public var knowledge: Double?
    public var likertCells: Int
    public var knowledgeCells: Int
    public var gap: Double? {
        guard let confidence, let knowledge else { return nil }
        return confidence - knowledge
    }
}

/// Cronbach's alpha of a domain over listwise-complete respondents (SPEC §3.10).
public struct Reliability: Sendable, Equatable {
    public var domain: Int
    public var n: Int
    public var alpha: Double?
}

/// Mean respondent domain scores of groups of respondents (roles), for the national
/// breakdowns.
public struct GroupBreakdown: Sendable, Equatable {
    public var names: [String]
    /// Each group's index among the tally's groups (roles: instrument order, then not stated).
    public var groups: [Int]
    /// Scored respondents per group.
    public var respondents: [Int]
    /// `domains[domain][group]`: respondents with a domain score and their mean.
    public var domains: [[SampleSummary]]
}
