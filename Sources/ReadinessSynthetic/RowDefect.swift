extension SurveyGenerator {
    /// A deliberate data-quality problem planted in one row of a responses file.
    ///
    /// The first six make the pipeline reject the row (SPEC §2.4); the rest are kept and
    /// counted or flagged.
    enum RowDefect: Sendable, CaseIterable {
        case malformedRow
        case duplicateSubmission
        case unknownOrganisation
        case missingResponseID
        case outsideWindow
        case emptyResponse
        case britishDate
        case labelsForNumbers
        case invalidValue
        case invalidRole
        case straightLining

        /// How many rows of each block of `DefectSchedule.blockSize` carry the defect.
        var rowsPerBlock: Int {
            switch self {
            case .duplicateSubmission, .britishDate, .invalidValue: 2
            default: 1
            }
        }

        /// What the planted rows look like, for the generated README.
        var summary: String {
            switch self {
            case .malformedRow: "malformed row: a truncated line, or a comment with an unquoted comma"
            case .duplicateSubmission: "re-submission: an earlier response id again, later, with some answers changed"
            case .unknownOrganisation: "organisation code not in the register (e.g. `ORG047`, a lower-case id, `TEST`)"
            case .missingResponseID: "blank response id"
            case .outsideWindow: "submitted before the wave opens or after it closes"
            case .emptyResponse: "no item answered"
            case .britishDate: "submission time written the UK way, `DD/MM/YYYY HH:MM` (valid)"
            case .labelsForNumbers: "likert answers as labels (`Agree`, `strongly disagree`) instead of numbers (valid)"
            case .invalidValue:
                "one invalid cell: `6`, `4.5`, `0` or `yes` in a likert item, `Not sure` in a knowledge item"
            case .invalidRole: "a role the instrument does not list (`Manager`, `Nurse`, ...)"
            case .straightLining: "the same raw value in every likert item, reverse-coded ones included"
            }
        }

        /// Whether SPEC §2.4 rejects a row with this defect.
        var isRejected: Bool {
            switch self {
            case .malformedRow, .duplicateSubmission, .unknownOrganisation, .missingResponseID,
                .outsideWindow, .emptyResponse:
                true
            case .britishDate, .labelsForNumbers, .invalidValue, .invalidRole, .straightLining:
                false
            }
        }
    }

    /// Which rows of one wave carry which defect.
    ///
    /// Rows are taken in blocks of 400 and every block holds a fixed number of each defect
    /// at shuffled positions, so even a small sample meets every kind, the rate stays near
    /// 3.5% at any size, and a million-row file can be planned one block at a time.
    struct DefectSchedule: Sendable {
        static let blockSize = 400

        private let seed: UInt64
        private let waveIndex: Int
        private var cachedBlock: (number: Int, slots: [RowDefect?])?

        init(seed: UInt64, waveIndex: Int) {
            self.seed = seed
            self.waveIndex = waveIndex
        }

        /// The defect of row `row` (zero-based), or nil for a clean row.
        mutating func defect(ofRow row: Int) -> RowDefect? {
            let number = row / DefectSchedule.blockSize
            if cachedBlock?.number != number {
                cachedBlock = (number, slots(ofBlock: number))
            }
            return cachedBlock?.slots[row % DefectSchedule.blockSize]
        }

        /// How many of the first `rowCount` rows carry each defect, in `RowDefect` order.
        func counts(rowCount: Int) -> [(defect: RowDefect, rows: Int)] {
            var tally = Array(repeating: 0, count: RowDefect.allCases.count)
            var start = 0
            while start < rowCount {
                let length = min(DefectSchedule.blockSize, rowCount - start)
                for case let defect? in slots(ofBlock: start / DefectSchedule.blockSize).prefix(length) {
                    if let position = RowDefect.allCases.firstIndex(of: defect) { tally[position] += 1 }
                }
                start += DefectSchedule.blockSize
            }
            return zip(RowDefect.allCases, tally).map { (defect: $0, rows: $1) }
        }

        private func slots(ofBlock number: Int) -> [RowDefect?] {
            var slots: [RowDefect?] = RowDefect.allCases.flatMap { defect in
                Array(repeating: Optional(defect), count: defect.rowsPerBlock)
            }
            slots += Array(repeating: nil, count: DefectSchedule.blockSize - slots.count)
            var random = RandomSource(
                seed: seed, path: StreamPurpose.defects.rawValue, UInt64(waveIndex), UInt64(number))
            random.shuffle(&slots)
            // The file's first row stays clean so that a re-submission always has an original.
            if number == 0, slots[0] != nil, let clean = slots.firstIndex(where: { $0 == nil }) {
                slots.swapAt(0, clean)
            }
            return slots
        }
    }
}
