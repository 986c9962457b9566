/// The one order of items by % favourable, shared by the reports, the workbooks and the
/// national view: by percent (an item with none counts as 0), ties in instrument order.
enum FavourableRanking {
    /// Highest % favourable first (strengths, the Likert charts and sheets).
    static func highestFirst<Entry>(_ entries: [Entry], percent: (Entry) -> Double?, item: (Entry) -> Int) -> [Entry] {
        ranked(entries, percent: percent, item: item, highestFirst: true)
    }

    /// Lowest % favourable first (the national challenges); ties still in instrument order.
    static func lowestFirst<Entry>(_ entries: [Entry], percent: (Entry) -> Double?, item: (Entry) -> Int) -> [Entry] {
        ranked(entries, percent: percent, item: item, highestFirst: false)
    }

    private static func ranked<Entry>(
        _ entries: [Entry], percent: (Entry) -> Double?, item: (Entry) -> Int,
        highestFirst: Bool
    ) -> [Entry] {
        entries.sorted { a, b in
            let pa = percent(a) ?? 0, pb = percent(b) ?? 0
            guard pa != pb else { return item(a) < item(b) }
            return highestFirst ? pa > pb : pa < pb
        }
    }
}
