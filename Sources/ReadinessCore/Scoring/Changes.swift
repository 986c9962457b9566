import ReadinessStatistics

/// Who a change belongs to.
public enum ChangeScope: Sendable, Equatable {
    /// A register index.
    case organisation(Int)
    case national
}

/// What a change is measured against (the `against` column of `changes.csv`, SPEC §9.2).
public enum Comparison: String, Sendable, Equatable {
    /// The previous wave: for an organisation, the latest earlier wave in which that domain
    /// was published (R); nationally, the previous wave (P).
    case previous
    /// The baseline wave (B), when it closes before the previous wave.
    case baseline
}

/// The organisations behind a national change (SPEC §9.2, §9.9 rule 3).
public struct Cohort: Sendable, Equatable {
    /// m: organisations published at both waves (overall: scored at both).
    public var organisations: Int
    /// a: published at this wave but not in the cohort.
    public var onlyNow: Int
    /// b: published at the wave compared against but not in the cohort.
    public var onlyThen: Int
}

/// Change in one domain (or overall, `domain == nil`) against an earlier wave (SPEC §3.11, §9.2).
public struct Change: Sendable, Equatable {
    public var scope: ChangeScope
    /// Domain index, or nil for overall.
    public var domain: Int?
    public var against: Comparison
    /// The wave compared against, by its position in the survey's waves.
    public var reference: Int
    public var diff: Double?
    /// Welch's test for an organisation, the paired test for a national cohort; nil when not tested.
    public var test: TTest?
    public var adjustedP: Double?
    public var verdict: Verdict = .notTested
    /// National changes only.
    public var cohort: Cohort?

    /// Significant: adjusted p ≤ `alpha` and |diff| ≥ `min_change`, as printed.
    public var significant: Bool { verdict.isSignificant }

    /// ▲ for a significant rise, ▼ for a significant fall, empty otherwise.
    public var arrow: String { verdict.arrow }
}

/// An organisation's overall readiness against earlier waves: shown, never tested (SPEC §9.2).
public struct OverallChange: Sendable, Equatable {
    /// Register index.
    public var organisation: Int
    /// The latest earlier wave with an overall score, and the difference from it.
    public var previousWave: Int?
    public var sincePrevious: Double?
    /// The difference from the baseline, when this wave closes after it and it has a score there.
    public var sinceBaseline: Double?
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
            NationalFigure(
                scores: scores.organisations.compactMap { $0.domains[domain].published ? $0.domains[domain].mean : nil }
            )
        }
        overall = NationalFigure(scores: scores.organisations.compactMap(\.overall))
    }

    /// Domain figures followed by overall.
    public var all: [NationalFigure] { domains + [overall] }
}

/// Every comparison of one wave with earlier waves (SPEC §9.2): organisation changes
/// against the latest wave each domain was published and against the baseline, national
/// cohort changes against the previous wave and the baseline, each family adjusted by
/// Benjamini–Hochberg on its own.
public struct ChangeAnalysis: Sendable {
    public var organisationPrevious: [Change] = []
    public var nationalPrevious: [Change] = []
    public var organisationBaseline: [Change] = []
    public var nationalBaseline: [Change] = []
    /// Organisation overall differences, in the order of the wave's scored organisations.
    public var overall: [OverallChange] = []
    /// The previous wave P and, when baseline comparisons exist (B closes before P), B.
    public var previousWave: Int
    public var baselineWave: Int?

    /// The previous family (version 1's rows): organisation changes.
    public var organisationChanges: [Change] { organisationPrevious }
    /// The previous family: national changes, domains then overall.
    public var nationalChanges: [Change] { nationalPrevious }
    /// The rows of `centre/changes.csv` in order: previous rows, then baseline rows.
    public var rows: [Change] { organisationPrevious + nationalPrevious + organisationBaseline + nationalBaseline }

    /// The comparisons of wave `wave` of `history`; nil for the first wave.
    public init?(history: SurveyHistory, wave: Int) {
        var latest = LatestPublished(
            organisations: history.register.organisations.count, domainCount: history.domainCount)
        for earlier in 0..<wave { latest.record(history.scores[earlier], wave: earlier) }
        self.init(history: history, wave: wave, latest: latest)
    }

    /// The comparisons of wave `wave`, given the latest published waves of the waves before it.
    init?(history: SurveyHistory, wave: Int, latest: LatestPublished) {
        guard let previous = history.previous(of: wave) else { return nil }
        let thresholds = history.instrument.thresholds
        let domainCount = history.domainCount
        let b = history.baseline
        // Baseline comparisons exist when B closes before P; when P = B the previous serves.
        let baselineWave: Int? = b < previous ? b : nil
        previousWave = previous
        self.baselineWave = baselineWave
        let now = history.scores[wave]
        let baselineScores = baselineWave.map { history.scores[$0] }

        var organisationPrevious: [Change] = [], organisationBaseline: [Change] = []
        for organisation in now.organisations {
            let index = organisation.organisation
            for domain in 0..<domainCount where organisation.domains[domain].published {
                let current = organisation.domains[domain].summary
                let reference = latest.wave(organisation: index, domain: domain)
                if let reference, let before = history.scores[reference].organisation(index)?.domains[domain] {
                    organisationPrevious.append(
                        Self.organisationChange(index, domain, .previous, reference, current, before.summary))
                }
                if let baselineWave, reference != baselineWave,
                    let before = baselineScores?.organisation(index)?.domains[domain],
                    before.published
                {
                    organisationBaseline.append(
                        Self.organisationChange(index, domain, .baseline, baselineWave, current, before.summary))
                }
            }
            var overall = OverallChange(organisation: index)
            if let score = organisation.overall {
                if let reference = latest.wave(organisation: index, domain: nil),
                    let before = history.scores[reference].organisation(index)?.overall
                {
                    overall.previousWave = reference
                    overall.sincePrevious = score - before
                }
                if b < wave, let before = history.scores[b].organisation(index)?.overall {
                    overall.sinceBaseline = score - before
                }
            }
            self.overall.append(overall)
        }
        self.organisationPrevious = Self.adjust(organisationPrevious, thresholds)
        self.organisationBaseline = Self.adjust(organisationBaseline, thresholds)
        nationalPrevious = Self.adjust(
            Self.national(
                now, history.scores[previous], .previous, previous, domainCount,
                thresholds), thresholds)
        if let baselineWave, let baselineScores {
            nationalBaseline = Self.adjust(
                Self.national(now, baselineScores, .baseline, baselineWave, domainCount, thresholds),
                thresholds)
        }
    }

    /// The comparison a report shows as "since baseline" for an organisation's domain: the
    /// baseline row, or the previous row when it was made against the baseline (R = B, or
    /// P = B).
    ///
    /// nil when there is none.
    public func sinceBaseline(organisation: Int, domain: Int, baseline: Int) -> Change? {
        if let row = organisationBaseline.first(where: {
            $0.scope == .organisation(organisation) && $0.domain == domain
        }) {
            return row
        }
        return organisationPrevious.first {
            $0.scope == .organisation(organisation) && $0.domain == domain && $0.reference == baseline
        }
    }

    /// An organisation's change in a domain: Welch's test on respondent domain scores (§3.11)
    /// with its interval.
    static func organisationChange(
        _ organisation: Int, _ domain: Int, _ against: Comparison, _ reference: Int,
        _ now: SampleSummary, _ before: SampleSummary
    ) -> Change {
        var diff: Double?
        if let a = now.mean, let b = before.mean { diff = a - b }
        var test: TTest?
        if let a = now.mean, let b = before.mean, let va = now.variance, let vb = before.variance {
            test = Statistics.welchTest(n1: now.n, mean1: a, variance1: va, n2: before.n, mean2: b, variance2: vb)
        }
        return Change(
            scope: .organisation(organisation), domain: domain, against: against, reference: reference, diff: diff,
            test: test)
    }

    /// National cohort changes of every domain, then overall.
    static func national(
        _ now: WaveScores, _ then: WaveScores, _ against: Comparison, _ reference: Int, _ domainCount: Int,
        _ thresholds: Thresholds
    ) -> [Change] {
        let domains: [Int?] = Array(0..<domainCount) + [nil]
        return domains.map { domain in
            let result = cohortChange(
                now: scores(now, domain), then: scores(then, domain),
                smallestTested: DisclosureRules(thresholds).smallestTestedGroup)
            return Change(
                scope: .national, domain: domain, against: against, reference: reference, diff: result.diff,
                test: result.test, cohort: result.cohort)
        }
    }

    /// A wave's published scores in a domain (overall: scored), by register index in id order.
    static func scores(_ wave: WaveScores, _ domain: Int?) -> [(organisation: Int, score: Double)] {
        wave.organisations.compactMap { organisation in
            SurveyHistory.score(organisation, domain: domain).map { (organisation.organisation, $0) }
        }
    }

    /// The cohort change of §9.2: over the organisations in both lists (each sorted by
    /// organisation), diff = mean(now − then) at full precision, empty when none; the paired
    /// t-test unless m < max(2, k) (`smallestTested`) or every difference is the same.
    public static func cohortChange(
        now: [(organisation: Int, score: Double)], then: [(organisation: Int, score: Double)],
        smallestTested: Int
    ) -> (diff: Double?, test: TTest?, cohort: Cohort) {
        var differences: [Double] = []
        var i = 0, j = 0
        while i < now.count, j < then.count {
            if now[i].organisation == then[j].organisation {
                differences.append(now[i].score - then[j].score)
                i += 1
                j += 1
            } else if now[i].organisation < then[j].organisation {
                i += 1
            } else {
                j += 1
            }
        }
        let m = differences.count
        let cohort = Cohort(organisations: m, onlyNow: now.count - m, onlyThen: then.count - m)
        let test = m >= smallestTested ? Statistics.pairedT(differences: differences) : nil
        return (Statistics.mean(differences), test, cohort)
    }

    /// Adjusts the p-values of the tested changes as one family and gives each its verdict.
    static func adjust(_ changes: [Change], _ thresholds: Thresholds) -> [Change] {
        let tested = changes.indices.filter { changes[$0].test != nil }
        let adjusted = Statistics.benjaminiHochberg(tested.map { changes[$0].test!.p })
        var result = changes
        for (position, index) in tested.enumerated() { result[index].adjustedP = adjusted[position] }
        for index in result.indices {
            result[index].verdict = Verdict.of(
                diff: result[index].diff, adjustedP: result[index].adjustedP, thresholds: thresholds)
        }
        return result
    }
}
