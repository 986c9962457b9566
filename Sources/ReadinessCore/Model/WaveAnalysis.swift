import Foundation

/// Everything known about one wave once it is scored: what every report writer reads.
///
/// Earlier waves are reached through `history`, which every wave's analysis shares, so
/// memory grows linearly with the number of waves.
public struct WaveAnalysis: Sendable {
    public var wave: Wave
    public var previousWave: Wave?
    public var instrument: Instrument
    public var register: Register
    public var responses: WaveResponses
    public var scores: WaveScores
    public var national: NationalFigures
    public var benchmarks: Benchmarks
    /// Comparisons with earlier waves (SPEC §9.2); nil for the first wave.
    public var changes: ChangeAnalysis?
    /// The charter evaluation (SPEC §9.4); nil unless the wave closes after the baseline.
    public var charter: CharterEvaluation?
    /// Response rates (SPEC §9.5); nil when the register has no headcount.
    public var responseRates: ResponseRates?
    /// Every wave of the survey; this wave is `history.waves[index]`.
    public var history: SurveyHistory
    public var index: Int
    /// Whether the survey says its data is synthetic (reports then say so first).
    public var synthetic: Bool
    /// Every input file and its SHA-256, for provenance.
    public var inputs: [(path: String, hash: String)]
    /// The warnings this wave's data-quality.md lists: the survey's, then its own file's
    /// (issue 11), located relative to the surveys folder.
    public var warnings: [Diagnostic] = []

    public var domainCount: Int { instrument.domains.count }
    public var baselineWave: Wave { history.waves[history.baseline] }
    public var previousScores: WaveScores? { history.previous(of: index).map { history.scores[$0] } }
    public var previousNational: NationalFigures? { history.previous(of: index).map { history.national[$0] } }
    /// Organisations taking part for the first time since the first wave (SPEC §9.6).
    public var newPartners: Int { history.newPartners(at: index) }
}
