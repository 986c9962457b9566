/// The methodology, stated once for the national report and its workbook's Method sheet.
enum MethodStatements {
    /// Each rule as a term and what it says, in the order a reader meets them; `escape`
    /// makes the instrument's own text (domain titles, level names) safe for the format.
    static func all(_ view: NationalView, escape: (String) -> String) -> [(term: String, text: String)] {
        let instrument = view.instrument
        let t = instrument.thresholds
        let itemScores =
            instrument.declaresScales
            ? "point i of a k-point scale scores 100 × (i − 1) / (k − 1), or 100 × (k − i) / (k − 1) for a "
                + "reverse-worded statement; "
            : "a 1–5 answer v scores (v − 1) × 25, or (5 − v) × 25 for a reverse-worded statement; "
        let favourable =
            instrument.declaresScales
            ? "the scale's favourable points (mirrored on a reverse-worded statement); on the built-in scale, item score ≥ "
                + "\(Manifest.number(t.favourableScore)); with 95% Wilson intervals."
            : "item score ≥ \(Manifest.number(t.favourableScore)), with 95% Wilson intervals."
        return [
            (
                "Item scores",
                itemScores + "a knowledge question scores 100 when correct and 0 when wrong or don't know."
            ),
            (
                "Respondent domain score",
                "the mean of answered item scores, when at least max(1, ⌈\(t.minAnsweredFraction) × items⌉) items were "
                    + "answered."
            ),
            (
                "Organisation domain score",
                "the mean over respondents with a 95% t-interval mean ± t(0.975, n − 1) × SD / √n, published when at least "
                    + "\(view.wording.respondents) have one."
            ),
            (
                "Overall readiness",
                "Σ weight × domain score / Σ weight, only when every domain is published. Weights: "
                    + instrument.domains.map { "\(escape($0.title)) \(Manifest.number($0.weight))" }
                    .joined(separator: ", ") + "."
            ),
            (
                "Levels",
                instrument.levels.map { "\(escape($0.name)) from \(Manifest.number($0.from))" }.joined(separator: ", ")
                    + "."
            ),
            ("% favourable", favourable),
            (
                "Change",
                "for an organisation, Welch's t-test on its respondents' scores against the latest earlier wave in which "
                    + "the domain was published; nationally, a paired t-test over the organisations published in both "
                    + "waves. p-values adjusted by Benjamini–Hochberg within each family; significant when adjusted p ≤ "
                    + "\(t.alpha) and the change is at least \(Manifest.number(t.minChange)) points."
            ),
            ("Disclosure", "\(view.wording.method)."),
        ]
    }
}
