/// The part of a component's type, instance and component index spaces the reader follows: enough
/// to find the functions an imported or exported instance has (wit-component exports an instance
/// made by instantiating a small nested component, so its exports are that component's). Every
/// definition that adds to these spaces (type, import, export, alias, instance, nested component)
/// appends an entry, so indices line up with the binary's.
// component-model design/mvp/Explainer.md "Index spaces"; Binary.md "All exports … introduce a new index".
struct WasmComponentIndexSpaces {
    enum Entry {
        /// An instance type, an instance or a component whose exports are known.
        case members([WasmComponentMember])
        /// Anything else, or an entry the reader did not follow.
        case unknown
    }

    private var types: [Entry] = []
    private var instances: [Entry] = []
    private var components: [Entry] = []
    /// False once a section that adds to the spaces could not be followed: indices after it
    /// would be wrong, so lookups answer nil rather than another definition's members.
    private var followed = true

    mutating func addType(_ entry: Entry) { types.append(entry) }
    mutating func addInstance(_ entry: Entry) { instances.append(entry) }
    mutating func addComponent(_ entry: Entry) { components.append(entry) }

    mutating func stopFollowing() {
        followed = false
        types = []
        instances = []
        components = []
    }

    func type(_ index: UInt32) -> Entry {
        guard followed, Int(index) < types.count else { return .unknown }
        return types[Int(index)]
    }

    func instance(_ index: UInt32) -> Entry {
        guard followed, Int(index) < instances.count else { return .unknown }
        return instances[Int(index)]
    }

    func component(_ index: UInt32) -> Entry {
        guard followed, Int(index) < components.count else { return .unknown }
        return components[Int(index)]
    }

    static func members(_ entry: Entry) -> [WasmComponentMember]? {
        if case .members(let members) = entry { return members }
        return nil
    }
}
