// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "readiness",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "readiness", targets: ["readiness"]),
        .library(name: "ReadinessCore", targets: ["ReadinessCore"]),
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
        .target(
            name: "ReadinessCore",
            dependencies: ["CXlsxWriter", "CCrypto", "CShims", "CZlibShim", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "readiness",
            dependencies: [
                "ReadinessCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ReadinessCoreTests",
            dependencies: ["ReadinessCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ReadinessEndToEndTests",
            dependencies: ["ReadinessCore"]
        ),
    ]
)
