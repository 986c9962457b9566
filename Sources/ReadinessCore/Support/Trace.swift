import Foundation

/// Phase timings on standard error when READINESS_TRACE is set: for profiling only; never
/// part of any output file.
enum Trace {
    static let enabled = ProcessInfo.processInfo.environment["READINESS_TRACE"] != nil
    nonisolated(unsafe) static var last = DispatchTime.now().uptimeNanoseconds

    static func mark(_ phase: String) {
        guard enabled else { return }
        let before = last
        let now = DispatchTime.now().uptimeNanoseconds
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let memory = status.split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") }
            .map { $0.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\t", with: "") }.joined(
                separator: " ")
        FileHandle.standardError.write(
            Data(
                String(
                    format: "%8.3f s  %@  %@\n", Double(now - min(now, before)) / 1e9, phase,
                    memory
                ).utf8))
        last = now
    }
}
