import Foundation

/// Every row of one wave's responses, nothing lost: the tally of the scored rows and the
/// rejects, sorted by line.
public struct WaveResponses: @unchecked Sendable {
    public var tally: WaveTally
    public var rejects: [Reject]
    public var quality: ReadingQuality
    /// The scored rows themselves, in file order, only when the read was asked to keep them
    /// (tests); a real read keeps nothing per row.
    public var rows: [Respondent]?
    /// Every invalid value, unparseable date, unknown role and ignored column, in file
    /// order (`centre/findings.csv`).
    public var findings: [Finding] = []
    /// What the reading found that changes what is published, said on every run (issue 11).
    public var warnings: [Diagnostic] = []

    /// Rows scored.
    public var scored: Int { tally.scored }
}

/// A respondent whose row was scored: the organisation (index in the register), the role
/// (index in the instrument's roles) and one `Answer` code per instrument item.
public struct Respondent: Sendable, Equatable {
    public var organisation: Int
    public var role: Int?
    public var answers: [UInt8]

    public init(organisation: Int, role: Int?, answers: [UInt8]) {
        self.organisation = organisation
        self.role = role
        self.answers = answers
    }
}
