/// The base class of every layer and model (`torch.nn.Module`).
///
/// A module's parameters, buffers and child modules are its stored properties of type ``Parameter``, ``Buffer``
/// and `Module` (optionals too, and arrays or `[String: …]` dictionaries of them), found by reflection in
/// declaration order, superclass properties first, plus whatever was registered at run time with
/// ``registerParameter(_:_:)``, ``registerBuffer(_:_:persistent:)`` and ``addModule(_:_:)`` (after the properties,
/// in registration order). A plain `Tensor` property is neither a parameter nor a buffer.
///
/// Member names are the property names, so a model written with PyTorch's attribute names has PyTorch's
/// state-dict keys; ``memberName(forProperty:)`` maps a property to another key. Array elements are named
/// `name.0`, `name.1`…, dictionary values `name.key` (keys sorted).
///
/// ```swift
/// final class MLP: Module {
///     let hidden = Linear(20, 256)
///     let output = Linear(256, 10)
///     override func forward(_ x: Tensor) -> Tensor { output(hidden(x).relu()) }
/// }
/// let net = MLP()
/// print(net.stateDict().keys)    // odict_keys(['hidden.weight', 'hidden.bias', 'output.weight', 'output.bias'])
/// ```
///
/// Members can also be reached by name, as in Python: `net.hidden` is the typed property, and on a value typed
/// `Module` (`sequential[2]`), `module.bias` looks up the parameter or buffer named `bias` (dynamic member lookup),
/// stopping with PyTorch's `'Linear' object has no attribute 'bais'` when there is none. `sequential[2, as: Linear.self]`
/// gives the typed layer.
@dynamicMemberLookup
open class Module: CustomStringConvertible {
    /// Whether the module is in training mode (``train(_:)``, ``eval()``).
    public var training = true
    /// Where this class keeps its member properties.
    let layout: MemberLayout
    // The member tables below are read on every traversal of every module; `@exclusivity(unchecked)` drops the
    // run-time access checks (they are never accessed overlapping: mutations are plain assignments).
    /// Parameters registered at run time (`nil` keeps a name without a value, like PyTorch's `None`).
    @exclusivity(unchecked)
    var registeredParameters = OrderedMembers<Parameter?>()
    /// Buffers registered at run time.
    @exclusivity(unchecked)
    var registeredBuffers = OrderedMembers<Tensor?>()
    /// Names of registered buffers left out of the state dict.
    @exclusivity(unchecked)
    var nonPersistentBuffers: Set<String> = []
    /// Child modules registered at run time.
    @exclusivity(unchecked)
    var registeredModules = OrderedMembers<Module?>()
    /// Forward, state-dict and load hooks.
    @exclusivity(unchecked)
    var hooks = ModuleHooks()

    /// Creates the module; subclasses initialise their stored properties first, as Swift requires.
    public init() {
        layout = MemberLayout.of(type(of: self))
    }

    /// The name under which the stored property `property` appears in ``namedParameters(prefix:recurse:removeDuplicate:)``,
    /// ``stateDict(prefix:keepVars:)``, printing and lookups. The default is the property name itself; override it
    /// to use a checkpoint's key for a Swift-style property name (call `super` for the others):
    ///
    /// ```swift
    /// override class func memberName(forProperty property: String) -> String {
    ///     property == "runningMean" ? "running_mean" : super.memberName(forProperty: property)
    /// }
    /// ```
    open class func memberName(forProperty property: String) -> String { property }

    /// The name printed for this module (PyTorch's `_get_name()`): the class name.
    open var typeName: String { String(describing: type(of: self)) }

    /// The module's own settings, printed inside its parentheses (PyTorch's `extra_repr()`), for example
    /// `in_features=4, out_features=8, bias=True`. Empty by default.
    open var extraRepr: String { "" }

    /// The computation. Subclasses override it; call the module itself (``callAsFunction(_:)``) to run it with hooks.
    open func forward(_ input: Tensor) -> Tensor {
        fatalError("Module [\(typeName)] is missing the required \"forward\" function")
    }

    /// PyTorch's repr: `Linear(in_features=4, out_features=8, bias=True)`, or the name with the extra lines and
    /// the children's reprs indented inside parentheses.
    open var description: String { standardDescription() }

    /// The child at `index` for indexable containers (``Sequential``, ``ModuleList``), so that `rgnet[0][1][0]`
    /// works on values typed `Module`. Other modules are not subscriptable.
    open subscript(index: Int) -> Module {
        get { fatalError("'\(typeName)' object is not subscriptable") }
        set { fatalError("'\(typeName)' object does not support item assignment") }
    }

    /// Runs ``forward(_:)`` with the forward pre-hooks (which may replace the input) and forward hooks (which may
    /// replace the output), as calling a PyTorch module does.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        if hooks.forwardPre.isEmpty && hooks.forward.isEmpty { return forward(input) }
        var input = input
        for entry in hooks.forwardPre.entries {
            if let replaced = entry.hook(self, input) { input = replaced }
        }
        var output = forward(input)
        for entry in hooks.forward.entries {
            if let replaced = entry.hook(self, input, output) { output = replaced }
        }
        return output
    }
}
