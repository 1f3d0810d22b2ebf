@_exported import SynapseNN
