import Foundation
import Yams

/// One wave of the survey, as described by its `wave.yaml`.
public struct Wave: Sendable, Equatable {
    public var id: String
    public var title: String
    public var opens: CalendarDate
    public var closes: CalendarDate
    /// Folder name under the surveys folder.
    public var folder: String
    /// The line of `id:` in wave.yaml, when given there.
    var idLine: Int? = nil
    /// Whether its `wave.yaml` says `baseline: true` (SPEC §9.1.2).
    public var baseline = false
    /// Where `closes:` and `baseline:` are in wave.yaml, for messages.
    var closesMark: (line: Int, column: Int)? = nil
    var baselineMark: (line: Int, column: Int)? = nil

    public static func == (lhs: Wave, rhs: Wave) -> Bool {
        lhs.id == rhs.id && lhs.title == rhs.title && lhs.opens == rhs.opens && lhs.closes == rhs.closes
            && lhs.folder == rhs.folder && lhs.baseline == rhs.baseline
    }
    /// How its export is read (SPEC §8.3–§8.7: `source`, `header_rows`, …).
    public var export = ExportSettings()
    /// Where `sheet:`'s value is in wave.yaml, for the error when the responses file is a CSV.
    var sheetLine: Int? = nil, sheetColumn: Int? = nil
}

/// An input file of a survey: its path relative to the surveys folder, where it is, and
/// its bytes when it is small enough to keep (responses files are streamed instead).
public struct SurveyInput: Sendable {
    public var path: String
    public var location: String
    public var bytes: [UInt8]?
    /// For a streamed file, the file as it was when opened (see `inputsChangedSinceLoading`).
    public var identity: FileIdentity? = nil
}

/// A validated surveys folder: instrument, register, waves ordered by `closes`, and every
/// input file (hashed for the manifest).
public struct Survey: Sendable {
    public var instrument: Instrument
    public var register: Register
    public var registerEncoding: SourceEncoding
    public var waves: [Wave]
    /// Input files by path relative to the surveys folder, in code-point order.
    public var inputs: [SurveyInput]
    /// The instrument's warnings, located relative to the surveys folder (`Diagnostic.placed(in:)`).
    public var warnings: [Diagnostic]

    /// Where a wave's responses file is.
    public func responsesLocation(of wave: Wave) -> String? {
        responsesInput(of: wave)?.location
    }

    /// A wave's responses file: `responses.csv`, or `responses.xlsx` (SPEC §8.7).
    public func responsesInput(of wave: Wave) -> SurveyInput? {
        inputs.first { $0.path == "\(wave.folder)/responses.csv" || $0.path == "\(wave.folder)/responses.xlsx" }
    }

    /// The wave before `wave`: the latest whose `closes` is strictly earlier.
    public func previous(of wave: Wave) -> Wave? {
        waves.last { $0.closes < wave.closes }
    }

    /// The position of the baseline in `waves`: the one marked `baseline: true`, else the
    /// first (SPEC §9.1.2).
    public var baselineIndex: Int { waves.firstIndex(where: \.baseline) ?? 0 }
}

/// Reads and checks every input before anything is written (SPEC §7 "Validation").
public enum SurveyLoader {
    public static func load(from folder: URL) throws(FatalInputError) -> Survey {
        var problems: [Diagnostic] = []
        var inputs: [SurveyInput] = []
        let display = folder.path

        // Why each input that could not be read was not, for the messages below.
        var unreadable: [String: String] = [:]
        func read(_ relative: String) -> [UInt8]? {
            let url = folder.appendingPathComponent(relative)
            switch InputFile.contents(url.path) {
            case .success(let bytes):
                inputs.append(SurveyInput(path: relative, location: url.path, bytes: bytes))
                return bytes
            case .failure(let error):
                unreadable[relative] = error.reason
                return nil
            }
        }
        func why(_ relative: String) -> String { unreadable[relative].map { ": \($0)" } ?? "" }
        func path(_ relative: String) -> String { (display as NSString).appendingPathComponent(relative) }

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw FatalInputError([
                Diagnostic(file: display, message: "the surveys folder does not exist or is not a folder")
            ])
        }

        var instrument: Instrument?
        var warnings: [Diagnostic] = []
        if let bytes = read("instrument.yaml") {
            let text = String(decoding: TextDecoding.utf8(from: bytes).bytes, as: UTF8.self)
            do {
                let loaded = try InstrumentLoader(fileName: path("instrument.yaml")).load(yaml: text)
                instrument = loaded.instrument
                // Warnings are kept relative to the surveys folder: data-quality.md lists them.
                warnings += loaded.warnings.map {
                    Diagnostic(
                        $0.severity, file: "instrument.yaml", line: $0.line, column: $0.column, message: $0.message)
                }
            } catch {
                problems += error.diagnostics
            }
        } else {
            problems.append(
                Diagnostic(
                    file: path("instrument.yaml"), message: "cannot read the instrument file\(why("instrument.yaml"))"))
        }

        var register: Register?
        var registerEncoding = SourceEncoding.utf8
        if let bytes = read("organisations.csv") {
            do {
                let loaded = try RegisterReader.read(bytes, file: path("organisations.csv"))
                register = loaded.register
                registerEncoding = loaded.encoding
            } catch {
                problems += error.diagnostics
            }
        } else {
            problems.append(
                Diagnostic(
                    file: path("organisations.csv"),
                    message: "cannot read the organisation register\(why("organisations.csv"))"))
        }

        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("README.md").path),
            read("README.md") == nil
        {
            problems.append(
                Diagnostic(file: path("README.md"), message: "cannot read the survey's README.md\(why("README.md"))"))
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var waves: [Wave] = []
        var waveFolders: [String: (id: String, folder: String)] = [:]
        for name in entries.sorted(by: TextMatching.codePointLess) where !name.hasPrefix(".") {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
                continue
            }
            let hasWave = FileManager.default.fileExists(atPath: url.appendingPathComponent("wave.yaml").path)
            let hasResponses =
                FileManager.default.fileExists(atPath: url.appendingPathComponent("responses.csv").path)
                || FileManager.default.fileExists(atPath: url.appendingPathComponent("responses.xlsx").path)
            guard hasWave || hasResponses else { continue }
            guard let waveBytes = read("\(name)/wave.yaml") else {
                problems.append(
                    Diagnostic(
                        file: path("\(name)/wave.yaml"),
                        message:
                            "cannot read wave.yaml\(why("\(name)/wave.yaml")); every wave folder needs one with id, title, opens and closes"
                    ))
                continue
            }
            guard let wave = parseWave(waveBytes, folder: name, file: path("\(name)/wave.yaml"), problems: &problems)
            else {
                continue
            }
            if let other = waveFolders[Identifier.folderKey(wave.id)] {
                let message =
                    other.id == wave.id
                    ? "wave id '\(wave.id)' is also the id of the wave in folder '\(other.folder)'"
                    : "wave id '\(wave.id)' differs only in case from '\(other.id)' (the wave in folder '\(other.folder)'); their report folders would be one folder on a case-insensitive file system"
                problems.append(
                    Diagnostic(file: path("\(name)/wave.yaml"), line: wave.idLine ?? 1, column: 1, message: message))
                continue
            }
            waveFolders[Identifier.folderKey(wave.id)] = (wave.id, name)
            // Responses files can be large: mapped to check the header, streamed when read.
            let csvURL = url.appendingPathComponent("responses.csv"),
                xlsxURL = url.appendingPathComponent("responses.xlsx")
            let hasCSV = FileManager.default.fileExists(atPath: csvURL.path)
            let hasWorkbook = FileManager.default.fileExists(atPath: xlsxURL.path)
            if hasCSV && hasWorkbook {
                problems.append(
                    Diagnostic(file: path(name) + "/", message: "both responses.csv and responses.xlsx; keep one"))
                continue
            }
            let responsesName = hasWorkbook ? "responses.xlsx" : "responses.csv"
            let responsesURL = hasWorkbook ? xlsxURL : csvURL
            let mapped: MappedFile
            do {
                mapped = try MappedFile(path: responsesURL.path)
            } catch {
                let reason =
                    error.diagnostics.first.map {
                        ": " + $0.message.replacingOccurrences(of: "cannot read: ", with: "")
                    } ?? ""
                problems.append(
                    Diagnostic(
                        file: path("\(name)/\(responsesName)"), message: "cannot read the responses file\(reason)"))
                continue
            }
            inputs.append(
                SurveyInput(
                    path: "\(name)/\(responsesName)", location: responsesURL.path, bytes: nil,
                    identity: mapped.identity))
            if hasWorkbook {
                // SPEC §8.7: the sheet is chosen and its header records checked now, before anything is written.
                if let instrument {
                    problems += workbookHeaderProblems(
                        mapped, file: path("\(name)/responses.xlsx"), instrument: instrument,
                        settings: wave.export)
                }
                waves.append(wave)
                continue
            }
            if let problem = XLSXSheetReader.workbookSavedAsCSV(mapped.bytes, file: path("\(name)/responses.csv")) {
                problems.append(problem)
                continue
            }
            if wave.export.sheet != nil {
                problems.append(
                    Diagnostic(
                        file: path("\(name)/wave.yaml"), line: wave.sheetLine, column: wave.sheetColumn,
                        message: "sheet: given, but this wave's responses file is responses.csv"))
            }
            if let instrument {
                problems += ResponseReader.checkHeader(
                    mapped.bytes, file: path("\(name)/responses.csv"), instrument: instrument,
                    settings: wave.export)
            }
            waves.append(wave)
        }
        if waves.isEmpty && problems.isEmpty {
            problems.append(
                Diagnostic(
                    file: display,
                    message: "no wave found; expected a folder holding wave.yaml and responses.csv (or responses.xlsx)")
            )
        }
        problems += orderProblems(waves, path: { path("\($0.folder)/wave.yaml") })
        guard problems.isEmpty, let instrument, let register else { throw FatalInputError(problems) }
        waves.sort { $0.closes != $1.closes ? $0.closes < $1.closes : TextMatching.codePointLess($0.id, $1.id) }
        inputs.sort { TextMatching.codePointLess($0.path, $1.path) }
        return Survey(
            instrument: instrument, register: register, registerEncoding: registerEncoding, waves: waves,
            inputs: inputs, warnings: warnings)
    }

    /// The fatal problems of a `responses.xlsx` (SPEC §8.7, §8.9): an invalid workbook, a
    /// worksheet named in wave.yaml that is missing, or header records without the required columns.
    static func workbookHeaderProblems(
        _ mapped: MappedFile, file: String, instrument: Instrument,
        settings: ExportSettings
    ) -> [Diagnostic] {
        do {
            let reader = try XLSXSheetReader(bytes: mapped.bytes, keeping: mapped, file: file, sheet: settings.sheet)
            var leading: [XLSXRecord] = []
            let wanted = ResponseReader.leadingRecordsWanted(settings)
            try reader.forEachRecordWhile({ record in
                leading.append(record)
                return leading.count < wanted
            })
            guard let first = leading.first else {
                return [
                    Diagnostic(
                        file: file, line: 1, column: 1,
                        message:
                            "the worksheet '\(reader.worksheet)' is empty; expected a header naming response_id and organisation_id"
                    )
                ]
            }
            return ResponseReader.headerProblems(
                leading.map(\.cells), line: first.row, file: file, instrument: instrument,
                settings: settings)
        } catch {
            return error.diagnostics
        }
    }

    /// Waves sharing a closing date, or more than one baseline (SPEC §9.1.1, §9.1.2): each
    /// named with both `wave.yaml` files.
    ///
    /// `waves` are in folder order.
    static func orderProblems(_ waves: [Wave], path: (Wave) -> String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (position, wave) in waves.enumerated() {
            if let other = waves[..<position].first(where: { $0.closes == wave.closes }) {
                problems.append(
                    Diagnostic(
                        file: path(wave), line: wave.closesMark?.line, column: wave.closesMark?.column,
                        message:
                            "closes \(wave.closes) is also the closing date of \(path(other)); waves are ordered by closes, so two waves cannot close on the same day"
                    ))
            }
            if wave.baseline, let other = waves[..<position].first(where: \.baseline) {
                problems.append(
                    Diagnostic(
                        file: path(wave), line: wave.baselineMark?.line, column: wave.baselineMark?.column,
                        message: "baseline: true is also set in \(path(other)); only one wave can be the baseline"))
            }
        }
        return problems
    }

    /// A wave from its `wave.yaml`; the id defaults to the folder name.
    static func parseWave(_ bytes: [UInt8], folder: String, file: String, problems: inout [Diagnostic]) -> Wave? {
        let text = String(decoding: TextDecoding.utf8(from: bytes).bytes, as: UTF8.self)
        let parsed: Node?
        do {
            parsed = try YAMLDocument.compose(text, file: file)
        } catch {
            problems += error.diagnostics
            return nil
        }
        guard let root = parsed, case .mapping(let mapping) = root else {
            problems.append(
                Diagnostic(
                    file: file, line: 1, column: 1,
                    message: "expected a YAML mapping with id, title, opens and closes"))
            return nil
        }
        // Issue 11: a misspelt key would silently leave its setting at the default.
        problems += KnownKeys.problems(mapping, path: "", expected: KnownKeys.wave, file: file)
        func entry(_ key: String) -> Node? { mapping.first(where: { $0.key.scalar?.string == key })?.value }
        func scalar(_ key: String) -> (String, Mark?)? {
            guard let value = entry(key), case .scalar(let scalar) = value else { return nil }
            return (scalar.string, scalar.mark)
        }
        var valid = true
        let id = scalar("id").map { TextMatching.trimmed($0.0) }.flatMap { $0.isEmpty ? nil : $0 } ?? folder
        if !Identifier.isWaveID(id) {
            problems.append(
                Diagnostic(
                    file: file, line: scalar("id")?.1?.line, column: scalar("id")?.1?.column,
                    message:
                        "wave id \(RegisterReader.quoted(id)) cannot name a folder; expected 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
                ))
            valid = false
        } else if let problem = Identifier.waveFolderProblem(id) {
            problems.append(
                Diagnostic(
                    file: file, line: scalar("id")?.1?.line, column: scalar("id")?.1?.column,
                    message: "wave id '\(id)' \(problem)"))
            valid = false
        }
        var dates: [CalendarDate] = []
        for key in ["opens", "closes"] {
            guard let (value, mark) = scalar(key) else {
                if let found = entry(key) {
                    problems.append(
                        Diagnostic(
                            file: file, line: found.mark?.line, column: found.mark?.column,
                            message: "\(key): expected an ISO date YYYY-MM-DD, found a list or mapping"))
                } else {
                    problems.append(
                        Diagnostic(
                            file: file, line: 1, column: 1,
                            message: "\(key): missing; expected an ISO date YYYY-MM-DD"))
                }
                valid = false
                continue
            }
            guard let date = CalendarDate(iso: TextMatching.trimmed(value)) else {
                problems.append(
                    Diagnostic(
                        file: file, line: mark?.line, column: mark?.column,
                        message: "\(key): '\(value)' is not a real ISO date YYYY-MM-DD"))
                valid = false
                continue
            }
            dates.append(date)
        }
        // SPEC §8.4–§8.7: how the export is read.
        let problemsBefore = problems.count
        let export = ExportSettings.parse(mapping, file: file, problems: &problems)
        if problems.count > problemsBefore { valid = false }
        guard valid, dates.count == 2 else { return nil }
        if dates[1] < dates[0] {
            let mark = scalar("closes")?.1
            problems.append(
                Diagnostic(
                    file: file, line: mark?.line, column: mark?.column,
                    message: "closes \(dates[1]) is before opens \(dates[0])"))
            return nil
        }
        // `baseline` is optional and must be a YAML boolean (SPEC §9.1.2): `yes`, `1` or a
        // quoted "true" are not, whatever YAML 1.1 readers make of them.
        var baseline = false
        if let node = entry("baseline") {
            let plain: String? =
                if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any {
                    scalar.string
                } else {
                    nil
                }
            switch plain {
            case "true", "True", "TRUE": baseline = true
            case "false", "False", "FALSE": baseline = false
            default:
                let found =
                    if case .scalar(let scalar) = node { RegisterReader.quoted(scalar.string) } else {
                        "a list or mapping"
                    }
                problems.append(
                    Diagnostic(
                        file: file, line: node.mark?.line, column: node.mark?.column,
                        message: "baseline: expected true or false, found \(found)"))
                return nil
            }
        }
        let title = scalar("title")?.0 ?? id
        let closesMark = scalar("closes")?.1
        let baselineMark = entry("baseline")?.mark
        return Wave(
            id: id, title: title, opens: dates[0], closes: dates[1], folder: folder, idLine: scalar("id")?.1?.line,
            baseline: baseline, closesMark: closesMark.map { ($0.line, $0.column) },
            baselineMark: baselineMark.map { ($0.line, $0.column) }, export: export,
            sheetLine: entry("sheet")?.mark?.line, sheetColumn: entry("sheet")?.mark?.column)
    }
}
