import ReadinessStatistics

/// Summary of a sample: what a t-interval and Welch's test need.
public struct SampleSummary: Sendable, Equatable {
    public var n: Int
    public var mean: Double?
    /// Sample variance (n − 1); nil when n < 2.
    public var variance: Double?

    public init(_ values: [Double]) {
        var running = RunningSummary()
        for value in values { running.add(value) }
        self = running.summary
    }

    public init(n: Int, mean: Double?, variance: Double?) {
        self.n = n
        self.mean = mean
        self.variance = variance
    }

    public var sd: Double? { variance.map { $0.squareRoot() } }
}

/// A sample summarised as it streams past: the mean from a compensated (Neumaier) sum,
/// left to right, as `Statistics.mean`; the variance by Welford's method; identical values
/// give exactly that value and a variance of exactly 0.
public struct RunningSummary: Sendable, Equatable {
    public private(set) var n = 0
    var sum = 0.0, compensation = 0.0
    var welfordMean = 0.0, m2 = 0.0
    var first = 0.0, allEqual = true

    public init() {}

    public mutating func add(_ x: Double) {
        if n == 0 {
            first = x
        } else if x != first {
            allEqual = false
        }
        n += 1
        let next = sum + x
        if abs(sum) >= abs(x) { compensation += (sum - next) + x } else { compensation += (x - next) + sum }
        sum = next
        let delta = x - welfordMean
        welfordMean += delta / Double(n)
        m2 += delta * (x - welfordMean)
    }

    public var summary: SampleSummary {
        guard n > 0 else { return SampleSummary(n: 0, mean: nil, variance: nil) }
        let mean = allEqual ? first : (sum.isFinite ? sum + compensation : sum) / Double(n)
        let variance: Double? = n < 2 ? nil : (allEqual ? 0 : max(0, m2) / Double(n - 1))
        return SampleSummary(n: n, mean: mean, variance: variance)
    }
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

/// Where the moments of each domain lie in `OrganisationScores.moments`.
public struct MomentLayout: Sendable, Equatable {
    /// Per domain: the number of answered counts tallied, the first slot, the fewest items answered.
    public var slots: [Int]
    public var slotBase: [Int]
    public var needed: [Int]
}

/// Everything scored in one wave: pure values computed from respondents.
public struct WaveScores: Sendable {
    public var organisations: [OrganisationScores]
    public var nationalItems: [ItemResult]
    public var nationalConfidenceKnowledge: [ConfidenceKnowledge?]
    public var reliability: [Reliability]
    /// Roles in instrument order, then "Not stated"; groups without respondents left out.
    public var roles: GroupBreakdown
    public var momentLayout: MomentLayout

    /// The organisation results for a register index, if it had scored respondents.
    public func organisation(_ index: Int) -> OrganisationScores? {
        // `organisations` is in register order: a binary search, as every wave's
        // comparisons look up every organisation.
        var low = 0, high = organisations.count
        while low < high {
            let middle = (low + high) / 2
            if organisations[middle].organisation < index { low = middle + 1 } else { high = middle }
        }
        return low < organisations.count && organisations[low].organisation == index ? organisations[low] : nil
    }

    /// The summary of the pooled respondent domain scores of some organisations (positions
    /// in `organisations`): exact, as if their respondents had been tallied together.
    public func pooledSummary(_ members: [Int], domain: Int) -> SampleSummary {
        let slots = momentLayout.slots[domain]
        let start = momentLayout.slotBase[domain] * ScoreMoments.stride
        var pooled = [Int](repeating: 0, count: max(1, slots * ScoreMoments.stride))
        for member in members {
            let moments = organisations[member].moments
            for index in 0..<(slots * ScoreMoments.stride) { pooled[index] += moments[start + index] }
        }
        return pooled.withUnsafeBufferPointer {
            ScoreMoments.summary($0.baseAddress!, slots: slots, lowest: momentLayout.needed[domain])
        }
    }
}

/// Scores a wave (SPEC §3) in one pass over the respondents: item, respondent and
/// organisation scores, item results, reliability and breakdowns, by accumulators whose
/// size grows with organisations × items, not with respondents.
public struct WaveScorer: Sendable {
    public let instrument: Instrument

    public init(instrument: Instrument) { self.instrument = instrument }

    /// The 0–100 score of an answer to an item on a scale of `points` points, nil when not
    /// answered (SPEC §8.1 "Scoring").
    public static func itemScore(_ answer: UInt8, _ item: Item, points: Int) -> Double? {
        guard answer != Answer.none else { return nil }
        switch item.kind {
        case .likert(let reverse):
            guard Int(answer) <= points else { return nil }
            return AnswerScale.score(point: Int(answer), of: points, reverse: reverse)
        case .knowledge(let key):
            if answer == Answer.knowledgeDontKnow { return 0 }
            return (answer == Answer.knowledgeTrue) == key ? 100 : 0
        }
    }

    /// Domain scores of one respondent: the mean of answered item scores when enough were answered.
    public func domainScores<Answers: Collection>(_ answers: Answers) -> [Double?]
    where Answers.Element == UInt8, Answers.Index == Int {
        var scores: [Double?] = []
        var offset = answers.startIndex
        for domain in instrument.domains {
            var sum = 0.0, answered = 0
            for (position, item) in domain.items.enumerated() {
                if let score = Self.itemScore(
                    answers[offset + position], item, points: instrument.scale(of: item).points)
                {
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

    /// Scores respondents given one by one (tests and small inputs): tallies them, then
    /// scores the tally.
    public func score(_ respondents: [Respondent], organisationCount: Int) -> WaveScores {
        let tally = WaveTally(layout: TallyLayout(instrument: instrument), organisationCount: organisationCount)
        for respondent in respondents {
            respondent.answers.withUnsafeBufferPointer { answers in
                tally.apply(
                    organisation: respondent.organisation, role: respondent.role ?? -1, answers: answers.baseAddress!,
                    invalidItems: UnsafeBufferPointer(start: nil, count: 0), date: .present, roleInvalid: false, sign: 1
                )
            }
        }
        return scores(tally)
    }

    /// Cronbach's alpha from exact integer accumulators in units of 100/L points:
    /// α = k/(k − 1)·(1 − Σ var_i / var_total); the (n − 1) and (100/L)² factors cancel.
    static func alpha(n: Int, totalSum: Int, totalSquares: Int, itemSums: [Int], itemSquares: [Int]) -> Double? {
        let k = itemSums.count
        guard k >= 2, n >= 2 else { return nil }
        func scaledVariance(_ sum: Int, _ squares: Int) -> Double {
            Double(Int128(n) * Int128(squares) - Int128(sum) * Int128(sum))
        }
        let total = scaledVariance(totalSum, totalSquares)
        guard total > 0 else { return nil }
        var items = 0.0
        for index in 0..<k { items += scaledVariance(itemSums[index], itemSquares[index]) }
        return Double(k) / Double(k - 1) * (1 - items / total)
    }

    /// Every score of a wave from its tally (SPEC §3): organisation domain scores with
    /// intervals, overall readiness and levels, item results, confidence versus knowledge,
    /// reliability and the role breakdown.
    public func scores(_ tally: WaveTally) -> WaveScores {
        let items = instrument.items
        let itemCount = items.count
        let domains = instrument.domains
        let domainCount = domains.count
        let organisationCount = tally.organisationCount
        let layout = tally.layout
        let codes = layout.codes

        /// Item results and confidence/knowledge sums of the organisations given.
        func itemResults(_ organisations: [Int]) -> [ItemResult] {
            (0..<itemCount).map { item in
                var result = ItemResult()
                if !layout.knowledge[item] { result.distribution = Array(repeating: 0, count: layout.points[item]) }
                for organisation in organisations {
                    for code in 1..<codes {
                        let count = tally.codeCount(organisation, item: item, code: code)
                        guard count > 0, layout.units(item: item, code: code) != nil else { continue }
                        result.n += count
                        if layout.favourable[item * codes + code] { result.favourable += count }
                        if !layout.knowledge[item] { result.distribution[code - 1] += count }
                    }
                }
                return result
            }
        }
        func confidence(_ organisations: [Int], _ domain: Int) -> ConfidenceKnowledge? {
            guard !domains[domain].likertItems.isEmpty, !domains[domain].knowledgeItems.isEmpty else { return nil }
            var likertUnits = 0, likertCells = 0, knowledgeUnits = 0, knowledgeCells = 0
            for item in 0..<itemCount where layout.domainOf[item] == domain {
                for organisation in organisations {
                    for code in 1..<codes {
                        let count = tally.codeCount(organisation, item: item, code: code)
                        guard count > 0, let units = layout.units(item: item, code: code) else { continue }
                        if layout.knowledge[item] {
                            knowledgeUnits += count * units
                            knowledgeCells += count
                        } else {
                            likertUnits += count * units
                            likertCells += count
                        }
                    }
                }
            }
            // Exact quotients: for L = 4, bit for bit 25 · units / cells.
            let denominator = layout.denominators[domain]
            return ConfidenceKnowledge(
                confidence: likertCells > 0 ? Double(100 * likertUnits) / Double(denominator * likertCells) : nil,
                knowledge: knowledgeCells > 0
                    ? Double(100 * knowledgeUnits) / Double(denominator * knowledgeCells) : nil,
                                       likertCells: likertCells, knowledgeCells: knowledgeCells)
        }

        let taking = (0..<organisationCount).filter { tally.respondents($0) > 0 }
        var organisations: [OrganisationScores] = []
        organisations.reserveCapacity(taking.count)
        for organisation in taking {
            let scores = (0..<domainCount).map { domainScore(tally.organisationSummary(organisation, domain: $0)) }
            var overall: Double?
            var overallReason = ""
            if scores.allSatisfy(\.published) {
                var weighted = 0.0, weights = 0.0
                for (domain, score) in zip(domains, scores) {
                    weighted += domain.weight * (score.mean ?? 0)
                    weights += domain.weight
                }
                overall = weighted / weights
            } else {
                let suppressed = zip(domains, scores).filter { !$0.1.published }.map(\.0.id)
                overallReason = "not every domain published (suppressed: \(suppressed.joined(separator: ", ")))"
            }
            organisations.append(OrganisationScores(
                    organisation: organisation, respondents: tally.respondents(organisation), domains: scores,
                    overall: overall,
                overallLevel: overall.flatMap { instrument.level(of: $0)?.name }, overallReason: overallReason,
                items: itemResults([organisation]),
                confidenceKnowledge: (0..<domainCount).map { confidence([organisation], $0) },
                contributions: tally.contributions(organisation), moments: tally.moments(organisation)))
        }

        // Roles were tallied per row; groups of organisations (signatories) are pooled from
        // `moments` where they are reported.
        let roles: GroupBreakdown = {
            let names = instrument.roles + ["Not stated"]
            let shown = names.indices.filter { tally.roleCount($0) > 0 }
            return GroupBreakdown(
                names: shown.map { names[$0] }, groups: shown, respondents: shown.map { tally.roleCount($0) },
                domains: (0..<domainCount).map { domain in shown.map { tally.roleSummary($0, domain: domain) } })
        }()
        let reliabilityResults = domains.indices.compactMap { domain -> Reliability? in
            guard layout.likert[domain].count >= 2 else { return nil }
            let sums = tally.reliability(domain)
            return Reliability(domain: domain, n: sums.n,
                               alpha: Self.alpha(n: sums.n, totalSum: sums.totalSum, totalSquares: sums.totalSquares,
                                                 itemSums: sums.itemSums, itemSquares: sums.itemSquares))
        }
        return WaveScores(
            organisations: organisations, nationalItems: itemResults(taking),
            nationalConfidenceKnowledge: (0..<domainCount).map { confidence(taking, $0) },
            reliability: reliabilityResults, roles: roles,
            momentLayout: MomentLayout(slots: layout.slots, slotBase: layout.slotBase, needed: layout.needed))
    }

    /// An organisation domain score with its interval, level and publication decision.
    func domainScore(_ summary: SampleSummary) -> DomainScore {
        var low: Double?, high: Double?
        if summary.n >= 2, let mean = summary.mean, let sd = summary.sd,
           let interval = Statistics.tInterval(mean: mean, sd: sd, n: summary.n) {
            low = min(100, max(0, interval.low))
            high = min(100, max(0, interval.high))
        }
        let suppression = DisclosureRules(instrument.thresholds).organisationScore(respondents: summary.n)
        return DomainScore(
            summary: summary, ciLow: low, ciHigh: high,
            level: summary.mean.flatMap { instrument.level(of: $0)?.name }, published: suppression == nil,
            reason: suppression?.reason ?? "")
    }
}
