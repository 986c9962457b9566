/// A figure that may be shown, or is hidden to protect small groups.
public enum Shown<Value: Sendable & Equatable>: Sendable, Equatable {
    case value(Value)
    case hidden

    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

/// The national report's tables with disclosure control applied (SPEC §3.9, §4.3): what the
/// Markdown report and the national workbook both print.
public struct NationalTables: Sendable {
    /// One domain (or overall) of the national domain table.
    public struct DomainRow: Sendable {
        public var title: String
        /// Published organisation scores counted.
        public var organisations: Int
        /// Shown only when at least `min_organisations` organisations are published.
        public var mean: Double?
        public var lower: Double?
        public var median: Double?
        public var upper: Double?
        public var levelCounts: [Int]?
        /// The cohort change since the previous wave, when §9.9 rule 3 lets it be shown.
        public var change: Change?
        /// What to print instead when it may not be shown.
        public var changeNote: String?
        public var previousMedian: Double?
    }

    /// A sector (or the merged "Other sectors") of the sector table.
    public struct SectorRow: Sendable {
        public var name: String
        public var suppressed: Bool
        public var organisations: Int
        public var lower: Double?
        public var median: Double?
        public var upper: Double?
        public var domainMedians: [Double?]
        public var levelCounts: [Int]
    }

    /// Respondents split by role or by charter signature; every column suppressed on its own.
    public struct Breakdown: Sendable {
        public var groups: [String]
        public var respondents: [Shown<Int>]
        /// `domainMeans[domain][group]`.
        public var domainMeans: [[Shown<Double>]]
    }

    public var domains: [DomainRow]
    public var sectors: [SectorRow]
    public var roles: Breakdown
    public var signatories: Breakdown
    /// National item indices that may be shown (answered by at least `min_respondents`).
    public var visibleItems: [Int]
    /// Visible items, lowest % favourable first (ties in instrument order).
    public var challenges: [Int]

    public init(_ analysis: WaveAnalysis) {
        let instrument = analysis.instrument
        let thresholds = instrument.thresholds
        let enoughOrganisations = thresholds.minOrganisations

        func levelCounts(_ scores: [Double]) -> [Int] {
            var counts = [Int](repeating: 0, count: instrument.levels.count)
            for score in scores {
                if let level = instrument.level(of: score), let index = instrument.levels.firstIndex(of: level) {
                    counts[index] += 1
                }
            }
            return counts
        }

        let titles = instrument.domains.map(\.title) + ["Overall readiness"]
        let previous = analysis.previousNational?.all
        domains = analysis.national.all.enumerated().map { index, figure in
            var row = DomainRow(title: titles[index], organisations: figure.scores.count)
            if let change = analysis.changes?.nationalChanges[index], let cohort = change.cohort {
                let visibility = Disclosure.cohortChange(cohort, minOrganisations: enoughOrganisations)
                row.change = visibility == .shown ? change : nil
                row.changeNote = Disclosure.cohortNote(visibility, minOrganisations: enoughOrganisations)
            }
            if figure.scores.count >= enoughOrganisations, let quartiles = figure.quartiles {
                row.mean = figure.summary.mean
                row.lower = quartiles.lower
                row.median = quartiles.median
                row.upper = quartiles.upper
                row.levelCounts = levelCounts(figure.scores)
            }
            if let before = previous?[index], before.scores.count >= enoughOrganisations {
                row.previousMedian = before.quartiles?.median
            }
            return row
        }

        let register = analysis.register.organisations
        let scored = analysis.scores.organisations.filter { $0.overall != nil }
        var perSector: [String: Int] = [:]
        for organisation in scored { perSector[register[organisation.organisation].sector, default: 0] += 1 }
        let ordered = perSector.keys.sorted(by: TextMatching.codePointLess).map { (sector: $0, count: perSector[$0]!) }
        sectors = Disclosure.sectorGroups(ordered, minimum: enoughOrganisations).map { group in
            guard !group.suppressed else {
                return SectorRow(name: group.name, suppressed: true, organisations: group.organisations,
                                 domainMedians: instrument.domains.map { _ in nil }, levelCounts: [])
            }
            let members = scored.filter { group.sectors.contains(register[$0.organisation].sector) }
            let overall = members.compactMap(\.overall)
            let quartiles = Statistics.quartiles(overall)
            let medians = instrument.domains.indices.map { domain in
                Statistics.quartiles(members.compactMap { $0.domains[domain].published ? $0.domains[domain].mean : nil })?.median
            }
            return SectorRow(name: group.name, suppressed: false, organisations: group.organisations,
                             lower: quartiles?.lower, median: quartiles?.median, upper: quartiles?.upper,
                             domainMedians: medians, levelCounts: levelCounts(overall))
        }

        func breakdown(_ groups: GroupBreakdown) -> Breakdown {
            let minimum = thresholds.minRespondents
            let hiddenCounts = Disclosure.suppressedCells(groups.respondents, minimum: minimum)
            let means = groups.domains.map { summaries -> [Shown<Double>] in
                let hidden = Disclosure.suppressedCells(summaries.map(\.n), minimum: minimum)
                return summaries.indices.map { index in
                    guard !hidden.contains(index), let mean = summaries[index].mean else { return .hidden }
                    return .value(mean)
                }
            }
            return Breakdown(groups: groups.names,
                             respondents: groups.respondents.indices.map {
                                 hiddenCounts.contains($0) ? .hidden : .value(groups.respondents[$0])
                             },
                             domainMeans: means)
        }
        roles = breakdown(analysis.scores.roles)
        signatories = breakdown(analysis.scores.signatories)
        // §9.9 rule 5: the charter groups (by status at this wave) are shown together, each
        // resting on at least k published organisations, or not at all. A lone group (nobody
        // had signed, or everybody had) is everyone, so it hides nothing and stays.
        let charterGroups = analysis.history.groups[analysis.index][JourneyGroup.signatories.rawValue]
        for domain in signatories.domainMeans.indices where signatories.groups.count == 2 && !charterGroups[domain].published {
            signatories.domainMeans[domain] = signatories.domainMeans[domain].map { _ in .hidden }
        }

        let items = analysis.scores.nationalItems
        visibleItems = instrument.items.indices.filter { items[$0].n >= thresholds.minRespondents }
        challenges = visibleItems.sorted { a, b in
            let pa = items[a].percent ?? 0, pb = items[b].percent ?? 0
            return pa != pb ? pa < pb : a < b
        }
    }
}
