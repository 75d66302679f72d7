// Splits a byte stream into newline-delimited lines, each capped as it streams: a line that grows past the cap is
// discarded piece by piece (only its first and last few KiB are kept, to recover a request id), so an oversized
// message costs no more memory than the cap.

/** How much of an oversized line's start and end is kept for recovering its id. */
export const KEPT_EDGE_BYTES = 4096;

export type Frame =
  | { readonly kind: "line"; readonly bytes: Buffer }
  | { readonly kind: "oversized"; readonly size: number; readonly head: Buffer; readonly tail: Buffer };

const NEWLINE = 0x0a;

function firstBytes(pieces: readonly Buffer[], count: number): Buffer {
  const kept: Buffer[] = [];
  let total = 0;
  for (const piece of pieces) {
    if (total >= count) break;
    kept.push(piece.subarray(0, count - total));
    total += Math.min(piece.length, count - total);
  }
  return Buffer.concat(kept, total);
}

function lastBytes(pieces: readonly Buffer[], count: number): Buffer {
  const kept: Buffer[] = [];
  let total = 0;
  for (let i = pieces.length - 1; i >= 0 && total < count; i--) {
    const piece = pieces[i] as Buffer;
    const take = Math.min(piece.length, count - total);
    kept.unshift(piece.subarray(piece.length - take));
    total += take;
  }
  return Buffer.concat(kept, total);
}

export class LineFramer {
  private pieces: Buffer[] = [];
  private size = 0;
  /** Set once the current line went over the cap: from then on only its edges are kept. */
  private discarded: { head: Buffer; tail: Buffer } | undefined;

  constructor(readonly maxLineBytes: number) {}

  /** Feeds one chunk; `emit` gets every line it completes (without the newline), in order. */
  push(chunk: Buffer, emit: (frame: Frame) => void): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      this.append(chunk.subarray(start, newline === -1 ? chunk.length : newline));
      if (newline === -1) return;
      emit(this.finish());
      start = newline + 1;
    }
  }

  /** Drops a partial line (the stream ended or the transport closed). */
  reset(): void {
    this.pieces = [];
    this.size = 0;
    this.discarded = undefined;
  }

  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    this.size += piece.length;
    if (this.discarded) {
      this.discarded.tail = lastBytes([this.discarded.tail, piece], KEPT_EDGE_BYTES);
      return;
    }
    if (this.size <= this.maxLineBytes) {
      this.pieces.push(piece);
      return;
    }
    const pieces = [...this.pieces, piece];
    // Copies, so the kept edges do not pin whole stdin chunks.
    this.discarded = {
      head: Buffer.from(firstBytes(pieces, KEPT_EDGE_BYTES)),
      tail: Buffer.from(lastBytes(pieces, KEPT_EDGE_BYTES)),
    };
    this.pieces = [];
  }

  private finish(): Frame {
    const frame: Frame = this.discarded
      ? { kind: "oversized", size: this.size, ...this.discarded }
      : { kind: "line", bytes: this.pieces.length === 1 ? (this.pieces[0] as Buffer) : Buffer.concat(this.pieces) };
    this.reset();
    return frame;
  }
}
