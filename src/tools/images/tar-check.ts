// A cheap local look at a payload that should be a tar (image_load, image_build's `data`), so a wrong payload gets a
// clear message instead of the daemon's decompressor error.

const COMPRESSED: ReadonlyArray<[string, number[]]> = [
  ["gzip", [0x1f, 0x8b]],
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((value, index) => bytes[index] === value);
}

/** A tar header's checksum: the sum of its 512 bytes with the checksum field (148..155) read as spaces. */
function checksumMatches(header: Uint8Array): boolean {
  const field = Buffer.from(header.subarray(148, 156)).toString("latin1").replace(/\0.*$/s, "").trim();
  if (!/^[0-7]+$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
  return sum === Number.parseInt(field, 8);
}

/** undefined when `bytes` (at least the first 512) look like a tar or a compressed stream; else what is wrong. */
export function describeArchive(bytes: Uint8Array): string | undefined {
  for (const [, magic] of COMPRESSED) if (startsWith(bytes, magic)) return undefined;
  if (bytes.length < 512) return `it is ${bytes.length} bytes, shorter than one tar header (512 bytes).`;
  const header = bytes.subarray(0, 512);
  if (Buffer.from(header.subarray(257, 262)).toString("latin1") === "ustar" || checksumMatches(header))
    return undefined;
  return "no tar header at the start (expected a tar, optionally gzip/bzip2/xz/zstd-compressed).";
}
