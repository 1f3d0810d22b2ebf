#!/usr/bin/env python3
"""Writes Fuzz/hostile/: small checkpoint files built to crash, hang or exhaust a reader, one per attack family
that was found to work against Synapse once. Each must now be refused with a clear error; the Swift tests check
the messages (HostilePickleStructureTests, SafeTensorsBadInputTests) and CI decodes every file with a release
build (`.ci/run`), which must neither crash nor hang.

    python3 Fuzz/make_hostile.py        (standard library only; the output is committed)

Files (name: attack -> expected error):
  deep-tuple1.pt:       40,000 TUPLE1s around None              -> "tuples nested more than 200 levels deep"
  deep-mark-tuple.pt:   40,000 MARK ... TUPLE                   -> "tuples nested more than 200 levels deep"
  deep-tuple-key.pt:    a 38,000-deep tuple as a dict key       -> "tuples nested more than 200 levels deep"
  shared-key-bomb.pt:   60 memo-shared (t, t) levels as a key   -> "a dict key that expands to"
  shared-value-bomb.pt: the same as a value                     -> "expand to more values than the file could hold"
  zip64-huge-size.pt:   a zip64 record size of 2^63 - 1         -> "truncated file"
  float-shape.safetensors: shape [8.0]                          -> "non-negative integers"
  empty-huge-shape.safetensors: shape [0, 2^62, 2^62]           -> loads (an empty tensor)
"""
import json, pathlib, struct, zipfile, io

OUT = pathlib.Path(__file__).resolve().parent / "hostile"


def torch_zip(pickle: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", pickle)
        archive.writestr("archive/byteorder", "little")
        archive.writestr("archive/version", "3\n")
    return buffer.getvalue()


def nested(depth: int, mark: bool) -> bytes:
    body = b"N" + (b"\x85" * depth if not mark else b"")
    if mark:
        body = b"(" * depth + b"N" + b"t" * depth
    return b"\x80\x02" + body + b"."


def shared_bomb(levels: int, as_key: bool) -> bytes:
    body = b"NN\x86"
    for level in range(levels):
        body += b"q" + bytes([level]) + b"h" + bytes([level]) + b"\x86"
    if as_key:
        return b"\x80\x02}" + body + b"K\x01s."
    return b"\x80\x02" + body + b"."


def zip64_huge_size() -> bytes:
    """A valid archive whose data.pkl central-directory entry says 0xFFFFFFFF and carries a zip64 extra field with
    size 2^63 - 1: `offset + size` once overflowed while the error message was built."""
    good = bytearray(torch_zip(b"\x80\x02N."))
    directory = good.rfind(b"PK\x01\x02", 0, good.rfind(b"PK\x05\x06"))
    # The first central directory entry is data.pkl's: find it from the start of the directory.
    end = good.rfind(b"PK\x05\x06")
    directory_offset = struct.unpack_from("<I", good, end + 16)[0]
    entry = directory_offset
    name_length, extra_length = struct.unpack_from("<HH", good, entry + 28)
    struct.pack_into("<II", good, entry + 20, 0xFFFFFFFF, 0xFFFFFFFF)   # compressed and uncompressed sizes
    extra = struct.pack("<HHQQ", 1, 16, 2**63 - 1, 2**63 - 1)
    insert_at = entry + 46 + name_length
    good[insert_at:insert_at] = extra
    struct.pack_into("<H", good, entry + 30, extra_length + len(extra))
    end = good.rfind(b"PK\x05\x06")
    size = struct.unpack_from("<I", good, end + 12)[0]
    struct.pack_into("<I", good, end + 12, size + len(extra))
    del directory
    return bytes(good)


def safetensors(header: dict, data: bytes) -> bytes:
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def main():
    OUT.mkdir(exist_ok=True)
    files = {
        "deep-tuple1.pt": torch_zip(nested(40_000, mark=False)),
        "deep-mark-tuple.pt": torch_zip(nested(40_000, mark=True)),
        "deep-tuple-key.pt": torch_zip(b"\x80\x02}N" + b"\x85" * 38_000 + b"K\x01s."),
        "shared-key-bomb.pt": torch_zip(shared_bomb(60, as_key=True)),
        "shared-value-bomb.pt": torch_zip(shared_bomb(60, as_key=False)),
        "zip64-huge-size.pt": zip64_huge_size(),
    }
    # json.dumps writes 8.0 for a float: exactly the lie under test.
    files["float-shape.safetensors"] = safetensors({"a": {"dtype": "U8", "shape": [8.0], "data_offsets": [0, 8]}},
                                                   bytes(8))
    files["empty-huge-shape.safetensors"] = safetensors(
        {"a": {"dtype": "F32", "shape": [0, 2**62, 2**62], "data_offsets": [0, 0]}}, b"")
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
