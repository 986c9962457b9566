import Foundation

/// Reading every wave's responses file, one after the other.
extension Survey {
    /// Each wave's responses, read and checked by `ResponseReader` (SPEC §2, §8), in wave
    /// order; `read` is told each wave's id and rows read as it finishes.
    func readWaves(parallelism: Parallelism, read: (_ wave: String, _ rows: Int) -> Void)
        throws(FatalInputError) -> [WaveResponses]
    {
        var all: [WaveResponses] = []
        for wave in waves {
            let reader = ResponseReader(
                instrument: instrument, register: register, opens: wave.opens, closes: wave.closes,
                settings: wave.export)
            let input =
                responsesInput(of: wave)
                ?? SurveyInput(path: "\(wave.folder)/responses.csv", location: "", bytes: nil)
            let responses = try reader.read(input, parallelism: parallelism)
            read(wave.id, responses.quality.rowsRead)
            Trace.mark("read \(wave.id)")
            all.append(responses)
        }
        return all
    }
}

extension Survey {
    /// The waves a run writes: every wave, or the one `--wave` names (an error naming the
    /// waves found when there is none by that id).
    func waves(selected id: String?, surveys: URL) throws(FatalInputError) -> [Wave] {
        guard let id else { return waves }
        let selected = waves.filter { $0.id == id }
        guard !selected.isEmpty else {
            let known = waves.map(\.id).joined(separator: ", ")
            throw FatalInputError([
                Diagnostic(file: surveys.path, message: "no wave with id '\(id)'; waves found: \(known)")
            ])
        }
        return selected
    }
}
