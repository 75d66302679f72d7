// Docker's multiplexed stdout/stderr framing (non-TTY attach, exec and logs): each frame is an 8-byte header
// [stream, 0, 0, 0, size as uint32 big-endian] then `size` bytes. Demultiplexed incrementally so nothing ever has to
// be held whole, plus the bounded sinks the frames are poured into.

export type StreamKind = "stdout" | "stderr";

const HEADER = 8;

function looksLikeHeader(bytes: Buffer): boolean {
  const kind = bytes[0];
  return (kind === 0 || kind === 1 || kind === 2) && bytes[1] === 0 && bytes[2] === 0 && bytes[3] === 0;
}

/**
 * Splits a multiplexed byte stream into (stream, payload) pieces as bytes arrive. Payloads are forwarded as they come
 * (a frame split across chunks yields several pieces), so memory use is one partial header at most. A stream whose
 * first bytes are not a frame header (a TTY container) is passed through as stdout.
 */
export class FrameDemuxer {
  private header = Buffer.alloc(0);
  private remaining = 0;
  private kind: StreamKind = "stdout";
  private raw: boolean | undefined;

  /** `tty: true` when the source is known to be unframed (a TTY container); undefined = detect from the first bytes. */
  constructor(
    private readonly onPayload: (kind: StreamKind, payload: Buffer) => void,
    tty?: boolean,
  ) {
    if (tty) this.raw = true;
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.raw === true) {
        this.onPayload("stdout", chunk.subarray(offset));
        return;
      }
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.onPayload(this.kind, chunk.subarray(offset, offset + take));
        this.remaining -= take;
        offset += take;
        continue;
      }
      const need = HEADER - this.header.length;
      const piece = chunk.subarray(offset, offset + need);
      this.header = this.header.length === 0 ? Buffer.from(piece) : Buffer.concat([this.header, piece]);
      offset += piece.length;
      if (this.raw === undefined && this.header.length >= 4) {
        this.raw = !looksLikeHeader(this.header);
        if (this.raw) {
          const held = this.header;
          this.header = Buffer.alloc(0);
          this.onPayload("stdout", held);
          continue;
        }
      }
      if (this.header.length < HEADER) continue;
      this.kind = this.header[0] === 2 ? "stderr" : "stdout";
      this.remaining = this.header.readUInt32BE(4);
      this.header = Buffer.alloc(0);
    }
  }

  /** Bytes of a header that never completed (a stream cut short), passed through so nothing is silently lost. */
  end(): void {
    if (this.header.length > 0) this.onPayload("stdout", this.header);
    this.header = Buffer.alloc(0);
  }
}

/** Demultiplexes a whole buffer (e.g. a non-follow logs response). */
export function demuxBuffer(buffer: Buffer): { stdout: Buffer; stderr: Buffer } {
  const parts: Record<StreamKind, Buffer[]> = { stdout: [], stderr: [] };
  const demuxer = new FrameDemuxer((kind, payload) => parts[kind].push(payload));
  demuxer.push(buffer);
  demuxer.end();
  return { stdout: Buffer.concat(parts.stdout), stderr: Buffer.concat(parts.stderr) };
}

/** Keeps the last `maxBytes` bytes written to it and counts the rest. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private held = 0;
  total = 0;

  constructor(readonly maxBytes: number) {}

  write(bytes: Buffer): void {
    this.total += bytes.length;
    if (this.maxBytes <= 0) return;
    const piece = bytes.length > this.maxBytes ? bytes.subarray(bytes.length - this.maxBytes) : bytes;
    this.chunks.push(Buffer.from(piece));
    this.held += piece.length;
    while (this.held > this.maxBytes) {
      const first = this.chunks[0] as Buffer;
      const excess = this.held - this.maxBytes;
      if (first.length <= excess) {
        this.chunks.shift();
        this.held -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.held -= excess;
      }
    }
  }

  get dropped(): number {
    return this.total - this.held;
  }

  /** UTF-8 text of what is held (a character cut at the front becomes U+FFFD and is removed). */
  text(): string {
    const text = Buffer.concat(this.chunks, this.held).toString("utf8");
    return this.dropped > 0 ? text.replace(/^\uFFFD+/, "") : text;
  }
}

/**
 * Keeps the last `maxLines` lines within `maxBytes` of text, per-stream partial lines so stdout and stderr never
 * splice into one line. A single line longer than the budget keeps only its end.
 */
export class LineTail {
  private lines: string[] = [];
  private bytes = 0;
  private partial: Record<StreamKind, TailBuffer>;
  /** Lines seen in total, and whether anything was dropped to stay in budget. */
  seen = 0;
  cut = false;

  constructor(
    readonly maxLines: number,
    readonly maxBytes: number,
  ) {
    this.partial = { stdout: new TailBuffer(maxBytes), stderr: new TailBuffer(maxBytes) };
  }

  write(kind: StreamKind, payload: Buffer): void {
    let start = 0;
    for (let newline = payload.indexOf(10, start); newline >= 0; newline = payload.indexOf(10, start)) {
      this.partial[kind].write(payload.subarray(start, newline));
      this.flush(kind);
      start = newline + 1;
    }
    if (start < payload.length) this.partial[kind].write(payload.subarray(start));
  }

  private flush(kind: StreamKind): void {
    const partial = this.partial[kind];
    if (partial.dropped > 0) this.cut = true;
    this.add(partial.text());
    this.partial[kind] = new TailBuffer(this.maxBytes);
  }

  private add(line: string): void {
    this.seen += 1;
    if (this.maxLines <= 0) {
      this.cut = true;
      return;
    }
    this.lines.push(line);
    this.bytes += Buffer.byteLength(line) + 1;
    while (this.lines.length > this.maxLines || (this.bytes > this.maxBytes && this.lines.length > 1)) {
      const dropped = this.lines.shift() as string;
      this.bytes -= Buffer.byteLength(dropped) + 1;
      this.cut = true;
    }
  }

  /** Finishes partial lines (a last line without a newline) and returns the kept lines, oldest first. */
  finish(): string[] {
    for (const kind of ["stdout", "stderr"] as const) if (this.partial[kind].total > 0) this.flush(kind);
    return this.lines;
  }

  get count(): number {
    return this.lines.length;
  }
}
