#ifndef SYNAPSE_CHECKSUM_H
#define SYNAPSE_CHECKSUM_H
#include <stddef.h>
#include <stdint.h>

/// Continues the zip/zlib CRC-32 (reflected polynomial 0xEDB88320) of a byte stream: start with `crc = 0`, feed
/// the bytes in order, and the result after the last call is the stream's CRC-32.
uint32_t synapse_crc32(uint32_t crc, const void *bytes, size_t count);

#endif
