// An esbuild plugin that turns two eager top-level requires of dependencies into requires on first call, so the
// bundle does not evaluate code a session rarely needs: docker-modem's own SSH agent (we never use protocol "ssh";
// engine/ssh.ts keeps its own connection) pulls in ssh2 and its 16 MiB WebAssembly poly1305 heap, and dockerode's
// BuildKit session pulls in @grpc/grpc-js and protobufjs. The build fails if a pattern is gone (a dependency changed).

import { readFile } from "node:fs/promises";

const REWRITES = [
  {
    file: /[\\/]node_modules[\\/]docker-modem[\\/]lib[\\/]modem\.js$/,
    from: "ssh = require('./ssh'),",
    to: "ssh = function (options) { return require('./ssh')(options); },",
  },
  {
    file: /[\\/]node_modules[\\/]dockerode[\\/]lib[\\/]docker\.js$/,
    from: "withSession = require('./session'),",
    to: "withSession = function () { return require('./session').apply(this, arguments); },",
  },
];

export const lazyRequires = {
  name: "lazy-requires",
  setup(build) {
    const seen = new Set();
    for (const rewrite of REWRITES) {
      build.onLoad({ filter: rewrite.file }, async (args) => {
        const source = await readFile(args.path, "utf8");
        if (!source.includes(rewrite.from))
          throw new Error(`lazy-requires: '${rewrite.from}' not found in ${args.path}`);
        seen.add(rewrite);
        return { contents: source.replace(rewrite.from, rewrite.to), loader: "js" };
      });
    }
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      for (const rewrite of REWRITES)
        if (!seen.has(rewrite)) throw new Error(`lazy-requires: no module matched ${rewrite.file} (bundle changed?)`);
    });
  },
};
