import ReadinessStatistics

/// What one partner may see of a wave (SPEC §4.2, §4.6.5): its own figures resting on
/// enough of its respondents, and anonymous benchmark groups.
///
/// Nothing here names or scores another organisation; a group's mean, minimum and maximum
/// are not even held.
public struct PartnerView: Sendable {
    public var wave: Wave
    public var previousWave: Wave?
    public var instrument: Instrument
    public var synthetic: Bool
    public var organisation: Organisation
    /// Scored respondents: always shown to the organisation itself.
    public var respondents: Int
    public var overall: Published<ScoreFigure>
    /// The overall benchmark group, when the overall score is shown and a group exists.
    public var overallGroup: BenchmarkFigure?
    public var domains: [PartnerDomain]
    /// Changes of domains published in both waves, instrument order.
    public var changes: [PartnerChange]
    /// Items answered by at least N respondents, instrument order.
    public var items: [PartnerItem]
    /// Confidence versus knowledge per domain with both kinds of item; nil for the others.
    public var confidence: [Published<ConfidenceFigure>?]
    /// Its response rate this wave, when the register gives it a headcount (SPEC §9.5).
    public var responseRate: PartnerResponseRate?
    /// Its journey since the baseline, when this wave's journey has at least two waves (SPEC §9.8).
    public var journey: PartnerJourney?
    public var wording: DisclosureWording
}

/// A score with its interval and level.
public struct ScoreFigure: Sendable, Equatable {
    public var mean: Double
    public var ciLow: Double?
    public var ciHigh: Double?
    public var level: String?
}

/// A benchmark group as a partner sees it: no mean, no minimum, no maximum.
public struct BenchmarkFigure: Sendable, Equatable {
    /// The sector's name, or nil for all organisations.
    public var sector: String?
    public var organisations: Int
    public var lower: Double
    public var median: Double
    public var upper: Double
    /// Where the partner's score sits.
    public var position: BenchmarkPosition

    public var name: String { sector ?? "All organisations" }
}

/// One domain of a partner's table.
public struct PartnerDomain: Sendable, Equatable {
    public var title: String
    /// Respondents with a domain score (the partner's own count, always shown).
    public var respondents: Int
    public var score: Published<ScoreFigure>
    /// Shown only with a shown score and a group of at least k organisations.
    public var group: BenchmarkFigure?
}

/// A change of one domain against the latest earlier wave in which it was published (SPEC §9.2).
public struct PartnerChange: Sendable, Equatable {
    public var domain: Int
    public var diff: Double
    /// The wave compared against (R); the previous wave unless the domain was not published there.
    public var against: Wave
    /// Whether `against` is the previous wave.
    public var againstPrevious: Bool
    public var test: TTest?
    public var adjustedP: Double?
    public var verdict: Verdict

    public var significant: Bool { verdict.isSignificant }
    public var arrow: String { verdict.arrow }
}

/// One item's result for the partner.
public struct PartnerItem: Sendable, Equatable {
    /// Index in `instrument.items`.
    public var item: Int
    public var result: ItemResult
}

/// Confidence and knowledge of a domain, each side resting on enough respondents.
public struct ConfidenceFigure: Sendable, Equatable {
    public var confidence: Double
    public var knowledge: Double
    public var gap: Double { confidence - knowledge }
}

extension Disclosure {
    /// The view of the organisation at `position` in `analysis.scores.organisations`.
    public func partner(_ position: Int) -> PartnerView {
        let scores = analysis.scores.organisations[position]
        let instrument = analysis.instrument
        let organisation = analysis.register.organisations[scores.organisation]

        func group(_ domain: Int?, score: Double) -> BenchmarkFigure? {
            guard let group = analysis.benchmarks.group(sector: organisation.sector, domain: domain),
                rules.isGroup(organisations: group.count)
            else { return nil }
            return BenchmarkFigure(
                sector: group.sector, organisations: group.count, lower: group.lower,
                median: group.median, upper: group.upper, position: group.position(of: score))
        }

        let domains = instrument.domains.indices.map { index -> PartnerDomain in
            let score = scores.domains[index]
            let suppression = score.published ? nil : rules.organisationScore(respondents: score.n)
            guard suppression == nil, let mean = score.mean else {
                return PartnerDomain(
                    title: instrument.domains[index].title, respondents: score.n,
                    score: .hidden(suppression ?? .fewerRespondents(rules.respondents)), group: nil)
            }
            return PartnerDomain(
                title: instrument.domains[index].title, respondents: score.n,
                score: .shown(ScoreFigure(mean: mean, ciLow: score.ciLow, ciHigh: score.ciHigh, level: score.level)),
                group: group(index, score: mean))
        }
        var overall = Published<ScoreFigure>.hidden(.notEveryDomainPublished)
        var overallGroup: BenchmarkFigure?
        if let value = scores.overall {
            overall = .shown(ScoreFigure(mean: value, ciLow: nil, ciHigh: nil, level: scores.overallLevel))
            overallGroup = group(nil, score: value)
        }
        let changes = (analysis.changes?.organisationChanges ?? []).compactMap { change -> PartnerChange? in
            guard change.scope == .organisation(scores.organisation), let domain = change.domain,
                let diff = change.diff,
                domains[domain].score.value != nil
            else { return nil }
            let waves = analysis.history.waves
            return PartnerChange(
                domain: domain, diff: diff, against: waves[change.reference],
                againstPrevious: change.reference == analysis.history.previous(of: analysis.index),
                test: change.test, adjustedP: change.adjustedP, verdict: change.verdict)
        }
        // An item rests on the respondents who answered it: one answered cell each.
        let items = instrument.items.indices.compactMap { index -> PartnerItem? in
            rules.partnerFigure(respondents: scores.items[index].n) == nil
                ? PartnerItem(item: index, result: scores.items[index]) : nil
        }
        let confidence = instrument.domains.indices.map { domain -> Published<ConfidenceFigure>? in
            guard let finding = scores.confidenceKnowledge[domain] else { return nil }
            let sides = [scores.contributions.likert[domain], scores.contributions.knowledge[domain]]
            if let suppression = sides.lazy.compactMap({ rules.partnerFigure(respondents: $0) }).first {
                return .hidden(suppression)
            }
            guard let confidence = finding.confidence, let knowledge = finding.knowledge else {
                return .hidden(.fewerRespondents(rules.respondents))
            }
            return .shown(ConfidenceFigure(confidence: confidence, knowledge: knowledge))
        }
        return PartnerView(
            wave: analysis.wave, previousWave: analysis.previousWave, instrument: instrument,
            synthetic: analysis.synthetic, organisation: organisation, respondents: scores.respondents,
            overall: overall, overallGroup: overallGroup, domains: domains, changes: changes, items: items,
            confidence: confidence, responseRate: partnerResponseRate(scores.organisation),
            journey: partnerJourney(scores.organisation), wording: rules.wording)
    }
}
