/// The centre's full view (SPEC §4.5): every score with its publication decision and
/// reason, every change, reject and count.
///
/// Internal: its writers mark every page so.
public struct CentreView: Sendable {
    public var wave: Wave
    public var previousWave: Wave?
    public var instrument: Instrument
    public var register: Register
    public var synthetic: Bool
    public var scores: WaveScores
    public var changes: ChangeAnalysis?
    public var rejects: [Reject]
    public var quality: ReadingQuality
    public var accounting: RowAccounting
    /// Text from the inputs holding characters that XML forbids, replaced by U+FFFD in every
    /// report (counted in `data-quality.md`).
    public var replacedText: [ReplacedText]
    /// Every wave of the survey (this one is `history.waves[index]`), for the journey files.
    public var history: SurveyHistory
    public var index: Int
    /// The charter evaluation (SPEC §9.4), when this wave closes after the baseline.
    public var charter: CharterEvaluation?
    /// Response rates (SPEC §9.5), when the register has headcounts.
    public var responseRates: ResponseRates?
    /// The survey's warnings and this wave's, relative to the surveys folder (issue 11).
    public var warnings: [Diagnostic] = []
    /// Every invalid value, unparseable date, unknown role and ignored column of the wave's
    /// file (`centre/findings.csv`); internal, as rejects.csv is.
    public var findings: [Finding] = []

    public var baselineWave: Wave { history.waves[history.baseline] }
}

/// Where input text held characters no report can carry.
public struct ReplacedText: Sendable, Equatable {
    /// E.g.
    ///
    /// "organisations.csv line 4, name".
    public var source: String
    public var characters: Int
}

extension Disclosure {
    /// The centre's view: everything, with publication flags.
    public func centre() -> CentreView {
        CentreView(
            wave: analysis.wave, previousWave: analysis.previousWave, instrument: analysis.instrument,
            register: analysis.register, synthetic: analysis.synthetic, scores: analysis.scores,
            changes: analysis.changes, rejects: analysis.responses.rejects, quality: analysis.responses.quality,
            accounting: RowAccounting(analysis.responses), replacedText: ReportText.replacements(in: analysis),
            history: analysis.history, index: analysis.index, charter: analysis.charter,
            responseRates: analysis.responseRates, warnings: analysis.warnings, findings: analysis.responses.findings)
    }
}
