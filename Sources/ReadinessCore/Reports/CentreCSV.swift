/// The tidy centre files of SPEC §5: scores, items, changes, alpha, and the rejects.
public struct CentreCSV {
    public let wave: String
    public let instrument: Instrument
    public let register: Register

    public init(wave: String, instrument: Instrument, register: Register) {
        self.wave = wave
        self.instrument = instrument
        self.register = register
    }

    /// `centre/scores.csv`: organisation × (domains, then overall).
    public func scores(_ scores: WaveScores) -> String {
        var table = CSVTable(header: [
            "wave", "organisation_id", "sector", "domain", "n", "mean", "sd", "ci_low",
            "ci_high", "level", "published", "reason",
        ])
        for organisation in scores.organisations {
            let registered = register.organisations[organisation.organisation]
            for (domain, score) in zip(instrument.domains, organisation.domains) {
                table.text(wave)
                table.text(registered.id)
                table.text(registered.sector)
                table.text(domain.id)
                table.integer(score.n)
                table.number(score.mean)
                table.number(score.summary.sd)
                table.number(score.ciLow)
                table.number(score.ciHigh)
                table.text(score.level ?? "")
                table.bool(score.published)
                table.text(score.reason)
                table.endRow()
            }
            table.text(wave)
            table.text(registered.id)
            table.text(registered.sector)
            table.text("overall")
            table.integer(organisation.respondents)
            table.number(organisation.overall)
            table.number(nil)
            table.number(nil)
            table.number(nil)
            table.text(organisation.overallLevel ?? "")
            table.bool(organisation.overall != nil)
            table.text(organisation.overallReason)
            table.endRow()
        }
        return table.text
    }

    /// `centre/items.csv`: every item for every organisation, then national.
    public func items(_ scores: WaveScores) -> String {
        var table = CSVTable(header: ["wave", "scope", "item", "n", "favourable_pct", "ci_low", "ci_high"])
        func rows(_ scope: String, _ results: [ItemResult]) {
            for (item, result) in zip(instrument.items, results) {
                let interval = result.interval
                table.text(wave)
                table.text(scope)
                table.text(item.id)
                table.integer(result.n)
                table.number(result.percent)
                table.number(interval?.low)
                table.number(interval?.high)
                table.endRow()
            }
        }
        for organisation in scores.organisations {
            rows(register.organisations[organisation.organisation].id, organisation.items)
        }
        rows("national", scores.nationalItems)
        return table.text
    }

    /// `centre/changes.csv` (SPEC §9.7): the previous rows (organisations by id, then
    /// national), then the baseline rows in the same order.
    ///
    /// `previous_wave` is the wave compared against; `waves` are the survey's waves, which
    /// `Change.reference` indexes.
    public func changes(_ analysis: ChangeAnalysis, waves: [Wave]) -> String {
        var table = CSVTable(header: [
            "wave", "previous_wave", "scope", "domain", "diff", "t", "df", "p", "p_adjusted",
            "significant", "against", "organisations", "ci_low", "ci_high",
        ])
        for change in analysis.rows {
            let scope: String
            switch change.scope {
            case .organisation(let index): scope = register.organisations[index].id
            case .national: scope = "national"
            }
            table.text(wave)
            table.text(waves[change.reference].id)
            table.text(scope)
            table.text(change.domain.map { instrument.domains[$0].id } ?? "overall")
            table.number(change.diff)
            table.number(change.test?.t)
            table.number(change.test?.df)
            table.number(change.test?.p)
            table.number(change.adjustedP)
            table.bool(change.significant)
            table.text(change.against.rawValue)
            if let cohort = change.cohort { table.integer(cohort.organisations) } else { table.text("") }
            table.number(change.test?.low)
            table.number(change.test?.high)
            table.endRow()
        }
        return table.text
    }

    /// `centre/alpha.csv`: reliability per domain with at least two likert items.
    public func alpha(_ scores: WaveScores) -> String {
        var table = CSVTable(header: ["wave", "domain", "n", "alpha"])
        for reliability in scores.reliability {
            table.text(wave)
            table.text(instrument.domains[reliability.domain].id)
            table.integer(reliability.n)
            table.number(reliability.alpha)
            table.endRow()
        }
        return table.text
    }

    /// `centre/findings.csv`: line, column, response_id, kind, value, detail (issue 11).
    ///
    /// The response id and value are cells of the export as written, and a centre opens this
    /// file in a spreadsheet to fix them: one that a spreadsheet would run as a formula is
    /// written after an apostrophe (`inert`).
    public static func findings(_ findings: [Finding]) -> [UInt8] {
        var table = CSVTable(header: ["line", "column", "response_id", "kind", "value", "detail"])
        // A detail is one of a few texts (one per item, the date, the role), repeated on many
        // rows: each is escaped once.
        var details: [String: [UInt8]] = [:]
        for finding in findings {
            table.integer(finding.line)
            table.integer(finding.column)
            table.text(inert(finding.responseID))
            table.text(finding.kind.rawValue)
            table.text(inert(finding.value))
            if let escaped = details[finding.detail] {
                table.escaped(escaped)
            } else {
                let escaped = Array(CSVTable.escape(finding.detail).utf8)
                if details.count < 10_000 { details[finding.detail] = escaped }
                table.escaped(escaped)
            }
            table.endRow()
        }
        return table.bytes
    }

    /// `text`, or `'text` when a spreadsheet would read it as a formula: it begins with `=`,
    /// `+`, `-`, `@`, a tab or a carriage return (OWASP's CSV-injection rule).
    ///
    /// A value that already begins with an apostrophe gets one more, so none is ambiguous.
    static func inert(_ text: String) -> String {
        guard let first = text.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D, 0x27].contains(first) else {
            return text
        }
        return "'" + text
    }

    /// `rejects.csv`: line, response_id, reason, detail.
    public static func rejects(_ rejects: [Reject]) -> String {
        var table = CSVTable(header: ["line", "response_id", "reason", "detail"])
        for reject in rejects {
            table.integer(reject.line)
            table.text(reject.responseID)
            table.text(reject.reason.rawValue)
            table.text(reject.detail)
            table.endRow()
        }
        return table.text
    }
}
