import Foundation

/// Every output file of one wave, paths relative to the output folder, one function per
/// audience: `Disclosure` turns the analysis into the centre, partner and national views,
/// and each writer renders one.
struct WaveOutputs: Sendable {
    let analysis: WaveAnalysis
    let survey: Survey
    let disclosure: Disclosure
    /// Where workbooks are built.
    let scratch: URL
    var id: String { analysis.wave.id }

    init(_ analysis: WaveAnalysis, survey: Survey, scratch: URL) {
        self.analysis = analysis
        self.survey = survey
        self.scratch = scratch
        // Every signatory breakdown uses the charter status at the wave's own close (SPEC §9.1.4).
        let signatory = survey.register.organisations.map { CharterStatus.isSignatory($0, at: analysis.wave.closes) }
        disclosure = Disclosure(analysis, signatory: signatory)
    }

    /// The files `reports` selects, and the manifest.
    ///
    /// They are built while `inputs` (the input hashes, for the national report's
    /// provenance and the manifest) may still be computing; the centre workbook is built on
    /// a thread of its own meanwhile. `journey` makes
    /// `journey.csv` and keeps each wave's rows for the next waves' files; `carried` are the
    /// previous run's files kept by a partial run (listed in the manifest).
    func files(
        reports: ReportSelection, journey: JourneyCSV,
        inputs: () throws -> [(path: String, hash: String)], carried: [CarriedFile]
    ) throws -> [OutputFile] {
        var files: [OutputFile] = []
        var centreWorkbook: Later<Result<OutputFile, Error>>?
        // Never leave with the workbook still being built: exiting then would free what it uses.
        defer { _ = centreWorkbook?.result }
        if reports == .all || reports == .centre {
            let view = disclosure.centre()
            let this = self
            centreWorkbook = Later {
                defer { Trace.mark("centre workbook") }
                return Result { try this.workbook(Workbooks.centre(view), path: "\(this.id)/centre/readiness.xlsx") }
            }
            files += centre(view, journey: journey)
            Trace.mark("centre text files")
        }
        if reports == .all || reports == .partners {
            files += try partners()
            Trace.mark("partner reports")
        }
        var analysis = analysis
        analysis.inputs = InputHashes.journey(try inputs(), of: analysis)
        Trace.mark("inputs hashed")
        if reports == .all || reports == .national {
            files += try national(inputs: analysis.inputs)
            Trace.mark("national reports")
        }
        if let centreWorkbook { files.append(try centreWorkbook.result.get()) }
        files.append(Manifest.file(for: analysis, survey: survey, outputs: files, reports: reports, carried: carried))
        return files
    }

    /// The centre's text files: the CSVs, rejects and the data-quality report.
    func centre(_ view: CentreView, journey: JourneyCSV) -> [OutputFile] {
        let centre = CentreCSV(wave: id, instrument: analysis.instrument, register: analysis.register)
        var files = [
            OutputFile(path: "\(id)/centre/scores.csv", text: centre.scores(analysis.scores)),
            OutputFile(path: "\(id)/centre/items.csv", text: centre.items(analysis.scores)),
        ]
        if let changes = analysis.changes {
            files.append(
                OutputFile(
                    path: "\(id)/centre/changes.csv", text: centre.changes(changes, waves: analysis.history.waves)))
        }
        files.append(OutputFile(path: "\(id)/centre/alpha.csv", text: centre.alpha(analysis.scores)))
        files.append(OutputFile(path: "\(id)/centre/journey.csv", bytes: journey.file(through: analysis.index)))
        if let charter = analysis.charter {
            files.append(
                OutputFile(
                    path: "\(id)/centre/charter.csv",
                    text: centre.charter(charter, baselineWave: analysis.baselineWave.id)))
        }
        if let rates = analysis.responseRates {
            files.append(OutputFile(path: "\(id)/centre/response-rates.csv", text: centre.responseRates(rates)))
        }
        files.append(OutputFile(path: "\(id)/centre/findings.csv", bytes: CentreCSV.findings(view.findings)))
        files.append(OutputFile(path: "\(id)/rejects.csv", text: CentreCSV.rejects(analysis.responses.rejects)))
        files.append(OutputFile(path: "\(id)/data-quality.md", text: DataQualityReport(view).markdown()))
        return files
    }

    /// Every partner's report, chart and workbook: independent, so built on every core and
    /// gathered in register order.
    func partners() throws -> [OutputFile] {
        let built = concurrentMap(analysis.scores.organisations.count) { index in
            Result { () throws -> [OutputFile] in
                let view = disclosure.partner(index)
                let folder = "\(id)/partners/\(view.organisation.id)"
                return PartnerReport(view).files().map { OutputFile(path: "\(folder)/\($0.path)", bytes: $0.bytes) }
                    + [try workbook(Workbooks.partner(view), path: "\(folder)/report.xlsx")]
            }
        }
        return try built.map { try $0.get() }.flatMap { $0 }
    }

    /// The national evidence report, its charts and its workbook.
    func national(inputs: [(path: String, hash: String)]) throws -> [OutputFile] {
        let view = disclosure.national(inputs: inputs)
        return NationalReport(view).files().map { OutputFile(path: "\(id)/national/\($0.path)", bytes: $0.bytes) }
            + [try workbook(Workbooks.national(view), path: "\(id)/national/evidence.xlsx")]
    }

    /// A workbook's bytes, built in a file in memory (or an unnamed one in `scratch`); the
    /// output is written with the others later.
    func workbook(_ model: WorkbookModel, path: String) throws -> OutputFile {
        do {
            return OutputFile(path: path, bytes: try Workbook.bytes(model, temporaryFolder: scratch))
        } catch {
            throw OutputError(path: path, message: "cannot build the workbook: \(error.description)")
        }
    }
}
