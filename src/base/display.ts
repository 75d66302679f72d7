// How ids and sizes are shown in text the server writes (progress lines, confirmation previews).

/** A 12-character id as the docker CLI shows it (a `sha256:` prefix dropped). */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

/** A byte count in decimal units as the docker CLI prints sizes: "512 B", "1.5 MB". */
export function decimalBytes(count: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = count;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
