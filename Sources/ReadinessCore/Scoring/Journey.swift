import ReadinessStatistics

/// The groups of the national series (SPEC §9.3), in the order of `journey.csv`.
public enum JourneyGroup: Int, CaseIterable, Sendable {
    case national, signatories, nonSignatories

    /// The `scope` of its rows.
    public var scope: String {
        switch self {
        case .national: "national"
        case .signatories: "signatories"
        case .nonSignatories: "non-signatories"
        }
    }
}

/// One group's figures at one wave, in one domain or overall (SPEC §9.3, §9.7).
public struct GroupPoint: Sendable, Equatable {
    /// Published organisation scores counted (overall: organisations scored).
    public var organisations: Int
    /// Statistics over those scores; nil when there are none.
    public var mean: Double?
    public var lower: Double?
    public var median: Double?
    public var upper: Double?
    /// The level of the median.
    public var level: String?
    /// Whether the national report may show it (SPEC §9.9 rules 2 and 5).
    public var published: Bool
    /// Why not; empty when published.
    public var reason: String
}

/// Every wave of a survey, scored, and what follows from the order of waves: the baseline,
/// charter status, first waves and the national series (SPEC §9.1, §9.3, §9.6).
///
/// One history is shared by every wave's analysis, so memory grows linearly with the number
/// of waves. Whatever is computed for wave W reads only W and the waves before it.
public final class SurveyHistory: Sendable {
    /// Ordered by `closes`.
    public let waves: [Wave]
    /// The position of the baseline in `waves`.
    public let baseline: Int
    public let instrument: Instrument
    public let register: Register
    /// Each wave's scores, in wave order.
    public let scores: [WaveScores]
    /// Each wave's national figures (§3.9).
    public let national: [NationalFigures]
    /// `groups[wave][group.rawValue][domain]`, overall at index `domainCount`.
    public let groups: [[[GroupPoint]]]
    /// Per register organisation, the first wave in which it has a scored respondent.
    public let firstWave: [Int?]
    /// Per register organisation, `signed_on` as a date.
    let signedDates: [CalendarDate?]

    public var domainCount: Int { instrument.domains.count }

    public init(waves: [Wave], baseline: Int, instrument: Instrument, register: Register, scores: [WaveScores]) {
        self.waves = waves
        self.baseline = baseline
        self.instrument = instrument
        self.register = register
        self.scores = scores
        let domainCount = instrument.domains.count
        national = scores.map { NationalFigures($0, domainCount: domainCount) }
        let signedDates = register.organisations.map(\.signedDate)
        self.signedDates = signedDates
        var firstWave = [Int?](repeating: nil, count: register.organisations.count)
        for (index, wave) in scores.enumerated() {
            for organisation in wave.organisations where firstWave[organisation.organisation] == nil {
                firstWave[organisation.organisation] = index
            }
        }
        self.firstWave = firstWave
        groups = zip(waves, scores).map { wave, scores in
            Self.groupPoints(
                scores, closes: wave.closes, instrument: instrument, register: register, signedDates: signedDates)
        }
    }

    /// Whether register organisation `organisation` is a charter signatory at wave `wave` (§9.1.4).
    public func isSignatory(_ organisation: Int, atWave wave: Int) -> Bool {
        CharterStatus.isSignatory(
            signatory: register.organisations[organisation].signatory,
            signedOn: signedDates[organisation], at: waves[wave].closes)
    }

    /// Charter status of every register organisation at wave `wave`, in register order.
    public func signatories(atWave wave: Int) -> [Bool] {
        register.organisations.indices.map { isSignatory($0, atWave: wave) }
    }

    /// The organisations whose first wave is `wave`, when it is not the first wave (§9.6):
    /// one that skipped a wave is not new.
    public func newPartners(at wave: Int) -> Int {
        guard wave > 0 else { return 0 }
        return firstWave.lazy.filter { $0 == wave }.count
    }

    /// The previous wave of `wave`: the one before it (closing dates are distinct, §9.1.1).
    public func previous(of wave: Int) -> Int? { wave > 0 ? wave - 1 : nil }

    /// An organisation's full-precision score at a wave: a domain's mean when published,
    /// overall (`domain == nil`) when scored.
    static func score(_ organisation: OrganisationScores, domain: Int?) -> Double? {
        guard let domain else { return organisation.overall }
        let score = organisation.domains[domain]
        return score.published ? score.mean : nil
    }

    /// The national, signatory and non-signatory figures of one wave, with §9.9's decisions:
    /// national needs k published organisations (rule 2); the two signatory groups both
    /// need k, or neither is shown (rule 5).
    static func groupPoints(
        _ scores: WaveScores, closes: CalendarDate, instrument: Instrument, register: Register,
        signedDates: [CalendarDate?]
    ) -> [[GroupPoint]] {
        let rules = DisclosureRules(instrument.thresholds)
        let domains: [Int?] = Array(instrument.domains.indices) + [nil]
        let signed = scores.organisations.map {
            CharterStatus.isSignatory(
                signatory: register.organisations[$0.organisation].signatory,
                signedOn: signedDates[$0.organisation], at: closes)
        }
        func point(_ values: [Double]) -> GroupPoint {
            let quartiles = Statistics.quartiles(values)
            let shown = rules.journeyCell(organisations: values.count) == nil
            return GroupPoint(
                organisations: values.count, mean: Statistics.mean(values), lower: quartiles?.lower,
                median: quartiles?.median, upper: quartiles?.upper,
                level: quartiles.flatMap { instrument.level(of: $0.median)?.name },
                published: shown, reason: shown ? "" : rules.journeyReason())
        }
        var national: [GroupPoint] = [], signatories: [GroupPoint] = [], others: [GroupPoint] = []
        for domain in domains {
            var all: [Double] = [], yes: [Double] = [], no: [Double] = []
            for (position, organisation) in scores.organisations.enumerated() {
                guard let value = score(organisation, domain: domain) else { continue }
                all.append(value)
                if signed[position] { yes.append(value) } else { no.append(value) }
            }
            national.append(point(all))
            var yesPoint = point(yes), noPoint = point(no)
            // Rule 5: one group alone would be the national figure minus the other.
            let hidden = rules.signatoryGroups(signatories: yes.count, nonSignatories: no.count)
            if let hidden = hidden.signatories {
                yesPoint.published = false
                yesPoint.reason = hidden.reason
            }
            if let hidden = hidden.nonSignatories {
                noPoint.published = false
                noPoint.reason = hidden.reason
            }
            signatories.append(yesPoint)
            others.append(noPoint)
        }
        return [national, signatories, others]
    }
}

/// For each organisation and domain (and overall), the latest wave so far in which it was
/// published (overall: scored), kept up to date wave by wave: the reference wave R of
/// §9.2 in constant time.
struct LatestPublished {
    private var latest: [Int32]
    private let width: Int

    init(organisations: Int, domainCount: Int) {
        width = domainCount + 1
        latest = Array(repeating: -1, count: organisations * width)
    }

    /// The latest wave recorded for an organisation's domain (nil: overall).
    func wave(organisation: Int, domain: Int?) -> Int? {
        let value = latest[organisation * width + (domain ?? width - 1)]
        return value < 0 ? nil : Int(value)
    }

    /// Records wave `wave`'s published scores; call once per wave, in order.
    mutating func record(_ scores: WaveScores, wave: Int) {
        for organisation in scores.organisations {
            for domain in 0..<(width - 1) where organisation.domains[domain].published {
                latest[organisation.organisation * width + domain] = Int32(wave)
            }
            if organisation.overall != nil { latest[organisation.organisation * width + width - 1] = Int32(wave) }
        }
    }
}
