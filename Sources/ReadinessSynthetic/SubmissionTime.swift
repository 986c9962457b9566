import ReadinessCore

extension CalendarDate {
    /// `DD/MM/YYYY`, as UK spreadsheets write it.
    var british: String {
        let padded = SurveyGenerator.Digits.padded
        return "\(padded(day, 2))/\(padded(month, 2))/\(padded(year, 4))"
    }

    /// The English month name and year, e.g.
    ///
    /// `January 2026`.
    var monthAndYear: String {
        let names = [
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        ]
        return "\(names[(month - 1) % 12]) \(year)"
    }
}

extension SurveyGenerator {
    /// A moment on a civil date, to the second, as a survey tool records it.
    struct SubmissionTime: Sendable, Equatable {
        let date: CalendarDate
        /// Seconds since midnight, 0 ..< 86 400.
        let secondOfDay: Int

        /// `YYYY-MM-DD HH:MM:SS`, the form of Qualtrics' `RecordedDate`.
        var isoWithSpace: String { "\(date.description) \(clock(seconds: true))" }

        /// `YYYY-MM-DDTHH:MM:SSZ`.
        var isoUTC: String { "\(date.description)T\(clock(seconds: true))Z" }

        /// `DD/MM/YYYY HH:MM`, as Excel shows a date-time in a UK locale.
        var british: String { "\(date.british) \(clock(seconds: false))" }

        private func clock(seconds: Bool) -> String {
            let hours = Digits.padded(secondOfDay / 3600, width: 2)
            let minutes = Digits.padded(secondOfDay / 60 % 60, width: 2)
            guard seconds else { return "\(hours):\(minutes)" }
            return "\(hours):\(minutes):\(Digits.padded(secondOfDay % 60, width: 2))"
        }
    }

    /// Zero-padded decimal digits without `String(format:)`, which depends on the C locale.
    enum Digits {
        /// `value` in decimal, left-padded with zeros to at least `width` digits.
        static func padded(_ value: Int, width: Int) -> String {
            let digits = String(value)
            guard digits.count < width else { return digits }
            return String(repeating: "0", count: width - digits.count) + digits
        }
    }
}
