#ifndef SYNAPSE_CPU_COUNT_H
#define SYNAPSE_CPU_COUNT_H

/// The number of processors this process may run on: the CPUs of its affinity mask (`taskset`, cgroup cpusets,
/// MPI bindings), as OpenMP and so PyTorch count them, or the online processors when the mask can't be read.
int synapse_available_cpu_count(void);

#endif
