/// Text made safe to print on a terminal.
///
/// Messages quote what the inputs hold (an instrument's text, a wave's title, a header), and
/// an escape sequence in those would be obeyed by the terminal: retitle the window, move the
/// cursor, hide what follows, or fake another message on a new line. Every message the tool
/// prints goes through `safe`.
public enum TerminalText {
    /// `text` with every control character (C0, DEL, C1, so ESC and CSI too), line and
    /// paragraph separator and bidirectional control replaced by U+FFFD, which shows where
    /// something was.
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isUnsafe($0) ? "\u{FFFD}" : $0 }))
    }

    /// Lines joined by line breaks, each made `safe`: the only line breaks are these.
    public static func safeLines(_ lines: [String]) -> String {
        lines.map(safe).joined(separator: "\n")
    }

    /// A value quoted for a message: made `safe`, and cut after 80 characters.
    public static func quoted(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let shown = safe(String(String.UnicodeScalarView(scalars.prefix(80))))
        return "'\(shown)\(scalars.count > 80 ? "…" : "")'"
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
