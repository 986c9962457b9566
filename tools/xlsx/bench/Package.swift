// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "xlsxbench",
    dependencies: [.package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20")],
    targets: [
        .executableTarget(name: "Bench", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
                          swiftSettings: [.unsafeFlags(["-O"])]),
    ]
)
