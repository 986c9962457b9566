/// The national report's "The journey" section, its chart and the signatory comparison
/// (SPEC §9.8), rendered from the view's `NationalJourney` and `SignatoryComparison`.
extension NationalReport {
    /// A wave's cell: "median [q1–q3] (organisations)", or `<k organisations`.
    static func groupCell(_ figure: Published<GroupFigure>) -> String {
        label(figure) {
            "\(Markdown.score($0.median)) [\(Markdown.interval($0.lower, $0.upper))] (\($0.organisations))"
        }
    }

    /// A cohort change: its difference, 95% CI, m and verdict, or why it is not shown.
    static func cohortCell(_ change: Published<Change>?) -> String {
        guard let change else { return "—" }
        return label(change) { change in
            guard let diff = change.diff else { return "—" }
            var text = Markdown.signed(diff)
            let m = change.cohort?.organisations ?? 0
            let organisations = "\(m) \(CharterSentence.organisations(m))"
            if let test = change.test {
                text += " (95% CI \(Markdown.signed(test.low)) to \(Markdown.signed(test.high)); \(organisations))"
            } else {
                text += " (\(organisations))"
            }
            return text + " " + change.verdict.text
        }
    }

    func journeySection() -> String {
        guard let journey = view.journey else { return "" }
        var text = "## The journey\n\n"
        text += "Every wave of the survey up to this one, named by its id"
        if let baseline = journey.baselineWave { text += "; the baseline is \(Markdown.escape(baseline.id))" }
        text += ".\n\n"
        text += takingPartTable(journey)
        text += scoresTable(journey)
        text += charterSection(journey)
        return text
    }

    func takingPartTable(_ journey: NationalJourney) -> String {
        var text = "### Taking part\n\n"
        let rates = journey.takingPart.contains { $0.responseRates != nil }
        var header = ["Wave", "Organisations taking part", "Respondents scored", "Organisations with an overall score"]
        if rates {
            header += [
                "Median response rate [quartiles]", "With a headcount and no scored respondent", "Over their headcount",
            ]
        }
        let rows = zip(journey.waves, journey.takingPart).map { wave, part -> [String] in
            var row = [
                Markdown.escape(wave.id), String(part.organisations), String(part.respondents),
                String(part.organisationsWithOverall),
            ]
            if rates {
                if let found = part.responseRates {
                    row += [
                        Self.label(found.distribution) {
                            "\(Markdown.percent($0.median)) "
                                + "[\(Markdown.percent($0.lower))–\(Markdown.percent($0.upper))]"
                        }, String(found.withoutRespondents), String(found.overHeadcount),
                    ]
                } else {
                    row += ["—", "—", "—"]
                }
            }
            return row
        }
        text += Markdown.tables(header, rows, alignRight: Set(1..<header.count))
        text += "\n" + JourneyWording.waveLines(journey.waves)
        text += "\n\(JourneyWording.joined(journey.newPartners)).\n\n"
        if rates {
            text += "A response rate is an organisation's scored respondents as a share of the staff in scope that the "
            text +=
                "register gives it (one headcount for every wave). The median and quartiles are over the organisations "
            text +=
                "taking part (at least one scored respondent, no more "
                + "than the headcount), shown when there are at least "
            text += "\(view.wording.organisations); the last two columns count organisations.\n\n"
        }
        return text
    }

    func scoresTable(_ journey: NationalJourney) -> String {
        var text = "### Scores across the waves\n\n"
        var header = ["Domain"] + journey.waves.map { Markdown.escape($0.id) }
        if journey.showsSincePrevious { header.append("Since previous") }
        if journey.showsSinceBaseline { header.append("Since baseline") }
        let rows = journey.rows.map { row -> [String] in
            var cells = [Markdown.escape(row.title)] + row.cells.map(Self.groupCell)
            if journey.showsSincePrevious { cells.append(Self.cohortCell(row.sincePrevious)) }
            if journey.showsSinceBaseline { cells.append(Self.cohortCell(row.sinceBaseline)) }
            return cells
        }
        text += Markdown.tables(header, rows, alignRight: Set(1..<header.count))
        text += "\n" + JourneyWording.waveLines(journey.waves)
        text += "\n![\(Markdown.escape(journeyChartDescription(journey)))](charts/journey.svg)\n\n"
        text +=
            "Each wave: the median organisation score [lower–upper quartile] (organisations published), shown when at "
        text += "least \(view.wording.organisations) are published. "
        if journey.showsSincePrevious || journey.showsSinceBaseline {
            text += "A change is the mean change of the organisations published at both waves, with its 95% confidence "
            text +=
                "interval and their number; organisations joining or leaving do not move it. It is tested by a paired "
            text += "t-test; ▲ and ▼ mark significant rises and falls (Benjamini–Hochberg adjusted p ≤ "
            text += "\(instrument.thresholds.alpha) within each family, change of at least "
            text +=
                "\(Markdown.score(instrument.thresholds.minChange)) "
                + "points). A change is withheld when it would give away "
            text += "the scores of a few organisations that took part in only one of the two waves."
        }
        return text + "\n\n"
    }

    func charterSection(_ journey: NationalJourney) -> String {
        guard let charter = journey.charter else { return "" }
        var text = "### The charter evaluation\n\n"
        text +=
            CharterSentence.overall(
                charter.overall, baseline: charter.baseline, wave: charter.wave,
                groupSize: charter.groupSize) + "\n\n"
        let rows = charter.rows.map { row -> [String] in
            func change(_ value: (CharterGroupChanges) -> Double?) -> String {
                Self.label(row.groupChanges) { value($0).map(Markdown.signed) ?? "—" }
            }
            let difference = Self.label(row.difference) { found in
                var text = Markdown.signed(found.diff)
                if let low = found.ciLow, let high = found.ciHigh {
                    text += " (\(Markdown.signed(low)) to \(Markdown.signed(high)))"
                }
                return text
            }
            return [
                Markdown.escape(row.title), String(row.newSignatories), change(\.new), String(row.nonSignatories),
                change(\.non), difference, row.difference.value?.verdict.text ?? "—",
            ]
        }
        text += Markdown.tables(
            [
                "Domain", "New signatories", "Their change", "Not signed", "Their change",
                "Difference (95% CI)", "Verdict",
            ], rows, alignRight: [1, 2, 3, 4, 5])
        text +=
            "\nOrganisations published at both \(Markdown.escape(charter.baseline.id)) "
            + "and \(Markdown.escape(charter.wave.id)): "
        text +=
            "new signatories signed after the baseline closed and by this wave's close; the others had not signed by "
        text +=
            "then. A change is the group's mean change since the baseline; the difference between the two is tested by "
        text +=
            "Welch's t-test on the organisations' changes. A row needs at least \(view.wording.organisations) in each "
        text += "group; \"hidden\": the group changes would give away the change of a few organisations. Earlier "
        text += "signatories (signed by the baseline's close, or on a date not given) are "
        text += "counted, not compared: "
        text +=
            charter.rows.map { "\(Markdown.escape($0.title)) \($0.earlierSignatories)" }.joined(separator: ", ")
            + ".\n\n"
        return text
    }

    /// Small multiples of the national median and interquartile range at each wave.
    func journeyChart(_ journey: NationalJourney) -> String {
        let panels = journey.rows.map { row in
            JourneyPanel(
                title: row.title, values: row.cells.map { $0.value?.median },
                bands: row.cells.map { $0.value.map { JourneyBand(lower: $0.lower, upper: $0.upper) } })
        }
        return SVGChart.journey(
            title: "The journey: median organisation scores, \(journey.wave.title)",
            description: journeyChartDescription(journey), waves: journey.waves.map(\.id), panels: panels,
            levels: instrument.levels.map { ($0.name, $0.from) },
            legend: JourneyLegend(value: "Median", band: "Middle 50% (interquartile range)"))
    }

    func journeyChartDescription(_ journey: NationalJourney) -> String {
        let parts = journey.rows.map { row -> String in
            let points = zip(journey.waves, row.cells).map { wave, cell in
                "\(wave.id) "
                    + (cell.value.map { "\(Markdown.score($0.median)) (IQR \(Markdown.interval($0.lower, $0.upper)))" }
                        ?? "not shown")
            }
            return "\(row.title): " + points.joined(separator: ", ")
        }
        return "Median organisation score out of 100 at each wave with the interquartile range: "
            + parts.joined(separator: "; ")
            + "."
    }

    /// Signatories against the rest at this wave's close, over organisations (§9.8 item 5).
    func signatorySection() -> String {
        guard let comparison = view.signatories else { return "" }
        var text = "## Charter signatories and non-signatories\n\n"
        let closes = "\(view.wave.closes)"
        if comparison.registeredSignatories == 0 {
            return text + "No organisation had signed the charter by this wave's close (\(closes)), so there is no "
                + "comparison of signatories and non-signatories.\n\n"
        }
        if comparison.signatories == 0 {
            return text
                + "No organisation taking part had signed the charter by this wave's close (\(closes)), so there "
                + "is no comparison of signatories and non-signatories.\n\n"
        }
        text +=
            "Charter status at this wave's close (\(closes)): "
            + "\(comparison.signatories) of the organisations taking part "
        text += "had signed, \(comparison.nonSignatories) had not.\n\n"
        let rows = comparison.rows.map { row -> [String] in
            func cells(_ count: Int, _ figure: Published<GroupFigure>) -> [String] {
                [
                    String(count), Self.label(figure) { Markdown.score($0.median) },
                    figure.value.map { Markdown.interval($0.lower, $0.upper) } ?? "—",
                ]
            }
            return [Markdown.escape(row.title)] + cells(row.signatoryOrganisations, row.signatories)
                + cells(row.nonSignatoryOrganisations, row.nonSignatories)
        }
        text += Markdown.tables(
            [
                "Domain", "Signatories", "Median", "Interquartile range", "Not yet signed", "Median",
                "Interquartile range",
            ], rows, alignRight: [1, 2, 4, 5])
        text +=
            "\nOver each group's published organisation scores (overall: organisations with an overall score); each "
        text += "organisation counts once. Medians and quartiles, not means: means of groups that change from wave to "
        text +=
            "wave could be combined to work out a few organisations' scores. "
            + "The two groups are shown together, each resting on at least "
        text += "\(view.wording.organisations), or neither is: one alone would be the national figure less the other. "
        text +=
            "\(view.wording.fewOrganisationsLabel): too few organisations; \"hidden\": hidden with the other group.\n\n"
        return text
    }
}
