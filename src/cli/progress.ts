// MCP progress from the CLI's own progress lines (compose --progress plain, BuildKit plain output): state changes
// (`Container app-web-1  Started`) always go out; chatter such as layer downloads at most a few times a second.

import type { StreamName } from "./process.js";

const CHATTER_INTERVAL_MS = 250;
const STATE_CHANGE = /^\s*(Network|Volume|Container|Image|Service)\s|^\s*[\w.-]+\s+(Pulled|Skipped|Error)|^#\d+ \[/;

export function progressFromLines(
  report: (message: string) => void,
  now: () => number = () => performance.now(),
): (line: string, stream: StreamName) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (line) => {
    const message = line.trim();
    if (!message) return;
    const important = STATE_CHANGE.test(line);
    if (!important && now() - last < CHATTER_INTERVAL_MS) return;
    last = now();
    report(message);
  };
}
