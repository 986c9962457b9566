/// What a run is asked to do, what it did, and what it says while it works.
extension Pipeline {
    public struct Options: Sendable {
        public var waveID: String?
        public var reports: ReportSelection = .all
        public var parallelism: Parallelism = .automatic
        /// Whether to wait for another run writing to the same output folder (else fail at once).
        public var wait = true
        /// Whether every warning is an error (exit 1, nothing written), for unattended runs.
        public var strict = false
        public init(
            waveID: String? = nil, reports: ReportSelection = .all, parallelism: Parallelism = .automatic,
            wait: Bool = true, strict: Bool = false
        ) {
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

        mutating func record(_ analysis: WaveAnalysis, files: Int) {
            let responses = analysis.responses
            waves.append((analysis.wave.id, responses.quality.rowsRead, responses.scored, responses.rejects.count))
            filesWritten += files
        }
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
}
