extension Workbooks {
    /// The centre workbook's "Journey" sheet (SPEC §9.8): `journey.csv`, `charter.csv` and
    /// `response-rates.csv` as three blocks, each under its header; internal, like every
    /// centre sheet. The first block's header is the sheet's header row.
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
        return Sheet(name: "Journey", banner: banner, columns: JourneyCSV.header.map { Column($0) }, rows: rows,
                     notes: ["Blocks: journey.csv" + (analysis.charter == nil ? "" : ", charter.csv")
                             + (analysis.responseRates == nil ? "" : ", response-rates.csv") + ", each under its own header."],
                     style: .plain)
    }
}
