import Foundation

/// One file of a generated survey folder.
public struct GeneratedFile: Sendable, Equatable {
    /// The path relative to the survey folder, with `/` separators (e.g.
    ///
    /// `baseline/wave.yaml`).
    public let path: String
    public let contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }
}

/// Writes a complete synthetic survey folder (SPEC §2) for a fictional county-wide health
/// and care partnership: instrument, register, waves and messy responses.
///
/// The defaults produce the project's bundled sample in `Surveys/`. Output depends only on
/// the options: the generator has its own seeded random number generator and never reads
/// the clock, the locale or hash-ordered collections, so the same options give the same bytes
/// on every machine.
public struct SurveyGenerator: Sendable {
    /// The size and seed of the generated survey.
    public struct Options: Sendable, Equatable {
        /// Partner organisations in the register; the first 45 are a hand-written catalogue.
        public var organisations: Int
        /// Rows of each wave's `responses.csv`, deliberate defects included.
        public var respondents: Int
        /// Waves: `baseline`, then `month-6`, `month-12`, ...
        ///
        /// every 26 weeks (at least one).
        public var waves: Int
        public var seed: UInt64

        public init(organisations: Int = 45, respondents: Int = 1500, waves: Int = 3, seed: UInt64 = 20_261_126) {
            self.organisations = organisations
            self.respondents = respondents
            self.waves = waves
            self.seed = seed
        }
    }

    public let options: Options
    let instrument: SampleInstrument
    let register: SampleRegister
    let waves: [SampleWave]

    /// Bytes handed to the sink at a time by `writeResponses(wave:to:)`.
    private static let chunkSize = 1 << 16

    /// Plans the survey; negative counts are treated as zero and `waves` as at least one.
    public init(options: Options) {
        self.options = options
        instrument = SampleInstrument()
        waves = SampleWave.schedule(count: options.waves)
        register = SampleRegister(
            count: options.organisations, seed: options.seed, domains: instrument.domains, waveCount: waves.count,
            respondentsPerWave: options.respondents)
    }

    /// Every file of a complete survey folder, paths relative to the folder, in a fixed order:
    /// `instrument.yaml`, `organisations.csv`, then `<wave-id>/wave.yaml` and
    /// `<wave-id>/responses.csv` for each wave, then `README.md`.
    public func files() -> [GeneratedFile] {
        var files = [
            GeneratedFile(path: "instrument.yaml", contents: Data(instrument.yaml().utf8)),
            GeneratedFile(path: "organisations.csv", contents: Data(register.csv().utf8)),
        ]
        for wave in waves {
            var responses = Data()
            writeResponses(wave: wave.index, to: { responses.append($0) })
            files.append(GeneratedFile(path: "\(wave.id)/wave.yaml", contents: Data(wave.yaml().utf8)))
            files.append(GeneratedFile(path: "\(wave.id)/responses.csv", contents: responses))
        }
        files.append(GeneratedFile(path: "README.md", contents: Data(readme().utf8)))
        return files
    }

    /// Streams `responses.csv` of wave `wave` (zero-based; out of range writes nothing) to
    /// `sink` in chunks of about 64 KiB, so that million-row files never sit in memory.
    ///
    /// The bytes are the same as those of the file in `files()`.
    public func writeResponses(wave: Int, to sink: (Data) throws -> Void) rethrows {
        guard waves.indices.contains(wave) else { return }
        let style = ExportStyle(waveIndex: wave)
        var simulator = ResponseRowSimulator(
            instrument: instrument, register: register, wave: waves[wave],
            rowCount: max(0, options.respondents), seed: options.seed)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(SurveyGenerator.chunkSize + 4096)
        if style.byteOrderMark { buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        CSVText.append(record: simulator.header, lineEnding: style.lineEnding, to: &buffer)
        while let fields = simulator.nextFields() {
            CSVText.append(record: fields, lineEnding: style.lineEnding, to: &buffer)
            if buffer.count >= SurveyGenerator.chunkSize {
                try sink(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try sink(Data(buffer)) }
    }

    /// How many rows of wave `wave` carry each deliberate defect, in `RowDefect` order.
    func defectCounts(wave: Int) -> [(defect: RowDefect, rows: Int)] {
        DefectSchedule(seed: options.seed, waveIndex: wave).counts(rowCount: max(0, options.respondents))
    }

    /// The independent random streams of the generator; changing one never shifts another.
    enum StreamPurpose: UInt64 {
        case organisation = 1
        case organisationChange = 2
        case responses = 3
        case defects = 4
        case signing = 5
        case headcount = 6
    }
}
