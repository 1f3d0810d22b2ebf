/// A list of child modules (`torch.nn.ModuleList`): registered under `"0"`, `"1"`…, so their parameters belong to
/// the model, but not called in sequence — the owner decides how to use them.
///
/// The element type is the children's common type (`Module` for a mix), so an encoder's loop needs no casts:
/// ```swift
/// let layers = ModuleList((0..<6).map { _ in EncoderLayer() })     // ModuleList<EncoderLayer>
/// for layer in layers { h = layer(h, mask: mask) }
/// ```
///
/// Printing collapses runs of identical children, as PyTorch does:
/// ```swift
/// let layers = ModuleList([Linear(4, 4), Linear(4, 4), Linear(4, 4), ReLU()])
/// print(layers)
/// // ModuleList(
/// //   (0-2): 3 x Linear(in_features=4, out_features=4, bias=True)
/// //   (3): ReLU()
/// // )
/// ```
open class ModuleList<Element: Module>: Module, IndexedModuleContainer {
    /// A list holding `modules`.
    public init(_ modules: [Element] = []) {
        super.init()
        for module in modules { appendIndexedChild(module) }
    }

    /// The child at `index`; negative indices count from the end. Setting replaces it under the same name.
    public subscript(index: Int) -> Element {
        get { typedChild(index) }
        set { setIndexedChild(index, to: newValue) }
    }

    /// A new list with the children at `range` (sharing them), renumbered from `"0"`.
    public subscript(range: Range<Int>) -> ModuleList<Element> {
        ModuleList(indexedChildEntries(range).compactMap { $0.module.map(Self.typed) })
    }

    /// Inserts `module` before position `index` (negative counts from the end).
    public func insert(_ module: Element, at index: Int) {
        insertIndexedChild(module, at: index)
    }

    override var indexesChildren: Bool { true }
    override func canHoldChild(_ module: Module) -> Bool { module is Element }

    /// PyTorch's `ModuleList.__repr__`: consecutive children with identical printouts are shown once, as
    /// `(first-last): n x child`; an empty list prints `ModuleList()`.
    open override var description: String {
        let reprs = indexedChildren.compactMap { $0?.description }
        if reprs.isEmpty { return typeName + "()" }
        var blocks: [(start: Int, end: Int, repr: String)] = []
        for (index, repr) in reprs.enumerated() {
            if let last = blocks.last, last.repr == repr {
                blocks[blocks.count - 1].end = index
            } else {
                blocks.append((index, index, repr))
            }
        }
        let lines = blocks.map { block -> String in
            let line = block.start == block.end
                ? "(\(block.start)): \(block.repr)"
                : "(\(block.start)-\(block.end)): \(block.end - block.start + 1) x \(block.repr)"
            return Module.indented(line, by: 2, indentBlankLines: true)
        }
        return typeName + "(\n  " + lines.joined(separator: "\n  ") + "\n)"
    }
}
