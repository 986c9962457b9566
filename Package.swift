// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "readiness",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "readiness", targets: ["readiness"]),
        .library(name: "ReadinessCore", targets: ["ReadinessCore"]),
        .library(name: "ReadinessStatistics", targets: ["ReadinessStatistics"]),
        .library(name: "ReadinessSynthetic", targets: ["ReadinessSynthetic"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlibShim",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CShims"),
        // Pure statistics: no IO and nothing of the survey; the core depends on it, never the reverse.
        .target(name: "ReadinessStatistics"),
        .target(
            name: "ReadinessCore",
            dependencies: [
                "ReadinessStatistics", "CXlsxWriter", "CCrypto", "CShims", "CZlibShim",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The synthetic survey generator: it writes files as an export would, and reads nothing
        // of the core but its default thresholds.
        .target(
            name: "ReadinessSynthetic",
            dependencies: ["ReadinessCore"]
        ),
        .executableTarget(
            name: "readiness",
            dependencies: [
                "ReadinessCore",
                "ReadinessSynthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ReadinessStatisticsTests",
            dependencies: ["ReadinessStatistics"]
        ),
        .testTarget(
            name: "ReadinessCoreTests",
            dependencies: ["ReadinessCore", "ReadinessStatistics", "ReadinessSynthetic"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ReadinessEndToEndTests",
            dependencies: ["ReadinessCore"]
        ),
    ]
)
