import CCrypto

/// SHA-256 for the manifest's hashes of inputs and outputs, computed by OpenSSL's libcrypto
/// (which uses the processor's SHA instructions where it has them).
///
/// The only user of CCrypto.
public enum SHA256 {
    /// The lowercase hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { hex($0) }
    }

    /// The lowercase hex digest of a file, streamed through a window of memory.
    ///
    /// Throws, naming the file, when it cannot be opened or mapped: a digest of nothing would
    /// vouch for bytes nobody read.
    public static func hex(path: String) throws(FatalInputError) -> String {
        let mapped = try MappedFile(path: path)
        guard mapped.bytes.count > 0 else { return hex([UInt8]()) }
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("libcrypto could not allocate a digest") }
        defer { EVP_MD_CTX_free(context) }
        precondition(EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1, "libcrypto could not start a SHA-256 digest")
        let window = 8 << 20
        var offset = 0
        while offset < mapped.bytes.count {
            let end = min(offset + window, mapped.bytes.count)
            precondition(
                EVP_DigestUpdate(context, mapped.bytes.baseAddress! + offset, end - offset) == 1,
                "libcrypto could not compute a SHA-256 digest")
            mapped.release(offset..<end)
            offset = end
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(
            EVP_DigestFinal_ex(context, &digest, &length) == 1 && length == 32,
            "libcrypto could not compute a SHA-256 digest")
        return hexDigits(digest.prefix(32))
    }

    /// The lowercase hex digest of the bytes in `buffer`.
    static func hex(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let empty: [UInt8] = [0]
        let status = empty.withUnsafeBufferPointer { fallback in
            EVP_Digest(buffer.baseAddress ?? fallback.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when memory runs out; a digest is then impossible anyway.
        precondition(status == 1 && length == 32, "libcrypto could not compute a SHA-256 digest")
        return hexDigits(digest.prefix(32))
    }

    static func hexDigits(_ digest: ArraySlice<UInt8>) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}
