import Foundation
import XCTest

@testable import ReadinessCore

/// Inputs are regular files, opened without ever waiting; a mapped file that shrinks is read
/// as zeros past its new end instead of killing the process; a change is noticed.
final class InputFileTests: XCTestCase {
    func folder() throws -> URL {
        try TestFiles.temporaryFolder(self, "InputFileTests")
    }

    func testOnlyRegularFilesAreOpenedAndNothingWaits() throws {
        let fifo = try folder().appendingPathComponent("responses.csv")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        let started = Date()
        guard case .failure(let error) = InputFile.contents(fifo.path) else { return XCTFail("a FIFO was read") }
        XCTAssertEqual(error.reason, "it is a FIFO (named pipe), not a regular file")
        XCTAssertThrowsError(try MappedFile(path: fifo.path)) { error in
            XCTAssertEqual(
                (error as? FatalInputError)?.diagnostics.first?.message,
                "cannot read: it is a FIFO (named pipe), not a regular file")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "opening a FIFO must not wait for a writer")
        guard case .failure(let device) = InputFile.contents("/dev/zero") else { return XCTFail("a device was read") }
        XCTAssertEqual(device.reason, "it is a character device, not a regular file")
        guard case .failure(let directory) = InputFile.contents(try folder().path) else {
            return XCTFail("a folder was read")
        }
        XCTAssertEqual(directory.reason, "it is a folder, not a regular file")
    }

    func testAShrunkMappingReadsZerosAndSaysSo() throws {
        let file = try folder().appendingPathComponent("responses.csv")
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        try Data(repeating: UInt8(ascii: "x"), count: 8 * page).write(to: file)
        let mapped = try MappedFile(path: file.path)
        XCTAssertEqual(mapped.bytes[5 * page], UInt8(ascii: "x"))
        XCTAssertFalse(mapped.shrank)
        mapped.release(0..<(8 * page))
        // Cut the file to two pages: reading page 5 would raise SIGBUS without the guard.
        XCTAssertEqual(truncate(file.path, off_t(2 * page)), 0)
        XCTAssertEqual(mapped.bytes[page], UInt8(ascii: "x"))
        XCTAssertEqual(mapped.bytes[5 * page], 0)
        XCTAssertEqual(mapped.bytes[8 * page - 1], 0)
        XCTAssertTrue(mapped.shrank)
        XCTAssertEqual(SHA256.hex(mapped.bytes).count, 64, "the whole mapping stays readable")
    }

    func testAChangedInputIsNoticed() throws {
        let root = try folder()
        let file = root.appendingPathComponent("responses.csv")
        try Data("a,b\n1,2\n".utf8).write(to: file)
        let identity = try MappedFile(path: file.path).identity
        let survey = { (identity: FileIdentity) in
            Survey(
                instrument: try InstrumentLoader().load(yaml: TestInstrument.yaml).instrument,
                register: Register(organisations: []), registerEncoding: .utf8, waves: [],
                inputs: [SurveyInput(path: "w/responses.csv", location: file.path, bytes: nil, identity: identity)],
                warnings: [])
        }
        XCTAssertEqual(try survey(identity).inputsChangedSinceLoading(), [])
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("3,4\n".utf8))
        try handle.close()
        let changed = try survey(identity).inputsChangedSinceLoading()
        XCTAssertEqual(
            changed.map(\.message),
            [
                "the file changed while this run was reading it (its size went from "
                    + "8 to 12 bytes); nothing was written: run again once it is complete"
            ])
        try FileManager.default.removeItem(at: file)
        XCTAssertTrue(try survey(identity).inputsChangedSinceLoading().first?.message.contains("it is gone") == true)
    }
}
