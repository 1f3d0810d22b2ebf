/// A `tokenizer.json` post-processor: adds the special tokens (`[CLS] … [SEP]`), sets segment ids, trims offsets.
enum PostProcessor: Sendable {
    /// A template piece: one of the texts, or a special token, with its segment id.
    enum Piece: Sendable {
        case sequence(first: Bool, typeId: Int)
        case special(id: String, typeId: Int)
    }

    /// `TemplateProcessing`: templates for one text and for a pair, and the ids/tokens of each special token.
    case template(single: [Piece], pair: [Piece], special: [String: (ids: [Int], tokens: [String])])
    /// `BertProcessing`: `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]` with segments 0 and 1.
    case bert(sep: (token: String, id: Int), cls: (token: String, id: Int))
    /// `RobertaProcessing`: `<s> A </s>` and `<s> A </s></s> B </s>`, all segment 0, offsets optionally trimmed.
    case roberta(sep: (token: String, id: Int), cls: (token: String, id: Int), trimOffsets: Bool, addPrefixSpace: Bool)
    /// `ByteLevel`: offsets optionally trimmed of the spaces byte-level tokens carry.
    case byteLevel(trimOffsets: Bool, addPrefixSpace: Bool)

    /// Reads a `post_processor` object.
    init(json: JSONFields) throws(TokenizerError) {
        func tokenAndId(_ key: String) throws(TokenizerError) -> (token: String, id: Int) {
            let pair = try json.array(key)
            guard pair.count == 2, let token = pair[0] as? String else {
                throw json.mismatch(key, "[token, id]")
            }
            return (token, try JSONFields.int(pair[1], path: json.child("\(key)[1]")))
        }
        switch try json.type() {
        case "TemplateProcessing":
            var special: [String: (ids: [Int], tokens: [String])] = [:]
            let specialObject = try json.object("special_tokens")
            for (name, value) in specialObject.values {
                let entry = try JSONFields(value, path: specialObject.child(name))
                var ids: [Int] = []
                for (index, id) in try entry.array("ids").enumerated() {
                    ids.append(try JSONFields.int(id, path: entry.child("ids[\(index)]")))
                }
                guard let tokens = try entry.array("tokens") as? [String], tokens.count == ids.count else {
                    throw entry.mismatch("tokens", "\(ids.count) token strings, one per id")
                }
                special[name] = (ids, tokens)
            }
            func pieces(_ key: String) throws(TokenizerError) -> [Piece] {
                var pieces: [Piece] = []
                for (index, value) in try json.array(key).enumerated() {
                    let item = try JSONFields(value, path: json.child("\(key)[\(index)]"))
                    if let sequence = try item.optionalObject("Sequence") {
                        let id = try sequence.string("id")
                        guard id == "A" || id == "B" else { throw sequence.mismatch("id", "\"A\" or \"B\"") }
                        pieces.append(.sequence(first: id == "A", typeId: try sequence.int("type_id")))
                    } else if let token = try item.optionalObject("SpecialToken") {
                        let id = try token.string("id")
                        guard special[id] != nil else {
                            throw .inconsistent("the template uses the special token '\(id)', which special_tokens lacks")
                        }
                        pieces.append(.special(id: id, typeId: try token.int("type_id")))
                    } else {
                        throw .invalidField(path: item.path, expected: "{\"Sequence\": …} or {\"SpecialToken\": …}",
                                            found: "an object with \(item.values.keys.sorted())")
                    }
                }
                return pieces
            }
            self = .template(single: try pieces("single"), pair: try pieces("pair"), special: special)
        case "BertProcessing":
            self = .bert(sep: try tokenAndId("sep"), cls: try tokenAndId("cls"))
        case "RobertaProcessing":
            self = .roberta(sep: try tokenAndId("sep"), cls: try tokenAndId("cls"),
                            trimOffsets: try json.bool("trim_offsets", default: true),
                            addPrefixSpace: try json.bool("add_prefix_space", default: true))
        case "ByteLevel":
            self = .byteLevel(trimOffsets: try json.bool("trim_offsets", default: true),
                              addPrefixSpace: try json.bool("add_prefix_space", default: true))
        case let other: throw .unsupportedComponent(kind: "post-processor", type: other)
        }
    }

    /// How many tokens `process` adds.
    func addedTokens(isPair: Bool) -> Int {
        switch self {
        case .template(let single, let pair, let special):
            return (isPair ? pair : single).reduce(0) { total, piece in
                if case .special(let id, _) = piece { return total + (special[id]?.ids.count ?? 0) }
                return total
            }
        case .bert: return isPair ? 3 : 2
        case .roberta: return isPair ? 4 : 2
        case .byteLevel: return 0
        }
    }

    /// Joins `first` and `second` (when given) into one encoding with the special tokens; the overflowing parts
    /// get them too and are combined as `Encoding::merge` combines them.
    func process(_ first: Encoding, _ second: Encoding?, addSpecialTokens: Bool) -> Encoding {
        var first = first, second = second
        switch self {
        case .template(let single, let pair, let special):
            var parts: [Encoding] = []
            for piece in second == nil ? single : pair {
                switch piece {
                case .sequence(let isFirst, let typeId):
                    guard var encoding = isFirst ? first : second else { continue }
                    encoding.typeIds = encoding.typeIds.map { _ in typeId }
                    parts.append(encoding)
                case .special(let id, let typeId):
                    guard addSpecialTokens, let token = special[id] else { continue }
                    var encoding = Encoding()
                    for (id, text) in zip(token.ids, token.tokens) {
                        encoding.append(id: id, token: text, typeId: typeId, offsets: 0 ..< 0, special: true)
                    }
                    parts.append(encoding)
                }
            }
            return Encoding.merged(parts)
        case .bert(let sep, let cls):
            guard addSpecialTokens else { return PostProcessor.concatenate(first, second) }
            let a = PostProcessor.wrap(first, before: [(cls.token, cls.id, 0)], after: [(sep.token, sep.id, 0)])
            return PostProcessor.concatenate(a, second.map { PostProcessor.wrap($0, before: [], after: [(sep.token, sep.id, 1)]) })
        case .roberta(let sep, let cls, let trimOffsets, let addPrefixSpace):
            if trimOffsets {
                PostProcessor.trimByteLevelOffsets(&first, addPrefixSpace: addPrefixSpace)
                if second != nil { PostProcessor.trimByteLevelOffsets(&second!, addPrefixSpace: addPrefixSpace) }
            }
            first.typeIds = first.typeIds.map { _ in 0 }
            if let pair = second { second?.typeIds = pair.typeIds.map { _ in 0 } }
            guard addSpecialTokens else { return PostProcessor.concatenate(first, second) }
            let a = PostProcessor.wrap(first, before: [(cls.token, cls.id, 0)], after: [(sep.token, sep.id, 0)],
                                       typeId: 0)
            return PostProcessor.concatenate(a, second.map {
                PostProcessor.wrap($0, before: [(sep.token, sep.id, 0)], after: [(sep.token, sep.id, 0)], typeId: 0)
            })
        case .byteLevel(let trimOffsets, let addPrefixSpace):
            if trimOffsets {
                PostProcessor.trimByteLevelOffsets(&first, addPrefixSpace: addPrefixSpace)
                if second != nil { PostProcessor.trimByteLevelOffsets(&second!, addPrefixSpace: addPrefixSpace) }
            }
            return PostProcessor.concatenate(first, second)
        }
    }

    /// `encoding` and each of its overflowing parts between the special tokens `before` and `after` (token, id,
    /// segment), its own tokens' segments set to `typeId` when given (BERT's and RoBERTa's processors).
    static func wrap(_ encoding: Encoding, before: [(String, Int, Int)], after: [(String, Int, Int)],
                     typeId: Int? = nil) -> Encoding {
        func wrapped(_ part: Encoding) -> Encoding {
            var result = Encoding()
            for (token, id, type) in before { result.append(id: id, token: token, typeId: type, offsets: 0 ..< 0, special: true) }
            var content = part
            if let typeId { content.typeIds = content.typeIds.map { _ in typeId } }
            result.append(contentsOf: content)
            for (token, id, type) in after { result.append(id: id, token: token, typeId: type, offsets: 0 ..< 0, special: true) }
            return result
        }
        var result = wrapped(encoding)
        result.overflowing = encoding.overflowing.map(wrapped)
        return result
    }

    /// The two encodings one after the other, merged as the library merges them (what it does without a
    /// post-processor too).
    static func concatenate(_ first: Encoding, _ second: Encoding?) -> Encoding {
        Encoding.merged([first] + (second.map { [$0] } ?? []))
    }

    /// `process_offsets`: moves each token's offsets past the spaces (`Ġ`) it starts or ends with, except the
    /// single space `add_prefix_space` put in front of the first token.
    static func trimByteLevelOffsets(_ encoding: inout Encoding, addPrefixSpace: Bool) {
        for index in encoding.overflowing.indices {
            trimByteLevelOffsets(&encoding.overflowing[index], addPrefixSpace: addPrefixSpace)
        }
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == ByteLevel.space || scalar.isSpace }
        for index in encoding.offsets.indices {
            let scalars = Array(encoding.tokens[index].unicodeScalars)
            var leading = scalars.firstIndex { !isSpace($0) } ?? scalars.count
            let trailing = scalars.count - 1 - (scalars.lastIndex { !isSpace($0) } ?? -1)
            guard leading > 0 || trailing > 0 else { continue }
            var (start, end) = (encoding.offsets[index].lowerBound, encoding.offsets[index].upperBound)
            if leading > 0 {
                if (index == 0 || start == 0) && addPrefixSpace && leading == 1 { leading = 0 }
                start = min(start + leading, end)
            }
            if trailing > 0 && end >= trailing { end = max(end - trailing, start) }
            encoding.offsets[index] = start ..< end
        }
    }
}
