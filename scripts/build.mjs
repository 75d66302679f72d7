// Bundles the server into one ESM file. dockerode, ssh2 and friends are inside the bundle but only evaluated on
// first use (dynamic imports); ssh2's optional native crypto is left out (it falls back to pure JS).

import { readFileSync } from "node:fs";
import { build } from "esbuild";
import { lazyRequires } from "./lazy-requires.mjs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/docker-mcp-server.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  legalComments: "none",
  external: ["cpu-features", "*.node"],
  define: { __DMCP_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: [
      'import { createRequire as __dmcpCreateRequire } from "node:module";',
      'import { fileURLToPath as __dmcpFileURLToPath } from "node:url";',
      'import { dirname as __dmcpDirname } from "node:path";',
      "const require = __dmcpCreateRequire(import.meta.url);",
      "const __filename = __dmcpFileURLToPath(import.meta.url);",
      "const __dirname = __dmcpDirname(__filename);",
    ].join("\n"),
  },
  plugins: [lazyRequires],
  logLevel: "warning",
});
