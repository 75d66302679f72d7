// Issue 16's table: each figure of this run beside its target and its floor (what no server could go below).

export interface TableRow {
  figure: string;
  measured: string;
  target: string;
  floor: string;
  /** null when the row has no pass/fail target. */
  meets_target: boolean | null;
}

export function formatTable(rows: TableRow[]): string {
  const header: TableRow = {
    figure: "figure",
    measured: "this run",
    target: "target",
    floor: "floor",
    meets_target: null,
  };
  const cells = [header, ...rows].map((row) => [
    row.figure,
    row.measured,
    row.target,
    row.floor,
    row === header ? "" : row.meets_target === null ? "" : row.meets_target ? "ok" : "MISSED",
  ]);
  const widths = cells[0]?.map((_, col) => Math.max(...cells.map((line) => (line[col] ?? "").length))) ?? [];
  return cells
    .map((line) =>
      line
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join(" | ")
        .trimEnd(),
    )
    .join("\n");
}

export const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;
