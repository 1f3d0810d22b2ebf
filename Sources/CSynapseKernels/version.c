#include "CSynapseKernels.h"
int csynapse_kernels_version(void) { return 1; }
