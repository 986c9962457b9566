/// Charter signatories against the rest at this wave's close (SPEC §9.8 item 5, §9.9 rule 5):
/// per domain and overall, the statistics of each group's published organisation scores
/// (§3.8), both groups shown with at least k organisations each, or neither.
public struct SignatoryComparison: Sendable {
    /// Register organisations that had signed by this wave's close.
    public var registeredSignatories: Int
    /// Organisations taking part that are signatories at this wave, and the rest.
    public var signatories: Int
    public var nonSignatories: Int
    /// The domains in instrument order, then overall readiness.
    public var rows: [SignatoryComparisonRow]
}

/// One domain (or overall readiness) of the signatory comparison.
public struct SignatoryComparisonRow: Sendable, Equatable {
    public var title: String
    /// Published scores in each group (overall: organisations scored): counts, always shown.
    public var signatoryOrganisations: Int
    public var nonSignatoryOrganisations: Int
    public var signatories: Published<GroupFigure>
    public var nonSignatories: Published<GroupFigure>
}

extension Disclosure {
    /// The signatory comparison of this wave, from the charter groups of the national series
    /// (§9.3), so that it shows exactly the rows `journey.csv` marks published.
    func signatoryComparison() -> SignatoryComparison {
        let instrument = analysis.instrument
        let groups = analysis.history.groups[analysis.index]
        let titles = instrument.domains.map(\.title) + ["Overall readiness"]
        let rows = titles.indices.map { domain -> SignatoryComparisonRow in
            let yes = groups[JourneyGroup.signatories.rawValue][domain],
                no = groups[JourneyGroup.nonSignatories.rawValue][domain]
            let hidden = rules.signatoryGroups(signatories: yes.organisations, nonSignatories: no.organisations)
            func figure(_ point: GroupPoint, _ suppression: DisclosureRules.GroupSuppression?) -> Published<GroupFigure>
            {
                if let suppression { return .hidden(suppression.suppression) }
                return groupFigure(point)
            }
            return SignatoryComparisonRow(
                title: titles[domain], signatoryOrganisations: yes.organisations,
                nonSignatoryOrganisations: no.organisations,
                signatories: figure(yes, hidden.signatories), nonSignatories: figure(no, hidden.nonSignatories))
        }
        let taking = analysis.scores.organisations
        let signed = taking.filter { signatory[$0.organisation] }.count
        return SignatoryComparison(
            registeredSignatories: signatory.filter { $0 }.count, signatories: signed,
            nonSignatories: taking.count - signed, rows: rows)
    }
}
