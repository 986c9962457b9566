/// What may be published where (SPEC §4): pure decisions, no formatting.
public enum Disclosure {
    /// Cells of one breakdown to hide: those resting on fewer than `minimum` respondents,
    /// and, when exactly one is hidden, the next-smallest too, so that it cannot be
    /// recovered by subtraction from the total.
    public static func suppressedCells(_ counts: [Int], minimum: Int) -> Set<Int> {
        var hidden = Set(counts.indices.filter { counts[$0] < minimum })
        if hidden.count == 1 {
            let next = counts.indices.filter { !hidden.contains($0) }.min { counts[$0] < counts[$1] }
            if let next { hidden.insert(next) }
        }
        return hidden
    }

    /// A group of sectors reported together in the national report.
    public struct SectorGroup: Sendable, Equatable {
        public var name: String
        public var sectors: [String]
        /// Published organisations in the group.
        public var organisations: Int
        public var suppressed: Bool
    }

    public static let otherSectors = "Other sectors"

    /// Sectors with at least `minimum` published organisations stand alone; the rest are
    /// merged into "Other sectors", which is suppressed when still too small.
    /// `published` holds each sector's published organisation count, sectors in code-point order.
    public static func sectorGroups(_ published: [(sector: String, count: Int)], minimum: Int) -> [SectorGroup] {
        var groups: [SectorGroup] = []
        var other = SectorGroup(name: otherSectors, sectors: [], organisations: 0, suppressed: false)
        for (sector, count) in published {
            if count >= minimum {
                groups.append(SectorGroup(name: sector, sectors: [sector], organisations: count, suppressed: false))
            } else {
                other.sectors.append(sector)
                other.organisations += count
            }
        }
        if !other.sectors.isEmpty {
            other.suppressed = other.organisations < minimum
            groups.append(other)
        }
        return groups
    }

    /// Whether a partner may see an item result: answered by at least `minimum` of its respondents.
    public static func partnerMaySee(_ result: ItemResult, minimum: Int) -> Bool {
        result.n >= minimum
    }
}
