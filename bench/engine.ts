// The floor: the same Engine API operations straight on the daemon's socket with a keep-alive agent.

import { Agent, request } from "node:http";

export class RawEngine {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly socketPath: string) {}

  get(path: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const req = request({ socketPath: this.socketPath, path, method: "GET", agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          res.statusCode && res.statusCode < 300
            ? resolve(Buffer.concat(chunks))
            : reject(new Error(`HTTP ${res.statusCode} for ${path}`)),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
  }

  post(path: string, body: unknown): Promise<Buffer> {
    const data = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          socketPath: this.socketPath,
          path,
          method: "POST",
          agent: this.agent,
          headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve(Buffer.concat(chunks)));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(data);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
