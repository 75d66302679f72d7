// A forgiving HTML tokenizer and tree builder, just enough to render documentation pages as text. Not a conforming
// parser: unknown structure degrades to text, never to an error.

export interface ElementNode {
  readonly kind: "element";
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: HtmlNode[];
}
export interface TextNode {
  readonly kind: "text";
  readonly text: string;
}
export type HtmlNode = ElementNode | TextNode;

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "noscript", "template", "svg"]);
/** Opening one of these closes an open <p> (HTML's implied end tags, the common cases). */
const CLOSES_P = new Set([
  "p",
  "div",
  "ul",
  "ol",
  "dl",
  "pre",
  "table",
  "blockquote",
  "section",
  "article",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "header",
  "footer",
  "nav",
  "aside",
  "main",
  "figure",
  "details",
  "form",
]);
/** Opening the key closes an open sibling of these kinds, up to (not past) the listed container tags. */
const IMPLIED: Readonly<Record<string, { closes: string[]; scope: string[] }>> = {
  li: { closes: ["li"], scope: ["ul", "ol"] },
  dt: { closes: ["dt", "dd"], scope: ["dl"] },
  dd: { closes: ["dt", "dd"], scope: ["dl"] },
  tr: { closes: ["tr", "td", "th"], scope: ["table", "thead", "tbody", "tfoot"] },
  td: { closes: ["td", "th"], scope: ["tr", "table"] },
  th: { closes: ["td", "th"], scope: ["tr", "table"] },
  option: { closes: ["option"], scope: ["select"] },
};

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  bull: "•",
  middot: "·",
  para: "¶",
  sect: "§",
  times: "×",
  divide: "÷",
  rarr: "→",
  larr: "←",
  uarr: "↑",
  darr: "↓",
  harr: "↔",
  rArr: "⇒",
  lArr: "⇐",
  le: "≤",
  ge: "≥",
  ne: "≠",
  deg: "°",
  plusmn: "±",
  shy: "",
  zwj: "",
  zwnj: "",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  check: "✓",
  dollar: "$",
  num: "#",
  lpar: "(",
  rpar: ")",
  lbrack: "[",
  rbrack: "]",
  lcub: "{",
  rcub: "}",
  vert: "|",
  grave: "`",
  colon: ":",
  comma: ",",
  period: ".",
  excl: "!",
  quest: "?",
  sol: "/",
  bsol: "\\",
  equals: "=",
  plus: "+",
  ast: "*",
  lowbar: "_",
  Hat: "^",
  tilde: "˜",
  semi: ";",
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name] ?? NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function parseAttrs(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const pattern = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    const name = (match[1] ?? "").toLowerCase();
    if (name) attrs[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attrs;
}

export function parseHtml(html: string): ElementNode {
  const root: ElementNode = { kind: "element", tag: "#root", attrs: {}, children: [] };
  const stack: ElementNode[] = [root];
  const current = () => stack[stack.length - 1] as ElementNode;
  const closeTo = (tag: string, scope: readonly string[] = []) => {
    for (let i = stack.length - 1; i > 0; i--) {
      const open = (stack[i] as ElementNode).tag;
      if (open === tag) {
        stack.length = i;
        return;
      }
      if (scope.includes(open)) return;
    }
  };
  const token =
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<![^>]*>|<\?[^>]*>|<\/\s*([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let at = 0;
  const pushText = (text: string) => {
    if (text) current().children.push({ kind: "text", text: decodeEntities(text) });
  };
  for (let match = token.exec(html); match; match = token.exec(html)) {
    pushText(html.slice(at, match.index));
    at = token.lastIndex;
    if (match[1] !== undefined) {
      current().children.push({ kind: "text", text: match[1] });
    } else if (match[2]) {
      closeTo(match[2].toLowerCase());
    } else if (match[3]) {
      const tag = match[3].toLowerCase();
      const attrSource = match[4] ?? "";
      if (CLOSES_P.has(tag)) closeTo("p", ["div", "li", "td", "th", "dd", "blockquote", "section", "article", "main"]);
      const implied = IMPLIED[tag];
      if (implied) for (const closes of implied.closes) closeTo(closes, implied.scope);
      const element: ElementNode = { kind: "element", tag, attrs: parseAttrs(attrSource), children: [] };
      current().children.push(element);
      if (VOID.has(tag) || attrSource.trimEnd().endsWith("/")) continue;
      if (RAW_TEXT.has(tag)) {
        const end = new RegExp(`</${tag}\\s*>`, "ig");
        end.lastIndex = at;
        const close = end.exec(html);
        element.children.push({ kind: "text", text: html.slice(at, close ? close.index : html.length) });
        at = close ? end.lastIndex : html.length;
        token.lastIndex = at;
        continue;
      }
      stack.push(element);
    }
  }
  pushText(html.slice(at));
  return root;
}

export function textContent(node: HtmlNode): string {
  return node.kind === "text" ? node.text : node.children.map(textContent).join("");
}

/** Depth-first search for the first element matching `test`. */
export function findElement(node: ElementNode, test: (element: ElementNode) => boolean): ElementNode | undefined {
  for (const child of node.children) {
    if (child.kind !== "element") continue;
    if (test(child)) return child;
    const found = findElement(child, test);
    if (found) return found;
  }
  return undefined;
}
