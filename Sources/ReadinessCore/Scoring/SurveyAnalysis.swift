/// Scoring every wave read, and each wave's comparisons over the history: pure values, no IO.
extension WaveAnalysis {
    /// Every wave's analysis (SPEC §3, §9): `WaveScorer` on each wave's tally, then each
    /// wave's comparisons with earlier waves, charter evaluation and response rates.
    static func all(_ survey: Survey, responses read: [WaveResponses]) -> [WaveAnalysis] {
        let instrument = survey.instrument
        let register = survey.register
        let synthetic = survey.inputs.contains {
            $0.path == "README.md"
                && String(decoding: $0.bytes ?? [], as: UTF8.self).lowercased().contains("synthetic")
        }
        let scores = read.map { WaveScorer(instrument: instrument).scores($0.tally) }
        let history = SurveyHistory(
            waves: survey.waves, baseline: survey.baselineIndex, instrument: instrument,
            register: register, scores: scores)
        var latest = LatestPublished(
            organisations: register.organisations.count, domainCount: instrument.domains.count)
        var analyses: [WaveAnalysis] = []
        for (index, wave) in survey.waves.enumerated() {
            let changes = ChangeAnalysis(history: history, wave: index, latest: latest)
            latest.record(scores[index], wave: index)
            analyses.append(
                WaveAnalysis(
                    wave: wave, previousWave: history.previous(of: index).map { survey.waves[$0] },
                    instrument: instrument, register: register, responses: read[index], scores: scores[index],
                    national: history.national[index],
                    benchmarks: Benchmarks(
                        scores: scores[index], register: register, thresholds: instrument.thresholds,
                        domainCount: instrument.domains.count),
                    changes: changes, charter: CharterEvaluation(history: history, wave: index),
                    responseRates: ResponseRates(scores: scores[index], register: register),
                    history: history, index: index, synthetic: synthetic, inputs: [],
                    warnings: survey.warnings + read[index].warnings))
        }
        Trace.mark("scored")
        return analyses
    }
}
