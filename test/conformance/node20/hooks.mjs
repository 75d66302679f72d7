// Resolve hook: node:fs for the conformance package's modules is fs-with-glob.mjs; everything else is untouched.
const SHIM = new URL("./fs-with-glob.mjs", import.meta.url).href;

export async function resolve(specifier, context, next) {
  const fromSuite = context.parentURL?.includes("/@modelcontextprotocol/conformance/") ?? false;
  if (fromSuite && (specifier === "fs" || specifier === "node:fs")) return { url: SHIM, shortCircuit: true };
  return next(specifier, context);
}
