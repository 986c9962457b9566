import Foundation
// TEMPORARY STUB: replaced by the generator.
public struct SurveyGenerator: Sendable {
    public struct Options: Sendable, Equatable { public var organisations = 45; public var respondents = 1500; public var waves = 2; public var seed: UInt64 = 20261126
        public init(organisations: Int = 45, respondents: Int = 1500, waves: Int = 2, seed: UInt64 = 20261126) {} }
    public init(options: Options) {}
    public func files() -> [GeneratedFile] { [] }
}
public struct GeneratedFile: Sendable, Equatable { public let path: String; public let contents: Data }
