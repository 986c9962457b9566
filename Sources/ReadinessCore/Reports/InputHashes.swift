/// The inputs' SHA-256 hashes, for the manifest and the national report's provenance.
enum InputHashes {
    /// Every input file and its SHA-256; responses files are streamed.
    static func all(_ survey: Survey) -> Result<[(path: String, hash: String)], FatalInputError> {
        Result { () throws(FatalInputError) in
            var hashes: [(path: String, hash: String)] = []
            for file in survey.inputs {
                // A file read moments before that cannot be read now has gone: the run stops.
                if let bytes = file.bytes {
                    hashes.append((file.path, SHA256.hex(bytes)))
                } else {
                    hashes.append((file.path, try SHA256.hex(path: file.location)))
                }
            }
            return hashes
        }
    }

    /// The inputs a wave's outputs rest on (SPEC §9.1.1): the files at the top of the surveys
    /// folder, the folders of the waves of its journey, and the baseline's `wave.yaml`
    /// (which may choose a later baseline).
    ///
    /// Later waves are not among them.
    static func journey(_ all: [(path: String, hash: String)], of analysis: WaveAnalysis)
        -> [(path: String, hash: String)]
    {
        // A set for membership only: the order of the inputs is kept.
        let folders = Set(analysis.history.waves[0...analysis.index].map(\.folder))
        let baseline = "\(analysis.baselineWave.folder)/wave.yaml"
        return all.filter { input in
            guard let slash = input.path.firstIndex(of: "/") else { return true }
            return folders.contains(String(input.path[..<slash])) || input.path == baseline
        }
    }
}
