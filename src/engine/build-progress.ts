// Follows an image build stream (classic builder or BuildKit) into progress messages and a bounded summary: the
// image id, the steps run, warnings, and the tail of the build log for the error message of a failed step.

import { decodeBuildkitTrace } from "./buildkit-trace.js";
import { LineTail, type StreamMessage, streamError } from "./progress.js";

const MAX_WARNINGS = 20;
/** Vertex digests remembered to announce each step once; a Dockerfile has tens of steps, this is only a guard. */
const MAX_VERTEXES = 10_000;

export interface BuildSummary {
  id: string | undefined;
  steps: number;
  cached_steps: number;
  warnings: string[];
  /** The first failing step's error (BuildKit) or the daemon's error line. */
  error: string | undefined;
  /** The last lines of the build output, for diagnosing a failure. */
  log_tail: string[];
}

export class BuildTracker {
  private id: string | undefined;
  private error: string | undefined;
  private readonly warnings: string[] = [];
  private readonly tail = new LineTail(30, 400);
  private readonly announced = new Set<string>();
  private readonly cached = new Set<string>();
  private readonly vertexNames = new Map<string, string>();
  private steps = 0;

  constructor(private readonly report: (message: string) => void) {}

  private warn(text: string): void {
    const line = text.trim();
    if (line && this.warnings.length < MAX_WARNINGS && !this.warnings.includes(line)) this.warnings.push(line);
  }

  accept(message: StreamMessage): void {
    const error = streamError(message);
    if (error !== undefined) {
      this.error ??= error;
      return;
    }
    if (message.id === "moby.buildkit.trace" && typeof message.aux === "string") {
      this.acceptTrace(message.aux);
      return;
    }
    const aux = message.aux as { ID?: unknown } | undefined;
    if (aux && typeof aux.ID === "string") {
      this.id = aux.ID;
      return;
    }
    if (typeof message.stream === "string") {
      const text = message.stream;
      this.tail.push(text);
      const step = /^Step (\d+\/\d+) : (.*)$/m.exec(text);
      if (step) {
        this.steps++;
        this.report(`Step ${step[1]}: ${step[2]?.slice(0, 200)}`);
      }
      if (/^ ---> Using cache/m.test(text)) this.cached.add(`step ${this.steps}`);
      // "Successfully built <id>" (classic) or, with quiet, the bare image id.
      const built = /^(?:Successfully built |(?=sha256:))((?:sha256:)?[0-9a-f]{12,64})\s*$/m.exec(text);
      if (built?.[1] && !this.id) this.id = built[1];
      for (const line of text.split("\n")) if (/^\[?warning\]?/i.test(line.trim())) this.warn(line);
    }
    if (typeof message.status === "string" && message.status.trim()) this.tail.push(message.status);
  }

  private acceptTrace(aux: string): void {
    const status = decodeBuildkitTrace(aux);
    for (const vertex of status.vertexes) {
      if (vertex.name && this.vertexNames.size < MAX_VERTEXES) this.vertexNames.set(vertex.digest, vertex.name);
      if (vertex.error) this.error ??= `${vertex.name ? `${vertex.name}: ` : ""}${vertex.error}`;
      if (vertex.cached && /^\[[^\]]*\b\d+\/\d+\]/.test(vertex.name)) this.cached.add(vertex.digest);
      if (!vertex.started || this.announced.has(vertex.digest) || this.announced.size >= MAX_VERTEXES) continue;
      this.announced.add(vertex.digest);
      // Dockerfile steps are named "[2/3] RUN …" (or "[stage 2/3] …"); the rest is BuildKit's own bookkeeping.
      if (/^\[[^\]]*\b\d+\/\d+\]/.test(vertex.name)) this.steps++;
      this.report(vertex.cached ? `CACHED ${vertex.name}` : vertex.name);
    }
    for (const log of status.logs) {
      const step = this.vertexNames.get(log.vertex);
      const prefix = step ? `${step.split(" ")[0]} ` : "";
      for (const line of log.text.split("\n")) if (line.trim()) this.tail.push(prefix + line);
    }
    for (const warning of status.warnings) this.warn(warning);
  }

  summary(): BuildSummary {
    return {
      id: this.id,
      steps: this.steps,
      cached_steps: this.cached.size,
      warnings: [...this.warnings],
      error: this.error,
      log_tail: this.tail.get(),
    };
  }
}
