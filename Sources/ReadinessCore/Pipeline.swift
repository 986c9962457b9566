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

/// Which reports a run writes.
public enum ReportSelection: String, CaseIterable, Sendable {
    case all, centre, national, partners

    /// The entries of a wave's folder (of `centre`, `data-quality.md`, `national`, `partners`,
    /// `rejects.csv`; `manifest.json` is always written) that this selection does not write,
    /// and so keeps from the previous run: a centre-only run keeps the partner and national
    /// reports.
    var keptEntries: [String] {
        switch self {
        case .all: return []
        case .centre: return ["national", "partners"]
        case .national: return ["centre", "data-quality.md", "partners", "rejects.csv"]
        case .partners: return ["centre", "data-quality.md", "national", "rejects.csv"]
        }
    }
}

/// Runs the whole job: read and check every input, score every wave, write every report.
public struct Pipeline {
    public static let toolVersion = "0.1.0"

    public struct Options: Sendable {
        public var waveID: String?
        public var reports: ReportSelection = .all
        public var parallelism: Parallelism = .automatic
        /// Whether to wait for another run writing to the same output folder (else fail at once).
        public var wait = true
        /// Whether every warning is an error (exit 1, nothing written), for unattended runs.
        public var strict = false
        public init(waveID: String? = nil, reports: ReportSelection = .all, parallelism: Parallelism = .automatic,
                    wait: Bool = true, strict: Bool = false) {
            self.waveID = waveID
            self.reports = reports
            self.parallelism = parallelism
            self.wait = wait
            self.strict = strict
        }
    }

    /// What a run did, for the command line's summary.
    public struct Summary: Sendable {
        public var waves: [(wave: String, rowsRead: Int, scored: Int, rejected: Int)] = []
        public var filesWritten = 0
    }

    /// What a run reports while it works, for a progress line.
    public enum Progress: Sendable {
        case waveRead(wave: String, rows: Int)
        case filesWritten(Int)
        /// Something about the output folder the user should know that is not an error: a
        /// note (waiting for another run) or a warning (a folder that could not be removed).
        case notice(Diagnostic)
        /// A warning about the inputs, located in full (issue 11): said on every run.
        case warning(Diagnostic)
    }

    /// Reads, checks and scores every wave: `Instrument` → `ResponseReader` → `WaveScorer`,
    /// then each wave's comparisons, charter evaluation and response rates over the history.
    public static func analyse(_ survey: Survey, parallelism: Parallelism = .automatic,
                               progress: (Progress) -> Void = { _ in }) throws(FatalInputError) -> [WaveAnalysis] {
        let instrument = survey.instrument
        let register = survey.register
        let synthetic = survey.inputs.contains {
            $0.path == "README.md" && String(decoding: $0.bytes ?? [], as: UTF8.self).lowercased().contains("synthetic")
        }
        var read: [WaveResponses] = []
        var scores: [WaveScores] = []
        for wave in survey.waves {
            let reader = ResponseReader(instrument: instrument, register: register, opens: wave.opens, closes: wave.closes,
                                        settings: wave.export)
            let input = survey.responsesInput(of: wave)
                ?? SurveyInput(path: "\(wave.folder)/responses.csv", location: "", bytes: nil)
            let responses = try reader.read(input, parallelism: parallelism)
            progress(.waveRead(wave: wave.id, rows: responses.quality.rowsRead))
            Trace.mark("read \(wave.id)")
            scores.append(WaveScorer(instrument: instrument).scores(responses.tally))
            read.append(responses)
        }
        let history = SurveyHistory(waves: survey.waves, baseline: survey.baselineIndex, instrument: instrument,
                                    register: register, scores: scores)
        var latest = LatestPublished(organisations: register.organisations.count, domainCount: instrument.domains.count)
        var analyses: [WaveAnalysis] = []
        for (index, wave) in survey.waves.enumerated() {
            let changes = ChangeAnalysis(history: history, wave: index, latest: latest)
            latest.record(scores[index], wave: index)
            analyses.append(WaveAnalysis(
                wave: wave, previousWave: history.previous(of: index).map { survey.waves[$0] }, instrument: instrument,
                register: register, responses: read[index], scores: scores[index], national: history.national[index],
                benchmarks: Benchmarks(scores: scores[index], register: register, thresholds: instrument.thresholds,
                                       domainCount: instrument.domains.count),
                changes: changes, charter: CharterEvaluation(history: history, wave: index),
                responseRates: ResponseRates(scores: scores[index], register: register),
                history: history, index: index, synthetic: synthetic, inputs: [],
                warnings: survey.warnings + read[index].warnings))
        }
        Trace.mark("scored")
        return analyses
    }

    /// Every input file and its SHA-256, for provenance; responses files are streamed.
    public static func inputHashes(_ survey: Survey) -> [(path: String, hash: String)] {
        survey.inputs.map { file in
            do {
                return (path: file.path, hash: try file.bytes.map { SHA256.hex($0) } ?? SHA256.hex(path: file.location))
            } catch {
                // It was read moments before; provenance cannot vouch for a file that is gone.
                fatalError("cannot hash an input for the manifest: \(error)")
            }
        }
    }

    /// A value computed on a thread of its own while the caller goes on.
    final class Later<Value>: @unchecked Sendable {
        private var value: Value?
        private let done = DispatchSemaphore(value: 0)

        init(_ work: @escaping @Sendable () -> Value) {
            let thread = Thread { [self] in
                value = work()
                done.signal()
            }
            thread.start()
        }

        /// The value, waiting for it the first time.
        lazy var result: Value = {
            done.wait()
            return value!
        }()
    }

    /// Every output file of one wave, paths relative to the output folder: `Disclosure` turns
    /// the analysis into the partner, national and centre views, and each writer renders one.
    /// The files are built while `inputs` (the input hashes, for the national report's
    /// provenance and the manifest) may still be computing; the centre workbook is built on a
    /// core of its own meanwhile.
    /// `journey` makes `journey.csv` and keeps each wave's rows for the next waves' files;
    /// `carried` are the previous run's files kept by a partial run (listed in the manifest);
    /// workbooks are built in `scratch`.
    public static func outputs(_ analysis: WaveAnalysis, survey: Survey, reports: ReportSelection, journey: JourneyCSV? = nil,
                               inputs: @escaping () -> [(path: String, hash: String)], carried: [CarriedFile] = [],
                               scratch: URL = FileManager.default.temporaryDirectory) throws -> [OutputFile] {
        var analysis = analysis
        let id = analysis.wave.id
        var files: [OutputFile] = []
        var centreWorkbook: Later<Result<OutputFile, Error>>?
        // Every signatory breakdown uses the charter status at the wave's own close (SPEC §9.1.4).
        let signatory = survey.register.organisations.map { CharterStatus.isSignatory($0, at: analysis.wave.closes) }
        let disclosure = Disclosure(analysis, signatory: signatory)
        // Never leave with the workbook still being built: exiting then would free what it uses.
        defer { _ = centreWorkbook?.result }
        if reports == .all || reports == .centre {
            let centreView = disclosure.centre()
            centreWorkbook = Later {
                defer { Trace.mark("centre workbook") }
                return Result { try workbook(Workbooks.centre(centreView), path: "\(id)/centre/readiness.xlsx", scratch: scratch) }
            }
            let centre = CentreCSV(wave: id, instrument: analysis.instrument, register: analysis.register)
            files.append(OutputFile(path: "\(id)/centre/scores.csv", text: centre.scores(analysis.scores)))
            files.append(OutputFile(path: "\(id)/centre/items.csv", text: centre.items(analysis.scores)))
            if let changes = analysis.changes {
                files.append(OutputFile(path: "\(id)/centre/changes.csv", text: centre.changes(changes, waves: analysis.history.waves)))
            }
            files.append(OutputFile(path: "\(id)/centre/alpha.csv", text: centre.alpha(analysis.scores)))
            let journey = journey ?? JourneyCSV(history: analysis.history)
            files.append(OutputFile(path: "\(id)/centre/journey.csv", bytes: journey.file(through: analysis.index)))
            if let charter = analysis.charter {
                files.append(OutputFile(path: "\(id)/centre/charter.csv",
                                        text: centre.charter(charter, baselineWave: analysis.baselineWave.id)))
            }
            if let rates = analysis.responseRates {
                files.append(OutputFile(path: "\(id)/centre/response-rates.csv", text: centre.responseRates(rates)))
            }
            files.append(OutputFile(path: "\(id)/centre/findings.csv", bytes: CentreCSV.findings(centreView.findings)))
            files.append(OutputFile(path: "\(id)/rejects.csv", text: CentreCSV.rejects(analysis.responses.rejects)))
            files.append(OutputFile(path: "\(id)/data-quality.md", text: DataQualityReport(centreView).markdown()))
            Trace.mark("centre text files")
        }
        if reports == .all || reports == .partners {
            // Partner reports are independent: built on both cores, gathered in register order.
            let organisations = analysis.scores.organisations
            final class Built: @unchecked Sendable {
                var files: [[OutputFile]]
                var errors: [Error?]
                init(_ count: Int) {
                    files = Array(repeating: [], count: count)
                    errors = Array(repeating: nil, count: count)
                }
            }
            let built = Built(organisations.count)
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: organisations.count) { index in
                let view = disclosure.partner(index)
                let folder = "\(id)/partners/\(view.organisation.id)"
                var made = PartnerReport(view).files().map { OutputFile(path: "\(folder)/\($0.path)", bytes: $0.bytes) }
                var failure: Error?
                do {
                    made.append(try workbook(Workbooks.partner(view), path: "\(folder)/report.xlsx", scratch: scratch))
                } catch {
                    failure = error
                }
                lock.lock()
                built.files[index] = made
                built.errors[index] = failure
                lock.unlock()
            }
            if let failure = built.errors.compactMap({ $0 }).first { throw failure }
            files += built.files.flatMap { $0 }
            Trace.mark("partner reports")
        }
        analysis.inputs = journeyInputs(inputs(), of: analysis)
        Trace.mark("inputs hashed")
        if reports == .all || reports == .national {
            let view = disclosure.national(inputs: analysis.inputs)
            files += NationalReport(view).files().map { OutputFile(path: "\(id)/national/\($0.path)", bytes: $0.bytes) }
            files.append(try workbook(Workbooks.national(view), path: "\(id)/national/evidence.xlsx", scratch: scratch))
            Trace.mark("national reports")
        }
        if let centreWorkbook { files.append(try centreWorkbook.result.get()) }
        files.append(Manifest.file(for: analysis, survey: survey, outputs: files, reports: reports, carried: carried))
        return files
    }

    /// The inputs a wave's outputs rest on (SPEC §9.1.1): the files at the top of the surveys
    /// folder, the folders of the waves of its journey, and the baseline's `wave.yaml`
    /// (which may choose a later baseline). Later waves are not among them.
    static func journeyInputs(_ all: [(path: String, hash: String)], of analysis: WaveAnalysis) -> [(path: String, hash: String)] {
        // A set for membership only: the order of the inputs is kept.
        let folders = Set(analysis.history.waves[0...analysis.index].map(\.folder))
        let baseline = "\(analysis.baselineWave.folder)/wave.yaml"
        return all.filter { input in
            guard let slash = input.path.firstIndex(of: "/") else { return true }
            return folders.contains(String(input.path[..<slash])) || input.path == baseline
        }
    }

    /// A workbook's bytes, built in a private scratch file in `scratch`; the output is
    /// written with the others later.
    static func workbook(_ model: WorkbookModel, path: String, scratch: URL) throws -> OutputFile {
        do {
            return OutputFile(path: path, bytes: try Workbook.bytes(model, temporaryFolder: scratch))
        } catch {
            throw OutputError(path: path, message: "cannot build the workbook: \(error.description)")
        }
    }

    /// The whole job: nothing is written unless every input passed its checks, and the
    /// previous reports are replaced only once every wave's new reports are complete
    /// (`OutputFolder`: one run at a time, built in a private staging folder, each wave's
    /// folder swapped in atomically).
    public static func run(surveys: URL, output: URL, options: Options = Options(),
                           progress: (Progress) -> Void = { _ in }) throws -> Summary {
        Trace.mark("start")
        let survey = try SurveyLoader.load(from: surveys)
        Trace.mark("loaded")
        var waves = survey.waves
        if let waveID = options.waveID {
            waves = waves.filter { $0.id == waveID }
            guard !waves.isEmpty else {
                let known = survey.waves.map(\.id).joined(separator: ", ")
                throw FatalInputError([Diagnostic(file: surveys.path, message: "no wave with id '\(waveID)'; waves found: \(known)")])
            }
        }
        let all = try analyse(survey, parallelism: options.parallelism, progress: progress)
        // Every wave read feeds the reports (the journey), so every wave's warnings are said.
        let warnings = SurveyWarnings.all(survey, all, in: surveys.path)
        if options.strict, !warnings.isEmpty { throw SurveyWarnings.strictFailure(warnings, in: surveys.path) }
        for warning in warnings { progress(.warning(warning)) }
        let analyses = all.filter { analysis in waves.contains(analysis.wave) }
        // Hashing the inputs (hundreds of megabytes) overlaps building the reports.
        let hashes = Later { inputHashes(survey) }
        // Never leave with files still being hashed: exiting then frees libcrypto under them.
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
            let quality = analysis.responses.quality
            summary.waves.append((analysis.wave.id, quality.rowsRead, analysis.responses.scored,
                                  analysis.responses.rejects.count))
            let carried = try folder.carryOver(wave: analysis.wave.id, entries: options.reports.keptEntries)
            let files: [OutputFile]
            do {
                files = try outputs(analysis, survey: survey, reports: options.reports, journey: journey,
                                    inputs: { hashes.result }, carried: carried, scratch: folder.scratch)
            } catch var error as OutputError {
                // The pipeline names files relative to the output folder; the message names them in full.
                error.path = output.path + "/" + error.path
                throw error
            }
            try folder.stage(wave: analysis.wave.id, files: files)
            summary.filesWritten += files.count
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

/// Phase timings on standard error when READINESS_TRACE is set: for profiling only; never
/// part of any output file.
enum Trace {
    static let enabled = ProcessInfo.processInfo.environment["READINESS_TRACE"] != nil
    nonisolated(unsafe) static var last = DispatchTime.now().uptimeNanoseconds

    static func mark(_ phase: String) {
        guard enabled else { return }
        let before = last
        let now = DispatchTime.now().uptimeNanoseconds
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let memory = status.split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") }
            .map { $0.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\t", with: "") }.joined(separator: " ")
        FileHandle.standardError.write(Data(String(format: "%8.3f s  %@  %@\n", Double(now - min(now, before)) / 1e9, phase,
                                                   memory).utf8))
        last = now
    }
}
