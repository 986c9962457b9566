import Foundation
import ReadinessCore

extension SurveyGenerator {
    /// The kinds of partner in the fictional county-wide health and care partnership,
    /// with how each kind is simulated.
    enum OrganisationKind: Sendable, CaseIterable {
        case acuteTrust, communityTrust, mentalHealthTrust, communityHospital
        case commissioner, upperTierCouncil, districtCouncil, primaryCare
        case voluntaryGroup, police, fireAndRescue, education

        /// The register's free-text sector, which forms the benchmark groups.
        var sector: String {
            switch self {
            case .acuteTrust, .communityTrust, .mentalHealthTrust, .communityHospital: "Acute and community health"
            case .commissioner: "Commissioning"
            case .upperTierCouncil, .districtCouncil: "Local government"
            case .primaryCare: "Primary care"
            case .voluntaryGroup: "Voluntary and community"
            case .police, .fireAndRescue: "Emergency services"
            case .education: "Education"
            }
        }

        /// Relative number of respondents: large trusts return dozens, small groups a handful.
        var sizeWeight: Double {
            switch self {
            case .acuteTrust: 11
            case .communityTrust: 7
            case .mentalHealthTrust: 6
            case .communityHospital: 1.0
            case .commissioner: 3
            case .upperTierCouncil: 6
            case .districtCouncil: 1.6
            case .primaryCare: 1.8
            case .voluntaryGroup: 0.4
            case .police: 4
            case .fireAndRescue: 2
            case .education: 0.9
            }
        }

        /// Probability that an organisation of this kind signs the charter.
        var signatoryProbability: Double {
            switch self {
            case .commissioner: 0.9
            case .police: 0.8
            case .acuteTrust, .upperTierCouncil: 0.7
            case .communityTrust, .mentalHealthTrust, .fireAndRescue: 0.6
            case .primaryCare: 0.45
            case .communityHospital, .districtCouncil, .education: 0.4
            case .voluntaryGroup: 0.35
            }
        }

        /// Latent shift of every respondent in every domain.
        var readinessShift: Double {
            switch self {
            case .acuteTrust: -0.05
            case .communityTrust: 0.05
            case .mentalHealthTrust: 0.1
            case .communityHospital: -0.1
            case .commissioner: 0.25
            case .upperTierCouncil: 0.05
            case .districtCouncil: -0.15
            case .primaryCare: -0.05
            case .voluntaryGroup: -0.1
            case .police: 0.1
            case .fireAndRescue: 0
            case .education: -0.1
            }
        }

        /// Further latent shift by domain id: the kind's particular strengths and gaps.
        var domainShifts: [String: Double] {
            switch self {
            case .acuteTrust: ["culture": -0.1, "capacity": -0.2]
            case .mentalHealthTrust: ["ig_rules": 0.15]
            case .commissioner: ["capacity": 0.2]
            case .upperTierCouncil: ["ig_rules": 0.1]
            case .districtCouncil: ["ig_rules": -0.2]
            case .primaryCare: ["capacity": -0.35]
            case .voluntaryGroup: ["culture": 0.2, "roles": -0.2, "ig_rules": -0.35]
            case .police: ["ig_rules": 0.2]
            case .education: ["shared_language": -0.25]
            case .communityTrust, .communityHospital, .fireAndRescue: [:]
            }
        }

        /// The stem of a systematically generated name, for organisations beyond the catalogue.
        var generatedNameStem: String {
            switch self {
            case .acuteTrust: "Hospital Trust"
            case .communityTrust: "Community Health Trust"
            case .mentalHealthTrust: "Mental Health Trust"
            case .communityHospital: "Community Hospital"
            case .commissioner: "Commissioning Group"
            case .upperTierCouncil: "County Council"
            case .districtCouncil: "District Council"
            case .primaryCare: "Primary Care Locality"
            case .voluntaryGroup: "Voluntary Group"
            case .police: "Police Division"
            case .fireAndRescue: "Fire Station Group"
            case .education: "School Partnership"
            }
        }
    }

    /// A partner organisation of the fictional partnership, with its simulated traits.
    struct SampleOrganisation: Sendable {
        let id: String
        let name: String
        let kind: OrganisationKind
        let locality: String
        /// The day it signed the charter; nil when it is not a signatory.
        let signedOn: CalendarDate?
        /// The wave after which it signed (it signed between that wave and the next).
        let signedAfterWave: Int?
        /// Staff in scope, the register's `headcount`.
        let headcount: Int
        /// The first wave it takes part in, and a wave it misses.
        let firstWave: Int
        let skippedWave: Int?
        /// Relative number of respondents, the kind's weight with a persistent jitter.
        let sizeWeight: Double
        /// Latent shift of its respondents, by domain in instrument order.
        let domainEffects: [Double]
        /// Whether it has signed the information-sharing charter.
        let isSignatory: Bool

        /// Whether it takes part in wave `wave`.
        func takesPart(in wave: Int) -> Bool { wave >= firstWave && wave != skippedWave }

        /// The same organisation with another headcount.
        func with(headcount: Int) -> SampleOrganisation {
            SampleOrganisation(
                id: id, name: name, kind: kind, locality: locality, signedOn: signedOn,
                signedAfterWave: signedAfterWave, headcount: headcount, firstWave: firstWave,
                skippedWave: skippedWave, sizeWeight: sizeWeight, domainEffects: domainEffects,
                isSignatory: isSignatory)
        }
    }

    /// The partner register of the fictional county of Wessex Vale.
    ///
    /// The first 45 organisations come from a hand-written catalogue; further ones are
    /// generated with systematic names across the same sectors, and fewer take a prefix.
    struct SampleRegister: Sendable {
        let organisations: [SampleOrganisation]

        /// Catalogue positions of the two partners that join at the 12-month wave, of the one
        /// that misses the 6-month wave, and of the one whose register headcount is a typo
        /// (lower than its responses), when the register is that long.
        static let joinersAtTwelveMonths = [32, 44]
        static let missesSixMonths = 30
        static let headcountTypo = 37
        /// The share of signatories that sign between the baseline and the first follow-up;
        /// the rest sign between later pairs of waves, evenly.
        static let firstWindowShare = 0.65

        /// Draws `count` organisations over `waveCount` waves of `respondentsPerWave` rows:
        /// signatories sign between a wave and the next (most soon after the baseline), and
        /// each has a headcount that makes its response rate plausible (30% to 80%, lower for
        /// small organisations, whose responses vary most).
        init(count: Int, seed: UInt64, domains: [SampleDomain], waveCount: Int, respondentsPerWave: Int) {
            let intervals = max(1, waveCount - 1)
            var drafts = (0..<max(0, count)).map { position in
                let entry = SampleRegister.entry(at: position)
                var random = RandomSource(seed: seed, path: StreamPurpose.organisation.rawValue, UInt64(position))
                var signing = RandomSource(seed: seed, path: StreamPurpose.signing.rawValue, UInt64(position))
                let signs = random.chance(entry.kind.signatoryProbability)
                let interval =
                    intervals == 1 || signing.chance(SampleRegister.firstWindowShare)
                    ? 0 : 1 + signing.index(below: intervals - 1)
                let window = SampleWave.signingWindow(after: interval)
                let firstDay = window.lowerBound.daysSinceEpoch
                let span = window.upperBound.daysSinceEpoch - firstDay + 1
                var signedOn = CalendarDate(daysSinceEpoch: firstDay + random.index(below: span))
                while signedOn.isWeekend { signedOn = signedOn.adding(days: 1) }
                let sizeJitter = exp(random.normal(mean: 0, sd: 0.35))
                let generalEffect = random.normal(mean: 0, sd: 0.3)
                let kindShift = entry.kind.readinessShift
                let domainShifts = entry.kind.domainShifts
                let effects = domains.map { domain in
                    generalEffect + kindShift + (domainShifts[domain.id] ?? 0) + random.normal(mean: 0, sd: 0.15)
                }
                let joins = waveCount >= 3 && SampleRegister.joinersAtTwelveMonths.contains(position)
                let skips = waveCount >= 3 && position == SampleRegister.missesSixMonths
                return SampleOrganisation(
                    id: "ORG" + Digits.padded(position + 1, width: 3),
                    name: entry.name,
                    kind: entry.kind,
                    locality: entry.locality,
                    signedOn: signs ? signedOn : nil,
                    signedAfterWave: signs ? interval : nil,
                    headcount: 1,
                    firstWave: joins ? 2 : 0,
                    skippedWave: skips ? 1 : nil,
                    sizeWeight: entry.kind.sizeWeight * sizeJitter,
                    domainEffects: effects,
                    isSignatory: signs)
            }
            // Headcounts from the expected responses per wave, at a rate drawn for each.
            let totalWeight = drafts.reduce(0) { $0 + $1.sizeWeight }
            for position in drafts.indices {
                var random = RandomSource(seed: seed, path: StreamPurpose.headcount.rawValue, UInt64(position))
                let expected = Double(max(0, respondentsPerWave)) * drafts[position].sizeWeight / max(totalWeight, 1e-9)
                let rate = 0.3 + 0.5 * random.uniform()
                // Never so close to the expected responses that chance alone exceeds it.
                let plausible = max(expected / rate, expected + 3 * expected.squareRoot() + 2)
                let headcount = position == SampleRegister.headcountTypo ? expected / 2 : plausible
                drafts[position] = drafts[position].with(headcount: max(1, Int(headcount.rounded())))
            }
            organisations = drafts
        }

        /// `organisations.csv` in the format of SPEC §2.2, with LF line endings.
        func csv() -> String {
            var text = CSVText.record([
                "organisation_id", "name", "sector", "locality", "signatory", "signed_on", "headcount",
            ])
            for organisation in organisations {
                text += CSVText.record([
                    organisation.id, organisation.name, organisation.kind.sector, organisation.locality,
                    organisation.isSignatory ? "yes" : "no", organisation.signedOn?.description ?? "",
                    String(organisation.headcount),
                ])
            }
            return text
        }
    }
}

extension SurveyGenerator.SampleRegister {
    /// A catalogue line: a fictional name, its kind and its locality.
    private struct CatalogueEntry {
        let name: String
        let kind: SurveyGenerator.OrganisationKind
        let locality: String
    }

    private static let localities = [
        "Wexcombe", "Brackwater", "Stourleigh", "Harnford", "Pellbury", "Dunmere", "Larkmoor", "Saltridge and Fennick",
    ]

    /// The partnership as a reader of the sample meets it: every name is invented.
    private static let catalogue: [CatalogueEntry] = [
        CatalogueEntry(name: "Wessex Vale Hospitals NHS Foundation Trust", kind: .acuteTrust, locality: "County-wide"),
        CatalogueEntry(name: "Brackwater and Coast Hospitals NHS Trust", kind: .acuteTrust, locality: "Brackwater"),
        CatalogueEntry(name: "Wessex Vale Community Health NHS Trust", kind: .communityTrust, locality: "County-wide"),
        CatalogueEntry(
            name: "Wessex Vale Mental Health Partnership NHS Foundation Trust", kind: .mentalHealthTrust,
            locality: "County-wide"),
        CatalogueEntry(name: "Pellbury Community Hospital", kind: .communityHospital, locality: "Pellbury"),
        CatalogueEntry(name: "Larkmoor Memorial Community Hospital", kind: .communityHospital, locality: "Larkmoor"),
        CatalogueEntry(name: "NHS Wessex Vale Integrated Care Board", kind: .commissioner, locality: "County-wide"),
        CatalogueEntry(name: "Wessex Vale County Council", kind: .upperTierCouncil, locality: "County-wide"),
        CatalogueEntry(name: "Wexcombe City Council", kind: .upperTierCouncil, locality: "Wexcombe"),
        CatalogueEntry(name: "Brackwater Borough Council", kind: .upperTierCouncil, locality: "Brackwater"),
        CatalogueEntry(name: "Stourleigh District Council", kind: .districtCouncil, locality: "Stourleigh"),
        CatalogueEntry(name: "Harnford Borough Council", kind: .districtCouncil, locality: "Harnford"),
        CatalogueEntry(name: "Pellbury District Council", kind: .districtCouncil, locality: "Pellbury"),
        CatalogueEntry(name: "Dunmere District Council", kind: .districtCouncil, locality: "Dunmere"),
        CatalogueEntry(name: "Larkmoor District Council", kind: .districtCouncil, locality: "Larkmoor"),
        CatalogueEntry(
            name: "Saltridge and Fennick District Council", kind: .districtCouncil, locality: "Saltridge and Fennick"),
        CatalogueEntry(name: "Wexcombe North Primary Care Network", kind: .primaryCare, locality: "Wexcombe"),
        CatalogueEntry(name: "Wexcombe South Primary Care Network", kind: .primaryCare, locality: "Wexcombe"),
        CatalogueEntry(name: "Wexcombe East Primary Care Network", kind: .primaryCare, locality: "Wexcombe"),
        CatalogueEntry(name: "Brackwater Town Primary Care Network", kind: .primaryCare, locality: "Brackwater"),
        CatalogueEntry(name: "Brackwater Coast Primary Care Network", kind: .primaryCare, locality: "Brackwater"),
        CatalogueEntry(name: "Stourleigh Primary Care Network", kind: .primaryCare, locality: "Stourleigh"),
        CatalogueEntry(
            name: "Harnford and Kelsey Cross Primary Care Network", kind: .primaryCare, locality: "Harnford"),
        CatalogueEntry(name: "Pellbury Rural Primary Care Network", kind: .primaryCare, locality: "Pellbury"),
        CatalogueEntry(name: "Dunmere Primary Care Network", kind: .primaryCare, locality: "Dunmere"),
        CatalogueEntry(name: "Larkmoor Valleys Primary Care Network", kind: .primaryCare, locality: "Larkmoor"),
        CatalogueEntry(name: "Marlwood and Ellerby Primary Care Network", kind: .primaryCare, locality: "Larkmoor"),
        CatalogueEntry(name: "Saltridge Primary Care Network", kind: .primaryCare, locality: "Saltridge and Fennick"),
        CatalogueEntry(
            name: "Fennick and Oakhollow Primary Care Network", kind: .primaryCare, locality: "Saltridge and Fennick"),
        CatalogueEntry(name: "Wessex Vale Constabulary", kind: .police, locality: "County-wide"),
        CatalogueEntry(name: "Wessex Vale Fire and Rescue Service", kind: .fireAndRescue, locality: "County-wide"),
        CatalogueEntry(name: "Wexcombe College", kind: .education, locality: "Wexcombe"),
        CatalogueEntry(name: "Brackwater Learning Trust", kind: .education, locality: "Brackwater"),
        CatalogueEntry(name: "Pellbury and Dunmere Schools Partnership", kind: .education, locality: "Pellbury"),
        CatalogueEntry(
            name: "Wessex Vale Council for Voluntary Service", kind: .voluntaryGroup, locality: "County-wide"),
        CatalogueEntry(name: "Wessex Vale Carers' Centre", kind: .voluntaryGroup, locality: "County-wide"),
        CatalogueEntry(name: "Age Well Wessex Vale", kind: .voluntaryGroup, locality: "County-wide"),
        CatalogueEntry(name: "Brackwater Food Bank Network", kind: .voluntaryGroup, locality: "Brackwater"),
        CatalogueEntry(name: "Stourleigh Domestic Abuse Support", kind: .voluntaryGroup, locality: "Stourleigh"),
        CatalogueEntry(name: "Harnford Young People's Project", kind: .voluntaryGroup, locality: "Harnford"),
        CatalogueEntry(name: "Pellbury Family Support", kind: .voluntaryGroup, locality: "Pellbury"),
        CatalogueEntry(name: "Dunmere Street Outreach", kind: .voluntaryGroup, locality: "Dunmere"),
        CatalogueEntry(name: "Larkmoor Rural Community Transport", kind: .voluntaryGroup, locality: "Larkmoor"),
        CatalogueEntry(
            name: "Fennick, Oakhollow and District Good Neighbours", kind: .voluntaryGroup,
            locality: "Saltridge and Fennick"),
        CatalogueEntry(name: "Wexcombe Refugee Welcome", kind: .voluntaryGroup, locality: "Wexcombe"),
    ]

    /// The kinds that generated organisations cycle through: the many small partners.
    private static let generatedKinds: [SurveyGenerator.OrganisationKind] = [
        .primaryCare, .voluntaryGroup, .districtCouncil, .education, .communityHospital, .primaryCare, .voluntaryGroup,
    ]

    /// The catalogue line at `position`, or a systematically named one past its end.
    private static func entry(at position: Int) -> CatalogueEntry {
        if position < catalogue.count { return catalogue[position] }
        let extra = position - catalogue.count
        let kind = generatedKinds[extra % generatedKinds.count]
        return CatalogueEntry(
            name: "\(kind.generatedNameStem) \(position + 1)",
            kind: kind,
            locality: localities[extra % localities.count])
    }
}
