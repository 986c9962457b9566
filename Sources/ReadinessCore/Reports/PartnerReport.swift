/// A private report for one partner: its own figures against anonymous peer benchmarks
/// (SPEC §4.2, §6), rendered from its `PartnerView`, which holds nothing else.
public struct PartnerReport {
    public let view: PartnerView

    public init(_ view: PartnerView) { self.view = view }

    var instrument: Instrument { view.instrument }
    var name: String { view.organisation.name }

    /// The files of the partner's folder, paths relative to it.
    public func files() -> [OutputFile] {
        var files = [
            OutputFile(path: "report.md", text: markdown()), OutputFile(path: "charts/domains.svg", text: chart()),
        ]
        if let journey = view.journey, !journey.firstSurvey {
            files.append(OutputFile(path: "charts/journey.svg", text: journeyChart(journey)))
        }
        return files
    }

    func changeText(_ domain: Int) -> String? {
        guard let found = view.changes.first(where: { $0.domain == domain }) else { return nil }
        return Markdown.signed(found.diff) + (found.significant ? " \(found.arrow)" : "")
    }

    /// The domain table's change cell: the previous comparison with its verdict (SPEC §9.8),
    /// naming the wave compared against when it is not the previous one.
    func changeCell(_ domain: Int) -> String {
        guard let found = view.changes.first(where: { $0.domain == domain }) else { return "—" }
        var text = "\(Markdown.signed(found.diff)) \(found.verdict.text)"
        if !found.againstPrevious { text += " (vs \(Markdown.escape(found.against.id)))" }
        return text
    }

    /// Bullet chart: each shown domain score against its group's median and interquartile range.
    func chart() -> String {
        let rows = view.domains.enumerated().map { index, domain -> BulletRow in
            guard let score = domain.score.value else {
                return BulletRow(
                    label: domain.title, value: nil, note: "suppressed: \(domain.score.suppression?.reason ?? "")")
            }
            return BulletRow(
                label: domain.title, value: score.mean, groupMedian: domain.group?.median,
                groupLower: domain.group?.lower, groupUpper: domain.group?.upper, change: changeText(index))
        }
        return SVGChart.bullet(
            title: "\(name): domain scores, \(view.wave.title)", description: chartDescription, rows: rows)
    }

    var chartDescription: String {
        let parts = view.domains.map { domain -> String in
            guard let score = domain.score.value else { return "\(domain.title) suppressed" }
            var text = "\(domain.title) \(Markdown.score(score.mean))"
            if let group = domain.group { text += " (group median \(Markdown.score(group.median)))" }
            return text
        }
        return "Domain scores out of 100 with the benchmark group's median and interquartile range: "
            + parts.joined(separator: "; ") + "."
    }

    public func markdown() -> String {
        var text = "# \(Markdown.escape(name)): information-sharing readiness\n\n"
        text += Markdown.syntheticNotice(view.synthetic)
        text +=
            "\(Markdown.escape(view.wave.title)) (wave `\(view.wave.id)`, \(view.wave.opens) to \(view.wave.closes)). "
        text += "Private to \(Markdown.escape(name)): it shows your own results and anonymous benchmarks only.\n\n"
        text += summary()
        text += domainTable()
        text += journeySection()
        text += strengthsAndPriorities()
        text += confidenceSection()
        text += methodNote()
        text += GlossarySection.markdown(instrument.glossary)
        return text
    }

    func summary() -> String {
        var text = "## At a glance\n\n"
        if let overall = view.overall.value {
            text +=
                "**Overall readiness: \(Markdown.score(overall.mean)) out "
                + "of 100, level \(Markdown.escape(overall.level ?? "")).** "
        } else {
            text += "**Overall readiness is not scored this wave**: it needs every domain published, and "
            text += "some domains had too few respondents with a score. "
        }
        text += "\(view.respondents) of your staff took part.\n\n"
        if let rate = view.responseRate { text += responseRateSentence(rate) + "\n\n" }
        if let group = view.overallGroup {
            text += "Against \(group.sector.map { "the \(Markdown.escape($0)) sector" } ?? "all organisations") "
            text +=
                "(\(group.organisations) organisations, median \(Markdown.score(group.median))), your overall score is "
            text += "\(group.position.rawValue).\n\n"
        }
        return text
    }

    /// The group named once: the one most domains use, and the domains compared otherwise.
    func groupSentence() -> String {
        let grouped = view.domains.filter { $0.group != nil }
        guard let first = grouped.first?.group else {
            return view.domains.contains { $0.score.value != nil }
                ? "No benchmark group is large enough to compare with this wave.\n\n" : ""
        }
        var names: [String] = []
        for domain in grouped where !names.contains(domain.group!.name) { names.append(domain.group!.name) }
        let main =
            names.max { a, b in
                grouped.filter { $0.group?.name == a }.count < grouped.filter { $0.group?.name == b }.count
            } ?? first.name
        func described(_ name: String) -> String {
            name == "All organisations" ? "all organisations" : "the \(Markdown.escape(name)) sector"
        }
        var text = "Benchmark group: \(described(main))"
        let others = grouped.filter { $0.group?.name != main }
        if !others.isEmpty {
            text +=
                "; for " + others.map { Markdown.escape($0.title) }.joined(separator: ", ") + ", "
                + described(others[0].group!.name)
        }
        let without = view.domains.filter { $0.score.value != nil && $0.group == nil }
        if !without.isEmpty {
            text +=
                "; no group is large enough for " + without.map { Markdown.escape($0.title) }.joined(separator: ", ")
        }
        return text + ".\n\n"
    }

    func domainTable() -> String {
        var rows: [[String]] = []
        let hasChange = view.previousWave != nil
        for (index, domain) in view.domains.enumerated() {
            var row = [Markdown.escape(domain.title), String(domain.respondents)]
            if let score = domain.score.value {
                row += [
                    Markdown.score(score.mean), Markdown.interval(score.ciLow, score.ciHigh),
                    Markdown.escape(score.level ?? ""),
                ]
                if let group = domain.group {
                    row += [
                        Markdown.score(group.median), Markdown.interval(group.lower, group.upper),
                        group.position.rawValue,
                    ]
                } else {
                    row += ["—", "—", "too few to compare"]
                }
            } else {
                row += ["suppressed", "—", "—", "—", "—", domain.score.suppression?.reason ?? ""]
            }
            if hasChange { row.append(changeCell(index)) }
            rows.append(row)
        }
        var text = "## Domain scores\n\n"
        text += groupSentence()
        var header = ["Domain", "n", "Score", "95% CI", "Level", "Group median", "Group quartiles", "Position"]
        if let previous = view.previousWave { header.append("Change since \(Markdown.escape(previous.id))") }
        text += Markdown.table(header, rows, alignRight: [1, 2, 5])
        text += "\n![\(Markdown.escape(chartDescription))](charts/domains.svg)\n"
        text += "\nScores are 0–100 (higher is readier). \(view.wording.partnerRule) \(view.wording.benchmarkRule)"
        if hasChange {
            text +=
                " Each domain's change is measured against the latest earlier wave in which it was published (named "
            text +=
                "when that is not the previous wave), by Welch's t-test "
                + "on your respondents' scores; ▲ and ▼ mark changes "
            text +=
                "of at least \(Markdown.score(instrument.thresholds.minChange)) "
                + "points with a Benjamini–Hochberg adjusted "
            text += "p ≤ \(instrument.thresholds.alpha)."
        }
        return text + "\n\n"
    }

    func strengthsAndPriorities() -> String {
        var text = "## Strengths and priorities\n\n"
        guard !view.items.isEmpty else {
            return text
                + "No item was answered by enough of your respondents "
                + "(\(view.wording.respondents)), so items are not shown.\n\n"
        }
        let ranked = FavourableRanking.highestFirst(view.items, percent: \.result.percent, item: \.item)
        let strengths = Array(ranked.prefix(3))
        let priorities = Array(
            ranked.reversed().filter { item in !strengths.contains { $0.item == item.item } }.prefix(3))
        let items = instrument.items  // computed from the domains on every access
        func rows(_ shown: [PartnerItem]) -> [[String]] {
            shown.map { entry in
                let interval = entry.result.interval
                return [
                    items[entry.item].id, Markdown.escape(items[entry.item].text), String(entry.result.n),
                    Markdown.score(entry.result.percent), Markdown.interval(interval?.low, interval?.high),
                ]
            }
        }
        let header = ["Item", "Statement", "n", "% favourable", "95% CI"]
        text += "Your three strongest items (highest % favourable, or % correct for knowledge questions):\n\n"
        text += Markdown.table(header, rows(strengths), alignRight: [2, 3])
        if !priorities.isEmpty {
            text += "\nYour three priorities (lowest % favourable):\n\n"
            text += Markdown.table(header, rows(priorities), alignRight: [2, 3])
        }
        text +=
            "\nItems answered by fewer than \(view.wording.respondents) of yours are not shown. For a reverse-worded "
        text += "statement, favourable means disagreeing with it.\n\n"
        return text
    }

    func confidenceSection() -> String {
        var text = ""
        for (index, domain) in instrument.domains.enumerated() {
            guard let figure = view.confidence[index]?.value else { continue }
            text += "## Confidence versus knowledge: \(Markdown.escape(domain.title))\n\n"
            text += "Confidence (agreement with the confidence statements) is \(Markdown.score(figure.confidence)); "
            text += "knowledge (correct answers to the true/false questions) is \(Markdown.score(figure.knowledge)). "
            text += ConfidenceFinding.sentence(gap: figure.gap, thresholds: instrument.thresholds) + "\n\n"
        }
        return text
    }

    func methodNote() -> String {
        "## How to read this report\n\n"
            + "Each answer is scored 0–100 (strongly disagree 0 to strongly agree 100, reversed for negatively worded "
            + "statements; knowledge questions 100 if correct, 0 if "
            + "wrong or don't know). A respondent's domain score is the "
            + "mean of their answered items when they answered at least "
            + "\(instrument.thresholds.minAnsweredFraction) of them; "
            + "your domain score is the mean over respondents, with a "
            + "95% t-interval. Overall readiness weights the domains "
            + "as the instrument sets. Confidence versus knowledge is "
            + "shown only when at least \(view.wording.respondents) answered each kind of question.\n\n"
    }
}

/// The words a report uses for a confidence-versus-knowledge gap.
enum ConfidenceFinding {
    /// A gap of at least twice `min_change` is called large.
    static func sentence(gap: Double, thresholds: Thresholds) -> String {
        let large = 2 * thresholds.minChange
        if Rounding.sixDecimals(gap) >= large {
            return "The gap of \(Markdown.signed(gap)) points is large: staff are more confident than they are "
                + "correct, so they may share, or refuse to share, on a mistaken understanding of the rules."
        }
        if Rounding.sixDecimals(gap) <= -large {
            return "The gap of \(Markdown.signed(gap)) points means staff know more than they feel sure of: "
                + "confidence, not knowledge, is what holds sharing back."
        }
        return "The gap of \(Markdown.signed(gap)) points is small: confidence matches knowledge."
    }
}

/// The glossary at the end of reports.
enum GlossarySection {
    static func markdown(_ glossary: [GlossaryEntry]) -> String {
        guard !glossary.isEmpty else { return "" }
        var text = "## Glossary\n\n"
        for entry in glossary {
            text += "- **\(Markdown.escape(entry.term))**: \(Markdown.escape(entry.definition))\n"
        }
        return text + "\n"
    }
}
