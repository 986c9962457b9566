extension ResponseReader {
    /// Reads a wave's responses file, `responses.csv` or `responses.xlsx` (SPEC §2.3, §8.7).
    public func read(_ input: SurveyInput, parallelism: Parallelism = .automatic) throws(FatalInputError)
        -> WaveResponses
    {
        input.path.hasSuffix(".xlsx")
            ? try read(workbook: input.location, file: input.path, parallelism: parallelism)
            : try read(path: input.location, file: input.path, parallelism: parallelism)
    }

    /// Reads a `responses.xlsx` (SPEC §8.7): the worksheet wave.yaml names, or the first in
    /// tab order, row by row; its records (rows with a non-empty cell, numbered by sheet row)
    /// go through the same header matching, row checks and duplicate rule as a CSV file's.
    public func read(workbook path: String, file: String, parallelism: Parallelism = .automatic) throws(FatalInputError)
        -> WaveResponses
    {
        let sheet = try XLSXSheetReader(path: path, file: file, sheet: settings.sheet)
        var records: [TextRecord] = []
        try sheet.forEachRecord { records.append(TextRecord(line: $0.row, fields: $0.cells)) }
        var quality = ReadingQuality()
        quality.file = file
        quality.worksheet = sheet.worksheet
        quality.worksheetNamed = sheet.choice == .named
        return read(records: records, quality: quality, parallelism: parallelism)
    }
}
