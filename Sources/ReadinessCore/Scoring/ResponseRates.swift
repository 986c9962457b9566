import ReadinessStatistics

/// One organisation's response rate at a wave (SPEC §9.5).
public struct ResponseRate: Sendable, Equatable {
    /// Register index.
    public var organisation: Int
    /// h: staff in scope, from the register.
    public var headcount: Int
    /// r: scored respondents (0 when none).
    public var respondents: Int
    /// 100 × r / h.
    public var rate: Double
    /// The 95% Wilson interval of r out of h, × 100, clipped to [0, 100]; nil when r > h.
    public var ciLow: Double?
    public var ciHigh: Double?

    /// More scored responses than the headcount: the register needs checking.
    public var exceedsHeadcount: Bool { respondents > headcount }
    /// Taking part: 1 ≤ r ≤ h (these rates form the national median).
    public var takesPart: Bool { respondents >= 1 && respondents <= headcount }

    /// The rate of r respondents out of a headcount h.
    public init(organisation: Int, headcount: Int, respondents: Int) {
        self.organisation = organisation
        self.headcount = headcount
        self.respondents = respondents
        rate = 100 * Double(respondents) / Double(headcount)
        if let interval = Statistics.wilsonInterval(successes: respondents, n: headcount) {
            ciLow = min(100, max(0, 100 * interval.low))
            ciHigh = min(100, max(0, 100 * interval.high))
        }
    }
}

/// Response rates of a wave, for organisations with a headcount in the register (SPEC §9.5).
///
/// The register has one headcount, applied to every wave: editing it changes earlier
/// waves' rates (a known limitation).
public struct ResponseRates: Sendable {
    /// One per register organisation with a headcount, in register (id) order.
    public var rows: [ResponseRate]
    /// Quartiles and median of the rates of organisations taking part (1 ≤ r ≤ h).
    public var lower: Double?
    public var median: Double?
    public var upper: Double?
    /// How many organisations take part (the median's base).
    public var takingPart: Int
    /// Organisations with a headcount but no scored respondent.
    public var withoutRespondents: Int
    /// Organisations with more scored respondents than their headcount.
    public var overHeadcount: Int

    /// The rates of a wave; nil when the register has no `headcount` column.
    public init?(scores: WaveScores, register: Register) {
        guard register.hasHeadcount else { return nil }
        var respondents = [Int](repeating: 0, count: register.organisations.count)
        for organisation in scores.organisations { respondents[organisation.organisation] = organisation.respondents }
        rows = register.organisations.indices.compactMap { index in
            register.organisations[index].headcount.map {
                ResponseRate(organisation: index, headcount: $0, respondents: respondents[index])
            }
        }
        let rates = rows.filter(\.takesPart).map(\.rate)
        let quartiles = Statistics.quartiles(rates)
        lower = quartiles?.lower
        median = quartiles?.median
        upper = quartiles?.upper
        takingPart = rates.count
        withoutRespondents = rows.filter { $0.respondents == 0 }.count
        overHeadcount = rows.filter(\.exceedsHeadcount).count
    }
}
