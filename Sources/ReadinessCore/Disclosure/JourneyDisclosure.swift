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
    /// other charter group (`otherGroup` names it, e.g. "non-signatories").
    public func journeyReason(otherGroup: String? = nil) -> String {
        "fewer than \(organisations) organisations" + (otherGroup.map { " among \($0)" } ?? "")
    }

    /// Rule 5: the signatory and non-signatory groups are shown together, each with at
    /// least k published organisations, or neither is (one alone is the national figure
    /// minus the other).
    public func signatoryGroupsShown(signatories: Int, nonSignatories: Int) -> Bool {
        isGroup(organisations: signatories) && isGroup(organisations: nonSignatories)
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

    /// How a row of the charter evaluation may be shown.
    public enum CharterVisibility: Sendable, Equatable {
        case shown
        /// Only the difference, its interval and its verdict: with 1 ≤ |E| < k the group
        /// changes would give away E's mean.
        case differenceOnly
        /// Fewer than k new signatories or non-signatories.
        case notShown
    }

    /// Rule 4.
    public func charterRow(_ row: CharterRow) -> CharterVisibility {
        guard isGroup(organisations: row.newSignatories), isGroup(organisations: row.nonSignatories) else { return .notShown }
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
