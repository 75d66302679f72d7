// A CommonJS package loaded with import(): Node and an inlining bundler give its exports as named bindings, a bundle
// that puts the package in a chunk of its own gives them only as `default` (module.exports). Read them from there.

/** The package's exports object (module.exports) whichever way the namespace came. */
export function cjsExports<T extends object>(namespace: T): T {
  const inner = (namespace as { default?: unknown }).default;
  return (inner !== null && typeof inner === "object" ? inner : namespace) as T;
}
