import ReadinessStatistics

/// What the national evidence report may show (SPEC §3.9, §4.3, §4.6, §9.9): figures over
/// organisations resting on at least k of them, figures over respondents resting on at
/// least N respondents of k organisations with none dominant, and groups hidden together
/// so that no hidden figure follows from a total.
///
/// It names no organisation.
public struct NationalView: Sendable {
    public var wave: Wave
    public var previousWave: Wave?
    public var instrument: Instrument
    public var synthetic: Bool
    /// Input files and their SHA-256, for provenance.
    public var inputs: [(path: String, hash: String)]
    public var wording: DisclosureWording
    /// False when fewer than k organisations take part: the report then gives counts only (§4.6.3).
    public var figuresPublishable: Bool
    public var participation: Participation
    /// Every domain, then overall readiness.
    public var domains: [NationalDomain]
    /// Sector groups in code-point order, "Other sectors" last.
    public var sectors: [NationalSector]
    public var roles: NationalBreakdown
    /// Charter signatories against the rest at this wave's close; nil in a counts-only report.
    public var signatories: SignatoryComparison?
    /// Every item, instrument order.
    public var items: [Published<ItemResult>]
    /// Shown items, lowest % favourable first (ties in instrument order).
    public var challenges: [Int]
    /// Per domain with both kinds of item; nil for the others.
    public var confidence: [Published<ConfidenceFigure>?]
    public var reliability: [NationalReliability]
    public var quality: RowAccounting
    /// The journey since the baseline, when this wave's journey has at least two waves and
    /// figures may be published (SPEC §9.8).
    public var journey: NationalJourney?
}

/// Who took part: counts, always shown.
public struct Participation: Sendable, Equatable {
    /// Register organisations with at least one scored response.
    public var organisationsTakingPart: Int
    public var registeredOrganisations: Int
    public var respondents: Int
    /// Organisations with an overall readiness score (every domain published).
    public var organisationsWithOverall: Int
    /// Responses rejected because their organisation is not in the register, and how many
    /// different organisation codes they gave (issue 11): counts only, never the codes.
    public var unregisteredResponses = 0
    public var unregisteredCodes = 0
}

/// The distribution of published organisation scores in a domain (or overall).
public struct Distribution: Sendable, Equatable {
    /// Hidden when the wave's domain and overall means would give away a few organisations'
    /// scores (`DisclosureRules.meansShown`).
    public var mean: Published<Double>
    public var lower: Double
    public var median: Double
    public var upper: Double
}

/// One row of the national domain table.
public struct NationalDomain: Sendable {
    public var title: String
    /// Published organisation scores counted.
    public var organisations: Int
    public var distribution: Published<Distribution>
    /// Organisations per level, in the instrument's level order.
    public var levelCounts: Published<[Int]>
    /// Change in the mean since the previous wave; nil when there is no previous wave.
    public var change: Published<Change>?
    /// The previous wave's median, when it rested on enough organisations.
    public var previousMedian: Double?
}

/// One sector group of the sector tables.
public struct NationalSector: Sendable {
    public var name: String
    /// Organisations with an overall score in the group.
    public var organisations: Int
    public var figures: Published<SectorFigures>
}

/// A shown sector group's figures.
public struct SectorFigures: Sendable, Equatable {
    public var lower: Double
    public var median: Double
    public var upper: Double
    public var domainMedians: [Double?]
    public var levelCounts: [Int]
}

/// Respondents split into groups (roles, charter signature), each cell decided on its own
/// base and then hidden with others where a total would give it away.
public struct NationalBreakdown: Sendable {
    public var groups: [String]
    public var respondents: [Published<Int>]
    /// `domainMeans[domain][group]`.
    public var domainMeans: [[Published<Double>]]
}

/// Cronbach's alpha of a domain, with the respondents it rests on.
public struct NationalReliability: Sendable {
    public var domain: Int
    public var respondents: Int
    /// nil inside: not computed (too few respondents or no variance).
    public var alpha: Published<Double?>
}

/// Every row read accounted for: counts only.
public struct RowAccounting: Sendable, Equatable {
    public var rowsRead: Int
    public var scored: Int
    public var rejected: [(reason: RejectReason, rows: Int)]
    public var straightLiners: Int
    public var invalidValues: Int
    public var unparseableDates: Int
    public var invalidRoles: Int

    public var rejectedTotal: Int { rejected.reduce(0) { $0 + $1.rows } }

    public static func == (a: RowAccounting, b: RowAccounting) -> Bool {
        a.rowsRead == b.rowsRead && a.scored == b.scored && a.rejected.map(\.rows) == b.rejected.map(\.rows)
            && a.straightLiners == b.straightLiners && a.invalidValues == b.invalidValues
            && a.unparseableDates == b.unparseableDates && a.invalidRoles == b.invalidRoles
    }

    init(_ responses: WaveResponses) {
        let quality = responses.quality
        rowsRead = quality.rowsRead
        scored = responses.scored
        // `incomplete_response` is listed only when a completion rule was in effect (SPEC §8.8).
        var completion = false
        if case .applied = quality.completion { completion = true }
        rejected = RejectReason.allCases.filter { $0 != .incompleteResponse || completion }.map { reason in
            (reason, responses.rejects.filter { $0.reason == reason }.count)
        }
        straightLiners = quality.straightLiners
        invalidValues = quality.invalidValues.reduce(0, +)
        unparseableDates = quality.unparseableDates
        invalidRoles = quality.invalidRoles
    }
}

extension Disclosure {
    /// The national view of the wave; `inputs` are the input files and their SHA-256 for
    /// its provenance (hashed while the other reports are built).
    public func national(inputs: [(path: String, hash: String)]) -> NationalView {
        let instrument = analysis.instrument
        let scores = analysis.scores
        let taking = scores.organisations
        let publishable = rules.nationalFiguresPublishable(organisationsTakingPart: taking.count)
        let closed = Suppression.tooFewOrganisationsTakingPart(rules.organisations)
        /// A national decision, or the counts-only report's blanket one.
        func decide(_ base: FigureBase) -> Suppression? { publishable ? rules.decide(base) : closed }

        func levelCounts(_ values: [Double]) -> [Int] {
            var counts = [Int](repeating: 0, count: instrument.levels.count)
            for value in values {
                if let level = instrument.level(of: value), let index = instrument.levels.firstIndex(of: level) {
                    counts[index] += 1
                }
            }
            return counts
        }

        // Domains and overall, over published organisation scores.
        let titles = instrument.domains.map(\.title) + ["Overall readiness"]
        let previous = analysis.previousNational?.all
        // The cohort changes (§9.2) rest on the m organisations published in both waves, and are
        // withheld when they would give away the total of a few organisations (§9.9 rule 3).
        let changeDecisions = shown(analysis.changes?.nationalChanges ?? []).map { $0?.suppression }
        let means = rules.meansShown(outsideOverall: outsideOverall(analysis.index))
        let domains = analysis.national.all.enumerated().map { index, figure -> NationalDomain in
            let suppression = decide(FigureBase(organisations: figure.scores.count))
            var distribution = Published<Distribution>.hidden(suppression ?? .fewerOrganisations(rules.organisations))
            if suppression == nil, let mean = figure.summary.mean, let quartiles = figure.quartiles {
                distribution = .shown(
                    Distribution(
                        mean: Published(mean, unless: means), lower: quartiles.lower,
                        median: quartiles.median, upper: quartiles.upper))
            }
            var previousMedian: Double?
            var change: Published<Change>?
            if analysis.previousWave != nil {
                let before = previous?[index]
                let beforeSuppression = decide(FigureBase(organisations: before?.scores.count ?? 0))
                if beforeSuppression == nil { previousMedian = before?.quartiles?.median }
                if let found = analysis.changes?.nationalChanges[index], found.cohort != nil {
                    change = Published(found, unless: changeDecisions[index])
                }
            }
            return NationalDomain(
                title: titles[index], organisations: figure.scores.count, distribution: distribution,
                levelCounts: Published(levelCounts(figure.scores), unless: suppression),
                change: change, previousMedian: previousMedian)
        }

        let participation = Participation(
            organisationsTakingPart: taking.count, registeredOrganisations: analysis.register.organisations.count,
            respondents: analysis.responses.scored, organisationsWithOverall: taking.filter { $0.overall != nil }.count,
            unregisteredResponses: analysis.responses.rejects.lazy.filter { $0.reason == .unknownOrganisation }.count,
            unregisteredCodes: analysis.responses.quality.unknownOrganisations.filter { !$0.value.isEmpty }.count)

        // Items: each rests on the respondents who answered it, organisation by organisation.
        let items = instrument.items.indices.map { item -> Published<ItemResult> in
            Published(
                scores.nationalItems[item], unless: decide(FigureBase(perOrganisation: taking.map { $0.items[item].n }))
            )
        }
        let challenges = FavourableRanking.lowestFirst(
            items.indices.filter { items[$0].value != nil }, percent: { scores.nationalItems[$0].percent }, item: { $0 }
        )

        // Confidence versus knowledge: each side on its own contributors; shown only with both.
        let confidence = instrument.domains.indices.map { domain -> Published<ConfidenceFigure>? in
            guard let finding = scores.nationalConfidenceKnowledge[domain] else { return nil }
            let sides = [
                taking.map { $0.contributions.likert[domain] }, taking.map { $0.contributions.knowledge[domain] },
            ]
            if let suppression = sides.lazy.compactMap({ decide(FigureBase(perOrganisation: $0)) }).first {
                return .hidden(suppression)
            }
            guard let confidence = finding.confidence, let knowledge = finding.knowledge else {
                return .hidden(.fewerRespondents(rules.respondents))
            }
            return .shown(ConfidenceFigure(confidence: confidence, knowledge: knowledge))
        }

        let reliability = scores.reliability.map { result in
            NationalReliability(
                domain: result.domain, respondents: result.n,
                alpha: Published(
                    result.alpha,
                    unless: decide(FigureBase(perOrganisation: taking.map { $0.contributions.complete[result.domain] }))
                ))
        }

        return NationalView(
            wave: analysis.wave, previousWave: analysis.previousWave, instrument: instrument,
            synthetic: analysis.synthetic,
            inputs: inputs, wording: rules.wording, figuresPublishable: publishable, participation: participation,
            domains: domains, sectors: publishable ? sectorTable() : [],
            roles: publishable ? roleBreakdown() : NationalBreakdown(groups: [], respondents: [], domainMeans: []),
            signatories: publishable ? signatoryComparison() : nil,
            items: items, challenges: challenges, confidence: confidence, reliability: reliability,
            quality: RowAccounting(analysis.responses), journey: nationalJourney(publishable: publishable))
    }

    /// Sector groups of organisations with an overall score (§4.3, §4.6.4).
    func sectorTable() -> [NationalSector] {
        let instrument = analysis.instrument
        let register = analysis.register.organisations
        let scored = analysis.scores.organisations.filter { $0.overall != nil }
        var perSector: [String: Int] = [:]
        for organisation in scored { perSector[register[organisation.organisation].sector, default: 0] += 1 }
        let ordered = perSector.keys.sorted(by: TextMatching.codePointLess).map { (sector: $0, count: perSector[$0]!) }
        let groups = rules.sectorGroups(ordered)
        return groups.map { group in
            let members = scored.filter { group.sectors.contains(register[$0.organisation].sector) }
            guard group.suppression == nil else {
                return NationalSector(
                    name: group.name, organisations: group.organisations, figures: .hidden(group.suppression!))
            }
            let overall = members.compactMap(\.overall)
            guard let quartiles = Statistics.quartiles(overall) else {
                return NationalSector(
                    name: group.name, organisations: group.organisations,
                    figures: .hidden(.fewerOrganisations(rules.organisations)))
            }
            let medians = instrument.domains.indices.map { domain in
                Statistics.quartiles(
                    members.compactMap { $0.domains[domain].published ? $0.domains[domain].mean : nil })?.median
            }
            var counts = [Int](repeating: 0, count: instrument.levels.count)
            for value in overall {
                if let level = instrument.level(of: value), let index = instrument.levels.firstIndex(of: level) {
                    counts[index] += 1
                }
            }
            return NationalSector(
                name: group.name, organisations: group.organisations,
                figures: .shown(
                    SectorFigures(
                        lower: quartiles.lower, median: quartiles.median,
                        upper: quartiles.upper, domainMedians: medians,
                        levelCounts: counts)))
        }
    }

    /// Respondents by role (§4.3, §4.6): counts and domain means, cell by cell.
    func roleBreakdown() -> NationalBreakdown {
        let taking = analysis.scores.organisations
        let roles = analysis.scores.roles
        let respondents = roles.groups.map { group in taking.map { $0.contributions.roles[group] } }
        let means = analysis.instrument.domains.indices.map { domain -> [Published<Double>] in
            column(
                roles.groups.map { group in taking.map { $0.contributions.roleDomains[group][domain] } },
                values: roles.domains[domain].map(\.mean))
        }
        return NationalBreakdown(
            groups: roles.names, respondents: column(respondents, values: roles.respondents.map { Optional($0) }),
            domainMeans: means)
    }

    /// One breakdown column: each cell decided on its respondents per organisation, then
    /// complementary cells hidden.
    func column<Value: Sendable>(_ cells: [[Int]], values: [Value?]) -> [Published<Value>] {
        let decisions = cells.map { rules.decide(FigureBase(perOrganisation: $0)) }
        let primary = Set(decisions.indices.filter { decisions[$0] != nil || values[$0] == nil })
        let hidden = rules.complementary(cells, primary: primary)
        return cells.indices.map { index in
            if !hidden.contains(index), let value = values[index] { return .shown(value) }
            return .hidden(
                decisions[index] ?? (values[index] == nil ? .fewerRespondents(rules.respondents) : .complementary))
        }
    }
}
