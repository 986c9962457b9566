/// Integers in flat storage of their own, read in per-row loops without array checks.
final class FlatInts: @unchecked Sendable {
    let base: UnsafeMutablePointer<Int>
    let count: Int

    init(_ values: [Int]) {
        count = values.count
        base = .allocate(capacity: max(1, values.count))
        base.initialize(from: values, count: values.count)
    }

    deinit { base.deallocate() }
}
