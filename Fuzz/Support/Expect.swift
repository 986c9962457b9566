/// Support shared by every fuzz target: each target is one module built from this file and
/// its own `main.swift`, over the package's library targets (see `scripts/fuzz`).

/// Stops the run when an invariant breaks, so that libFuzzer keeps the input as a crash.
func expect(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError("invariant broken: \(message())", file: file, line: line) }
}

/// The fuzzer's input as an array.
func inputBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// Exact comparison of texts: Swift's `==` treats canonically equivalent strings as equal.
func sameScalars(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.elementsEqual(b.unicodeScalars)
}
