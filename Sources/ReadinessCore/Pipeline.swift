import Foundation

/// Runs the whole job: read and check every input, score every wave, write every report.
///
/// The stages, each in its folder: `Instrument/` and `Ingest/` read and check the inputs,
/// `Scoring/` (with `ReadinessStatistics`) scores them, `Disclosure/` decides what each
/// audience may see, `Reports/` renders and writes it.
public enum Pipeline {
    /// Reads, checks and scores every wave: `Instrument` → `ResponseReader` → `WaveScorer`,
    /// then each wave's comparisons, charter evaluation and response rates over the history.
    public static func analyse(
        _ survey: Survey, parallelism: Parallelism = .automatic, progress: (Progress) -> Void = { _ in }
    ) throws(FatalInputError) -> [WaveAnalysis] {
        let responses = try survey.readWaves(parallelism: parallelism) { progress(.waveRead(wave: $0, rows: $1)) }
        return WaveAnalysis.all(survey, responses: responses)
    }

    /// The whole job: nothing is written unless every input passed its checks, and the
    /// previous reports are replaced only once every wave's new reports are complete
    /// (`OutputFolder`: one run at a time, built in a private staging folder, each wave's
    /// folder swapped in atomically).
    public static func run(
        surveys: URL, output: URL, options: Options = Options(), progress: (Progress) -> Void = { _ in }
    ) throws -> Summary {
        Trace.mark("start")
        let survey = try SurveyLoader.load(from: surveys)
        Trace.mark("loaded")
        let waves = try survey.waves(selected: options.waveID, surveys: surveys)
        let all = try analyse(survey, parallelism: options.parallelism, progress: progress)
        // Every wave read feeds the reports (the journey), so every wave's warnings are said.
        let warnings = SurveyWarnings.all(survey, all, in: surveys.path)
        if options.strict, !warnings.isEmpty { throw SurveyWarnings.strictFailure(warnings, in: surveys.path) }
        for warning in warnings { progress(.warning(warning)) }
        let analyses = all.filter { analysis in waves.contains(analysis.wave) }
        // Hashing the inputs (hundreds of megabytes) overlaps building the reports; never leave
        // with files still being hashed: exiting then frees libcrypto under them.
        let hashes = Later { InputHashes.all(survey) }
        defer { _ = hashes.result }
        let folder = try OutputFolder(output, wait: options.wait) { progress(.notice($0)) }
        defer {
            folder.finish()
            for notice in folder.notices { progress(.notice(notice)) }
        }
        Trace.mark("output folder locked")
        var summary = Summary()
        // Each wave's files are staged as soon as they are built and published together at the
        // end: memory holds one wave's files, however many waves there are.
        let journey = analyses.first.map { JourneyCSV(history: $0.history) }
        for analysis in analyses {
            let carried = try folder.carryOver(wave: analysis.wave.id, entries: options.reports.keptEntries)
            let outputs = WaveOutputs(analysis, survey: survey, scratch: folder.scratch)
            let files = try folder.build {
                try outputs.files(
                    reports: options.reports, journey: journey!, inputs: { try hashes.result.get() }, carried: carried)
            }
            try folder.stage(wave: analysis.wave.id, files: files)
            summary.record(analysis, files: files.count)
            Trace.mark("staged \(analysis.wave.id)")
        }
        // The rows read, the rows read again and the bytes hashed must all be the same file.
        let changed = survey.inputsChangedSinceLoading()
        guard changed.isEmpty else { throw FatalInputError(changed) }
        try folder.publish { Trace.mark("publishing \($0)") }
        Trace.mark("published")
        progress(.filesWritten(summary.filesWritten))
        return summary
    }
}
