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
    /// Parametrizations, pruning and weight/spectral-norm hooks on this module's tensors, by tensor name (read by
    /// every parameter traversal, hence unchecked like the tables above).
    @exclusivity(unchecked)
    var reparametrizations = Reparametrizations()

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
    /// Generic containers print without their type arguments (`ModuleList`, not `ModuleList<Linear>`).
    open var typeName: String {
        let name = String(describing: type(of: self))
        return name.firstIndex(of: "<").map { String(name[..<$0]) } ?? name
    }

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
    /// works on values typed `Module`; other modules stop with PyTorch's "object is not subscriptable". Setting
    /// replaces the child under the same name. A typed container's own subscript (typed as its element) is
    /// preferred where the container's type is known.
    @_disfavoredOverload
    public subscript(index: Int) -> Module {
        get {
            check(indexesChildren, "'\(typeName)' object is not subscriptable")
            return indexedChild(index)
        }
        set {
            check(indexesChildren, "'\(typeName)' object does not support item assignment")
            setIndexedChild(index, to: newValue)
        }
    }

    /// Whether children are reached by position (``subscript(_:)-(Int)``).
    var indexesChildren: Bool { false }

    /// Whether a registered child may be `module` (a typed container holds only its element type).
    func canHoldChild(_ module: Module) -> Bool { true }

    /// Runs ``forward(_:)`` as calling a PyTorch module does: with the forward pre-hooks (which may replace the
    /// input), forward hooks (which may replace the output) and full backward hooks.
    ///
    /// Disfavoured so that a module declaring its own `callAsFunction(_ x: Tensor, mask: Tensor? = nil)` is
    /// called through that one when written `layer(x)`.
    @_disfavoredOverload
    public func callAsFunction(_ input: Tensor) -> Tensor {
        if !hooks.wrapCalls { return forward(input) }
        return callForward(forward, input)
    }
}
