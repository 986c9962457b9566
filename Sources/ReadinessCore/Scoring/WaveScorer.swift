import ReadinessStatistics

/// Scores a wave (SPEC §3) in one pass over the respondents: item, respondent and
/// organisation scores, item results, reliability and breakdowns, by accumulators whose
/// size grows with organisations × items, not with respondents.
public struct WaveScorer: Sendable {
    public let instrument: Instrument

    public init(instrument: Instrument) { self.instrument = instrument }

    /// The 0–100 score of an answer to an item on a scale of `points` points, nil when not
    /// answered (SPEC §8.1 "Scoring").
    public static func itemScore(_ answer: UInt8, _ item: Item, points: Int) -> Double? {
        guard answer != Answer.none else { return nil }
        switch item.kind {
        case .likert(let reverse):
            guard Int(answer) <= points else { return nil }
            return AnswerScale.score(point: Int(answer), of: points, reverse: reverse)
        case .knowledge(let key):
            if answer == Answer.knowledgeDontKnow { return 0 }
            return (answer == Answer.knowledgeTrue) == key ? 100 : 0
        }
    }

    /// Domain scores of one respondent: the mean of answered item scores when enough were answered.
    public func domainScores<Answers: Collection>(_ answers: Answers) -> [Double?]
    where Answers.Element == UInt8, Answers.Index == Int {
        var scores: [Double?] = []
        var offset = answers.startIndex
        for domain in instrument.domains {
            var sum = 0.0, answered = 0
            for (position, item) in domain.items.enumerated() {
                if let score = Self.itemScore(
                    answers[offset + position], item, points: instrument.scale(of: item).points)
                {
                    sum += score
                    answered += 1
                }
            }
            let needed = instrument.thresholds.minimumAnswered(outOf: domain.items.count)
            scores.append(answered >= needed ? sum / Double(answered) : nil)
            offset += domain.items.count
        }
        return scores
    }

    /// Scores respondents given one by one (tests and small inputs): tallies them, then
    /// scores the tally.
    public func score(_ respondents: [Respondent], organisationCount: Int) -> WaveScores {
        let tally = WaveTally(layout: TallyLayout(instrument: instrument), organisationCount: organisationCount)
        for respondent in respondents {
            respondent.answers.withUnsafeBufferPointer { answers in
                tally.apply(
                    organisation: respondent.organisation, role: respondent.role ?? -1, answers: answers.baseAddress!,
                    invalidItems: UnsafeBufferPointer(start: nil, count: 0), date: .present, roleInvalid: false, sign: 1
                )
            }
        }
        return scores(tally)
    }

    /// Cronbach's alpha from exact integer accumulators in units of 100/L points:
    /// α = k/(k − 1)·(1 − Σ var_i / var_total); the (n − 1) and (100/L)² factors cancel.
    static func alpha(n: Int, totalSum: Int, totalSquares: Int, itemSums: [Int], itemSquares: [Int]) -> Double? {
        let k = itemSums.count
        guard k >= 2, n >= 2 else { return nil }
        func scaledVariance(_ sum: Int, _ squares: Int) -> Double {
            Double(Int128(n) * Int128(squares) - Int128(sum) * Int128(sum))
        }
        let total = scaledVariance(totalSum, totalSquares)
        guard total > 0 else { return nil }
        var items = 0.0
        for index in 0..<k { items += scaledVariance(itemSums[index], itemSquares[index]) }
        return Double(k) / Double(k - 1) * (1 - items / total)
    }

    /// Every score of a wave from its tally (SPEC §3): organisation domain scores with
    /// intervals, overall readiness and levels, item results, confidence versus knowledge,
    /// reliability and the role breakdown.
    public func scores(_ tally: WaveTally) -> WaveScores {
        let items = instrument.items
        let itemCount = items.count
        let domains = instrument.domains
        let domainCount = domains.count
        let organisationCount = tally.organisationCount
        let layout = tally.layout
        let codes = layout.codes

        /// Item results and confidence/knowledge sums of the organisations given.
        func itemResults(_ organisations: [Int]) -> [ItemResult] {
            (0..<itemCount).map { item in
                var result = ItemResult()
                if !layout.knowledge[item] { result.distribution = Array(repeating: 0, count: layout.points[item]) }
                for organisation in organisations {
                    for code in 1..<codes {
                        let count = tally.codeCount(organisation, item: item, code: code)
                        guard count > 0, layout.units(item: item, code: code) != nil else { continue }
                        result.n += count
                        if layout.favourable[item * codes + code] { result.favourable += count }
                        if !layout.knowledge[item] { result.distribution[code - 1] += count }
                    }
                }
                return result
            }
        }
        func confidence(_ organisations: [Int], _ domain: Int) -> ConfidenceKnowledge? {
            guard !domains[domain].likertItems.isEmpty, !domains[domain].knowledgeItems.isEmpty else { return nil }
            var likertUnits = 0, likertCells = 0, knowledgeUnits = 0, knowledgeCells = 0
            for item in 0..<itemCount where layout.domainOf[item] == domain {
                for organisation in organisations {
                    for code in 1..<codes {
                        let count = tally.codeCount(organisation, item: item, code: code)
                        guard count > 0, let units = layout.units(item: item, code: code) else { continue }
                        if layout.knowledge[item] {
                            knowledgeUnits += count * units
                            knowledgeCells += count
                        } else {
                            likertUnits += count * units
                            likertCells += count
                        }
                    }
                }
            }
            // Exact quotients: for L = 4, bit for bit 25 · units / cells.
            let denominator = layout.denominators[domain]
            return ConfidenceKnowledge(
                confidence: likertCells > 0 ? Double(100 * likertUnits) / Double(denominator * likertCells) : nil,
                knowledge: knowledgeCells > 0
                    ? Double(100 * knowledgeUnits) / Double(denominator * knowledgeCells) : nil,
                likertCells: likertCells, knowledgeCells: knowledgeCells)
        }

        let taking = (0..<organisationCount).filter { tally.respondents($0) > 0 }
        var organisations: [OrganisationScores] = []
        organisations.reserveCapacity(taking.count)
        for organisation in taking {
            let scores = (0..<domainCount).map { domainScore(tally.organisationSummary(organisation, domain: $0)) }
            var overall: Double?
            var overallReason = ""
            if scores.allSatisfy(\.published) {
                var weighted = 0.0, weights = 0.0
                for (domain, score) in zip(domains, scores) {
                    weighted += domain.weight * (score.mean ?? 0)
                    weights += domain.weight
                }
                overall = weighted / weights
            } else {
                let suppressed = zip(domains, scores).filter { !$0.1.published }.map(\.0.id)
                overallReason = "not every domain published (suppressed: \(suppressed.joined(separator: ", ")))"
            }
            organisations.append(
                OrganisationScores(
                    organisation: organisation, respondents: tally.respondents(organisation), domains: scores,
                    overall: overall,
                    overallLevel: overall.flatMap { instrument.level(of: $0)?.name }, overallReason: overallReason,
                    items: itemResults([organisation]),
                    confidenceKnowledge: (0..<domainCount).map { confidence([organisation], $0) },
                    contributions: tally.contributions(organisation), moments: tally.moments(organisation)))
        }

        // Roles were tallied per row; groups of organisations (signatories) are pooled from
        // `moments` where they are reported.
        let roles: GroupBreakdown = {
            let names = instrument.roles + ["Not stated"]
            let shown = names.indices.filter { tally.roleCount($0) > 0 }
            return GroupBreakdown(
                names: shown.map { names[$0] }, groups: shown, respondents: shown.map { tally.roleCount($0) },
                domains: (0..<domainCount).map { domain in shown.map { tally.roleSummary($0, domain: domain) } })
        }()
        let reliabilityResults = domains.indices.compactMap { domain -> Reliability? in
            guard layout.likert[domain].count >= 2 else { return nil }
            let sums = tally.reliability(domain)
            return Reliability(
                domain: domain, n: sums.n,
                alpha: Self.alpha(
                    n: sums.n, totalSum: sums.totalSum, totalSquares: sums.totalSquares,
                    itemSums: sums.itemSums, itemSquares: sums.itemSquares))
        }
        return WaveScores(
            organisations: organisations, nationalItems: itemResults(taking),
            nationalConfidenceKnowledge: (0..<domainCount).map { confidence(taking, $0) },
            reliability: reliabilityResults, roles: roles,
            momentLayout: MomentLayout(slots: layout.slots, slotBase: layout.slotBase, needed: layout.needed))
    }

    /// An organisation domain score with its interval, level and publication decision.
    func domainScore(_ summary: SampleSummary) -> DomainScore {
        var low: Double?, high: Double?
        if summary.n >= 2, let mean = summary.mean, let sd = summary.sd,
            let interval = Statistics.tInterval(mean: mean, sd: sd, n: summary.n)
        {
            low = min(100, max(0, interval.low))
            high = min(100, max(0, interval.high))
        }
        let suppression = DisclosureRules(instrument.thresholds).organisationScore(respondents: summary.n)
        return DomainScore(
            summary: summary, ciLow: low, ciHigh: high,
            level: summary.mean.flatMap { instrument.level(of: $0)?.name }, published: suppression == nil,
            reason: suppression?.reason ?? "")
    }
}
