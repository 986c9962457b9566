/// Which reports a run writes.
public enum ReportSelection: String, CaseIterable, Sendable {
    case all, centre, national, partners

    /// The entries of a wave's folder (of `centre`, `data-quality.md`, `national`, `partners`,
    /// `rejects.csv`; `manifest.json` is always written) that this selection does not write,
    /// and so keeps from the previous run: a centre-only run keeps the partner and national
    /// reports.
    var keptEntries: [String] {
        switch self {
        case .all: return []
        case .centre: return ["national", "partners"]
        case .national: return ["centre", "data-quality.md", "partners", "rejects.csv"]
        case .partners: return ["centre", "data-quality.md", "national", "rejects.csv"]
        }
    }
}
