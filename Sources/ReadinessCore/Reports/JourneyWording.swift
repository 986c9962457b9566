/// Sentences about the journey that reports share (SPEC §9.6).
public enum JourneyWording {
    /// "‹n› organisations joined since the previous wave": a count, never names (§9.9 rule 6).
    public static func joined(_ count: Int) -> String {
        switch count {
        case 0: "No organisation joined since the previous wave"
        case 1: "1 organisation joined since the previous wave"
        default: "\(count) organisations joined since the previous wave"
        }
    }
}
