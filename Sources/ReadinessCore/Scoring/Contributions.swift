/// One organisation's respondents behind figures pooled over respondents: how many
/// contribute to each, so that disclosure control can count organisations and find a
/// dominant one (SPEC §4.6.1, §4.6.2, §4.6.5).
public struct Contributions: Sendable, Equatable {
    /// Per domain: respondents with at least one answered likert item (the confidence side).
    public var likert: [Int]
    /// Per domain: respondents with at least one answered knowledge item (the knowledge side).
    public var knowledge: [Int]
    /// Per domain: respondents who answered every likert item (Cronbach's alpha).
    public var complete: [Int]
    /// Per role group (instrument roles, then not stated): scored respondents.
    public var roles: [Int]
    /// `roleDomains[group][domain]`: respondents of the role group with a domain score.
    public var roleDomains: [[Int]]

    public init(likert: [Int], knowledge: [Int], complete: [Int], roles: [Int], roleDomains: [[Int]]) {
        self.likert = likert
        self.knowledge = knowledge
        self.complete = complete
        self.roles = roles
        self.roleDomains = roleDomains
    }
}

/// Where each count of an organisation's block of contributor counts starts.
struct ContributorLayout: Sendable {
    let likertRespondents: Int, knowledgeRespondents: Int, completeRespondents: Int
    let roleRespondents: Int, roleDomainRespondents: Int
    let size: Int

    init(domains: Int, roleGroups: Int) {
        likertRespondents = 0
        knowledgeRespondents = domains
        completeRespondents = 2 * domains
        roleRespondents = 3 * domains
        roleDomainRespondents = 3 * domains + roleGroups
        size = 3 * domains + roleGroups + roleGroups * domains
    }
}
