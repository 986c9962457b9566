/// What of the journey, the cohort changes and the charter evaluation may be published
/// (SPEC §9.9): pure decisions on counts, never on how a figure prints.
extension Disclosure {
    /// Rule 2: a national wave × domain cell rests on at least k published organisations.
    public static func journeyCellShown(organisations: Int, minOrganisations: Int) -> Bool {
        organisations >= minOrganisations
    }

    /// Rule 5: the signatory and non-signatory groups are shown together, each with at
    /// least k published organisations, or neither is (one alone is the national figure
    /// minus the other).
    public static func signatoryGroupsShown(signatories: Int, nonSignatories: Int, minOrganisations: Int) -> Bool {
        signatories >= minOrganisations && nonSignatories >= minOrganisations
    }

    /// How a national cohort change may be shown.
    public enum CohortVisibility: Sendable, Equatable {
        case shown
        /// m < k: it would rest on fewer than k organisations.
        case tooFewOrganisations
        /// Both waves' means are published, so the change would give away the total of the
        /// few organisations published in one wave only.
        case withheld
    }

    /// Rule 3: shown only when m ≥ k, and withheld when one of a, b is 0 and the other lies
    /// between 1 and k − 1.
    public static func cohortChange(_ cohort: Cohort, minOrganisations: Int) -> CohortVisibility {
        guard cohort.organisations >= minOrganisations else { return .tooFewOrganisations }
        let a = cohort.onlyNow, b = cohort.onlyThen
        let few = 1..<minOrganisations
        if (a == 0 && few.contains(b)) || (b == 0 && few.contains(a)) { return .withheld }
        return .shown
    }

    /// The words a national report prints for a change it does not show.
    public static func cohortNote(_ visibility: CohortVisibility, minOrganisations: Int) -> String? {
        switch visibility {
        case .shown: nil
        case .tooFewOrganisations: "<\(minOrganisations) organisations"
        case .withheld: "withheld: would reveal the scores of fewer than \(minOrganisations) organisations"
        }
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
    public static func charterRow(_ row: CharterRow, minOrganisations: Int) -> CharterVisibility {
        guard row.newSignatories >= minOrganisations, row.nonSignatories >= minOrganisations else { return .notShown }
        return (1..<minOrganisations).contains(row.earlierSignatories) ? .differenceOnly : .shown
    }

    /// Rule 6: the national median and quartiles of response rates rest on at least k
    /// organisations taking part.
    public static func responseRateMedianShown(_ rates: ResponseRates, minOrganisations: Int) -> Bool {
        rates.takingPart >= minOrganisations
    }
}
