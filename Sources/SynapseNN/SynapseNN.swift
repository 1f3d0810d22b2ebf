// SynapseNN: modules, parameters, containers and layers, with torch.nn's names, keys and printed form.
@_exported import SynapseTensor
