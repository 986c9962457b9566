import ReadinessStatistics

/// One domain (or overall) of the charter evaluation: a difference in differences (SPEC §9.4).
public struct CharterRow: Sendable, Equatable {
    /// Domain index, or nil for overall.
    public var domain: Int?
    /// |G₁|: signed after the baseline closed and by this wave's close.
    public var newSignatories: Int
    /// |G₀|: not a signatory at this wave.
    public var nonSignatories: Int
    /// |E|: signed by the baseline's close, or on a date not given.
    ///
    /// Counted, not compared.
    public var earlierSignatories: Int
    /// The mean change since the baseline of G₁ and of G₀; nil when the group is empty.
    public var changeNew: Double?
    public var changeNon: Double?
    /// changeNew − changeNon; nil when either group is empty.
    public var diff: Double?
    /// Welch's test on the organisations' changes, with its interval; nil when not tested.
    public var test: TTest?
    public var adjustedP: Double?
    public var verdict: Verdict = .notTested

    public var significant: Bool { verdict.isSignificant }
}

/// Did organisations that signed the charter after the baseline improve more than those that
/// had not signed? For every wave closing after the baseline, per domain and overall (§9.4).
public struct CharterEvaluation: Sendable {
    /// The baseline wave's position.
    public var baseline: Int
    /// Domains in instrument order, then overall.
    public var rows: [CharterRow]

    /// The evaluation of wave `wave`; nil unless it closes after the baseline.
    public init?(history: SurveyHistory, wave: Int) {
        let b = history.baseline
        guard wave > b else { return nil }
        let thresholds = history.instrument.thresholds
        let baselineCloses = history.waves[b].closes, waveCloses = history.waves[wave].closes
        let register = history.register
        let domains: [Int?] = Array(0..<history.domainCount) + [nil]
        let rows = domains.map { domain -> CharterRow in
            let now = ChangeAnalysis.scores(history.scores[wave], domain)
            let then = ChangeAnalysis.scores(history.scores[b], domain)
            var newSigned: [Double] = [], notSigned: [Double] = [], earlier = 0
            var j = 0
            for (organisation, score) in now {
                while j < then.count, then[j].organisation < organisation { j += 1 }
                guard j < then.count, then[j].organisation == organisation else { continue }
                let change = score - then[j].score
                let entry = register.organisations[organisation]
                let signedOn = history.signedDates[organisation]
                if CharterStatus.isNewSignatory(
                    signatory: entry.signatory, signedOn: signedOn, baseline: baselineCloses,
                    wave: waveCloses)
                {
                    newSigned.append(change)
                } else if !CharterStatus.isSignatory(signatory: entry.signatory, signedOn: signedOn, at: waveCloses) {
                    notSigned.append(change)
                } else {
                    earlier += 1
                }
            }
            return Self.row(
                domain: domain, new: newSigned, non: notSigned, earlier: earlier,
                smallestTested: DisclosureRules(thresholds).smallestTestedGroup)
        }
        baseline = b
        self.rows = Self.adjust(rows, thresholds)
    }

    /// One row from the two groups' changes (before the charter family's adjustment).
    ///
    /// Tested only when each group has at least max(2, k) organisations (`smallestTested`)
    /// and the two variances are not both 0.
    public static func row(domain: Int?, new: [Double], non: [Double], earlier: Int, smallestTested: Int) -> CharterRow
    {
        let changeNew = Statistics.mean(new), changeNon = Statistics.mean(non)
        var diff: Double?
        if let changeNew, let changeNon { diff = changeNew - changeNon }
        let test = new.count >= smallestTested && non.count >= smallestTested ? Statistics.welchTest(new, non) : nil
        return CharterRow(
            domain: domain, newSignatories: new.count, nonSignatories: non.count, earlierSignatories: earlier,
            changeNew: changeNew, changeNon: changeNon, diff: diff, test: test)
    }

    /// The charter family: Benjamini–Hochberg over the tested rows, then each row's verdict.
    public static func adjust(_ rows: [CharterRow], _ thresholds: Thresholds) -> [CharterRow] {
        let tested = rows.indices.filter { rows[$0].test != nil }
        let adjusted = Statistics.benjaminiHochberg(tested.map { rows[$0].test!.p })
        var result = rows
        for (position, index) in tested.enumerated() { result[index].adjustedP = adjusted[position] }
        for index in result.indices {
            result[index].verdict = Verdict.of(
                diff: result[index].diff, adjustedP: result[index].adjustedP, thresholds: thresholds)
        }
        return result
    }
}
