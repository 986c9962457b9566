import Foundation

extension SurveyDraft {
    /// Reads `export`, drafts the survey folder and writes it into `folder`, which must not
    /// exist or be empty (a centre's edited draft is never overwritten).
    ///
    /// Returns the paths written.
    public static func write(export path: String, to folder: URL, options: Options) throws -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if !entries.filter({ !$0.hasPrefix(".") }).isEmpty {
            throw OutputError(path: folder.path, message: "the folder is not empty; give --out a new or empty folder")
        }
        let sample = try ExportSample.read(path: path, sheet: options.sheet)
        guard let export = FileManager.default.contents(atPath: path) else {
            throw FatalInputError([Diagnostic(file: path, message: "cannot read the export")])
        }
        let files = build(sample, options: options).files(export: [UInt8](export))
        try OutputWriter(root: folder).write(files)
        return files.map(\.path)
    }
}
