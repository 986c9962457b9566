/// The charter evaluation in words (SPEC §9.4 "Wording"), for every report that states it.
public enum CharterSentence {
    /// The sentence a verdict ends with.
    public static func verdictSentence(_ verdict: Verdict) -> String {
        switch verdict {
        case .rise: "Signatories improved detectably more (▲)."
        case .fall: "Signatories improved detectably less (▼)."
        case .changeUnder(let minChange): "The difference is detectable but under \(Verdict.shortestDecimal(minChange)) points."
        case .noDetectableChange: "The difference is not detectable: it could be chance."
        // Shown but not tested: every change equal within both groups, or k = 1 with a lone organisation.
        case .notTested: "The difference was not tested: it needs two organisations in each group and some variation."
        }
    }

    static let caveat = "Organisations chose whether and when to sign, so this compares groups; it does not show that the "
        + "charter caused the difference."

    /// The overall sentence for a row of the evaluation between baseline `baseline` and wave
    /// `wave`, in the variant §9.9 rule 4 allows: the full sentence, the difference only
    /// (group changes hidden), or the "needs at least k…" sentence. Titles and ids are
    /// passed through `escape` (Markdown by default).
    public static func overall(_ row: CharterRow, baseline: Wave, wave: Wave, rules: DisclosureRules,
                               escape: (String) -> String = Markdown.escape) -> String {
        let n1 = row.newSignatories, n0 = row.nonSignatories, k = rules.charterGroupSize
        let visibility = rules.charterRow(row)
        guard visibility != .notShown, let diff = row.diff else {
            return "The charter evaluation needs at least \(k) organisations that signed after \(escape(baseline.id)) and \(k) "
                + "that had not signed by \(escape(wave.id))'s close, each with an overall score published in both waves; "
                + "there were \(n1) and \(n0)."
        }
        let interval = row.test.map { " (95% CI \(Markdown.signed($0.low)) to \(Markdown.signed($0.high)))" } ?? ""
        var text = "Between \(escape(baseline.title)) and \(escape(wave.title)), the \(n1) \(organisations(n1)) that signed the "
        if visibility == .differenceOnly || row.changeNew == nil || row.changeNon == nil {
            text += "charter in between changed by \(Markdown.oneDecimal(abs(diff))) points \(diff < 0 ? "less" : "more") in "
            text += "overall readiness than the \(n0) that had not signed\(interval). "
        } else {
            text += "charter in between changed by \(Markdown.signed(row.changeNew ?? 0)) points in overall readiness, against "
            text += "\(Markdown.signed(row.changeNon ?? 0)) points among the \(n0) that had not signed: a difference of "
            text += "\(Markdown.signed(diff)) points\(interval). "
        }
        return text + verdictSentence(row.verdict) + " " + caveat
    }

    static func organisations(_ count: Int) -> String { count == 1 ? "organisation" : "organisations" }
}
