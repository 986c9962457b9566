extension Workbooks {
    /// The centre workbook's "Journey" sheet (SPEC §9.8): `journey.csv`, `charter.csv` and
    /// `response-rates.csv` as three blocks, each under its header; internal, like every
    /// centre sheet.
    ///
    /// The first block's header is the sheet's header row.
    static func centreJourney(_ analysis: CentreView, banner: String) -> Sheet {
        let centre = CentreCSV(wave: analysis.wave.id, instrument: analysis.instrument, register: analysis.register)
        var rows: [[Cell]] = []
        for wave in 0...analysis.index {
            rows += JourneyCSV.rows(analysis.history, wave: wave).map(CentreTable.cells)
        }
        var blocks: [CentreTable] = []
        if let charter = analysis.charter {
            blocks.append(centre.charterTable(charter, baselineWave: analysis.baselineWave.id))
        }
        if let rates = analysis.responseRates { blocks.append(centre.responseRatesTable(rates)) }
        for block in blocks {
            rows.append([])
            rows.append(block.header.map { .text($0) })
            rows += block.rows.map(CentreTable.cells)
        }
        return Sheet(
            name: "Journey", banner: banner, columns: JourneyCSV.header.map { Column($0) }, rows: rows,
            notes: [
                "Blocks: journey.csv" + (analysis.charter == nil ? "" : ", charter.csv")
                    + (analysis.responseRates == nil ? "" : ", response-rates.csv") + ", each under its own header."
            ],
            style: .plain)
    }
}

/// The "Journey" sheets of the partner and national workbooks (SPEC §9.8), each with a
/// native line chart: one series per domain and overall, the waves as categories, a wave
/// without a figure a blank cell and so a gap in the line.
extension Workbooks {
    /// Domain series colours: Okabe–Ito without its yellow (too pale on white), then again;
    /// overall readiness, the last series, is black.
    static let seriesColours: [UInt32] = [0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00, 0x999999]

    /// A line chart of the columns `valueColumns` (titled `names`) of the first `waves` data
    /// rows of sheet `sheet`, categories in column 0; series with no number at all are left out.
    static func journeyChart(
        title: String, sheet: String, names: [String], valueColumns: [Int], rows: [[Cell]], waves: Int,
        anchorRow: Int, height: Int = 420
    ) -> Chart? {
        let series = zip(names, valueColumns).enumerated().compactMap { index, entry -> ChartSeries? in
            let (name, column) = entry
            guard
                rows.prefix(waves).contains(where: { row in
                    if column < row.count, case .number = row[column] { return true }
                    return false
                })
            else { return nil }
            return ChartSeries(
                name: name, sheet: sheet, categoryColumn: 0, valueColumn: column, firstRow: Sheet.firstDataRow,
                lastRow: Sheet.firstDataRow + waves - 1,
                colour: index == names.count - 1 ? 0x000000 : seriesColours[index % seriesColours.count],
                marker: .circle)
        }
        guard !series.isEmpty else { return nil }
        var chart = Chart(
            kind: .line, title: title, yAxisTitle: "Score (0–100)", valueAxisMin: 0, valueAxisMax: 100,
            series: series, anchorRow: anchorRow, anchorColumn: 0, height: height)
        chart.blanks = .gap
        return chart
    }

    /// The partner's Journey sheet: one row per wave with its published scores (blank
    /// otherwise) and its response rate.
    static func partnerJourney(_ view: PartnerView, banner: String) -> Sheet? {
        guard let journey = view.journey, !journey.firstSurvey else { return nil }
        let titles = journey.rows.map(\.title)
        var columns = [Column("Wave"), Column("Closes")] + titles.map { Column($0, format: .score) }
        if journey.responseRates != nil { columns.append(Column("Response rate", format: .percent)) }
        let rows = journey.waves.indices.map { wave -> [Cell] in
            var cells: [Cell] = [.text(journey.waves[wave].id), .text(journey.waves[wave].closes.description)]
            cells += journey.rows.map { number($0.points[wave]?.value?.mean) }
            if let rates = journey.responseRates {
                let rate = rates[wave]
                if let value = rate.rate {
                    cells.append(.number(value / 100))
                } else {
                    cells.append(.text("more responses than the headcount (\(rate.headcount))"))
                }
            }
            return cells
        }
        let notes =
            [
                "Your published scores at each wave: blank where fewer "
                    + "than \(view.wording.respondents) of yours had a score, or "
                    + "where your organisation had no scored respondent; the chart leaves a gap there."
            ] + journey.waves.map { "\($0.id): \($0.title), closed \($0.closes)" }
        let chart = journeyChart(
            title: "Your published scores at each wave", sheet: "Journey", names: titles,
            valueColumns: Array(2..<(2 + titles.count)), rows: rows, waves: rows.count,
            anchorRow: Sheet.firstDataRow + rows.count + notes.count + 3, height: 340)
        return Sheet(
            name: "Journey", banner: banner, columns: columns, rows: rows, notes: notes,
            charts: chart.map { [$0] } ?? [])
    }

    /// The national Journey sheet: the median of each domain per wave (the chart's data),
    /// then the tables of the report's journey section as blocks under their own headers:
    /// taking part, the group statistics, the cohort changes and the charter evaluation.
    static func nationalJourney(_ view: NationalView, banner: String) -> Sheet? {
        guard let journey = view.journey else { return nil }
        let titles = journey.rows.map(\.title)
        var rows = journey.waves.indices.map { wave -> [Cell] in
            [.text(journey.waves[wave].id), .text(journey.waves[wave].closes.description)]
                + journey.rows.map { number($0.cells[wave].value?.median) }
        }
        let waves = rows.count
        func block(_ header: [String], _ body: [[Cell]]) {
            rows.append([])
            rows.append(header.map { .text($0) })
            rows += body
        }
        let hasRates = journey.takingPart.contains { $0.responseRates != nil }
        block(
            ["Wave", "Organisations", "Respondents", "With overall score"]
                + (hasRates
                    ? [
                        "Median response rate (%)", "Lower quartile (%)", "Upper quartile (%)", "No scored respondent",
                        "Over headcount",
                    ] : []),
            zip(journey.waves, journey.takingPart).map { wave, part in
                var cells: [Cell] = [
                    .text(wave.id), .count(part.organisations), .count(part.respondents),
                    .count(part.organisationsWithOverall),
                ]
                if let rates = part.responseRates {
                    // Percentages as numbers: the columns' format is the scores' one decimal.
                    cells += [
                        published(rates.distribution) { .number($0.median) },
                        published(rates.distribution) { .number($0.lower) },
                        published(rates.distribution) { .number($0.upper) },
                        .count(rates.withoutRespondents), .count(rates.overHeadcount),
                    ]
                }
                return cells
            })
        block(
            ["Domain", "Wave", "Organisations", "Lower quartile", "Median", "Upper quartile"],
            journey.rows.flatMap { row in
                zip(journey.waves, zip(row.organisations, row.cells)).map { wave, entry -> [Cell] in
                    [
                        .text(row.title), .text(wave.id), .count(entry.0), published(entry.1) { .number($0.lower) },
                        published(entry.1) { .number($0.median) }, published(entry.1) { .number($0.upper) },
                    ]
                }
            })
        var changes: [[Cell]] = []
        for row in journey.rows {
            for (label, change) in [("previous", row.sincePrevious), ("baseline", row.sinceBaseline)] {
                guard let change else { continue }
                let against = label == "previous" ? journey.previousWave : journey.baselineWave
                var cells: [Cell] = [.text(row.title), .text("since \(label)"), .text(against?.id ?? "")]
                switch change {
                case .shown(let found):
                    cells += [
                        found.cohort.map { .count($0.organisations) } ?? .blank, number(found.diff),
                        number(found.test?.low), number(found.test?.high),
                        // Text as the report prints it: the column's format is the scores' one decimal.
                        found.adjustedP.map { .text(Markdown.pValue($0)) } ?? .blank, .text(found.verdict.text),
                    ]
                case .hidden(let suppression):
                    cells += [.blank, .text(suppression.label), .blank, .blank, .blank, .blank]
                }
                changes.append(cells)
            }
        }
        if !changes.isEmpty {
            block(
                [
                    "Domain", "Change", "Against", "Organisations", "Mean change", "95% CI low", "95% CI high",
                    "Adjusted p",
                    "Verdict",
                ], changes)
        }
        var notes = [
            "Rows 3 on: the median organisation score of each domain at each wave (the chart's data), blank where "
                + "fewer than \(view.wording.organisations) are published. "
                + "Then, each under its own header: taking part, "
                + "the quartiles per domain and wave, the mean change of the organisations published at both waves "
                + "(paired t-test)" + (journey.charter == nil ? "." : ", and the charter evaluation.")
        ]
        if let charter = journey.charter {
            block(
                [
                    "Domain", "New signatories", "Their change", "Not signed", "Their change", "Earlier signatories",
                    "Difference",
                    "95% CI low", "95% CI high", "Verdict",
                ],
                charter.rows.map { row in
                    [
                        .text(row.title), .count(row.newSignatories), published(row.groupChanges) { number($0.new) },
                        .count(row.nonSignatories), published(row.groupChanges) { number($0.non) },
                        .count(row.earlierSignatories),
                        published(row.difference) { .number($0.diff) }, number(row.difference.value?.ciLow),
                        number(row.difference.value?.ciHigh),
                        row.difference.value.map { .text($0.verdict.text) } ?? .blank,
                    ]
                })
            notes.append(
                CharterSentence.overall(
                    charter.overall, baseline: charter.baseline, wave: charter.wave,
                    groupSize: charter.groupSize, escape: { $0 }))
        }
        notes += journey.waves.map { "\($0.id): \($0.title), closed \($0.closes)" }
        let chart = journeyChart(
            title: "Median organisation score at each wave", sheet: "Journey", names: titles,
            valueColumns: Array(2..<(2 + titles.count)), rows: rows, waves: waves,
            anchorRow: Sheet.firstDataRow + rows.count + notes.count + 3)
        return Sheet(
            name: "Journey", banner: banner,
            columns: [Column("Wave"), Column("Closes")] + titles.map { Column($0, format: .score) },
            rows: rows, notes: notes, style: .plain, charts: chart.map { [$0] } ?? [], landscape: true)
    }

    /// The national Signatories sheet: each group's statistics per domain and overall.
    static func signatorySheet(_ view: NationalView, banner: String) -> Sheet {
        let closes = "\(view.wave.closes)"
        guard let comparison = view.signatories, comparison.signatories > 0 else {
            return Sheet(
                name: "Signatories", banner: banner, columns: [Column("Charter signatories", width: 100)],
                rows: [[.text("No organisation taking part had signed the charter by this wave's close (\(closes)).")]],
                style: .plain)
        }
        let rows = comparison.rows.map { row -> [Cell] in
            func cells(_ count: Int, _ figure: Published<GroupFigure>) -> [Cell] {
                [
                    .count(count), published(figure) { .number($0.lower) }, published(figure) { .number($0.median) },
                    published(figure) { .number($0.upper) },
                ]
            }
            return [.text(row.title)] + cells(row.signatoryOrganisations, row.signatories)
                + cells(row.nonSignatoryOrganisations, row.nonSignatories)
        }
        let group = { (name: String) in
            [
                Column(name, format: .integer), Column("Lower quartile", format: .score),
                Column("Median", format: .score),
                Column("Upper quartile", format: .score),
            ]
        }
        return Sheet(
            name: "Signatories", banner: banner,
            columns: [Column("Domain")] + group("Signatories") + group("Not yet signed"), rows: rows,
            notes: [
                "Charter status at this wave's close (\(closes)): \(comparison.signatories) organisations taking part "
                    + "had signed, \(comparison.nonSignatories) had not. Over each group's published organisation "
                    + "scores; both groups are shown, each with at least \(view.wording.organisations), or neither."
            ])
    }
}
