// Decodes the `moby.buildkit.trace` messages of a BuildKit build stream (base64 protobuf StatusResponse) with a small
// wire-format reader, so no .proto file or protobuf runtime has to ship in the bundle. Only the fields a summary needs
// are read: vertex name/cached/started/completed/error, log bytes and warning text.

export interface TraceVertex {
  digest: string;
  name: string;
  cached: boolean;
  started: boolean;
  completed: boolean;
  error: string;
}

export interface TraceLog {
  vertex: string;
  text: string;
}

export interface TraceStatus {
  vertexes: TraceVertex[];
  logs: TraceLog[];
  warnings: string[];
}

class WireReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error("truncated varint");
      const byte = this.buf[this.pos++] as number;
      // Values above 2^53 only occur in fields we skip; precision loss there is harmless.
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new Error("varint too long");
    }
  }

  bytes(): Uint8Array {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.buf.length) throw new Error("truncated field");
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }

  /** Calls `field` for each (number, wireType); the callback consumes the value or returns false to skip it. */
  fields(field: (num: number, wireType: number) => boolean): void {
    while (!this.done) {
      const key = this.varint();
      const num = Math.floor(key / 8);
      const wireType = key & 7;
      if (!field(num, wireType)) this.skip(wireType);
    }
  }
}

const utf8 = new TextDecoder("utf-8");
const text = (bytes: Uint8Array) => utf8.decode(bytes);

function readVertex(buf: Uint8Array): TraceVertex {
  const vertex: TraceVertex = { digest: "", name: "", cached: false, started: false, completed: false, error: "" };
  const reader = new WireReader(buf);
  reader.fields((num, wire) => {
    if (num === 1 && wire === 2) vertex.digest = text(reader.bytes());
    else if (num === 3 && wire === 2) vertex.name = text(reader.bytes());
    else if (num === 4 && wire === 0) vertex.cached = reader.varint() !== 0;
    else if (num === 5 && wire === 2) vertex.started = reader.bytes() !== undefined;
    else if (num === 6 && wire === 2) vertex.completed = reader.bytes() !== undefined;
    else if (num === 7 && wire === 2) vertex.error = text(reader.bytes());
    else return false;
    return true;
  });
  return vertex;
}

function readLog(buf: Uint8Array): TraceLog {
  const log: TraceLog = { vertex: "", text: "" };
  const reader = new WireReader(buf);
  reader.fields((num, wire) => {
    if (num === 1 && wire === 2) log.vertex = text(reader.bytes());
    else if (num === 4 && wire === 2) log.text = text(reader.bytes());
    else return false;
    return true;
  });
  return log;
}

function readWarning(buf: Uint8Array): string {
  let short = "";
  const reader = new WireReader(buf);
  reader.fields((num, wire) => {
    if (num === 3 && wire === 2) short = text(reader.bytes());
    else return false;
    return true;
  });
  return short;
}

/** Decodes one trace payload; a malformed payload yields an empty status rather than failing the build. */
export function decodeBuildkitTrace(base64: string): TraceStatus {
  const status: TraceStatus = { vertexes: [], logs: [], warnings: [] };
  try {
    const reader = new WireReader(Buffer.from(base64, "base64"));
    reader.fields((num, wire) => {
      if (wire !== 2) return false;
      if (num === 1) status.vertexes.push(readVertex(reader.bytes()));
      else if (num === 3) status.logs.push(readLog(reader.bytes()));
      else if (num === 4) status.warnings.push(readWarning(reader.bytes()));
      else return false;
      return true;
    });
  } catch {
    // Progress is best effort: the build's outcome comes from the stream's error lines and the image id.
  }
  return status;
}
