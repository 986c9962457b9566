import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessSynthetic

#if canImport(Glibc)
    import Glibc
#endif

@main
struct Readiness: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readiness",
        abstract: "Turns information-sharing readiness surveys into scores and evidence.",
        version: ToolVersion.current,
        subcommands: [Run.self, Validate.self, Generate.self, Init.self],
        defaultSubcommand: Run.self
    )

    /// ArgumentParser exits 64 for usage errors; fatal input and output errors exit 1.
    static func fail(_ message: String) -> ExitCode {
        printError(message)
        return ExitCode(1)
    }

    /// Prints lines on standard error, each safe for a terminal (`TerminalText`).
    static func printError(_ message: String) {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        FileHandle.standardError.write(Data((TerminalText.safeLines(lines) + "\n").utf8))
    }
}

struct SurveyOptions: ParsableArguments {
    @Option(name: .long, help: "The surveys folder: instrument.yaml, organisations.csv and one folder per wave.")
    var surveys = "Surveys"

    @Flag(name: .long, help: "Print nothing but errors and warnings.")
    var quiet = false

    @Flag(name: .long, help: "Make every warning an error (exit 1, nothing written), for unattended runs.")
    var strict = false

    func validate() throws {
        guard !surveys.isEmpty else { throw ValidationError("--surveys must name a folder, not be empty") }
    }
}

extension Readiness {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every wave and write the reports (the default).")

        @OptionGroup var options: SurveyOptions

        @Option(name: .long, help: "The reports folder to write.")
        var out = "Reports"

        @Option(name: .long, help: "Only this wave (its id).")
        var wave: String?

        @Option(name: .long, help: "Which reports to write: all, centre, national or partners.")
        var reports: ReportSelection = .all

        @Option(name: .long, help: "Read large files in two halves at once: auto, always or never (same output).")
        var parallel: Parallelism = .automatic

        @Flag(
            name: .long,
            help: "Fail at once (exit 1) if another run is writing to the reports folder, instead of waiting for it.")
        var noWait = false

        func validate() throws {
            guard !out.isEmpty else { throw ValidationError("--out must name a folder, not be empty") }
        }

        func run() throws {
            // A file-size limit then fails a write with EFBIG, reported, instead of killing the run.
            signal(SIGXFSZ, SIG_IGN)
            let started = Date()
            let line = ProgressLine(enabled: !options.quiet && isatty(STDERR_FILENO) == 1)
            do {
                let summary = try Pipeline.run(
                    surveys: URL(fileURLWithPath: options.surveys), output: URL(fileURLWithPath: out),
                    options: Pipeline.Options(
                        waveID: wave, reports: reports, parallelism: parallel, wait: !noWait,
                        strict: options.strict)
                ) { progress in
                    switch progress {
                    case .notice(let notice):
                        if !options.quiet || notice.severity != .note { Readiness.printError(notice.description) }
                    case .warning(let warning):
                        // Warnings are said even with --quiet: each may change a published figure.
                        line.clear()
                        Readiness.printError(warning.description)
                    default:
                        line.show(progress)
                    }
                }
                guard !options.quiet else { return }
                for wave in summary.waves {
                    print(
                        "\(wave.wave): rows read \(wave.rowsRead) = scored \(wave.scored) + rejected \(wave.rejected)")
                }
                let seconds = Date().timeIntervalSince(started)
                print(
                    TerminalText.safe(
                        "\(summary.filesWritten) files written to \(out) in \(String(format: "%.2f", seconds)) s"))
            } catch let error as FatalInputError {
                throw Readiness.fail(error.description)
            } catch let error as OutputError {
                throw Readiness.fail(error.description)
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the instrument, register and every wave without writing reports.")

        @OptionGroup var options: SurveyOptions

        func run() throws {
            do throws(FatalInputError) {
                let survey = try SurveyLoader.load(from: URL(fileURLWithPath: options.surveys))
                let analyses = try Pipeline.analyse(survey)
                let changed = survey.inputsChangedSinceLoading()
                guard changed.isEmpty else { throw FatalInputError(changed) }
                let folder = URL(fileURLWithPath: options.surveys).path
                let warnings = SurveyWarnings.all(survey, analyses, in: folder)
                if options.strict, !warnings.isEmpty { throw SurveyWarnings.strictFailure(warnings, in: folder) }
                for warning in warnings { Readiness.printError(warning.description) }
                guard !options.quiet else { return }
                for analysis in analyses {
                    let responses = analysis.responses
                    var counts = DataQualityCounts(responses)
                    counts.wave = analysis.wave.id
                    print(counts.line)
                }
            } catch {
                throw Readiness.fail(error.description)
            }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a complete synthetic survey (instrument, register, waves) with realistic dirt.")

        @Option(name: .long, help: "The folder to write the survey into.")
        var out: String

        @Option(name: .long, help: "Number of organisations.")
        var organisations = 45

        @Option(name: .long, help: "Responses per wave.")
        var respondents = 1500

        @Option(name: .long, help: "Number of waves: the baseline, then one every 26 weeks (month-6, month-12, ...).")
        var waves = SurveyGenerator.Options().waves

        @Option(name: .long, help: "Random seed: the same seed gives the same bytes.")
        var seed: UInt64 = 20_261_126

        @Flag(name: .long, help: "Print nothing but errors.")
        var quiet = false

        func validate() throws {
            guard !out.isEmpty else { throw ValidationError("--out must name a folder, not be empty") }
            guard organisations >= 1 else { throw ValidationError("--organisations must be at least 1") }
            guard respondents >= 0 else { throw ValidationError("--respondents must not be negative") }
            guard waves >= 1 else { throw ValidationError("--waves must be at least 1") }
        }

        func run() throws {
            signal(SIGXFSZ, SIG_IGN)
            let generator = SurveyGenerator(
                options: .init(
                    organisations: organisations, respondents: respondents, waves: waves, seed: seed))
            let writer = OutputWriter(root: URL(fileURLWithPath: out))
            do {
                for file in generator.files() {
                    try writer.write(OutputFile(path: file.path, bytes: [UInt8](file.contents)))
                }
            } catch let error as OutputError {
                throw Readiness.fail(error.description)
            }
            if !quiet { print("synthetic survey written to \(out)") }
        }
    }
}

extension Readiness {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft a survey folder (instrument, register, wave) from an export's header and answers.")

        @Option(name: .long, help: "The export to start from: a CSV or an .xlsx workbook.")
        var from: String

        @Option(
            name: .long, help: "The platform preset, instead of the one detected (e.g. qualtrics, microsoft-forms).")
        var source: ExportPlatform?

        @Option(name: .long, help: "The worksheet to read, for a workbook (default: the first).")
        var sheet: String?

        @Option(name: .long, help: "The wave folder and id to draft.")
        var wave = "wave1"

        @Option(name: .long, help: "The new survey folder to write (must not exist or be empty).")
        var out: String

        @Flag(name: .long, help: "Print nothing but errors.")
        var quiet = false

        func validate() throws {
            guard wave.range(of: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", options: .regularExpression) != nil else {
                throw ValidationError(
                    "--wave must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
            }
        }

        func run() throws {
            signal(SIGXFSZ, SIG_IGN)
            do {
                let written = try SurveyDraft.write(
                    export: from, to: URL(fileURLWithPath: out),
                    options: SurveyDraft.Options(source: source, wave: wave, sheet: sheet))
                if !quiet { print("draft survey written to \(out): \(written.joined(separator: ", "))") }
            } catch let error as FatalInputError {
                throw Readiness.fail(error.description)
            } catch let error as OutputError {
                throw Readiness.fail(error.description)
            }
        }
    }
}

/// A progress line on a terminal's stderr: rows read and rows per second, files written.
final class ProgressLine {
    let enabled: Bool
    var last = Date()

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ progress: Pipeline.Progress) {
        guard enabled else { return }
        let now = Date()
        let seconds = max(now.timeIntervalSince(last), 1e-6)
        last = now
        let text: String
        switch progress {
        case .waveRead(let wave, let rows):
            text = "\(wave): \(rows) rows read (\(Int(Double(rows) / seconds)) rows/s)"
        case .filesWritten(let count):
            text = "\(count) report files written"
        case .notice(let notice):
            text = notice.description
        case .warning(let warning):
            text = warning.description
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text + (progressIsFinal(progress) ? "\n" : "")).utf8))
    }

    /// Clears the line, so that a message printed next starts on an empty line.
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    func progressIsFinal(_ progress: Pipeline.Progress) -> Bool {
        if case .filesWritten = progress { return true }
        return false
    }
}

/// One line of counts per wave for `validate`.
struct DataQualityCounts {
    var wave = ""
    let read: Int, scored: Int, rejected: Int
    init(_ responses: WaveResponses) {
        read = responses.quality.rowsRead
        scored = responses.scored
        rejected = responses.rejects.count
    }
    var line: String { "\(wave): rows read \(read) = scored \(scored) + rejected \(rejected)" }
}

extension ReportSelection: ExpressibleByArgument {}
extension ExportPlatform: ExpressibleByArgument {}
extension Parallelism: ExpressibleByArgument {}
