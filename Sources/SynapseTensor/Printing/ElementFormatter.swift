/// torch's `_Formatter`: chooses one notation and one width for all the elements of a tensor.
///
/// For floating point it looks at the non-zero finite values: all integral → "int mode" (`1.`, `-3.`); the
/// largest over the smallest above 1000, the largest above 1e8 or the smallest below 1e-4 → scientific
/// (`1.0000e-05`); otherwise fixed (`0.1235`). Every element is then right-aligned to the widest one.
struct ElementFormatter {
    /// All non-zero finite values are integers (floating point only).
    private(set) var intMode = true
    /// Scientific notation (floating point only).
    private(set) var sciMode = false
    /// Width every formatted element is padded to.
    private(set) var maxWidth = 1

    private static let precision = TensorPrintOptions.precision

    /// Analyses `values` (the summarised data when the tensor is summarised).
    init(_ values: PrintedElements.Values) {
        switch values {
        case .integer(let integers):
            for value in integers { maxWidth = max(maxWidth, String(value).utf8.count) }
        case .boolean(let booleans):
            for value in booleans { maxWidth = max(maxWidth, value ? 4 : 5) }
        case .floating(let doubles):
            analyse(doubles.filter { $0.isFinite && $0 != 0 })
        }
    }

    private mutating func analyse(_ nonzeroFinite: [Double]) {
        guard !nonzeroFinite.isEmpty else { return }
        var minimum = Double.infinity, maximum = 0.0
        for value in nonzeroFinite {
            minimum = min(minimum, value.magnitude)
            maximum = max(maximum, value.magnitude)
            if intMode && value != value.rounded(.up) { intMode = false }
        }
        sciMode = maximum / minimum > 1000.0 || maximum > 1.0e8 || minimum < 1.0e-4
        for value in nonzeroFinite {
            let width: Int
            if sciMode {
                width = PythonFormat.scientific(value, precision: Self.precision).utf8.count
            } else if intMode {
                width = PythonFormat.fixed(value, precision: 0).utf8.count + 1
            } else {
                width = PythonFormat.fixed(value, precision: Self.precision).utf8.count
            }
            maxWidth = max(maxWidth, width)
        }
    }

    /// The width of every formatted element.
    var width: Int { maxWidth }

    /// Element `index` of `values`, formatted and left-padded to ``width``.
    func format(_ values: PrintedElements.Values, at index: Int) -> String {
        let text: String
        switch values {
        case .integer(let integers): text = String(integers[index])
        case .boolean(let booleans): text = booleans[index] ? "True" : "False"
        case .floating(let doubles): text = formatFloating(doubles[index])
        }
        let padding = maxWidth - text.utf8.count
        return padding > 0 ? String(repeating: " ", count: padding) + text : text
    }

    private func formatFloating(_ value: Double) -> String {
        if sciMode { return PythonFormat.scientific(value, precision: Self.precision) }
        if intMode {
            let text = PythonFormat.fixed(value, precision: 0)
            return value.isFinite ? text + "." : text
        }
        return PythonFormat.fixed(value, precision: Self.precision)
    }
}
