import Foundation

extension SurveyGenerator {
    /// A seeded xoshiro256** generator: the only source of randomness in the synthetic survey.
    ///
    /// Every part of the survey draws from its own stream, named by a path of numbers
    /// (for example the wave index and a purpose), so that one part never shifts another:
    /// the baseline wave is the same whether two or five waves are generated, and the first
    /// 40 organisations are the same whether 40 or 45 are asked for.
    struct RandomSource: Sendable {
        private var state: (UInt64, UInt64, UInt64, UInt64)
        /// The second value of the last Box–Muller pair, kept for the next normal draw.
        private var spareNormal: Double?

        /// Creates the stream named by `path` under `seed`.
        init(seed: UInt64, path: UInt64...) {
            var mixer = SplitMix64(state: seed)
            for component in path {
                mixer = SplitMix64(state: mixer.next() ^ component &* 0x9E37_79B9_7F4A_7C15)
            }
            state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
            spareNormal = nil
        }

        /// The next 64 random bits (xoshiro256**).
        mutating func next() -> UInt64 {
            let result = rotateLeft(state.1 &* 5, 7) &* 9
            let shifted = state.1 << 17
            state.2 ^= state.0
            state.3 ^= state.1
            state.1 ^= state.2
            state.0 ^= state.3
            state.2 ^= shifted
            state.3 = rotateLeft(state.3, 45)
            return result
        }

        /// A uniform double in [0, 1) with 53 random bits.
        mutating func uniform() -> Double {
            Double(next() >> 11) * 0x1.0p-53
        }

        /// A uniform integer in `0 ..< bound` (0 when `bound` ≤ 0).
        ///
        /// Uses Lemire's multiply-shift; the bias for the small bounds used here is below 2⁻⁴⁰.
        mutating func index(below bound: Int) -> Int {
            guard bound > 0 else { return 0 }
            return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
        }

        /// True with probability `probability`.
        mutating func chance(_ probability: Double) -> Bool {
            uniform() < probability
        }

        /// A standard normal variate by the Box–Muller transform.
        mutating func normal() -> Double {
            if let spare = spareNormal {
                spareNormal = nil
                return spare
            }
            // 1 − u lies in (0, 1], so the logarithm is finite.
            let radius = (-2 * log(1 - uniform())).squareRoot()
            let angle = 2 * Double.pi * uniform()
            spareNormal = radius * sin(angle)
            return radius * cos(angle)
        }

        /// A normal variate with the given mean and standard deviation.
        mutating func normal(mean: Double, sd: Double) -> Double {
            mean + sd * normal()
        }

        /// One element of a non-empty array, uniformly.
        mutating func element<T>(of values: [T]) -> T? {
            values.isEmpty ? nil : values[index(below: values.count)]
        }

        /// An index into `cumulativeWeights` (ascending partial sums), drawn with
        /// probability proportional to each weight.
        mutating func weightedIndex(cumulativeWeights: [Double]) -> Int {
            guard let total = cumulativeWeights.last, total > 0 else { return 0 }
            let target = uniform() * total
            var low = 0
            var high = cumulativeWeights.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulativeWeights[middle] > target { high = middle } else { low = middle + 1 }
            }
            return low
        }

        /// Shuffles `values` in place (Fisher–Yates).
        mutating func shuffle<T>(_ values: inout [T]) {
            guard values.count > 1 else { return }
            for position in stride(from: values.count - 1, to: 0, by: -1) {
                values.swapAt(position, index(below: position + 1))
            }
        }

        private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
            (value << count) | (value >> (64 - count))
        }
    }

    /// SplitMix64, used only to expand a seed into xoshiro's 256-bit state.
    private struct SplitMix64 {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }
}
