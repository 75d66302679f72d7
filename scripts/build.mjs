// Bundles the server into one ESM entry file plus chunks (dist/chunks/) for what is loaded on first use through
// dynamic imports: the Engine client (dockerode, ssh2, BuildKit's grpc), undici, the HTTP endpoint. V8 keeps every
// script's source and pre-parses it at load, so code left in the entry costs memory even when it never runs: split,
// RSS after start-up is ~5 MiB lower. ssh2's optional native crypto is left out (it falls back to pure JS).

import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";
import { lazyRequires } from "./lazy-requires.mjs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

// Chunk names carry content hashes: old ones would pile up.
rmSync(new URL("../dist/chunks", import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { "docker-mcp-server": "src/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
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
