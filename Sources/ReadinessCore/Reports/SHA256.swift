import CCrypto

/// SHA-256 for the manifest's hashes of inputs and outputs, computed by OpenSSL's libcrypto
/// (which uses the processor's SHA instructions where it has them). The only user of CCrypto.
public enum SHA256 {
    /// The lowercase hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { hex($0) }
    }

    /// The lowercase hex digest of the bytes in `buffer`.
    public static func hex(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let empty: [UInt8] = [0]
        let status = empty.withUnsafeBufferPointer { fallback in
            EVP_Digest(buffer.baseAddress ?? fallback.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when memory runs out; a digest is then impossible anyway.
        precondition(status == 1 && length == 32, "libcrypto could not compute a SHA-256 digest")
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(64)
        for byte in digest.prefix(32) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}
