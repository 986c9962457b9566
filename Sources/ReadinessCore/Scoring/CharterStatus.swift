/// Who had signed the charter when (SPEC §9.1.4, §9.4).
public enum CharterStatus {
    /// A signatory at a wave closing on `closes`: `signatory` yes, and `signed_on` empty
    /// ("signed, date unknown") or on or before `closes` (signing while the wave is open
    /// counts).
    ///
    /// A `signed_on` without `signatory` yes is ignored.
    public static func isSignatory(_ organisation: Organisation, at closes: CalendarDate) -> Bool {
        isSignatory(signatory: organisation.signatory, signedOn: organisation.signedDate, at: closes)
    }

    static func isSignatory(signatory: Bool, signedOn: CalendarDate?, at closes: CalendarDate) -> Bool {
        guard signatory else { return false }
        guard let signedOn else { return true }
        return signedOn <= closes
    }

    /// A new signatory between a baseline and a wave: signed after the baseline closed and
    /// by the wave's close.
    ///
    /// One with no date is never new.
    static func isNewSignatory(
        signatory: Bool, signedOn: CalendarDate?, baseline: CalendarDate,
        wave: CalendarDate
    ) -> Bool {
        guard signatory, let signedOn else { return false }
        return baseline < signedOn && signedOn <= wave
    }

    /// Register ids of signatories without a `signed_on` (a signatory at every wave, never new).
    public static func undatedSignatories(_ register: Register) -> [String] {
        register.organisations.filter { $0.signatory && $0.signedOn.isEmpty }.map(\.id)
    }

    /// Register ids with a `signed_on` but not `signatory` yes (the date is ignored).
    public static func datedNonSignatories(_ register: Register) -> [String] {
        register.organisations.filter { !$0.signatory && !$0.signedOn.isEmpty }.map(\.id)
    }
}
