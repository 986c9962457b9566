/// A private report for one partner: its own published scores against anonymous peer
/// benchmarks (SPEC §4.2, §6). It names no other organisation and shows no other score.
public struct PartnerReport {
    let analysis: WaveAnalysis
    let scores: OrganisationScores

    public init(_ analysis: WaveAnalysis, organisation: OrganisationScores) {
        self.analysis = analysis
        scores = organisation
    }

    var organisation: Organisation { analysis.register.organisations[scores.organisation] }
    var instrument: Instrument { analysis.instrument }
    var minimum: Int { instrument.thresholds.minRespondents }

    /// The files of the partner's folder, paths relative to it.
    public func files() -> [OutputFile] {
        [OutputFile(path: "report.md", text: markdown()), OutputFile(path: "charts/domains.svg", text: chart())]
    }

    /// Bullet chart: each published domain score against its group's median and interquartile range.
    func chart() -> String {
        let changes = analysis.changes?.organisationChanges.filter { $0.scope == .organisation(scores.organisation) } ?? []
        let rows = instrument.domains.enumerated().map { index, domain -> BulletRow in
            let score = scores.domains[index]
            guard score.published, let mean = score.mean else {
                return BulletRow(label: domain.title, value: nil, note: "suppressed: fewer than \(minimum) respondents")
            }
            let group = group(domain: index)
            var change: String?
            if let found = changes.first(where: { $0.domain == index }), let diff = found.diff {
                change = Markdown.signed(diff) + (found.significant ? " \(found.arrow)" : "")
            }
            return BulletRow(label: domain.title, value: mean, groupMedian: group?.median, groupLower: group?.lower,
                             groupUpper: group?.upper, change: change)
        }
        return SVGChart.bullet(title: "\(organisation.name): domain scores, \(analysis.wave.title)",
                               description: chartDescription, rows: rows)
    }

    var chartDescription: String {
        let parts = instrument.domains.enumerated().map { index, domain -> String in
            let score = scores.domains[index]
            guard score.published, let mean = score.mean else { return "\(domain.title) suppressed" }
            var text = "\(domain.title) \(Markdown.score(mean))"
            if let group = group(domain: index) { text += " (group median \(Markdown.score(group.median)))" }
            return text
        }
        return "Domain scores out of 100 with the benchmark group's median and interquartile range: "
            + parts.joined(separator: "; ") + "."
    }

    /// A benchmark group shown to a partner only when it holds enough organisations that
    /// its statistics cannot single one out.
    func group(domain: Int?) -> BenchmarkGroup? {
        guard let group = analysis.benchmarks.group(sector: organisation.sector, domain: domain),
              group.count >= instrument.thresholds.minOrganisations
        else { return nil }
        return group
    }

    public func markdown() -> String {
        var text = "# \(Markdown.escape(organisation.name)): information-sharing readiness\n\n"
        text += Markdown.syntheticNotice(analysis.synthetic)
        text += "\(Markdown.escape(analysis.wave.title)) (wave `\(analysis.wave.id)`, \(analysis.wave.opens) to \(analysis.wave.closes)). "
        text += "Private to \(Markdown.escape(organisation.name)): it shows your own results and anonymous benchmarks only.\n\n"
        text += summary()
        text += domainTable()
        text += changeSection()
        text += strengthsAndPriorities()
        text += confidenceSection()
        text += methodNote()
        text += GlossarySection.markdown(instrument.glossary)
        return text
    }

    func summary() -> String {
        var text = "## At a glance\n\n"
        if let overall = scores.overall, let level = scores.overallLevel {
            text += "**Overall readiness: \(Markdown.score(overall)) out of 100, level \(Markdown.escape(level)).** "
        } else {
            text += "**Overall readiness is not scored this wave**: it needs every domain published, and "
            text += "some domains had fewer than \(minimum) respondents with a score. "
        }
        text += "\(scores.respondents) of your staff took part.\n\n"
        if let overall = scores.overall, let group = group(domain: nil) {
            text += "Against \(group.sector.map { "the \(Markdown.escape($0)) sector" } ?? "all organisations") "
            text += "(\(group.count) organisations, median \(Markdown.score(group.median))), your overall score is "
            text += "\(group.position(of: overall).rawValue).\n\n"
        }
        return text
    }

    func domainTable() -> String {
        var rows: [[String]] = []
        for (index, domain) in instrument.domains.enumerated() {
            let score = scores.domains[index]
            var row = [Markdown.escape(domain.title)]
            if score.published, let mean = score.mean {
                row += [String(score.n), Markdown.score(mean), Markdown.interval(score.ciLow, score.ciHigh),
                        Markdown.escape(score.level ?? "")]
                if let group = group(domain: index) {
                    row += [Markdown.escape(group.name), Markdown.score(group.median),
                            Markdown.interval(group.lower, group.upper), group.position(of: mean).rawValue]
                } else {
                    row += ["too few to compare", "—", "—", "—"]
                }
            } else {
                row += [String(score.n), "suppressed", "—", "—", "—", "—", "—", "fewer than \(minimum) respondents"]
            }
            rows.append(row)
        }
        var text = "## Domain scores\n\n"
        text += Markdown.table(["Domain", "n", "Score", "95% CI", "Level", "Benchmark group", "Group median",
                                "Group quartiles", "Position"], rows, alignRight: [1, 2, 6])
        text += "\n![\(Markdown.escape(chartDescription))](charts/domains.svg)\n"
        text += "\nScores are 0–100 (higher is readier). A score is published only when at least \(minimum) respondents have one. "
        text += "The benchmark group is your sector, or all organisations when your sector has fewer than "
        text += "\(instrument.thresholds.minOrganisations) published organisations; it shows no single organisation's score.\n\n"
        return text
    }

    func changeSection() -> String {
        guard let previous = analysis.previousWave else { return "" }
        var text = "## Change since \(Markdown.escape(previous.title))\n\n"
        let changes = analysis.changes?.organisationChanges.filter { $0.scope == .organisation(scores.organisation) } ?? []
        guard !changes.isEmpty else {
            return text + "No domain published this wave was published in an earlier wave, so change cannot be shown.\n\n"
        }
        var rows: [[String]] = []
        for change in changes {
            guard let domain = change.domain, let diff = change.diff else { continue }
            var shown = Markdown.signed(diff)
            if change.reference != analysis.index - 1 { shown += " (vs \(Markdown.escape(analysis.history.waves[change.reference].id)))" }
            rows.append([Markdown.escape(instrument.domains[domain].title), shown,
                         change.adjustedP.map(Markdown.pValue) ?? "not tested", change.verdict.text])
        }
        text += Markdown.table(["Domain", "Change", "Adjusted p", "Verdict"], rows, alignRight: [1, 2])
        text += "\nEach domain is compared with the latest earlier wave in which it was published. ▲ and ▼ mark changes of at "
        text += "least \(Markdown.score(instrument.thresholds.minChange)) points with a Benjamini–Hochberg adjusted p ≤ "
        text += "\(instrument.thresholds.alpha) (Welch's t-test).\n\n"
        return text
    }

    func strengthsAndPriorities() -> String {
        let visible = instrument.items.indices.filter { Disclosure.partnerMaySee(scores.items[$0], minimum: minimum) }
        var text = "## Strengths and priorities\n\n"
        guard !visible.isEmpty else {
            return text + "No item was answered by at least \(minimum) of your respondents, so items are not shown.\n\n"
        }
        let ranked = visible.sorted { a, b in
            let pa = scores.items[a].percent ?? 0, pb = scores.items[b].percent ?? 0
            return pa != pb ? pa > pb : a < b
        }
        let strengths = Array(ranked.prefix(3))
        let priorities = Array(ranked.reversed().filter { !strengths.contains($0) }.prefix(3))
        let items = instrument.items  // computed from the domains on every access
        func rows(_ indices: [Int]) -> [[String]] {
            indices.map { index in
                let result = scores.items[index]
                let interval = result.interval
                return [items[index].id, Markdown.escape(items[index].text), String(result.n),
                        Markdown.score(result.percent), Markdown.interval(interval?.low, interval?.high)]
            }
        }
        let header = ["Item", "Statement", "n", "% favourable", "95% CI"]
        text += "Your three strongest items (highest % favourable, or % correct for knowledge questions):\n\n"
        text += Markdown.table(header, rows(strengths), alignRight: [2, 3])
        if !priorities.isEmpty {
            text += "\nYour three priorities (lowest % favourable):\n\n"
            text += Markdown.table(header, rows(priorities), alignRight: [2, 3])
        }
        text += "\nItems answered by fewer than \(minimum) of your respondents are not shown. For a reverse-worded "
        text += "statement, favourable means disagreeing with it.\n\n"
        return text
    }

    func confidenceSection() -> String {
        var text = ""
        for (index, domain) in instrument.domains.enumerated() {
            guard let finding = scores.confidenceKnowledge[index] else { continue }
            guard finding.likertCells >= minimum, finding.knowledgeCells >= minimum,
                  let confidence = finding.confidence, let knowledge = finding.knowledge, let gap = finding.gap
            else { continue }
            text += "## Confidence versus knowledge: \(Markdown.escape(domain.title))\n\n"
            text += "Confidence (agreement with the confidence statements) is \(Markdown.score(confidence)); "
            text += "knowledge (correct answers to the true/false questions) is \(Markdown.score(knowledge)). "
            text += ConfidenceFinding.sentence(gap: gap, thresholds: instrument.thresholds) + "\n\n"
        }
        return text
    }

    func methodNote() -> String {
        "## How to read this report\n\n"
            + "Each answer is scored 0–100 (strongly disagree 0 to strongly agree 100, reversed for negatively worded "
            + "statements; knowledge questions 100 if correct, 0 if wrong or don't know). A respondent's domain score is the "
            + "mean of their answered items when they answered at least "
            + "\(instrument.thresholds.minAnsweredFraction) of them; your domain score is the mean over respondents, with a "
            + "95% t-interval. Overall readiness weights the domains as the instrument sets.\n\n"
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
