import Foundation
import Yams

/// Walks the YAML tree, building values and collecting problems by path.
struct Walker {
    let file: String
    var problems: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    /// Where each path's node starts, so that a problem found later (a collision, a missing
    /// key) can still name its line.
    var marks: [String: Mark] = [:]

    init(file: String) { self.file = file }

    /// The mark of `path`, or of the nearest enclosing path that has one.
    func mark(for path: String) -> Mark? {
        var current = path
        while !current.isEmpty {
            if let mark = marks[current] { return mark }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            current = String(current[..<cut])
        }
        return nil
    }

    mutating func remember(_ path: String, _ node: Node?) {
        if let mark = node?.mark { marks[path] = mark }
    }

    mutating func fail(_ path: String, _ message: String, at node: Node?) {
        let mark = node?.mark ?? self.mark(for: path)
        problems.append(Diagnostic(file: file, line: mark?.line, column: mark?.column, message: "\(path): \(message)"))
    }

    static func matchesID(_ text: String) -> Bool { Identifier.isInstrumentID(text) }

    // MARK: Typed scalars

    func isScalar(_ node: Node) -> Bool {
        if case .scalar = node { return true }
        return false
    }

    /// Any scalar as its text (ids and versions may be written unquoted, e.g.
    ///
    /// `1.0`).
    mutating func text(_ node: Node?, _ path: String, required: Bool) -> String? {
        guard let node else {
            if required { fail(path, "missing", at: nil) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            fail(path, "expected a text value, found a \(kindName(node))", at: node)
            return nil
        }
        if node.tag.rawValue == Tag.Name.null.rawValue, scalar.style == .plain {
            if required { fail(path, "missing", at: node) }
            return nil
        }
        return scalar.string
    }

    mutating func number(_ node: Node, _ path: String) -> Double? {
        guard isScalar(node),
            node.tag.rawValue == Tag.Name.int.rawValue || node.tag.rawValue == Tag.Name.float.rawValue,
            let value = node.float,
            value.isFinite
        else {
            fail(path, "expected a number, found \(describe(node))", at: node)
            return nil
        }
        return value
    }

    mutating func integer(_ node: Node, _ path: String) -> Int? {
        guard isScalar(node), node.tag.rawValue == Tag.Name.int.rawValue, let value = node.int else {
            fail(path, "expected an integer, found \(describe(node))", at: node)
            return nil
        }
        return value
    }

    mutating func boolean(_ node: Node, _ path: String) -> Bool? {
        guard isScalar(node), node.tag.rawValue == Tag.Name.bool.rawValue, let value = node.bool else {
            fail(path, "expected true or false, found \(describe(node))", at: node)
            return nil
        }
        return value
    }

    mutating func textList(_ node: Node, _ path: String) -> [String]? {
        guard case .sequence(let sequence) = node else {
            fail(path, "expected a list, found \(describe(node))", at: node)
            return nil
        }
        var values: [String] = []
        remember(path, node)
        for (index, element) in sequence.enumerated() {
            remember("\(path)[\(index)]", element)
            guard case .scalar(let scalar) = element else {
                fail("\(path)[\(index)]", "expected a text value, found a \(kindName(element))", at: element)
                continue
            }
            values.append(element.tag.rawValue == Tag.Name.null.rawValue && scalar.style == .plain ? "" : scalar.string)
        }
        return values
    }

    func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: return "value"
        case .mapping: return "mapping"
        case .sequence: return "list"
        case .alias: return "alias"
        }
    }

    func describe(_ node: Node) -> String {
        if case .scalar(let scalar) = node { return "'\(scalar.string)'" }
        return "a \(kindName(node))"
    }

    func entries(_ mapping: Node.Mapping) -> [(key: String, value: Node)] {
        mapping.map { (key: $0.key.scalar?.string ?? "", value: $0.value) }
    }

    func value(_ mapping: Node.Mapping, _ key: String) -> Node? {
        mapping.first { $0.key.scalar?.string == key }?.value
    }
}
