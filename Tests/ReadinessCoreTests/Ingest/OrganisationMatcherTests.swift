import XCTest

@testable import ReadinessCore

/// SPEC §8.3: organisations by id, name or alias; ambiguity; "did you mean"; §2.3's
/// closest header with the same rule.
final class OrganisationMatcherTests: XCTestCase {
    static let register = ExportFixture.register(
        """
        organisation_id,name,sector,signatory,aliases
        ORG-N1,North Trust,Health,yes,North
        ORG-N2,North Council,Councils,no,north ; ;Nord
        IND03,Educación,Education,no,Educacion; Education
        ACU-1,Acute One,Health,no,
        ACU-2,Acute Two,Health,no,
        """)

    func match(_ cell: String) -> OrganisationMatcher.Match {
        var cell = cell
        return cell.withUTF8 { OrganisationMatcher(register: Self.register).match($0) }
    }

    func index(_ id: String) -> Int { Self.register.index(of: id)! }

    func testIdsThenNamesAndAliases() {
        XCTAssertEqual(
            Self.register.organisations[index("ORG-N2")].aliases, ["north", "Nord"],
            "aliases normalised, empty pieces ignored")
        XCTAssertEqual(match("ORG-N1"), .organisation(index("ORG-N1"), byName: false))
        XCTAssertEqual(match("org-n1"), .unknown, "ids are case-sensitive and never matched as names")
        XCTAssertEqual(match("north  TRUST"), .organisation(index("ORG-N1"), byName: true))
        XCTAssertEqual(match("Nord"), .organisation(index("ORG-N2"), byName: true))
        XCTAssertEqual(match("educación"), .organisation(index("IND03"), byName: true))
        XCTAssertEqual(match("EDUCACION"), .organisation(index("IND03"), byName: true))
        XCTAssertEqual(match("Education"), .organisation(index("IND03"), byName: true))
        XCTAssertEqual(match("Educacio\u{301}n"), .organisation(index("IND03"), byName: true), "NFC")
        XCTAssertEqual(match("North"), .ambiguous([index("ORG-N1"), index("ORG-N2")]))
        XCTAssertEqual(match(""), .unknown)
    }

    func testDetails() {
        let matcher = OrganisationMatcher(register: Self.register)
        XCTAssertEqual(
            matcher.detail(cell: "North", match: match("North")),
            "organisation_id 'North' names 2 organisations: ORG-N1, ORG-N2; give the id")
        XCTAssertEqual(
            matcher.detail(cell: "Educasion", match: .unknown),
            "organisation_id 'Educasion' is not in the register; did you mean 'IND03' (Educación)?")
        XCTAssertEqual(
            matcher.detail(cell: "ACU-6", match: .unknown),
            "organisation_id 'ACU-6' is not in the register; did you mean 'ACU-1'?")
        XCTAssertEqual(
            matcher.detail(cell: "acu-2", match: .unknown),
            "organisation_id 'acu-2' is not in the register; did you mean 'ACU-2'?")
        XCTAssertEqual(matcher.detail(cell: "NOPE", match: .unknown), "organisation_id 'NOPE' is not in the register")
        XCTAssertEqual(matcher.detail(cell: "", match: .unknown), "organisation_id empty is not in the register")
    }

    /// Distance, threshold max(1, ⌊L/3⌋) and the tie-break: id, then name, then alias, then register line.
    func testSuggestionRule() {
        func distance(_ a: String, _ b: String) -> Int? {
            Suggestions.distance(Array(a.unicodeScalars), Array(b.unicodeScalars), atMost: 100)
        }
        XCTAssertEqual(distance("educasion", "educacion"), 1)
        XCTAssertEqual(distance("educasion", "educación"), 2)
        XCTAssertEqual(distance("kitten", "sitting"), 3)
        XCTAssertEqual(distance("", "abc"), 3)
        XCTAssertNil(Suggestions.distance(Array("abcdef".unicodeScalars), Array("uvwxyz".unicodeScalars), atMost: 2))
        XCTAssertEqual(Suggestions.threshold(2, 1), 1)
        XCTAssertEqual(Suggestions.threshold(5, 3), 1)
        XCTAssertEqual(Suggestions.threshold(6, 3), 2)
        XCTAssertEqual(Suggestions.threshold(15, 6), 5)
        let register = ExportFixture.register(
            """
            organisation_id,name,sector,signatory,aliases
            Z9,abcx,S,no,abcy
            A1,abcz,S,no,
            B2,Q1,S,no,abc1
            """)
        let matcher = OrganisationMatcher(register: register)
        // "abcd" is at distance 1 from every name and alias; names come before aliases, and
        // among names the earlier register line (Z9's, line 2) wins, though A1 sorts first.
        XCTAssertEqual(matcher.suggestion(for: "abcd").map { register.organisations[$0.organisation].id }, "Z9")
        XCTAssertEqual(matcher.suggestion(for: "abcd")?.kind, .name)
        // "q2" is at distance 1 from B2's id and from its name Q1: the id wins.
        XCTAssertEqual(matcher.suggestion(for: "q2")?.kind, .id)
        // Over the threshold: "abxxxx" is 3 from "abcx" (L = 6, threshold 2).
        XCTAssertNil(matcher.suggestion(for: "abxxxx"))
    }

    func testClosestHeaderUsesTheSameRule() {
        XCTAssertEqual(
            Suggestions.closestHeader(to: ["organisation_id"], among: ["response_id", "organisaton_id", "Org"]),
            "organisaton_id")
        XCTAssertNil(
            Suggestions.closestHeader(to: ["organisation_id"], among: ["response_id", "org_id"]), "distance 9 > 5")
        XCTAssertEqual(
            Suggestions.closestHeader(to: ["Finished"], among: ["Finish", "Finishes", "Finishey"]), "Finishes",
            "the smallest distance, ties to the leftmost")
        XCTAssertEqual(Suggestions.closestHeader(to: ["response_id"], among: ["respondent_id"]), "respondent_id")
        XCTAssertEqual(Suggestions.closestHeader(to: ["x"], among: ["a\u{A0}b", "y"]), "y")
    }
}
