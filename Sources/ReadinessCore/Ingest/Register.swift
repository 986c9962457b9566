import Foundation

/// A partner organisation from `organisations.csv` (SPEC §2.2).
public struct Organisation: Sendable, Equatable {
    public var id: String
    public var name: String
    public var sector: String
    public var locality: String
    public var signatory: Bool
    /// `signed_on` as written: empty, or a real `YYYY-MM-DD` date (checked when read).
    public var signedOn: String
    /// `headcount`, the staff in scope (SPEC §9.1.3); nil when empty or not in the register.
    public var headcount: Int? = nil

    /// The day it signed the charter, when `signed_on` gives one.
    public var signedDate: CalendarDate? { signedOn.isEmpty ? nil : CalendarDate(iso: signedOn) }
    /// Other names rows may give instead of the id (SPEC §8.3), normalised.
    public var aliases: [String] = []
    /// The register line, for "did you mean" tie-breaks.
    public var line = 0
}

/// The register of partner organisations, sorted by id in code-point order.
public struct Register: Sendable, Equatable {
    public var organisations: [Organisation]
    let indexByID: [String: Int]
    /// Whether the register has a `headcount` column (SPEC §9.5: response rates need it).
    public var hasHeadcount = false

    public init(organisations: [Organisation]) {
        self.organisations = organisations.sorted { TextMatching.codePointLess($0.id, $1.id) }
        var index: [String: Int] = [:]
        for (position, organisation) in self.organisations.enumerated() { index[organisation.id] = position }
        indexByID = index
    }

    /// The position of an organisation id (exact, case-sensitive), if registered.
    public func index(of id: String) -> Int? { indexByID[id] }

    /// Whether an id has the shape of a folder name (see also `Identifier.reservedDeviceName`).
    public static func isValidID(_ id: String) -> Bool { Identifier.isOrganisationID(id) }
}

/// Reads `organisations.csv`, collecting every problem (SPEC §2.2, §7 "Validation").
public enum RegisterReader {
    public static func read(_ bytes: [UInt8], file: String) throws(FatalInputError) -> (
        register: Register, encoding: SourceEncoding
    ) {
        let (text, encoding) = TextDecoding.utf8(from: bytes)
        let reader = CSVRecordReader(delimiter: CSVRecordReader.detectDelimiter(text))
        let records = reader.records(in: text)
        var problems: [Diagnostic] = []
        guard let header = records.first else {
            throw FatalInputError([
                Diagnostic(
                    file: file, line: 1, column: 1,
                    message: "the register is empty; expected a header with organisation_id, name, sector, signatory")
            ])
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let key = TextMatching.key(name)
            if columns[key] == nil { columns[key] = index }
        }
        let required = ["organisation_id", "name", "sector", "signatory"]
        let missing = required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            let found = header.fields.map { "'\($0)'" }.joined(separator: ", ")
            throw FatalInputError([
                Diagnostic(
                    file: file, line: header.line, column: 1,
                    message:
                        "missing register column\(missing.count > 1 ? "s" : "") "
                        + "\(missing.joined(separator: ", ")); found \(found)"
                )
            ])
        }
        var organisations: [Organisation] = []
        var seen: [String: (id: String, line: Int)] = [:]
        for record in records.dropFirst() {
            if record.unterminatedQuote {
                problems.append(
                    Diagnostic(
                        file: file, line: record.line, column: 1,
                        message: "malformed row: a quote opened here is never closed"))
                continue
            }
            guard record.fields.count == header.fields.count else {
                problems.append(
                    Diagnostic(
                        file: file, line: record.line, column: 1,
                        message:
                            "malformed row: found \(record.fields.count) fields, "
                            + "expected \(header.fields.count) as in the header"
                    ))
                continue
            }
            func cell(_ name: String) -> String {
                columns[name].map { TextMatching.trimmed(record.fields[$0]) } ?? ""
            }
            let id = cell("organisation_id")
            let idColumn = (columns["organisation_id"] ?? 0) + 1
            guard isValid(id) else {
                problems.append(
                    Diagnostic(
                        file: file, line: record.line, column: idColumn,
                        message:
                            "organisation_id \(quoted(id)) is not allowed; expected 1 to "
                            + "64 letters, digits, '_' or '-', starting with a letter or digit"
                    ))
                continue
            }
            if let device = Identifier.reservedDeviceName(id) {
                problems.append(
                    Diagnostic(
                        file: file, line: record.line, column: idColumn,
                        message:
                            "organisation_id '\(id)' is not allowed: \(device) names a "
                            + "device on Windows, so its folder could not be opened there"
                    ))
                continue
            }
            // Ids are matched case-sensitively, but each becomes a folder, and folders that differ only in
            // case are one folder on macOS and Windows shares.
            if let first = seen[Identifier.folderKey(id)] {
                let message =
                    first.id == id
                    ? "duplicate organisation_id '\(id)' (first on line \(first.line))"
                    : "organisation_id '\(id)' differs only in case from '\(first.id)' (line \(first.line)); "
                        + "their report folders would be one folder on a case-insensitive file system"
                problems.append(Diagnostic(file: file, line: record.line, column: idColumn, message: message))
                continue
            }
            seen[Identifier.folderKey(id)] = (id, record.line)
            let signedOn = cell("signed_on")
            if !signedOn.isEmpty, CalendarDate(iso: signedOn) == nil {
                problems.append(
                    Diagnostic(
                        file: file, line: record.line, column: (columns["signed_on"] ?? 0) + 1,
                        message:
                            "signed_on \(quoted(signedOn)) is not a date; expected a real date YYYY-MM-DD, or empty"))
            }
            let headcountText = cell("headcount")
            let headcount = headcountText.isEmpty ? nil : Self.headcount(headcountText)
            if !headcountText.isEmpty, headcount == nil {
                problems.append(
                    Diagnostic(
                        file: file, line: record.line, column: (columns["headcount"] ?? 0) + 1,
                        message:
                            "headcount \(quoted(headcountText)) is not a number of staff; expected a whole number "
                            + "of at least 1 in digits only (no sign, point or separator), or empty when unknown"
                    ))
            }
            organisations.append(
                Organisation(
                    id: id, name: cell("name"), sector: cell("sector"), locality: cell("locality"),
                    signatory: TextMatching.key(cell("signatory")) == "yes", signedOn: signedOn, headcount: headcount,
                    aliases: cell("aliases").split(separator: ";").map { TextMatching.normalised(String($0)) }.filter {
                        !$0.isEmpty
                    },
                    line: record.line))
        }
        if !problems.isEmpty { throw FatalInputError(problems) }
        var register = Register(organisations: organisations)
        register.hasHeadcount = columns["headcount"] != nil
        return (register, encoding)
    }

    /// A headcount: ASCII digits only, at least 1, small enough to count (SPEC §9.1.3).
    static func headcount(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text), value >= 1
        else { return nil }
        return value
    }

    static func isValid(_ id: String) -> Bool { Register.isValidID(id) }

    /// A value quoted for a message, with control characters made visible and long text cut.
    static func quoted(_ text: String) -> String {
        var shown = String(text.unicodeScalars.prefix(80).map { $0.value < 0x20 ? "\u{FFFD}" : Character($0) })
        if text.unicodeScalars.count > 80 { shown += "…" }
        return "'\(shown)'"
    }
}
