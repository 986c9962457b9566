import Foundation

/// A value computed on a thread of its own while the caller goes on.
///
/// A thread, not the GCD pool: a pool busy with other work (hashing the inputs, writing
/// files) may run "concurrent" work one item after the other.
final class Later<Value>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` at once; `stackSize` for work that recurses deeply (the CSV scanner).
    init(stackSize: Int? = nil, _ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            value = work()
            done.signal()
        }
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }

    /// The value, waiting for it the first time.
    lazy var result: Value = {
        done.wait()
        return value!
    }()
}

/// `work(0)`, …, `work(count - 1)` on every core, the results in the order of the work.
func concurrentMap<Value>(_ count: Int, _ work: @Sendable (Int) -> Value) -> [Value] {
    let results = OrderedResults<Value>(count)
    DispatchQueue.concurrentPerform(iterations: count) { index in results.set(index, work(index)) }
    return results.values.map { $0! }
}

/// The error of the earliest failure among `results`, in the order of the work.
func firstError<Value, Failure: Error>(_ results: [Result<Value, Failure>]) -> Failure? {
    for case .failure(let error) in results { return error }
    return nil
}

/// Results set from many threads, kept in the order of the work.
private final class OrderedResults<Value>: @unchecked Sendable {
    private(set) var values: [Value?]
    private let lock = NSLock()

    init(_ count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
