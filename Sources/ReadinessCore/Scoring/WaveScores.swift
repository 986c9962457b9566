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

/// The scorer's accumulators: fixed-size storage read and written without bounds or
/// copy-on-write checks in the one-pass loop (indices are computed from the layout).
final class Tally<Element> {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(index: Int) -> Element {
        unsafeAddress { UnsafePointer(base + index) }
        unsafeMutableAddress { base + index }
    }

    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// Cronbach's alpha of a domain over listwise-complete respondents (SPEC §3.10).
public struct Reliability: Sendable, Equatable {
    public var domain: Int
    public var n: Int
    public var alpha: Double?
}

/// Mean respondent domain scores of groups of respondents (roles, signatories), for the
/// national breakdowns.
public struct GroupBreakdown: Sendable, Equatable {
    public var names: [String]
    /// Scored respondents per group.
    public var respondents: [Int]
    /// `domains[domain][group]`: respondents with a domain score and their mean.
    public var domains: [[SampleSummary]]
}

/// Everything scored in one wave: pure values computed from respondents.
public struct WaveScores: Sendable {
    public var organisations: [OrganisationScores]
    public var nationalItems: [ItemResult]
    public var nationalConfidenceKnowledge: [ConfidenceKnowledge?]
    public var reliability: [Reliability]
    /// Roles in instrument order, then "Not stated"; groups without respondents left out.
    public var roles: GroupBreakdown
    /// Charter signatories, then the others.
    public var signatories: GroupBreakdown

    /// The organisation results for a register index, if it had scored respondents.
    public func organisation(_ index: Int) -> OrganisationScores? {
        organisations.first { $0.organisation == index }
    }
}

/// Scores a wave (SPEC §3) in one pass over the respondents: item, respondent and
/// organisation scores, item results, reliability and breakdowns, by accumulators whose
/// size grows with organisations × items, not with respondents.
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
    public func domainScores<Answers: Collection>(_ answers: Answers) -> [Double?] where Answers.Element == UInt8, Answers.Index == Int {
        var scores: [Double?] = []
        var offset = answers.startIndex
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

    /// Scores respondents of [Respondent] (tests and small inputs).
    public func score(_ respondents: [Respondent], organisationCount: Int, signatory: [Bool]? = nil) -> WaveScores {
        score(RespondentTable(respondents, itemCount: instrument.items.count), organisationCount: organisationCount,
              signatory: signatory)
    }

    /// Per-domain accumulators for Cronbach's alpha over listwise-complete respondents, in
    /// units of 25 points so that every sum is an exact integer.
    struct ReliabilityAccumulator {
        var n = 0
        var itemSums: [Int]
        var itemSquares: [Int]
        var totalSum = 0
        var totalSquares = 0
        init(items: Int) {
            itemSums = Array(repeating: 0, count: items)
            itemSquares = Array(repeating: 0, count: items)
        }

        /// α = k/(k − 1)·(1 − Σ var_i / var_total); the (n − 1) and 25² factors cancel.
        var alpha: Double? {
            let k = itemSums.count
            guard k >= 2, n >= 2 else { return nil }
            func scaledVariance(_ sum: Int, _ squares: Int) -> Double {
                let (product, overflow) = n.multipliedReportingOverflow(by: squares)
                if overflow { return Double(n) * Double(squares) - Double(sum) * Double(sum) }
                return Double(product - sum * sum)
            }
            let total = scaledVariance(totalSum, totalSquares)
            guard total > 0 else { return nil }
            var items = 0.0
            for index in 0..<k { items += scaledVariance(itemSums[index], itemSquares[index]) }
            return Double(k) / Double(k - 1) * (1 - items / total)
        }
    }

    public func score(_ table: RespondentTable, organisationCount: Int, signatory: [Bool]? = nil) -> WaveScores {
        let items = instrument.items
        let itemCount = items.count
        let domains = instrument.domains
        let domainCount = domains.count
        let favourableAt = Rounding.sixDecimals(instrument.thresholds.favourableScore)
        // Item layout: domain of each item, and its score for each answer code (nil: not answered).
        var domainOf: [Int] = []
        for (index, domain) in domains.enumerated() { domainOf += Array(repeating: index, count: domain.items.count) }
        // Score of each answer code per item, flat; NaN where the code means not answered.
        let scoreTable: [Double] = items.flatMap { item in (0...8).map { Self.itemScore(UInt8($0), item) ?? .nan } }
        let needed = domains.map { instrument.thresholds.minimumAnswered(outOf: $0.items.count) }
        let likertInDomain = domains.map { domain in domain.items.indices.filter { !domain.items[$0].isKnowledge } }
        let knowledgeItem = items.map(\.isKnowledge)

        let respondents = Tally<Int>(repeating: 0, count: organisationCount)
        let organisationDomains = Tally<RunningSummary>(repeating: RunningSummary(), count: organisationCount * domainCount)
        // Item counts, flat: answered, favourable, and the five raw values, per organisation × item.
        let itemAnswered = Tally<Int>(repeating: 0, count: organisationCount * itemCount)
        let itemFavourable = Tally<Int>(repeating: 0, count: organisationCount * itemCount)
        let itemValues = Tally<Int>(repeating: 0, count: organisationCount * itemCount * 5)
        // Confidence versus knowledge: (sum, cells) of likert and knowledge scores per scope and domain.
        let organisationCK = Tally<(Double, Int, Double, Int)>(repeating: (0, 0, 0, 0), count: organisationCount * domainCount)
        let roleGroups = instrument.roles.count + 1
        let roleCounts = Tally<Int>(repeating: 0, count: roleGroups)
        let roleDomains = Tally<RunningSummary>(repeating: RunningSummary(), count: roleGroups * domainCount)
        let signatoryCounts = Tally<Int>(repeating: 0, count: 2)
        let signatoryDomains = Tally<RunningSummary>(repeating: RunningSummary(), count: 2 * domainCount)
        var reliability = domains.indices.map { ReliabilityAccumulator(items: likertInDomain[$0].count) }

        let domainSums = Tally<Double>(repeating: 0, count: domainCount)
        let domainAnswered = Tally<Int>(repeating: 0, count: domainCount)
        let likertUnits = Tally<Int>(repeating: 0, count: itemCount)
        table.answers.withUnsafeBufferPointer { answers in
            for respondent in 0..<table.count {
                let organisation = Int(table.organisations[respondent])
                let role = Int(table.roles[respondent])
                let roleGroup = role < 0 ? roleGroups - 1 : role
                let signed = (signatory?[organisation] ?? false) ? 0 : 1
                respondents[organisation] += 1
                roleCounts[roleGroup] += 1
                signatoryCounts[signed] += 1
                for index in 0..<domainCount {
                    domainSums[index] = 0
                    domainAnswered[index] = 0
                }
                let base = respondent * itemCount
                for item in 0..<itemCount {
                    let answer = answers[base + item]
                    let score = scoreTable[item * 9 + Int(answer)]
                    if score.isNaN { continue }
                    let domain = domainOf[item]
                    domainSums[domain] += score
                    domainAnswered[domain] += 1
                    let favourable: Bool
                    let ckIndex = organisation * domainCount + domain
                    let cell = organisation * itemCount + item
                    if knowledgeItem[item] {
                        favourable = score == 100
                        organisationCK[ckIndex].2 += score
                        organisationCK[ckIndex].3 += 1
                    } else {
                        favourable = score >= favourableAt
                        itemValues[cell * 5 + Int(answer) - 1] += 1
                        organisationCK[ckIndex].0 += score
                        organisationCK[ckIndex].1 += 1
                        likertUnits[item] = Int(score) / 25
                    }
                    itemAnswered[cell] += 1
                    if favourable { itemFavourable[cell] += 1 }
                }
                var offset = 0
                for domain in 0..<domainCount {
                    if domainAnswered[domain] >= needed[domain] {
                        let value = domainSums[domain] / Double(domainAnswered[domain])
                        organisationDomains[organisation * domainCount + domain].add(value)
                        roleDomains[roleGroup * domainCount + domain].add(value)
                        signatoryDomains[signed * domainCount + domain].add(value)
                    }
                    let likert = likertInDomain[domain]
                    if likert.count >= 2, likert.allSatisfy({ answers[base + offset + $0] != Answer.none }) {
                        var total = 0
                        for (position, item) in likert.enumerated() {
                            let units = likertUnits[offset + item]
                            reliability[domain].itemSums[position] += units
                            reliability[domain].itemSquares[position] += units * units
                            total += units
                        }
                        reliability[domain].n += 1
                        reliability[domain].totalSum += total
                        reliability[domain].totalSquares += total * total
                    }
                    offset += domains[domain].items.count
                }
            }
        }

        // National figures are the sums over organisations (exact: counts, and multiples of 25).
        func itemResult(_ cell: Int) -> ItemResult {
            ItemResult(n: itemAnswered[cell], favourable: itemFavourable[cell],
                       distribution: (0..<5).map { itemValues[cell * 5 + $0] })
        }
        var nationalItems = [ItemResult](repeating: ItemResult(), count: itemCount)
        var nationalCK = [(Double, Int, Double, Int)](repeating: (0, 0, 0, 0), count: domainCount)
        for organisation in 0..<organisationCount where respondents[organisation] > 0 {
            for item in 0..<itemCount {
                let result = itemResult(organisation * itemCount + item)
                nationalItems[item].n += result.n
                nationalItems[item].favourable += result.favourable
                for value in 0..<5 { nationalItems[item].distribution[value] += result.distribution[value] }
            }
            for domain in 0..<domainCount {
                let sums = organisationCK[organisation * domainCount + domain]
                nationalCK[domain].0 += sums.0
                nationalCK[domain].1 += sums.1
                nationalCK[domain].2 += sums.2
                nationalCK[domain].3 += sums.3
            }
        }

        func confidence(_ sums: (Double, Int, Double, Int), _ domain: Int) -> ConfidenceKnowledge? {
            guard !domains[domain].likertItems.isEmpty, !domains[domain].knowledgeItems.isEmpty else { return nil }
            return ConfidenceKnowledge(confidence: sums.1 > 0 ? sums.0 / Double(sums.1) : nil,
                                       knowledge: sums.3 > 0 ? sums.2 / Double(sums.3) : nil,
                                       likertCells: sums.1, knowledgeCells: sums.3)
        }

        var organisations: [OrganisationScores] = []
        for organisation in 0..<organisationCount where respondents[organisation] > 0 {
            let scores = (0..<domainCount).map { domainScore(organisationDomains[organisation * domainCount + $0].summary) }
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
                organisation: organisation, respondents: respondents[organisation], domains: scores, overall: overall,
                overallLevel: overall.flatMap { instrument.level(of: $0)?.name }, overallReason: overallReason,
                items: (0..<itemCount).map { itemResult(organisation * itemCount + $0) },
                confidenceKnowledge: (0..<domainCount).map { confidence(organisationCK[organisation * domainCount + $0], $0) }))
        }

        func breakdown(_ names: [String], _ counts: [Int], _ summaries: [RunningSummary]) -> GroupBreakdown {
            let shown = counts.indices.filter { counts[$0] > 0 }
            return GroupBreakdown(
                names: shown.map { names[$0] }, respondents: shown.map { counts[$0] },
                domains: (0..<domainCount).map { domain in shown.map { summaries[$0 * domainCount + domain].summary } })
        }
        let reliabilityResults = domains.indices.compactMap { domain -> Reliability? in
            guard likertInDomain[domain].count >= 2 else { return nil }
            return Reliability(domain: domain, n: reliability[domain].n, alpha: reliability[domain].alpha)
        }
        return WaveScores(
            organisations: organisations, nationalItems: nationalItems,
            nationalConfidenceKnowledge: (0..<domainCount).map { confidence(nationalCK[$0], $0) },
            reliability: reliabilityResults,
            roles: breakdown(instrument.roles + ["Not stated"], roleCounts.array, roleDomains.array),
            signatories: breakdown(["Charter signatories", "Not yet signed"], signatoryCounts.array, signatoryDomains.array))
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
}
