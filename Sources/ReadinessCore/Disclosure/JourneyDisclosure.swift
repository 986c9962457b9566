/// What of the journey, the cohort changes and the charter evaluation may be published
/// (SPEC §9.9), and the group sizes the journey's tests need: pure decisions on counts,
/// never on how a figure prints.
extension DisclosureRules {
    /// The fewest organisations a cohort change or each charter group needs to be tested:
    /// max(2, k) (SPEC §9.2, §9.4).
    public var smallestTestedGroup: Int { max(2, organisations) }

    /// Rule 2: a national wave × domain cell rests on at least k published organisations.
    public func journeyCell(organisations count: Int) -> Suppression? {
        isGroup(organisations: count) ? nil : .fewerOrganisations(organisations)
    }

    /// The `reason` of a journey group row hidden by rule 2, or by rule 5 because of the
    /// other charter group (`otherGroup` names it, e.g.
    ///
    /// "non-signatories").
    public func journeyReason(otherGroup: String? = nil) -> String {
        "fewer than \(organisations) organisations" + (otherGroup.map { " among \($0)" } ?? "")
    }

    /// Rule 5: the signatory and non-signatory groups are shown together, each with at
    /// least k published organisations, or neither is (one alone is the national figure
    /// minus the other).
    public func signatoryGroupsShown(signatories: Int, nonSignatories: Int) -> Bool {
        isGroup(organisations: signatories) && isGroup(organisations: nonSignatories)
    }

    /// Rules 2 and 5 for one domain's two charter groups: what each of them shows in place
    /// of its figures (nil: shown).
    ///
    /// A group too small reads `<k organisations`; the other, large enough alone, is hidden
    /// with it (with the reason naming the small group).
    public func signatoryGroups(signatories: Int, nonSignatories: Int)
        -> (signatories: GroupSuppression?, nonSignatories: GroupSuppression?)
    {
        if signatoryGroupsShown(signatories: signatories, nonSignatories: nonSignatories) { return (nil, nil) }
        let small = GroupSuppression(suppression: .fewerOrganisations(organisations), reason: journeyReason())
        let yes = isGroup(organisations: signatories), no = isGroup(organisations: nonSignatories)
        return (
            yes
                ? GroupSuppression(suppression: .complementary, reason: journeyReason(otherGroup: "non-signatories"))
                : small,
            no ? GroupSuppression(suppression: .complementary, reason: journeyReason(otherGroup: "signatories")) : small
        )
    }

    /// A hidden charter group: what the report prints and what `journey.csv` gives as its reason.
    public struct GroupSuppression: Sendable, Equatable {
        public var suppression: Suppression
        public var reason: String
    }

    /// Rule 1: a point of a partner's series (a cell of its journey table, a point of its
    /// chart) is shown only where its score was published at that wave (§4.1); overall,
    /// where it was scored.
    public func partnerSeriesPoint(published: Bool, overall: Bool) -> Suppression? {
        guard !published else { return nil }
        return overall ? .notEveryDomainPublished : .fewerRespondents(respondents)
    }

    /// Rule 3: a national cohort change is shown only when m ≥ k, and withheld when one of
    /// a, b is 0 and the other lies between 1 and k − 1 (both waves' means are published,
    /// so the change would give away those few organisations' total).
    public func cohortChange(_ cohort: Cohort) -> Suppression? {
        guard isGroup(organisations: cohort.organisations) else { return .fewerOrganisations(organisations) }
        let a = cohort.onlyNow, b = cohort.onlyThen
        let few = 1..<organisations
        if (a == 0 && few.contains(b)) || (b == 0 && few.contains(a)) { return .withheld(organisations) }
        return nil
    }

    /// Rule 3 for the changes of one comparison (every domain, then overall, against one
    /// wave), decided together: when one is withheld, so are the others that would be
    /// shown.
    ///
    /// Overall readiness is a weighted mean of the domains, so where the cohorts coincide
    /// the domains' changes add up to the overall one, and the overall change would give
    /// away what withholding it protects (and the other way round). Found by the attacker
    /// of tools/disclosure/check_journey.py.
    ///
    /// `outsideOverall` counts the organisations in a domain's cohort but not in overall
    /// readiness's (published in some domain at both waves, but not scored at both). The
    /// domains' changes, weighted, less the overall change, are those organisations' total
    /// change: from 1 to k − 1 of them, every change of the comparison is withheld.
    public func cohortChanges(_ cohorts: [Cohort?], outsideOverall: Int = 0) -> [Suppression?] {
        let decisions = cohorts.map { $0.map(cohortChange) ?? .fewerOrganisations(organisations) }
        guard decisions.contains(.withheld(organisations)) || (1..<organisations).contains(outsideOverall) else {
            return decisions
        }
        return decisions.map { $0 ?? .withheld(organisations) }
    }

    /// The same guard for the means of one wave's domain table: a domain's mean is over its
    /// published organisations, overall readiness's over those scored in every domain, and
    /// the domains' means, weighted, less the overall one, give the total of the organisations
    /// published in some domain but not scored (`outsideOverall`).
    ///
    /// From 1 to k − 1 of them, the wave's means are hidden (its medians and quartiles are order statistics, and stay).
    public func meansShown(outsideOverall: Int) -> Suppression? {
        (1..<organisations).contains(outsideOverall) ? .complementary : nil
    }

    /// Rule 3 carried over to two changes shown side by side.
    ///
    /// Subtracted, the change since the previous wave P and the change since the baseline B
    /// give the change between B and P of the organisations in both cohorts; beside what
    /// P's own report published (its means and its change since B), that gives away the
    /// total of the organisations in only one of the three cohorts. `involved` is how many
    /// there are: from 1 to k − 1, the change since the baseline is withheld.
    public func sinceBaselineBesidePrevious(involved: Int) -> Suppression? {
        (1..<organisations).contains(involved) ? .withheld(organisations) : nil
    }

    /// How a row of the charter evaluation may be shown.
    public enum CharterVisibility: Sendable, Equatable {
        case shown
        /// Only the difference, its interval and its verdict: with 1 ≤ |E| < k the group
        /// changes would give away E's mean.
        case differenceOnly
        /// Fewer than k new signatories or non-signatories.
        case notShown
    }

    /// Rule 4, and the differencing guard of rule 3 carried over to the charter groups.
    ///
    /// The charter's organisations (published at both B and W) are exactly the cohort of the
    /// national change since the baseline, and with no earlier signatory the two groups'
    /// totals add up to the cohort's. So when the changes since the baseline are withheld
    /// (`cohortWithheld`), the group changes are hidden too, or they would give them away.
    public func charterRow(_ row: CharterRow, cohortWithheld: Bool = false) -> CharterVisibility {
        guard isGroup(organisations: row.newSignatories), isGroup(organisations: row.nonSignatories) else {
            return .notShown
        }
        if cohortWithheld { return .differenceOnly }
        return (1..<organisations).contains(row.earlierSignatories) ? .differenceOnly : .shown
    }

    /// k, as the "needs at least k…" sentence of the charter evaluation states it.
    public var charterGroupSize: Int { organisations }

    /// Rule 6: the national median and quartiles of response rates rest on at least k
    /// organisations taking part.
    public func responseRateMedianShown(_ rates: ResponseRates) -> Bool {
        isGroup(organisations: rates.takingPart)
    }
}
