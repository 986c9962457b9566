/// What a partner sees of its journey since the baseline (SPEC §9.8 "Your journey", §9.9
/// rules 1 and 6): its own scores wave by wave where they were published, its own changes,
/// its own response rates, and the national median where at least k organisations rest under it.
public struct PartnerJourney: Sendable {
    /// The waves of the journey, in order; this wave is the last.
    public var waves: [Wave]
    /// The baseline's position among the survey's waves (it may close after this wave).
    public var baseline: Int
    /// This wave is the organisation's first with a scored respondent: the section is one sentence.
    public var firstSurvey: Bool
    /// A "Since previous" column: there is a previous wave and it is not the baseline.
    public var showsSincePrevious: Bool
    /// A "Since baseline" column: this wave closes after the baseline.
    public var showsSinceBaseline: Bool
    /// The domains in instrument order, then overall readiness.
    public var rows: [PartnerJourneyRow]
    /// Per wave of the journey, the organisation's own response rate; nil without a headcount.
    public var responseRates: [OwnResponseRate]?

    public var wave: Wave { waves[waves.count - 1] }
    /// The baseline, when it is in this journey (a pilot's journey ends before it).
    public var baselineWave: Wave? { baseline < waves.count ? waves[baseline] : nil }
    /// The previous wave P, when there is one.
    public var previousWave: Wave? { waves.count > 1 ? waves[waves.count - 2] : nil }
}

/// One domain (or overall readiness) of a partner's journey.
public struct PartnerJourneyRow: Sendable, Equatable {
    public var title: String
    public var isOverall: Bool
    /// Per wave: nil when the organisation had no scored respondent; else its score, or why
    /// it is not shown (rule 1).
    public var points: [Published<ScoreFigure>?]
    /// Per wave: the national median, where it rests on at least k published organisations (rule 2).
    public var nationalMedians: [Double?]
    /// Against the latest earlier wave in which the score was published; nil when there is none.
    public var sincePrevious: PartnerJourneyChange?
    /// Against the baseline; nil when there is none.
    public var sinceBaseline: PartnerJourneyChange?
}

/// A change in a partner's own score against an earlier wave.
public struct PartnerJourneyChange: Sendable, Equatable {
    public var diff: Double
    /// The wave compared against.
    public var against: Wave
    /// Whether `against` is the previous wave (reports then need not name it).
    public var againstPrevious: Bool
    /// nil for overall readiness, which is shown but not tested (SPEC §9.2).
    public var verdict: Verdict?
}

/// An organisation's response rate at one wave (SPEC §9.5): its own figure, always shown to it.
public struct OwnResponseRate: Sendable, Equatable {
    public var headcount: Int
    public var respondents: Int
    /// 100 × respondents / headcount; nil when there are more respondents than the headcount
    /// (the register needs checking, so no rate is given).
    public var rate: Double?
    public var ciLow: Double?
    public var ciHigh: Double?

    public var exceedsHeadcount: Bool { respondents > headcount }

    init(_ rate: ResponseRate) {
        headcount = rate.headcount
        respondents = rate.respondents
        self.rate = rate.exceedsHeadcount ? nil : rate.rate
        ciLow = rate.ciLow
        ciHigh = rate.ciHigh
    }
}

/// The median and quartiles of the response rates of the organisations taking part.
public struct RateQuartiles: Sendable, Equatable {
    public var lower: Double
    public var median: Double
    public var upper: Double
}

/// A partner's response rate at this wave, with the national median when it may be shown.
public struct PartnerResponseRate: Sendable, Equatable {
    public var own: OwnResponseRate
    /// Shown when at least k organisations take part (rule 6).
    public var national: Published<RateQuartiles>
}

extension Disclosure {
    /// The national median and quartiles of response rates, when at least k organisations
    /// take part (rule 6).
    func rateQuartiles(_ rates: ResponseRates) -> Published<RateQuartiles> {
        guard rules.responseRateMedianShown(rates), let lower = rates.lower, let median = rates.median,
            let upper = rates.upper
        else { return .hidden(.fewerOrganisations(rules.organisations)) }
        return .shown(RateQuartiles(lower: lower, median: median, upper: upper))
    }

    /// The response rate of register organisation `organisation` at this wave, when the
    /// register gives it a headcount.
    func partnerResponseRate(_ organisation: Int) -> PartnerResponseRate? {
        guard let rates = analysis.responseRates, let own = rates.rows.first(where: { $0.organisation == organisation })
        else { return nil }
        return PartnerResponseRate(own: OwnResponseRate(own), national: rateQuartiles(rates))
    }

    /// The journey of register organisation `organisation`, when this wave's journey has at
    /// least two waves.
    func partnerJourney(_ organisation: Int) -> PartnerJourney? {
        let history = analysis.history
        let index = analysis.index
        guard index >= 1 else { return nil }
        let instrument = analysis.instrument
        let waves = Array(history.waves[0...index])
        let baseline = history.baseline
        let previous = index - 1
        let showsSincePrevious = previous != baseline
        let showsSinceBaseline = index > baseline
        let domains: [Int?] = Array(instrument.domains.indices) + [nil]
        let changes = analysis.changes

        let rows = domains.map { domain -> PartnerJourneyRow in
            let points = (0...index).map { wave -> Published<ScoreFigure>? in
                guard let scores = history.scores[wave].organisation(organisation) else { return nil }
                guard let domain else {
                    let suppression = rules.partnerSeriesPoint(published: scores.overall != nil, overall: true)
                    return Published(
                        ScoreFigure(mean: scores.overall ?? 0, ciLow: nil, ciHigh: nil, level: scores.overallLevel),
                        unless: suppression)
                }
                let score = scores.domains[domain]
                let suppression = rules.partnerSeriesPoint(published: score.published, overall: false)
                return Published(
                    ScoreFigure(mean: score.mean ?? 0, ciLow: score.ciLow, ciHigh: score.ciHigh, level: score.level),
                    unless: suppression)
            }
            let group = domain ?? instrument.domains.count
            let medians = (0...index).map { wave -> Double? in
                let point = history.groups[wave][JourneyGroup.national.rawValue][group]
                return rules.journeyCell(organisations: point.organisations) == nil ? point.median : nil
            }
            var sincePrevious: PartnerJourneyChange?, sinceBaseline: PartnerJourneyChange?
            // A change exists only between published scores (its rows are made only for them).
            if let changes, points[index]?.value != nil {
                if let domain {
                    let previousRow = changes.organisationPrevious.first {
                        $0.scope == .organisation(organisation) && $0.domain == domain
                    }
                    if showsSincePrevious, let row = previousRow, let diff = row.diff {
                        sincePrevious = PartnerJourneyChange(
                            diff: diff, against: history.waves[row.reference],
                            againstPrevious: row.reference == previous, verdict: row.verdict)
                    }
                    if showsSinceBaseline,
                        let row = changes.sinceBaseline(
                            organisation: organisation, domain: domain,
                            baseline: baseline), let diff = row.diff
                    {
                        sinceBaseline = PartnerJourneyChange(
                            diff: diff, against: history.waves[baseline], againstPrevious: false,
                            verdict: row.verdict)
                    }
                } else if let overall = changes.overall.first(where: { $0.organisation == organisation }) {
                    if showsSincePrevious, let diff = overall.sincePrevious, let reference = overall.previousWave {
                        sincePrevious = PartnerJourneyChange(
                            diff: diff, against: history.waves[reference],
                            againstPrevious: reference == previous, verdict: nil)
                    }
                    if showsSinceBaseline, let diff = overall.sinceBaseline {
                        sinceBaseline = PartnerJourneyChange(
                            diff: diff, against: history.waves[baseline], againstPrevious: false,
                            verdict: nil)
                    }
                }
            }
            return PartnerJourneyRow(
                title: domain.map { instrument.domains[$0].title } ?? "Overall readiness",
                isOverall: domain == nil, points: points, nationalMedians: medians,
                sincePrevious: sincePrevious, sinceBaseline: sinceBaseline)
        }

        var rates: [OwnResponseRate]?
        if analysis.register.hasHeadcount, let headcount = analysis.register.organisations[organisation].headcount {
            rates = (0...index).map { wave in
                OwnResponseRate(
                    ResponseRate(
                        organisation: organisation, headcount: headcount,
                        respondents: history.scores[wave].organisation(organisation)?.respondents ?? 0))
            }
        }
        return PartnerJourney(
            waves: waves, baseline: baseline, firstSurvey: history.firstWave[organisation] == index,
            showsSincePrevious: showsSincePrevious, showsSinceBaseline: showsSinceBaseline, rows: rows,
            responseRates: rates)
    }
}
