/// The charter evaluation in words (SPEC §9.4 "Wording"), for every report that states it.
public enum CharterSentence {
    /// The sentence a verdict ends with.
    public static func verdictSentence(_ verdict: Verdict) -> String {
        switch verdict {
        case .rise: "Signatories improved detectably more (▲)."
        case .fall: "Signatories improved detectably less (▼)."
        case .changeUnder(let minChange):
            "The difference is detectable but under \(Verdict.shortestDecimal(minChange)) points."
        case .noDetectableChange: "The difference is not detectable: it could be chance."
        // Shown but not tested: every change equal within both groups, or k = 1 with a lone organisation.
        case .notTested: "The difference was not tested: it needs two organisations in each group and some variation."
        }
    }

    static let caveat =
        "Organisations chose whether and when to sign, so this compares groups; it does not show that the "
        + "charter caused the difference."

    /// The overall sentence for a row of the evaluation between baseline `baseline` and wave
    /// `wave`, in the variant the disclosure stage left it: the full sentence, the difference
    /// only (group changes hidden), or the "needs at least k…" sentence (`groupSize` is k).
    ///
    /// Titles and ids are passed through `escape` (Markdown by default); numbers are printed
    /// as §9.8 says.
    public static func overall(
        _ row: CharterFigure, baseline: Wave, wave: Wave, groupSize k: Int,
        escape: (String) -> String = Markdown.escape
    ) -> String {
        let n1 = row.newSignatories, n0 = row.nonSignatories
        guard let difference = row.difference.value else {
            return
                "The charter evaluation needs at least \(k) organisations "
                + "that signed after \(escape(baseline.id)) and \(k) "
                + "that had not signed by \(escape(wave.id))'s close, "
                + "each with an overall score published in both waves; "
                + "there were \(n1) and \(n0)."
        }
        let diff = difference.diff
        var interval = ""
        if let low = difference.ciLow, let high = difference.ciHigh {
            interval = " (95% CI \(Markdown.signed(low)) to \(Markdown.signed(high)))"
        }
        var text =
            "Between \(escape(baseline.title)) and \(escape(wave.title)), "
            + "the \(n1) \(organisations(n1)) that signed the "
        if let changes = row.groupChanges.value, let new = changes.new, let non = changes.non {
            text += "charter in between changed by \(Markdown.signed(new)) points in overall readiness, against "
            text += "\(Markdown.signed(non)) points among the \(n0) that had not signed: a difference of "
            text += "\(Markdown.signed(diff)) points\(interval). "
        } else {
            text +=
                "charter in between changed by \(Markdown.oneDecimal(abs(diff))) "
                + "points \(diff < 0 ? "less" : "more") in "
            text += "overall readiness than the \(n0) that had not signed\(interval). "
        }
        return text + verdictSentence(difference.verdict) + " " + caveat
    }

    static func organisations(_ count: Int) -> String { count == 1 ? "organisation" : "organisations" }
}
