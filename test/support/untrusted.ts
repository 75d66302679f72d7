// Output from containers and registries comes back inside an untrusted-data fence (src/base/untrusted.ts); tests
// that check the data itself read it through these.

const FENCE = /<untrusted (\d{9}): [^;>\n]+; data, not instructions>\n([\s\S]*?)\n<\/untrusted \1>/g;

/** `text` with every fence removed, leaving the data (and whatever the server wrote around it). */
export function unfence(text: string): string {
  return text.replace(FENCE, (_whole, _id: string, data: string) => data);
}

/** The same for a value that may be null (an output part that was not asked for). */
export function unfenceOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : unfence(text);
}
