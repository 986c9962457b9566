/// Summary of a sample: what a t-interval and Welch's test need.
public struct SampleSummary: Sendable, Equatable {
    public var n: Int
    public var mean: Double?
    /// Sample variance (n − 1); nil when n < 2.
    public var variance: Double?

    public init(_ values: [Double]) {
        n = values.count
        mean = Statistics.mean(values)
        // Identical values have variance exactly 0, whatever rounding the mean picked up.
        let identical = values.dropFirst().allSatisfy { $0 == values.first }
        variance = values.count >= 2 && identical ? 0 : Statistics.sampleVariance(values)
    }

    public var sd: Double? { variance.map { $0.squareRoot() } }
}

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
}

/// n answered and % favourable (or correct) of an item in a scope (SPEC §3.6).
public struct ItemResult: Sendable, Equatable {
    public var n = 0
    public var favourable = 0
    /// Counts of raw values 1–5 (likert items), for the diverging chart.
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

/// Everything scored in one wave: pure values computed from respondents.
public struct WaveScores: Sendable {
    public var organisations: [OrganisationScores]
    public var nationalItems: [ItemResult]
    public var nationalConfidenceKnowledge: [ConfidenceKnowledge?]
    public var reliability: [Reliability]
    /// Respondent domain scores per respondent (nil where not scored), in respondent order.
    public var respondentDomainScores: [[Double?]]

    /// The organisation results for a register index, if it had scored respondents.
    public func organisation(_ index: Int) -> OrganisationScores? {
        organisations.first { $0.organisation == index }
    }
}

/// Scores a wave (SPEC §3): item, respondent, organisation, item results, reliability.
public struct WaveScorer: Sendable {
    public let instrument: Instrument

    public init(instrument: Instrument) { self.instrument = instrument }

    /// The 0–100 score of an answer to an item, nil when not answered.
    public static func itemScore(_ answer: UInt8, _ item: Item) -> Double? {
        guard answer != Answer.none else { return nil }
        switch item.kind {
        case .likert(let reverse):
            return reverse ? Double(5 - Int(answer)) * 25 : Double(Int(answer) - 1) * 25
        case .knowledge(let key):
            if answer == Answer.knowledgeDontKnow { return 0 }
            return (answer == Answer.knowledgeTrue) == key ? 100 : 0
        }
    }

    /// Domain scores of one respondent: the mean of answered item scores when enough were answered.
    public func domainScores(_ answers: [UInt8]) -> [Double?] {
        var offset = 0
        var scores: [Double?] = []
        for domain in instrument.domains {
            var sum = 0.0, answered = 0
            for (position, item) in domain.items.enumerated() {
                if let score = Self.itemScore(answers[offset + position], item) {
                    sum += score
                    answered += 1
                }
            }
            let needed = instrument.thresholds.minimumAnswered(outOf: domain.items.count)
            scores.append(answered >= needed ? sum / Double(answered) : nil)
            offset += domain.items.count
        }
        return scores
    }

    public func score(_ respondents: [Respondent], organisationCount: Int) -> WaveScores {
        let items = instrument.items
        let domainScores = respondents.map { self.domainScores($0.answers) }
        let favourableAt = Rounding.sixDecimals(instrument.thresholds.favourableScore)

        var byOrganisation = [[Int]](repeating: [], count: organisationCount)
        for (position, respondent) in respondents.enumerated() {
            byOrganisation[respondent.organisation].append(position)
        }

        func itemResults(_ members: [Int]) -> [ItemResult] {
            var results = [ItemResult](repeating: ItemResult(), count: items.count)
            for member in members {
                let answers = respondents[member].answers
                for (index, item) in items.enumerated() {
                    let answer = answers[index]
                    guard let score = Self.itemScore(answer, item) else { continue }
                    results[index].n += 1
                    if item.isKnowledge {
                        if score == 100 { results[index].favourable += 1 }
                    } else {
                        results[index].distribution[Int(answer) - 1] += 1
                        // Item scores are multiples of 25, exact at 6 decimals already.
                        if score >= favourableAt { results[index].favourable += 1 }
                    }
                }
            }
            return results
        }

        func confidenceKnowledge(_ members: [Int]) -> [ConfidenceKnowledge?] {
            var offset = 0
            var results: [ConfidenceKnowledge?] = []
            for domain in instrument.domains {
                defer { offset += domain.items.count }
                guard !domain.likertItems.isEmpty, !domain.knowledgeItems.isEmpty else {
                    results.append(nil)
                    continue
                }
                var likert: [Double] = [], knowledge: [Double] = []
                for member in members {
                    for (position, item) in domain.items.enumerated() {
                        guard let score = Self.itemScore(respondents[member].answers[offset + position], item) else { continue }
                        if item.isKnowledge { knowledge.append(score) } else { likert.append(score) }
                    }
                }
                results.append(ConfidenceKnowledge(
                    confidence: Statistics.mean(likert), knowledge: Statistics.mean(knowledge),
                    likertCells: likert.count, knowledgeCells: knowledge.count))
            }
            return results
        }

        var organisations: [OrganisationScores] = []
        for (organisation, members) in byOrganisation.enumerated() where !members.isEmpty {
            var domains: [DomainScore] = []
            for domainIndex in instrument.domains.indices {
                let values = members.compactMap { domainScores[$0][domainIndex] }
                domains.append(domainScore(SampleSummary(values)))
            }
            var overall: Double?
            var overallReason = ""
            if domains.allSatisfy(\.published) {
                var weighted = 0.0, weights = 0.0
                for (domain, score) in zip(instrument.domains, domains) {
                    weighted += domain.weight * (score.mean ?? 0)
                    weights += domain.weight
                }
                overall = weighted / weights
            } else {
                let suppressed = zip(instrument.domains, domains).filter { !$0.1.published }.map(\.0.id)
                overallReason = "not every domain published (suppressed: \(suppressed.joined(separator: ", ")))"
            }
            organisations.append(OrganisationScores(
                organisation: organisation, respondents: members.count, domains: domains, overall: overall,
                overallLevel: overall.flatMap { instrument.level(of: $0)?.name }, overallReason: overallReason,
                items: itemResults(members), confidenceKnowledge: confidenceKnowledge(members)))
        }

        let everyone = Array(respondents.indices)
        return WaveScores(
            organisations: organisations, nationalItems: itemResults(everyone),
            nationalConfidenceKnowledge: confidenceKnowledge(everyone),
            reliability: reliability(respondents), respondentDomainScores: domainScores)
    }

    /// An organisation domain score with its interval, level and publication decision.
    func domainScore(_ summary: SampleSummary) -> DomainScore {
        var low: Double?, high: Double?
        if summary.n >= 2, let mean = summary.mean, let sd = summary.sd,
           let interval = Statistics.tInterval(mean: mean, sd: sd, n: summary.n) {
            low = min(100, max(0, interval.low))
            high = min(100, max(0, interval.high))
        }
        let minimum = instrument.thresholds.minRespondents
        let published = summary.n >= minimum
        return DomainScore(
            summary: summary, ciLow: low, ciHigh: high,
            level: summary.mean.flatMap { instrument.level(of: $0)?.name }, published: published,
            reason: published ? "" : "fewer than \(minimum) respondents")
    }

    /// Cronbach's alpha per domain with at least two likert items, listwise over scored respondents.
    func reliability(_ respondents: [Respondent]) -> [Reliability] {
        var results: [Reliability] = []
        var offset = 0
        for (domainIndex, domain) in instrument.domains.enumerated() {
            defer { offset += domain.items.count }
            let likert = domain.items.indices.filter { !domain.items[$0].isKnowledge }
            guard likert.count >= 2 else { continue }
            var rows: [[Double]] = []
            for respondent in respondents {
                let row = likert.compactMap { Self.itemScore(respondent.answers[offset + $0], domain.items[$0]) }
                if row.count == likert.count { rows.append(row) }
            }
            results.append(Reliability(domain: domainIndex, n: rows.count, alpha: Statistics.cronbachAlpha(rows)))
        }
        return results
    }
}
