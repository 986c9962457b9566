import Foundation

/// Everything known about one wave once it is scored: what every report writer reads.
public struct WaveAnalysis: Sendable {
    public var wave: Wave
    public var previousWave: Wave?
    public var instrument: Instrument
    public var register: Register
    public var responses: WaveResponses
    public var scores: WaveScores
    public var national: NationalFigures
    public var previousNational: NationalFigures?
    public var benchmarks: Benchmarks
    public var changes: ChangeAnalysis?
    public var previousScores: WaveScores?
    /// Whether the survey says its data is synthetic (reports then say so first).
    public var synthetic: Bool
    /// Every input file and its SHA-256, for provenance.
    public var inputs: [(path: String, hash: String)]

    public var domainCount: Int { instrument.domains.count }
}

/// Which reports a run writes.
public enum ReportSelection: String, CaseIterable, Sendable {
    case all, centre, national, partners
}

/// Runs the whole job: read and check every input, score every wave, write every report.
public struct Pipeline {
    public static let toolVersion = "0.1.0"

    public struct Options: Sendable {
        public var waveID: String?
        public var reports: ReportSelection = .all
        public var parallelism: Parallelism = .automatic
        public init(waveID: String? = nil, reports: ReportSelection = .all, parallelism: Parallelism = .automatic) {
            self.waveID = waveID
            self.reports = reports
            self.parallelism = parallelism
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
    }

    /// Reads, checks and scores every wave: `Instrument` → `ResponseReader` → `WaveScorer` → changes.
    public static func analyse(_ survey: Survey, parallelism: Parallelism = .automatic,
                               progress: (Progress) -> Void = { _ in }) throws(FatalInputError) -> [WaveAnalysis] {
        let instrument = survey.instrument
        let synthetic = survey.inputs.contains {
            $0.path == "README.md" && String(decoding: $0.bytes ?? [], as: UTF8.self).lowercased().contains("synthetic")
        }
        var analyses: [WaveAnalysis] = []
        for wave in survey.waves {
            let reader = ResponseReader(instrument: instrument, register: survey.register, opens: wave.opens, closes: wave.closes,
                                        settings: wave.export)
            let responses = try reader.read(path: survey.responsesLocation(of: wave) ?? "", file: "\(wave.folder)/responses.csv",
                                            parallelism: parallelism)
            progress(.waveRead(wave: wave.id, rows: responses.quality.rowsRead))
            Trace.mark("read \(wave.id)")
            let scores = WaveScorer(instrument: instrument).scores(
                responses.tally, signatory: survey.register.organisations.map(\.signatory))
            let previous = survey.previous(of: wave).flatMap { before in analyses.first { $0.wave == before } }
            let changes = previous.map {
                ChangeAnalysis(current: scores, previous: $0.scores, register: survey.register,
                               thresholds: instrument.thresholds, domainCount: instrument.domains.count)
            }
            analyses.append(WaveAnalysis(
                wave: wave, previousWave: previous?.wave, instrument: instrument, register: survey.register,
                responses: responses, scores: scores, national: NationalFigures(scores, domainCount: instrument.domains.count),
                previousNational: previous?.national,
                benchmarks: Benchmarks(scores: scores, register: survey.register, thresholds: instrument.thresholds,
                                       domainCount: instrument.domains.count),
                changes: changes, previousScores: previous?.scores, synthetic: synthetic, inputs: []))
        }
        Trace.mark("scored")
        return analyses
    }

    /// Every input file and its SHA-256, for provenance; responses files are streamed.
    public static func inputHashes(_ survey: Survey) -> [(path: String, hash: String)] {
        survey.inputs.map { file in
            (path: file.path, hash: file.bytes.map { SHA256.hex($0) } ?? SHA256.hex(path: file.location))
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

    /// Every output file of one wave, paths relative to the output folder.
    /// The files are built while `inputs` (the input hashes, for the national report's
    /// provenance and the manifest) may still be computing; the centre workbook is built on a
    /// core of its own meanwhile.
    public static func outputs(_ analysis: WaveAnalysis, survey: Survey, reports: ReportSelection,
                               inputs: @escaping () -> [(path: String, hash: String)]) throws -> [OutputFile] {
        var analysis = analysis
        let id = analysis.wave.id
        var files: [OutputFile] = []
        var centreWorkbook: Later<Result<OutputFile, Error>>?
        if reports == .all || reports == .centre {
            let frozen = analysis
            centreWorkbook = Later {
                defer { Trace.mark("centre workbook") }
                return Result { try workbook(Workbooks.centre(frozen), path: "\(id)/centre/readiness.xlsx") }
            }
            let centre = CentreCSV(wave: id, instrument: analysis.instrument, register: analysis.register)
            files.append(OutputFile(path: "\(id)/centre/scores.csv", text: centre.scores(analysis.scores)))
            files.append(OutputFile(path: "\(id)/centre/items.csv", text: centre.items(analysis.scores)))
            if let changes = analysis.changes, let previous = analysis.previousWave {
                files.append(OutputFile(path: "\(id)/centre/changes.csv", text: centre.changes(changes, previousWave: previous.id)))
            }
            files.append(OutputFile(path: "\(id)/centre/alpha.csv", text: centre.alpha(analysis.scores)))
            files.append(OutputFile(path: "\(id)/rejects.csv", text: CentreCSV.rejects(analysis.responses.rejects)))
            files.append(OutputFile(path: "\(id)/data-quality.md", text: DataQualityReport(analysis).markdown()))
            Trace.mark("centre text files")
        }
        if reports == .all || reports == .partners {
            let analysis = analysis
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
                let report = PartnerReport(analysis, organisation: organisations[index])
                let folder = "\(id)/partners/\(analysis.register.organisations[organisations[index].organisation].id)"
                var made = report.files().map { OutputFile(path: "\(folder)/\($0.path)", bytes: $0.bytes) }
                var failure: Error?
                do {
                    made.append(try workbook(Workbooks.partner(report), path: "\(folder)/report.xlsx"))
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
        analysis.inputs = inputs()
        Trace.mark("inputs hashed")
        if reports == .all || reports == .national {
            files += NationalReport(analysis).files().map { OutputFile(path: "\(id)/national/\($0.path)", bytes: $0.bytes) }
            files.append(try workbook(Workbooks.national(analysis), path: "\(id)/national/evidence.xlsx"))
            Trace.mark("national reports")
        }
        if let centreWorkbook { files.append(try centreWorkbook.result.get()) }
        files.append(Manifest.file(for: analysis, survey: survey, outputs: files, reports: reports))
        return files
    }

    /// A workbook's bytes, built in the temporary folder; the output is written atomically later.
    static func workbook(_ model: WorkbookModel, path: String) throws -> OutputFile {
        do {
            return OutputFile(path: path, bytes: try Workbook.bytes(model, temporaryFolder: FileManager.default.temporaryDirectory))
        } catch {
            throw OutputError(path: path, message: "cannot build the workbook: \(error.description)")
        }
    }

    /// The whole job: nothing is written unless every input passed its checks.
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
        let analyses = try analyse(survey, parallelism: options.parallelism, progress: progress).filter { analysis in waves.contains(analysis.wave) }
        // Hashing the inputs (hundreds of megabytes) overlaps building the reports.
        let hashes = Later { inputHashes(survey) }
        var files: [OutputFile] = []
        var summary = Summary()
        for analysis in analyses {
            let quality = analysis.responses.quality
            summary.waves.append((analysis.wave.id, quality.rowsRead, analysis.responses.scored,
                                  analysis.responses.rejects.count))
            files += try outputs(analysis, survey: survey, reports: options.reports, inputs: { hashes.result })
        }
        Trace.mark("outputs built")
        try prepare(output)
        let writer = OutputWriter(root: output)
        writer.removeStaleTemporaryFiles()
        try writer.write(files)
        summary.filesWritten = files.count
        Trace.mark("written")
        progress(.filesWritten(summary.filesWritten))
        return summary
    }

    /// Checks that the output folder can be used before anything is written.
    static func prepare(_ output: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputError(path: output.path, message: "the output path is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: output.path, message: "cannot create the output folder: \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: output.path) else {
            throw OutputError(path: output.path, message: "the output folder is not writable")
        }
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
