/// One problem found in an input, located so that a person can go and fix it.
///
/// Every message the tool prints about its inputs is a `Diagnostic`, printed by
/// `description` as `file:line:column: severity: message`: an error stops the run (exit 1,
/// nothing written), a warning is said out loud and the run goes on (unless `--strict`),
/// a note adds context.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Equatable, Comparable, CaseIterable {
        case error, warning, note

        public static func < (a: Severity, b: Severity) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var severity: Severity
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(_ severity: Severity = .error, file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// A warning (the run goes on).
    public static func warning(file: String, line: Int? = nil, column: Int? = nil, message: String) -> Diagnostic {
        Diagnostic(.warning, file: file, line: line, column: column, message: message)
    }

    /// The same problem as an error (`--strict`).
    public var asError: Diagnostic {
        var error = self
        error.severity = .error
        return error
    }

    /// The same diagnostic with its file, given relative to `folder`, named in full, as
    /// every other message names it.
    public func placed(in folder: String) -> Diagnostic {
        var placed = self
        placed.file = folder.isEmpty ? file : folder.hasSuffix("/") ? folder + file : folder + "/" + file
        return placed
    }

    /// `file:line:column: severity: message`, leaving out what is not known, on one line
    /// that is safe to print (`TerminalText`).
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return TerminalText.safe("\(location): \(severity.rawValue): \(message)")
    }
}

/// Every fatal problem found before any output was written (SPEC §7, exit code 1).
public struct FatalInputError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
