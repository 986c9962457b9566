/// The version of `readiness` that every manifest and national report names.
public enum ToolVersion {
    public static let current = "0.1.0"
}
