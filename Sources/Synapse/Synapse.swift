// Synapse: PyTorch's torch.nn for Swift. `import Synapse` brings in every library target.
@_exported import SynapseTensor
@_exported import SynapseNN
@_exported import SynapseOptim
@_exported import SynapseIO
@_exported import SynapseData
@_exported import SynapseTraining
@_exported import SynapseDistributed
