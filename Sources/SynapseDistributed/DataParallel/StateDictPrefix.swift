import SynapseNN

/// Strips `prefix` from the keys of `stateDict` that start with it
/// (`torch.nn.modules.utils.consume_prefix_in_state_dict_if_present`): a checkpoint saved from a
/// ``DistributedDataParallel`` (`module.fc.weight`) then loads into the bare model (`fc.weight`).
///
/// ```swift
/// var state = ddp.stateDict()
/// consumePrefixInStateDictIfPresent(&state, prefix: "module.")
/// try model.loadStateDict(state)
/// ```
///
/// Keys without the prefix are kept as they are, in their place.
public func consumePrefixInStateDictIfPresent(_ stateDict: inout StateDict, prefix: String) {
    stateDict = StateDict(stateDict.map { entry in
        (entry.key.hasPrefix(prefix) ? String(entry.key.dropFirst(prefix.count)) : entry.key, entry.value)
    })
}
