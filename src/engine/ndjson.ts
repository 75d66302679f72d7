// Splitting a daemon's newline-delimited JSON into lines as bytes arrive: a multi-byte character split across chunks
// stays intact, and a line longer than the cap is dropped unread instead of being buffered without bound.

import { StringDecoder } from "node:string_decoder";

/** A line longer than this is not a message the server acts on. */
export const MAX_LINE_CHARS = 1024 * 1024;

export class LineSplitter {
  private pending = "";
  private skipping = false;
  private readonly decoder = new StringDecoder("utf8");

  /** `onOverlong` sees the first part of each line dropped for its length. */
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: (head: string) => void = () => undefined,
    private readonly maxChars = MAX_LINE_CHARS,
  ) {}

  push(chunk: Buffer | string): void {
    this.accept(typeof chunk === "string" ? chunk : this.decoder.write(chunk));
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): void {
    this.accept(this.decoder.end());
    if (!this.skipping) this.onLine(this.pending);
    this.pending = "";
  }

  private accept(chunk: string): void {
    let text = this.pending + chunk;
    let newline = text.indexOf("\n");
    while (newline >= 0) {
      if (!this.skipping) this.onLine(text.slice(0, newline));
      this.skipping = false;
      text = text.slice(newline + 1);
      newline = text.indexOf("\n");
    }
    if (text.length > this.maxChars) {
      if (!this.skipping) this.onOverlong(text);
      this.skipping = true;
      text = "";
    }
    this.pending = text;
  }
}
