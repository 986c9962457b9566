import CYaml
import Yams

/// A YAML file composed into a tree only after one pass over its parser events has shown
/// that composing it is bounded work with one meaning.
///
/// An alias is cheap to write and may stand for a whole subtree, and aliases of aliases
/// multiply: ten levels of ten make 10^10 nodes from a few hundred bytes. Used as a mapping
/// key, such a subtree is also hashed and compared in full while duplicates are looked for.
/// So before Yams composes a document, this pass (libyaml's events, linear in the text):
/// - refuses an alias or a list or mapping used as a mapping key (keys are plain text here);
/// - counts alias expansions, each alias counting once plus the expansions inside what it
///   stands for, and refuses more than `maximumAliasExpansions`, or more than
///   `maximumExpandedNodes` nodes once every alias is expanded;
/// - finds keys given twice in one mapping, with both places (Yams only says that some key
///   is duplicated).
/// Each refusal is a located diagnostic. A syntax error is left to Yams, which reports it.
enum YAMLDocument {
    static let maximumAliasExpansions = 1_000
    static let maximumExpandedNodes = 1_000_000

    /// The document's root node (nil for an empty document), or every problem found.
    static func compose(_ text: String, file: String) throws(FatalInputError) -> Node? {
        let problems = boundsProblems(text, file: file)
        guard problems.isEmpty else { throw FatalInputError(problems) }
        do {
            return try Yams.compose(yaml: text)
        } catch {
            throw FatalInputError([YAMLProblem.diagnostic(error, file: file)])
        }
    }

    /// One open list or mapping while the events stream past.
    private struct Collection {
        var isMapping: Bool
        /// In a mapping, whether the next node is a key.
        var expectsKey = true
        /// Each plain key seen in this mapping and where.
        var keys: [String: (line: Int, column: Int)] = [:]
        /// The anchor on this collection and the running totals when it opened.
        var anchor: String?
        var expansionsBefore = 0
        var nodesBefore = 0
    }

    /// What composing the document would cost and what is ambiguous in it; stops at the
    /// first limit exceeded, and leaves syntax errors to Yams.
    static func boundsProblems(_ text: String, file: String) -> [Diagnostic] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return [] }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return [] }
        return bytes.withUnsafeMutableBufferPointer { buffer -> [Diagnostic] in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var problems: [Diagnostic] = []
            var stack: [Collection] = []
            // For each anchor: the alias expansions and nodes that one use of it brings in.
            var anchors: [String: (expansions: Int, nodes: Int)] = [:]
            var expansions = 0, nodes = 0

            func located(_ mark: yaml_mark_t, _ message: String) -> Diagnostic {
                Diagnostic(file: file, line: mark.line + 1, column: mark.column + 1, message: message)
            }
            func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }
            /// Called for every node event; false when the node is refused as a key.
            func nodeStarts(_ kind: String, key: String?, mark: yaml_mark_t) {
                nodes += 1
                guard var top = stack.popLast() else { return }
                defer { stack.append(top) }
                guard top.isMapping else { return }
                defer { top.expectsKey.toggle() }
                guard top.expectsKey else { return }
                guard let key else {
                    problems.append(located(mark, "a mapping key must be plain text, found \(kind)"))
                    return
                }
                let here = (line: mark.line + 1, column: mark.column + 1)
                if let first = top.keys[key] {
                    problems.append(
                        located(
                            mark,
                            "duplicate key \(TerminalText.quoted(key)) in one mapping "
                                + "(first at line \(first.line), column \(first.column))"
                        ))
                } else {
                    top.keys[key] = here
                }
            }

            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return problems }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return problems
                case YAML_SCALAR_EVENT:
                    let value =
                        event.data.scalar.value.map {
                            String(
                                decoding: UnsafeBufferPointer(start: $0, count: event.data.scalar.length), as: UTF8.self
                            )
                        } ?? ""
                    nodeStarts("a value", key: value, mark: mark)
                    if let anchor = text(event.data.scalar.anchor) { anchors[anchor] = (0, 1) }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let isMapping = event.type == YAML_MAPPING_START_EVENT
                    nodeStarts(isMapping ? "a mapping" : "a list", key: nil, mark: mark)
                    let anchor = text(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                    stack.append(
                        Collection(
                            isMapping: isMapping, anchor: anchor, expansionsBefore: expansions,
                            nodesBefore: nodes - 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let closed = stack.popLast() else { break }
                    if let anchor = closed.anchor {
                        anchors[anchor] = (expansions - closed.expansionsBefore, nodes - closed.nodesBefore)
                    }
                case YAML_ALIAS_EVENT:
                    let name = text(event.data.alias.anchor) ?? ""
                    if let top = stack.last, top.isMapping, top.expectsKey {
                        problems.append(located(mark, "an alias (*\(name)) cannot be a mapping key"))
                        return problems
                    }
                    // An undefined alias is Yams' to report.
                    guard let cost = anchors[name] else { return problems }
                    nodeStarts("an alias", key: "", mark: mark)
                    nodes += cost.nodes - 1
                    expansions += 1 + cost.expansions
                    if expansions > maximumAliasExpansions {
                        problems.append(
                            located(
                                mark,
                                "too many alias expansions: *\(name) brings the file to \(expansions) (with the "
                                    + "aliases inside what it stands for); at most \(maximumAliasExpansions) are read"
                            ))
                        return problems
                    }
                    if nodes > maximumExpandedNodes {
                        problems.append(
                            located(
                                mark,
                                "aliases expand this file to more than \(maximumExpandedNodes) "
                                    + "values (*\(name)); write the values out or use fewer aliases"
                            ))
                        return problems
                    }
                default:
                    break
                }
            }
        }
    }
}

/// A YAML syntax error as a located diagnostic, without echoing the document.
enum YAMLProblem {
    static func diagnostic(_ error: Error, file: String) -> Diagnostic {
        guard let error = error as? YamlError else {
            return Diagnostic(file: file, message: "not valid YAML: \(error)")
        }
        func located(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> Diagnostic {
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(detail)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return located(context, problem, mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { TerminalText.quoted($0) }.joined(separator: ", ")
            return Diagnostic(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(keys) in one mapping")
        case .reader(let problem, let offset, _, _):
            return Diagnostic(
                file: file, message: "not readable as YAML text: \(problem)" + (offset.map { " at byte \($0)" } ?? ""))
        default:
            return Diagnostic(file: file, message: "not valid YAML")
        }
    }
}
