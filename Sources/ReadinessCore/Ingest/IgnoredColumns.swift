/// A column of a responses file that is not read (SPEC §8.4 step 4: unknown, or a second
/// column for a target already bound), with what its first rows hold, so that a column of
/// answers that matches no item is said out loud (issue 11) rather than dropped in silence.
public struct IgnoredColumn: Sendable, Equatable {
    /// 1-based column (a sheet column for a workbook).
    public var column: Int
    /// Its name as data-quality.md shows it (SPEC §8.8 "Columns").
    public var name: String
    /// The target (item id or fixed column) it answers to, for a second column.
    public var secondFor: String?
    /// Over the rows sampled: cells neither empty nor a missing or don't-know token, those
    /// among them that are a code or label of one of the instrument's likert scales, and
    /// how many different answers these were.
    public var cells = 0
    public var answers = 0
    public var distinctAnswers = 0

    /// The rows read whose ignored cells are looked at: enough to tell a column of answers,
    /// few enough that a file of many columns costs nothing.
    static let sampledRows = 1_000
    static let sampledCells = 200_000

    /// Whether the column holds answers: at least 5 codes or labels, of at least 3
    /// different answers, and more than half of its cells (a column of one repeated code,
    /// such as Qualtrics' `Finished`, is not).
    public var looksLikeAnswers: Bool { answers >= 5 && distinctAnswers >= 3 && 2 * answers > cells }
}

extension ResponseReader {
    /// The ignored columns of `map`, their cells sampled from the first rows read of `text`
    /// from `body` (rows with the header's field count only).
    func ignoredColumns(
        _ map: HeaderMap, text: UnsafeBufferPointer<UInt8>, scanner: RecordScanner,
        body: RecordScanner.Position
    ) -> [IgnoredColumn] {
        var columns = map.ignored.map {
            IgnoredColumn(column: $0.column + 1, name: map.columnNames[$0.column], secondFor: $0.secondFor)
        }
        guard !columns.isEmpty else { return columns }
        let scales = Array(
            Set(instrument.items.indices.filter { !instrument.items[$0].isKnowledge }.map { itemTableBase[$0] })
        ).sorted()
        guard !scales.isEmpty else { return columns }
        var seen = columns.map { _ in Set<Int>() }
        let rows = max(1, min(IgnoredColumn.sampledRows, IgnoredColumn.sampledCells / columns.count))
        var sampled = 0
        struct Enough: Error {}
        _ = try? scanner.scan(text, from: body.offset, line: body.line) { record in
            guard record.count == map.columnCount, !record.unterminatedQuote else { return }
            for (index, ignored) in map.ignored.enumerated() {
                let key = TextMatching.key(RecordScanner.string(record, ignored.column, in: text))
                guard !key.isEmpty else { continue }
                var token = false, answer: Int?
                for (position, scale) in scales.enumerated() {
                    switch parser.likert(key: key, scale: scale) {
                    case .notAnswered: token = true
                    case .answer(let code): if answer == nil { answer = position << 8 | Int(code) }
                    case .invalid: break
                    }
                }
                if token, answer == nil { continue }
                columns[index].cells += 1
                if let answer {
                    columns[index].answers += 1
                    seen[index].insert(answer)
                }
            }
            sampled += 1
            if sampled >= rows { throw Enough() }
        }
        for index in columns.indices { columns[index].distinctAnswers = seen[index].count }
        return columns
    }
}
