/// Who a change belongs to.
public enum ChangeScope: Sendable, Equatable {
    /// A register index.
    case organisation(Int)
    case national
}

/// Change in one domain (or overall, `domain == nil`) since the previous wave (SPEC §3.11).
public struct Change: Sendable, Equatable {
    public var scope: ChangeScope
    /// Domain index, or nil for overall.
    public var domain: Int?
    public var diff: Double?
    public var test: WelchTest?
    public var adjustedP: Double?
    public var significant: Bool

    /// ▲ for a significant rise, ▼ for a significant fall, empty otherwise.
    public var arrow: String {
        guard significant, let diff else { return "" }
        return diff > 0 ? "▲" : "▼"
    }
}

/// National distribution of published organisation scores in one domain or overall.
public struct NationalFigure: Sendable, Equatable {
    /// Published organisation scores, in register order.
    public var scores: [Double]
    public var summary: SampleSummary { SampleSummary(scores) }
    public var quartiles: (lower: Double, median: Double, upper: Double)? { Statistics.quartiles(scores) }
}

/// National figures of a wave: per domain then overall (SPEC §3.9).
public struct NationalFigures: Sendable {
    public var domains: [NationalFigure]
    public var overall: NationalFigure

    public init(_ scores: WaveScores, domainCount: Int) {
        domains = (0..<domainCount).map { domain in
            NationalFigure(scores: scores.organisations.compactMap { $0.domains[domain].published ? $0.domains[domain].mean : nil })
        }
        overall = NationalFigure(scores: scores.organisations.compactMap(\.overall))
    }

    /// Domain figures followed by overall.
    public var all: [NationalFigure] { domains + [overall] }
}

/// Compares a wave with its previous wave, with Benjamini–Hochberg per family.
public struct ChangeAnalysis: Sendable {
    public var organisationChanges: [Change]
    public var nationalChanges: [Change]

    public init(current: WaveScores, previous: WaveScores, register: Register, thresholds: Thresholds, domainCount: Int) {
        var organisations: [Change] = []
        for now in current.organisations {
            guard let before = previous.organisation(now.organisation) else { continue }
            for domain in 0..<domainCount {
                let a = now.domains[domain], b = before.domains[domain]
                guard a.published, b.published else { continue }
                organisations.append(Self.change(.organisation(now.organisation), domain, a.summary, b.summary))
            }
        }
        let nowFigures = NationalFigures(current, domainCount: domainCount)
        let beforeFigures = NationalFigures(previous, domainCount: domainCount)
        var national: [Change] = []
        for (index, (a, b)) in zip(nowFigures.all, beforeFigures.all).enumerated() {
            national.append(Self.change(.national, index < domainCount ? index : nil, a.summary, b.summary))
        }
        organisationChanges = Self.adjust(organisations, thresholds)
        nationalChanges = Self.adjust(national, thresholds)
    }

    static func change(_ scope: ChangeScope, _ domain: Int?, _ now: SampleSummary, _ before: SampleSummary) -> Change {
        var diff: Double?
        if let a = now.mean, let b = before.mean { diff = a - b }
        var test: WelchTest?
        if let a = now.mean, let b = before.mean, let va = now.variance, let vb = before.variance {
            test = Statistics.welch(n1: now.n, mean1: a, variance1: va, n2: before.n, mean2: b, variance2: vb)
        }
        return Change(scope: scope, domain: domain, diff: diff, test: test, adjustedP: nil, significant: false)
    }

    /// Adjusts the p-values of the tested changes as one family and marks significance.
    static func adjust(_ changes: [Change], _ thresholds: Thresholds) -> [Change] {
        let tested = changes.indices.filter { changes[$0].test != nil }
        let adjusted = Statistics.benjaminiHochberg(tested.map { changes[$0].test!.p })
        var result = changes
        let alpha = Rounding.sixDecimals(thresholds.alpha)
        let minChange = Rounding.sixDecimals(thresholds.minChange)
        for (position, index) in tested.enumerated() {
            result[index].adjustedP = adjusted[position]
            let diff = Rounding.sixDecimals(result[index].diff ?? 0)
            result[index].significant = Rounding.sixDecimals(adjusted[position]) <= alpha && abs(diff) >= minChange
        }
        return result
    }
}
