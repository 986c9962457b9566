import ReadinessStatistics

/// The peers a partner is compared with in one domain or overall (SPEC §3.8).
public struct BenchmarkGroup: Sendable, Equatable {
    /// The sector's name, or nil when the group is all organisations.
    public var sector: String?
    public var count: Int
    public var mean: Double
    public var lower: Double
    public var median: Double
    public var upper: Double

    public var name: String { sector ?? "All organisations" }

    /// Where a score sits against the group's quartiles, compared at 6 decimals.
    public func position(of score: Double) -> BenchmarkPosition {
        let value = Rounding.sixDecimals(score)
        if value > Rounding.sixDecimals(upper) { return .aboveUpperQuartile }
        if value < Rounding.sixDecimals(lower) { return .belowLowerQuartile }
        return .betweenQuartiles
    }
}

/// A partner's place in its benchmark group.
public enum BenchmarkPosition: String, Sendable {
    case aboveUpperQuartile = "above upper quartile"
    case betweenQuartiles = "between quartiles"
    case belowLowerQuartile = "below lower quartile"
}

/// Benchmark groups per sector, falling back to all organisations per domain when a sector
/// has too few published scores there to be a group (`DisclosureRules.isGroup`).
public struct Benchmarks: Sendable {
    let scores: WaveScores
    let register: Register
    let rules: DisclosureRules
    let domainCount: Int
    /// Every group, computed once: `groups[sector][domain]`, overall at index `domainCount`.
    private(set) var groups: [String: [BenchmarkGroup?]] = [:]

    public init(scores: WaveScores, register: Register, thresholds: Thresholds, domainCount: Int) {
        self.scores = scores
        self.register = register
        rules = DisclosureRules(thresholds)
        self.domainCount = domainCount
        var groups: [String: [BenchmarkGroup?]] = [:]
        for sector in Set(register.organisations.map(\.sector)) {
            groups[sector] = (0...domainCount).map {
                computeGroup(sector: sector, domain: $0 == domainCount ? nil : $0)
            }
        }
        self.groups = groups
    }

    /// Published scores of a domain (nil: overall), optionally of one sector only.
    func publishedScores(domain: Int?, sector: String?) -> [Double] {
        scores.organisations.compactMap { organisation in
            if let sector, register.organisations[organisation.organisation].sector != sector { return nil }
            if let domain {
                let score = organisation.domains[domain]
                return score.published ? score.mean : nil
            }
            return organisation.overall
        }
    }

    /// The group for an organisation of `sector` in `domain` (nil: overall); nil when nothing is published.
    public func group(sector: String, domain: Int?) -> BenchmarkGroup? {
        if let cached = groups[sector] { return cached[domain ?? domainCount] }
        return computeGroup(sector: sector, domain: domain)
    }

    func computeGroup(sector: String, domain: Int?) -> BenchmarkGroup? {
        var values = publishedScores(domain: domain, sector: sector)
        var groupSector: String? = sector
        if !rules.isGroup(organisations: values.count) {
            values = publishedScores(domain: domain, sector: nil)
            groupSector = nil
        }
        guard let mean = Statistics.mean(values), let quartiles = Statistics.quartiles(values) else { return nil }
        return BenchmarkGroup(
            sector: groupSector, count: values.count, mean: mean, lower: quartiles.lower,
            median: quartiles.median, upper: quartiles.upper)
    }
}
