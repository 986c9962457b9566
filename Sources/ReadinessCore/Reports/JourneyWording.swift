/// Sentences about the journey that reports share (SPEC §9.6, §9.8).
public enum JourneyWording {
    /// "‹n› organisations joined since the previous wave": a count, never names (§9.9 rule 6).
    public static func joined(_ count: Int) -> String {
        switch count {
        case 0: "No organisation joined since the previous wave"
        case 1: "1 organisation joined since the previous wave"
        default: "\(count) organisations joined since the previous wave"
        }
    }

    /// The lines that follow every journey table, one per wave, "‹id›: ‹title›, closed
    /// ‹closes›", as a Markdown list so that each renders on a line of its own.
    public static func waveLines(_ waves: [Wave]) -> String {
        waves.map { "- \(Markdown.escape($0.id)): \(Markdown.escape($0.title)), closed \($0.closes)\n" }.joined()
    }
}
