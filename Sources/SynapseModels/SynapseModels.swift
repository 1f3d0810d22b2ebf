@_exported import SynapseNN
@_exported import SynapseIO
