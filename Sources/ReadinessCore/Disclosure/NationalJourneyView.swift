/// What the national report may show of the journey since the baseline (SPEC §9.8 "The
/// journey", §9.9 rules 2, 3, 4 and 6): counts per wave, group statistics resting on at least
/// k organisations, cohort changes that give away no few organisations' total, and the
/// charter evaluation.
///
/// It never says in which waves a particular organisation took part.
public struct NationalJourney: Sendable {
    /// The waves of the journey, in order; this wave is the last.
    public var waves: [Wave]
    /// The baseline's position among the survey's waves (it may close after this wave).
    public var baseline: Int
    /// Per wave: who took part (counts, always shown).
    public var takingPart: [WaveTakingPart]
    /// Organisations whose first wave is this one (§9.6): a count, never names.
    public var newPartners: Int
    /// A "Since previous" column: there is a previous wave and it is not the baseline.
    public var showsSincePrevious: Bool
    /// A "Since baseline" column: this wave closes after the baseline.
    public var showsSinceBaseline: Bool
    /// The domains in instrument order, then overall readiness.
    public var rows: [NationalJourneyRow]
    /// The charter evaluation, when this wave closes after the baseline.
    public var charter: NationalCharter?

    public var wave: Wave { waves[waves.count - 1] }
    public var previousWave: Wave? { waves.count > 1 ? waves[waves.count - 2] : nil }
    /// The baseline, when it is in this journey (a pilot's journey ends before it).
    public var baselineWave: Wave? { baseline < waves.count ? waves[baseline] : nil }
}

/// Who took part in one wave: counts, and response rates when the register has headcounts.
public struct WaveTakingPart: Sendable, Equatable {
    /// Organisations with a scored respondent.
    public var organisations: Int
    public var respondents: Int
    /// Organisations with an overall readiness score.
    public var organisationsWithOverall: Int
    /// nil when the register has no headcount.
    public var responseRates: NationalResponseRates?
}

/// Response rates nationally at one wave (SPEC §9.5): counts, and the median and quartiles
/// when at least k organisations take part (rule 6).
public struct NationalResponseRates: Sendable, Equatable {
    /// Organisations with a headcount and 1 ≤ respondents ≤ headcount.
    public var takingPart: Int
    /// Organisations with a headcount and no scored respondent.
    public var withoutRespondents: Int
    /// Organisations with more scored respondents than their headcount.
    public var overHeadcount: Int
    public var distribution: Published<RateQuartiles>
}

/// Statistics of a group of published organisation scores (§3.8): their count, median and
/// quartiles.
///
/// Not their mean: group means across waves and groups, with the cohort changes, are
/// equations a reader can combine to work out a few organisations' total (the attacker of
/// tools/disclosure/check_journey.py found such combinations); order statistics are not.
public struct GroupFigure: Sendable, Equatable {
    public var organisations: Int
    public var lower: Double
    public var median: Double
    public var upper: Double
}

/// One domain (or overall readiness) of the national journey.
public struct NationalJourneyRow: Sendable {
    public var title: String
    /// Per wave: the published organisation scores' statistics, or `<k organisations` (rule 2).
    ///
    /// `organisations` counts them whether or not they are shown.
    public var cells: [Published<GroupFigure>]
    public var organisations: [Int]
    /// The cohort change against the previous wave; nil when the column is not shown.
    public var sincePrevious: Published<Change>?
    /// The cohort change against the baseline; nil when the column is not shown.
    public var sinceBaseline: Published<Change>?
}

/// The charter evaluation between the baseline and this wave (SPEC §9.4) as it may be shown.
public struct NationalCharter: Sendable {
    public var baseline: Wave
    public var wave: Wave
    /// k: the organisations each group needs, as the "needs at least k…" sentence says.
    public var groupSize: Int
    /// The domains in instrument order, then overall readiness.
    public var rows: [CharterFigure]

    public var overall: CharterFigure { rows[rows.count - 1] }
}

/// One row of the charter evaluation, holding only what rule 4 lets it show.
public struct CharterFigure: Sendable, Equatable {
    public var title: String
    /// |G₁|, |G₀| and |E|: counts, always shown.
    public var newSignatories: Int
    public var nonSignatories: Int
    public var earlierSignatories: Int
    /// The two groups' mean changes since the baseline (nil inside: the group is empty).
    public var groupChanges: Published<CharterGroupChanges>
    /// The difference in differences with its interval and verdict.
    public var difference: Published<CharterDifference>
}

public struct CharterGroupChanges: Sendable, Equatable {
    public var new: Double?
    public var non: Double?
}

public struct CharterDifference: Sendable, Equatable {
    public var diff: Double
    /// The 95% interval; nil when not tested.
    public var ciLow: Double?
    public var ciHigh: Double?
    public var verdict: Verdict
}

extension Disclosure {
    /// The national journey, when this wave's journey has at least two waves and the
    /// national report may show figures at all (§4.6.3).
    func nationalJourney(publishable: Bool) -> NationalJourney? {
        let history = analysis.history
        let index = analysis.index
        guard index >= 1, publishable else { return nil }
        let instrument = analysis.instrument
        let baseline = history.baseline
        let previous = index - 1
        let showsSincePrevious = previous != baseline
        let showsSinceBaseline = index > baseline

        let takingPart = (0...index).map { wave -> WaveTakingPart in
            let scores = history.scores[wave]
            var rates: NationalResponseRates?
            if let found = ResponseRates(scores: scores, register: history.register) {
                rates = NationalResponseRates(
                    takingPart: found.takingPart, withoutRespondents: found.withoutRespondents,
                    overHeadcount: found.overHeadcount, distribution: rateQuartiles(found))
            }
            return WaveTakingPart(
                organisations: scores.organisations.count,
                respondents: scores.organisations.reduce(0) { $0 + $1.respondents },
                organisationsWithOverall: scores.organisations.filter { $0.overall != nil }.count,
                responseRates: rates)
        }

        let changes = analysis.changes
        // When P = B the previous comparison is the baseline comparison (§9.2).
        let previousChanges = showsSincePrevious ? shown(changes?.nationalPrevious ?? []) : []
        var baselineChanges =
            showsSinceBaseline
            ? shown((showsSincePrevious ? changes?.nationalBaseline : changes?.nationalPrevious) ?? []) : []
        if showsSincePrevious, showsSinceBaseline, baselineChanges.contains(where: { $0?.value != nil }) {
            let guarded = (0..<previousChanges.count).contains { domain in
                guard previousChanges[domain]?.value != nil, baselineChanges[domain]?.value != nil else { return false }
                return rules.sinceBaselineBesidePrevious(
                    involved: cohortsApart(
                        domain: domain, wave: index, previous: previous,
                        baseline: baseline)) != nil
            }
            if guarded {
                baselineChanges = baselineChanges.map { change -> Published<Change>? in
                    guard let change, change.value != nil else { return change }
                    return .hidden(.withheld(rules.organisations))
                }
            }
        }
        let titles = instrument.domains.map(\.title) + ["Overall readiness"]
        let rows = titles.indices.map { domain -> NationalJourneyRow in
            let points = (0...index).map { history.groups[$0][JourneyGroup.national.rawValue][domain] }
            let sincePrevious = domain < previousChanges.count ? previousChanges[domain] : nil
            let sinceBaseline = domain < baselineChanges.count ? baselineChanges[domain] : nil
            return NationalJourneyRow(
                title: titles[domain], cells: points.map(groupFigure),
                organisations: points.map(\.organisations), sincePrevious: sincePrevious,
                sinceBaseline: sinceBaseline)
        }

        var charter: NationalCharter?
        if let evaluation = analysis.charter {
            let withheld = baselineChanges.contains { $0?.suppression == .withheld(rules.organisations) }
            let figures = evaluation.rows.enumerated().map { domain, row -> CharterFigure in
                rules.charterFigure(row, title: titles[domain], cohortWithheld: withheld)
            }
            charter = NationalCharter(
                baseline: history.waves[baseline], wave: analysis.wave,
                groupSize: rules.charterGroupSize, rows: figures)
        }
        return NationalJourney(
            waves: Array(history.waves[0...index]), baseline: baseline, takingPart: takingPart,
            newPartners: analysis.newPartners, showsSincePrevious: showsSincePrevious,
            showsSinceBaseline: showsSinceBaseline, rows: rows, charter: charter)
    }

    /// One comparison's cohort changes (domains, then overall) as they may be shown: rule 3,
    /// decided for the comparison as a whole.
    func shown(_ comparison: [Change]) -> [Published<Change>?] {
        guard let reference = comparison.first?.reference else { return [] }
        let decisions = rules.cohortChanges(
            comparison.map(\.cohort),
            outsideOverall: outsideOverall(analysis.index, against: reference))
        return comparison.indices.map {
            comparison[$0].cohort == nil ? nil : Published(comparison[$0], unless: decisions[$0])
        }
    }

    /// The organisations published in some domain but without an overall score: at wave
    /// `wave`, or, with `against`, in the cohort of some domain but not in overall
    /// readiness's (their scores at both waves).
    func outsideOverall(_ wave: Int, against: Int? = nil) -> Int {
        let history = analysis.history
        func members(_ wave: Int, _ domain: Int?) -> Set<Int> {
            Set(ChangeAnalysis.scores(history.scores[wave], domain).map(\.organisation))
        }
        func cohort(_ domain: Int?) -> Set<Int> {
            against.map { members(wave, domain).intersection(members($0, domain)) } ?? members(wave, domain)
        }
        let overall = cohort(nil)
        return (0..<history.domainCount).reduce(into: Set<Int>()) { $0.formUnion(cohort($1)) }.subtracting(overall)
            .count
    }

    /// The organisations in one or two, but not all three, of the cohorts W–P, W–B and P–B of
    /// a domain (index `domainCount`: overall): what the two changes of W, subtracted, would
    /// add to or take from P's change since B.
    func cohortsApart(domain: Int, wave: Int, previous: Int, baseline: Int) -> Int {
        let history = analysis.history
        let index: Int? = domain < history.domainCount ? domain : nil
        func members(_ wave: Int) -> Set<Int> {
            Set(ChangeAnalysis.scores(history.scores[wave], index).map(\.organisation))
        }
        let now = members(wave), then = members(previous), first = members(baseline)
        let cohorts = [now.intersection(then), now.intersection(first), then.intersection(first)]
        let all = cohorts[0].intersection(cohorts[1]).intersection(cohorts[2])
        return cohorts[0].union(cohorts[1]).union(cohorts[2]).subtracting(all).count
    }

    /// A group's statistics, shown when at least k published organisations rest under it (rule 2).
    func groupFigure(_ point: GroupPoint) -> Published<GroupFigure> {
        guard let lower = point.lower, let median = point.median, let upper = point.upper else {
            return .hidden(.fewerOrganisations(rules.organisations))
        }
        return Published(
            GroupFigure(organisations: point.organisations, lower: lower, median: median, upper: upper),
            unless: rules.journeyCell(organisations: point.organisations))
    }

}

extension DisclosureRules {
    /// A row of the charter evaluation with what rule 4 hides taken out (`cohortWithheld`:
    /// the national change since the baseline in that domain is withheld by rule 3).
    public func charterFigure(_ row: CharterRow, title: String, cohortWithheld: Bool = false) -> CharterFigure {
        let visibility = charterRow(row, cohortWithheld: cohortWithheld)
        var groupChanges = Published<CharterGroupChanges>.hidden(.fewerOrganisations(organisations))
        var difference = Published<CharterDifference>.hidden(.fewerOrganisations(organisations))
        if visibility != .notShown, let diff = row.diff {
            difference = .shown(
                CharterDifference(diff: diff, ciLow: row.test?.low, ciHigh: row.test?.high, verdict: row.verdict))
            groupChanges =
                visibility == .shown
                ? .shown(CharterGroupChanges(new: row.changeNew, non: row.changeNon))
                : .hidden(.complementary)
        }
        return CharterFigure(
            title: title, newSignatories: row.newSignatories, nonSignatories: row.nonSignatories,
            earlierSignatories: row.earlierSignatories, groupChanges: groupChanges, difference: difference)
    }
}
