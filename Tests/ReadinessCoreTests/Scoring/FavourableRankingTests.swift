import XCTest

@testable import ReadinessCore

/// Items by % favourable: by percent (none counts as 0), ties in instrument order both ways.
final class FavourableRankingTests: XCTestCase {
    private let entries: [(item: Int, percent: Double?)] = [(0, 50), (1, nil), (2, 80), (3, 50), (4, 0), (5, 80)]

    func testHighestFirstKeepsTiesInInstrumentOrder() {
        let ranked = FavourableRanking.highestFirst(entries, percent: \.percent, item: \.item)
        XCTAssertEqual(ranked.map(\.item), [2, 5, 0, 3, 1, 4])
    }

    func testLowestFirstKeepsTiesInInstrumentOrder() {
        let ranked = FavourableRanking.lowestFirst(entries, percent: \.percent, item: \.item)
        XCTAssertEqual(ranked.map(\.item), [1, 4, 0, 3, 2, 5])
    }

    func testOrderDoesNotDependOnTheInputOrder() {
        let reversed = Array(entries.reversed())
        XCTAssertEqual(
            FavourableRanking.highestFirst(reversed, percent: \.percent, item: \.item).map(\.item),
            [2, 5, 0, 3, 1, 4])
    }
}
