// Renders a documentation page as readable Markdown-flavoured text: headings, paragraphs, lists, code blocks, tables,
// definition lists and links survive; scripts, styles, navigation and page chrome do not.

import { type ElementNode, findElement, type HtmlNode, parseHtml, textContent } from "./html-dom.js";

const SKIP_TAGS = new Set([
  "head",
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "nav",
  "aside",
  "footer",
  "form",
  "button",
  "iframe",
  "select",
  "input",
  "textarea",
  "dialog",
  "canvas",
  "object",
  "embed",
  "link",
  "meta",
]);
const SKIP_CLASS =
  /(?:^|\s)(?:sphinxsidebar|wy-nav-side|wy-nav-top|rst-versions|headerlink|breadcrumbs?|skip-link|sr-only|visually-hidden|related|toc|table-of-contents|feedback|edit-this-page)(?:\s|$)/;
const BLOCK_TAGS = new Set([
  "#root",
  "html",
  "body",
  "main",
  "article",
  "section",
  "div",
  "header",
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "li",
  "pre",
  "blockquote",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "td",
  "th",
  "dl",
  "dt",
  "dd",
  "hr",
  "figure",
  "figcaption",
  "details",
  "summary",
  "center",
  "address",
  "caption",
]);

interface RenderContext {
  readonly base: URL | undefined;
}

function skipped(element: ElementNode): boolean {
  return (
    SKIP_TAGS.has(element.tag) ||
    element.attrs.hidden !== undefined ||
    element.attrs["aria-hidden"] === "true" ||
    element.attrs.role === "navigation" ||
    SKIP_CLASS.test(element.attrs.class ?? "")
  );
}

function absoluteHref(href: string, ctx: RenderContext): string | undefined {
  const value = href.trim();
  if (!value || value.startsWith("#") || /^(?:javascript|data|mailto):/i.test(value)) return undefined;
  try {
    return ctx.base ? new URL(value, ctx.base).href : value;
  } catch {
    return value;
  }
}

/** Text of an inline run: whitespace collapsed, `<br>` kept as a newline, emphasis and links marked. */
function inline(node: HtmlNode, ctx: RenderContext): string {
  if (node.kind === "text") return node.text.replace(/\s+/g, " ");
  if (skipped(node)) return "";
  const inner = () => node.children.map((child) => inline(child, ctx)).join("");
  switch (node.tag) {
    case "br":
      return "\n";
    case "img":
      return node.attrs.alt ? `[image: ${node.attrs.alt}]` : "";
    case "code":
    case "kbd":
    case "samp":
    case "tt": {
      const code = textContent(node).replace(/\s+/g, " ").trim();
      return code ? `\`${code}\`` : "";
    }
    case "strong":
    case "b":
      return wrap(inner(), "**");
    case "em":
    case "i":
      return wrap(inner(), "*");
    case "a": {
      const text = inner();
      const href = absoluteHref(node.attrs.href ?? "", ctx);
      return href && text.trim() && text.trim() !== href ? `[${text.trim()}](${href})` : text;
    }
    default:
      return BLOCK_TAGS.has(node.tag) ? ` ${inner()} ` : inner();
  }
}

function wrap(text: string, mark: string): string {
  const trimmed = text.trim();
  return trimmed ? `${mark}${trimmed}${mark}` : text;
}

function paragraph(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

function indent(text: string, first: string, rest: string): string {
  return text
    .split("\n")
    .map((line, i) => (i === 0 ? first + line : line ? rest + line : line))
    .join("\n");
}

function listBlock(list: ElementNode, ctx: RenderContext): string {
  const ordered = list.tag === "ol";
  let number = Number.parseInt(list.attrs.start ?? "1", 10) || 1;
  const items: string[] = [];
  for (const child of list.children) {
    if (child.kind !== "element" || skipped(child)) continue;
    const body = child.tag === "li" ? blocks(child.children, ctx).join("\n") : blocks([child], ctx).join("\n");
    if (!body) continue;
    const marker = ordered ? `${number++}. ` : "- ";
    items.push(indent(body, marker, " ".repeat(marker.length)));
  }
  return items.join("\n");
}

function codeBlock(pre: ElementNode): string {
  const classes = `${pre.attrs.class ?? ""} ${findElement(pre, (e) => e.tag === "code")?.attrs.class ?? ""}`;
  const language = /(?:language|lang|highlight)-([\w+#-]+)/.exec(classes)?.[1] ?? "";
  const code = textContent(pre).replace(/^\n/, "").replace(/\s+$/, "");
  const fence = code.includes("```") ? "~~~" : "```";
  return `${fence}${language === "default" ? "" : language}\n${code}\n${fence}`;
}

function tableBlock(table: ElementNode, ctx: RenderContext): string {
  const rows: string[][] = [];
  const collect = (node: ElementNode) => {
    for (const child of node.children) {
      if (child.kind !== "element") continue;
      if (child.tag === "tr") {
        rows.push(
          child.children
            .filter((cell): cell is ElementNode => cell.kind === "element" && (cell.tag === "td" || cell.tag === "th"))
            .map((cell) => paragraph(inline(cell, ctx)).replace(/\n/g, " ").replace(/\|/g, "\\|")),
        );
      } else if (["thead", "tbody", "tfoot"].includes(child.tag)) {
        collect(child);
      }
    }
  };
  collect(table);
  if (rows.length === 0) return "";
  const width = Math.max(...rows.map((row) => row.length));
  const line = (row: string[]) => `| ${Array.from({ length: width }, (_, i) => row[i] ?? "").join(" | ")} |`;
  const [head, ...body] = rows;
  return [line(head ?? []), line(Array.from({ length: width }, () => "---")), ...body.map(line)].join("\n");
}

/** Renders a node list into blocks (each already formatted), flushing inline runs as paragraphs. */
function blocks(nodes: readonly HtmlNode[], ctx: RenderContext): string[] {
  const out: string[] = [];
  let run = "";
  const flush = () => {
    const text = paragraph(run);
    if (text) out.push(text);
    run = "";
  };
  for (const node of nodes) {
    if (node.kind === "text" || !BLOCK_TAGS.has(node.tag)) {
      run += inline(node, ctx);
      continue;
    }
    if (skipped(node)) continue;
    flush();
    const block = renderBlock(node, ctx);
    if (block) out.push(block);
  }
  flush();
  return out;
}

function renderBlock(element: ElementNode, ctx: RenderContext): string {
  const heading = /^h([1-6])$/.exec(element.tag);
  if (heading) {
    const text = paragraph(inline(element, ctx)).replace(/\n/g, " ");
    return text ? `${"#".repeat(Number(heading[1]))} ${text}` : "";
  }
  switch (element.tag) {
    case "ul":
    case "ol":
      return listBlock(element, ctx);
    case "pre":
      return codeBlock(element);
    case "table":
      return tableBlock(element, ctx);
    case "hr":
      return "---";
    case "blockquote":
      return blocks(element.children, ctx)
        .join("\n\n")
        .split("\n")
        .map((line) => (line ? `> ${line}` : ">"))
        .join("\n");
    case "dt": {
      const term = paragraph(inline(element, ctx)).replace(/\n/g, " ");
      return term ? `**${term.replace(/\*\*/g, "")}**` : "";
    }
    case "dd":
      return indent(blocks(element.children, ctx).join("\n\n"), "  ", "  ");
    default:
      return blocks(element.children, ctx).join("\n\n");
  }
}

/** The page's main content when it marks one, else the body. */
function contentRoot(root: ElementNode): ElementNode {
  return (
    findElement(root, (e) => e.tag === "main" || e.attrs.role === "main") ??
    findElement(root, (e) => e.tag === "article") ??
    findElement(root, (e) => e.tag === "body") ??
    root
  );
}

export function htmlToText(html: string, baseUrl?: string): string {
  const root = parseHtml(html);
  const title = findElement(root, (e) => e.tag === "title");
  const ctx: RenderContext = { base: baseUrl ? new URL(baseUrl) : undefined };
  const body = blocks([contentRoot(root)], ctx).join("\n\n");
  const titleText = title ? textContent(title).replace(/\s+/g, " ").trim() : "";
  return body.startsWith("# ") || !titleText ? body : `# ${titleText}\n\n${body}`;
}
