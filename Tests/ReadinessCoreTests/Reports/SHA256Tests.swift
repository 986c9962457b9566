import Foundation
import XCTest

@testable import ReadinessCore

final class SHA256Tests: XCTestCase {
    /// Expected digests: Python `hashlib.sha256(data).hexdigest()`.
    func testKnownDigests() {
        let cases: [([UInt8], String)] = [
            ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                [UInt8](repeating: 0x61, count: 1_000_000),
                "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
            ),
            ([UInt8](repeating: 0x61, count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            ([UInt8](repeating: 0x61, count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        ]
        for (bytes, digest) in cases { XCTAssertEqual(SHA256.hex(bytes), digest, "\(bytes.count) bytes") }
    }

    /// A file is hashed as its bytes are; one that cannot be read is an error naming it, not
    /// the digest of nothing.
    func testFilesAreHashedOrNamedWhenUnreadable() throws {
        let folder = try TestFiles.temporaryFolder(self, "SHA256Tests")
        let file = folder.appendingPathComponent("responses.csv"), empty = folder.appendingPathComponent("empty.csv")
        let bytes = [UInt8](repeating: 0x61, count: 1_000_000)
        try Data(bytes).write(to: file)
        try Data().write(to: empty)
        XCTAssertEqual(
            try SHA256.hex(path: file.path), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        XCTAssertEqual(try SHA256.hex(path: empty.path), SHA256.hex([UInt8]()))
        let missing = folder.appendingPathComponent("gone.csv").path
        XCTAssertThrowsError(try SHA256.hex(path: missing)) { error in
            XCTAssertTrue("\(error)".contains(missing), "\(error)")
        }
        XCTAssertThrowsError(try SHA256.hex(path: folder.path), "a folder is not hashed as nothing")
    }
}
