/// Where the moments of each domain lie in `OrganisationScores.moments`.
public struct MomentLayout: Sendable, Equatable {
    /// Per domain: the number of answered counts tallied, the first slot, the fewest items answered.
    public var slots: [Int]
    public var slotBase: [Int]
    public var needed: [Int]
}

/// Everything scored in one wave: pure values computed from respondents.
public struct WaveScores: Sendable {
    public var organisations: [OrganisationScores]
    public var nationalItems: [ItemResult]
    public var nationalConfidenceKnowledge: [ConfidenceKnowledge?]
    public var reliability: [Reliability]
    /// Roles in instrument order, then "Not stated"; groups without respondents left out.
    public var roles: GroupBreakdown
    public var momentLayout: MomentLayout

    /// The organisation results for a register index, if it had scored respondents.
    public func organisation(_ index: Int) -> OrganisationScores? {
        // `organisations` is in register order: a binary search, as every wave's
        // comparisons look up every organisation.
        var low = 0, high = organisations.count
        while low < high {
            let middle = (low + high) / 2
            if organisations[middle].organisation < index { low = middle + 1 } else { high = middle }
        }
        return low < organisations.count && organisations[low].organisation == index ? organisations[low] : nil
    }

    /// The summary of the pooled respondent domain scores of some organisations (positions
    /// in `organisations`): exact, as if their respondents had been tallied together.
    public func pooledSummary(_ members: [Int], domain: Int) -> SampleSummary {
        let slots = momentLayout.slots[domain]
        let start = momentLayout.slotBase[domain] * ScoreMoments.stride
        var pooled = [Int](repeating: 0, count: max(1, slots * ScoreMoments.stride))
        for member in members {
            let moments = organisations[member].moments
            for index in 0..<(slots * ScoreMoments.stride) { pooled[index] += moments[start + index] }
        }
        return pooled.withUnsafeBufferPointer {
            ScoreMoments.summary($0.baseAddress!, slots: slots, lowest: momentLayout.needed[domain])
        }
    }
}
