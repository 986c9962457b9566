/// The partner report's "Your journey" section and its chart (SPEC §9.8), rendered from the
/// view's `PartnerJourney`, and its response-rate sentence.
extension PartnerReport {
    /// "Response rate 32.5% (95% CI 20.1% to 48.0%): 13 scored responses, 40 staff in scope",
    /// with the national median when it is shown; or, with more responses than the
    /// headcount, no rate and a request to check the register.
    func responseRateSentence(_ rate: PartnerResponseRate) -> String {
        let own = rate.own
        guard let value = own.rate else {
            return "Response rate: \(own.respondents) scored \(own.respondents == 1 ? "response" : "responses"), "
                + "more scored responses than the headcount in the register "
                + "(\(own.headcount)); please check it with the centre."
        }
        var text = "Response rate \(Markdown.percent(value))"
        if let low = own.ciLow, let high = own.ciHigh {
            text += " (95% CI \(Markdown.percent(low)) to \(Markdown.percent(high)))"
        }
        text +=
            ": \(own.respondents) scored \(own.respondents == 1 ? "response" : "responses"), "
            + "\(own.headcount) staff in scope"
        if let national = rate.national.value {
            text += "; the national median is \(Markdown.percent(national.median)) (quartiles "
            text += "\(Markdown.percent(national.lower)) to \(Markdown.percent(national.upper)))"
        }
        return text + "."
    }

    /// A cell of the journey table: `57.1 Established`, `<10 respondents` or `—`.
    static func journeyCell(_ point: Published<ScoreFigure>?) -> String {
        switch point {
        case nil: return "—"
        case .shown(let score)?:
            return Markdown.score(score.mean) + (score.level.map { " " + Markdown.escape($0) } ?? "")
        case .hidden(let suppression)?: return suppression.longLabel
        }
    }

    /// A change cell: `+18.6 ▲ rise (vs base)`; overall readiness is "(not tested)".
    static func journeyChange(_ change: PartnerJourneyChange?) -> String {
        guard let change else { return "—" }
        return Markdown.signed(change.diff) + " " + (change.verdict?.text ?? "(not tested)")
    }

    func journeySection() -> String {
        guard let journey = view.journey else { return "" }
        var text = "## Your journey\n\n"
        if journey.firstSurvey {
            return text
                + "This is your organisation's first survey; later reports will show your journey from here.\n\n"
        }
        var header = ["Domain"] + journey.waves.map { Markdown.escape($0.id) }
        if journey.showsSincePrevious { header.append("Since previous") }
        if journey.showsSinceBaseline { header.append("Since baseline") }
        let rows = journey.rows.map { row -> [String] in
            var cells = [Markdown.escape(row.title)] + row.points.map(Self.journeyCell)
            if journey.showsSincePrevious {
                var cell = Self.journeyChange(row.sincePrevious)
                if let change = row.sincePrevious, !change.againstPrevious {
                    cell += " (vs \(Markdown.escape(change.against.id)))"
                }
                cells.append(cell)
            }
            if journey.showsSinceBaseline { cells.append(Self.journeyChange(row.sinceBaseline)) }
            return cells
        }
        text += Markdown.tables(header, rows, alignRight: Set(1..<header.count))
        text += "\n" + JourneyWording.waveLines(journey.waves)
        text += "\n![\(Markdown.escape(journeyChartDescription(journey)))](charts/journey.svg)\n\n"
        let n = view.wording.fewRespondentsLabel
        text +=
            "A score is shown for each wave in which it was published: "
            + "\(n) respondents means fewer of your respondents "
        text += "had one, — that your organisation had no scored respondent that wave. "
        if journey.showsSincePrevious {
            text +=
                "Since previous: against the latest earlier wave in "
                + "which the score was published (named when it is not "
            text += "the previous wave). "
        }
        if journey.showsSinceBaseline, let baseline = journey.baselineWave {
            text += "Since baseline: against the baseline, \(Markdown.escape(baseline.title)). "
        }
        text += "Overall readiness is compared but not tested. The chart's dashed line is the national median of "
        text += "published scores, where at least \(view.wording.organisations) rest under it.\n\n"
        return text
    }

    /// Small multiples of the organisation's published scores, with the national median.
    func journeyChart(_ journey: PartnerJourney) -> String {
        let panels = journey.rows.map { row in
            JourneyPanel(title: row.title, values: row.points.map { $0?.value?.mean }, references: row.nationalMedians)
        }
        return SVGChart.journey(
            title: "\(name): published scores at each wave to \(journey.wave.id)",
            description: journeyChartDescription(journey),
            waves: journey.waves.map(\.id), panels: panels,
            levels: instrument.levels.map { ($0.name, $0.from) },
            legend: JourneyLegend(value: "Your published score", reference: "National median"))
    }

    func journeyChartDescription(_ journey: PartnerJourney) -> String {
        let parts = journey.rows.map { row -> String in
            let points = zip(journey.waves, row.points).map { wave, point in
                "\(wave.id) " + (point?.value.map { Markdown.score($0.mean) } ?? "not shown")
            }
            return "\(row.title): " + points.joined(separator: ", ")
        }
        return "Your published scores out of 100 at each wave, with the national median: "
            + parts.joined(separator: "; ") + "."
    }
}
