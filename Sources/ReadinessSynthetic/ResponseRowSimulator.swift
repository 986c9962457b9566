import ReadinessCore

extension SurveyGenerator {
    /// One respondent's row before it is written as text.
    struct ResponseRow: Sendable {
        var responseID: String
        var submitted: SubmissionTime
        var organisationID: String
        var role: String
        var cells: [SampleCell]
        var comment: String
    }

    /// Produces the rows of one wave's responses file in order, planting the scheduled defects.
    ///
    /// Rows come out in submission order, as survey tools export them: row i of n is
    /// submitted at fraction (i + u)/n of the wave's working hours, so a re-submission of
    /// an earlier row is always later than its original.
    struct ResponseRowSimulator: Sendable {
        private let instrument: SampleInstrument
        private let organisationIDs: [String]
        private let cumulativeSizes: [Double]
        private let cumulativeRoleShares: [Double]
        private let model: RespondentModel
        private let wave: SampleWave
        private let workingDays: [CalendarDate]
        private let style: ExportStyle
        private let rowCount: Int
        private var schedule: DefectSchedule
        private var random: RandomSource
        private var recentCleanRows: [ResponseRow] = []
        private var nextRow = 0

        private static let idAlphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        /// Clean rows remembered as originals for re-submissions.
        private static let memory = 32
        private static let commentRate = 0.12
        private static let lowerCaseRoleRate = 0.04

        init(
            instrument: SampleInstrument, register: SampleRegister, wave: SampleWave,
            rowCount: Int, seed: UInt64
        ) {
            self.instrument = instrument
            self.wave = wave
            self.rowCount = rowCount
            organisationIDs = register.organisations.map(\.id)
            // Organisations that do not take part in this wave (joining later, or missing it) have no respondents.
            cumulativeSizes = ResponseRowSimulator.partialSums(
                register.organisations.map {
                    $0.takesPart(in: wave.index) ? $0.sizeWeight : 0
                })
            cumulativeRoleShares = ResponseRowSimulator.partialSums(instrument.roles.map(\.share))
            model = RespondentModel(instrument: instrument, register: register, wave: wave, seed: seed)
            workingDays = wave.workingDays
            style = ExportStyle(waveIndex: wave.index)
            schedule = DefectSchedule(seed: seed, waveIndex: wave.index)
            random = RandomSource(seed: seed, path: StreamPurpose.responses.rawValue, UInt64(wave.index))
        }

        /// The header row.
        var header: [String] { style.header(items: instrument.items) }

        /// The fields of the next row, or nil after the last.
        ///
        /// A malformed row has the wrong count.
        mutating func nextFields() -> [String]? {
            guard nextRow < rowCount, !organisationIDs.isEmpty else { return nil }
            defer { nextRow += 1 }
            let defect = schedule.defect(ofRow: nextRow)
            var row = freshRow()
            switch defect {
            case nil:
                remember(row)
            case .duplicateSubmission:
                if let original = random.element(of: recentCleanRows) {
                    row = resubmission(of: original, at: row.submitted)
                }
            case .unknownOrganisation:
                row.organisationID = unknownOrganisationID()
            case .missingResponseID:
                row.responseID = random.chance(0.5) ? "" : " "
            case .outsideWindow:
                row.submitted = timeOutsideWindow()
            case .emptyResponse:
                row.cells = Array(repeating: .blank, count: row.cells.count)
                row.comment = ""
            case .invalidValue:
                plantInvalidValue(in: &row)
            case .invalidRole:
                row.role = random.element(of: ["Manager", "Nurse", "Other (please specify)", "Admin"]) ?? "Manager"
            case .straightLining:
                let value = random.element(of: [3, 4, 4, 5]) ?? 4
                row.cells = zip(instrument.items, row.cells).map { item, cell in item.isLikert ? .likert(value) : cell }
            case .malformedRow, .britishDate, .labelsForNumbers:
                break
            }
            return fields(of: row, defect: defect)
        }

        // MARK: Rows

        private mutating func freshRow() -> ResponseRow {
            let organisation = random.weightedIndex(cumulativeWeights: cumulativeSizes)
            let role = roleIndex()
            let cells = model.answers(organisation: organisation, role: role, random: &random)
            return ResponseRow(
                responseID: responseID(),
                submitted: submissionTime(),
                organisationID: organisationIDs[organisation],
                role: roleText(role),
                cells: cells,
                comment: random.chance(ResponseRowSimulator.commentRate) ? comment() : "")
        }

        private mutating func remember(_ row: ResponseRow) {
            if recentCleanRows.count < ResponseRowSimulator.memory {
                recentCleanRows.append(row)
            } else {
                recentCleanRows[nextRow % ResponseRowSimulator.memory] = row
            }
        }

        /// The same respondent again, later, having changed a few answers.
        private mutating func resubmission(of original: ResponseRow, at time: SubmissionTime) -> ResponseRow {
            var row = original
            row.submitted = time
            row.cells = original.cells.map { cell in
                guard case .likert(let value) = cell, random.chance(0.25) else { return cell }
                return .likert(min(5, max(1, value + (random.chance(0.5) ? 1 : -1))))
            }
            return row
        }

        private mutating func plantInvalidValue(in row: inout ResponseRow) {
            let position = random.index(below: row.cells.count)
            guard row.cells.indices.contains(position) else { return }
            let invalid =
                instrument.items[position].isLikert
                ? random.element(of: ["6", "4.5", "0", "yes"]) ?? "6"
                : "Not sure"
            row.cells[position] = .literal(invalid)
        }

        // MARK: Values

        /// A Qualtrics-style id: `R_` and 15 letters or digits.
        private mutating func responseID() -> String {
            let alphabet = ResponseRowSimulator.idAlphabet
            return "R_" + String((0..<15).map { _ in alphabet[random.index(below: alphabet.count)] })
        }

        private mutating func submissionTime() -> SubmissionTime {
            let position = (Double(nextRow) + random.uniform()) / Double(max(1, rowCount)) * Double(workingDays.count)
            let dayIndex = min(workingDays.count - 1, Int(position))
            let fractionOfDay = min(1, max(0, position - Double(dayIndex)))
            // Staff answer between 08:00 and 18:00.
            let second = 8 * 3600 + Int(fractionOfDay * 36_000)
            return SubmissionTime(date: workingDays.isEmpty ? wave.opens : workingDays[dayIndex], secondOfDay: second)
        }

        private mutating func timeOutsideWindow() -> SubmissionTime {
            let date =
                random.chance(0.4)
                ? wave.opens.adding(days: -1 - random.index(below: 6))
                : wave.closes.adding(days: 1 + random.index(below: 10))
            return SubmissionTime(date: date, secondOfDay: 8 * 3600 + random.index(below: 36_000))
        }

        private mutating func roleIndex() -> Int? {
            let draw = random.uniform()
            return cumulativeRoleShares.firstIndex { draw < $0 }
        }

        private mutating func roleText(_ role: Int?) -> String {
            guard let role else { return "" }
            let label = instrument.roles[role].label
            return random.chance(ResponseRowSimulator.lowerCaseRoleRate) ? label.lowercased() : label
        }

        private mutating func unknownOrganisationID() -> String {
            switch random.index(below: 3) {
            case 0: return "ORG" + Digits.padded(organisationIDs.count + 1 + random.index(below: 20), width: 3)
            case 1: return (random.element(of: organisationIDs) ?? "ORG001").lowercased()
            default: return "TEST"
            }
        }

        private mutating func comment() -> String {
            random.element(of: ResponseRowSimulator.comments) ?? ""
        }

        // MARK: Text

        private mutating func fields(of row: ResponseRow, defect: RowDefect?) -> [String] {
            let labelsLowerCased = random.chance(0.5)
            let cells = row.cells.map { cell -> String in
                switch cell {
                case .likert(let value)
                where defect == .labelsForNumbers && instrument.likertLabels.indices.contains(value - 1):
                    let label = instrument.likertLabels[value - 1]
                    return labelsLowerCased ? label.lowercased() : label
                case .likert(let value): return String(value)
                case .knowledge(let answer): return answer ? "True" : "False"
                case .literal(let text): return text
                }
            }
            let submitted = defect == .britishDate ? row.submitted.british : style.timestamp(row.submitted)
            let fields = [row.responseID, submitted, row.organisationID, row.role] + cells + [row.comment]
            guard defect == .malformedRow else { return fields }
            // Half are cut short, as by a failed copy; half carry a comment whose comma was not quoted.
            if random.chance(0.5) {
                return Array(fields.prefix(fields.count - 2 - random.index(below: 5)))
            }
            return fields.dropLast() + ["Useful survey", " but too long"]
        }

        private static func partialSums(_ values: [Double]) -> [Double] {
            var total = 0.0
            return values.map { value in
                total += value
                return total
            }
        }

        /// Harmless free text; a few have commas, quotes or a line break to exercise quoting.
        private static let comments = [
            "More training on consent would help.",
            "We need clearer guidance on what we can share with the council.",
            "Good progress since the charter launch.",
            "Not sure who our IG lead is.",
            "Sharing with the GP surgery works well, sharing with schools less so.",
            "Please keep the guidance short, practical and in plain English.",
            "The \"one front door\" for requests has made a real difference.",
            "Our team is too stretched to take on anything new.",
            "Templates for data sharing agreements would save time.",
            "Different partners use \"consent\" to mean different things.",
            "Staff are worried about getting it wrong.\nA named contact would help.",
            "n/a",
            "No comments.",
            "Thank you.",
            "Safeguarding referrals are much quicker now.",
            "The survey was a bit long.",
        ]
    }
}
