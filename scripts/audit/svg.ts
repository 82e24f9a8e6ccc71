/**
 * The report's pictures, as inline SVG generated here from solc's output (no Graphviz needed): inheritance
 * diagrams, storage layouts and bar charts.
 */
import { AbiCoder, keccak256, toUtf8Bytes } from "ethers";

export const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const CHAR = 7; // average glyph width of 12px monospace
const BOX_H = 26;

export interface InheritanceNode {
  name: string;
  kind: "contract" | "abstract" | "interface" | "library";
  own: boolean;
  bases: string[];
}

/**
 * Inheritance (class) diagram of one contract: every base in its linearization, each with an arrow to its direct
 * bases, drawn in layers (the contract at the bottom, the most basic contracts at the top), as in UML.
 */
export function inheritanceSvg(root: string, nodes: Map<string, InheritanceNode>): string {
  const depth = new Map<string, number>([[root, 0]]);
  const queue = [root];
  while (queue.length > 0) {
    const name = queue.shift()!;
    for (const base of nodes.get(name)?.bases ?? []) {
      const d = depth.get(name)! + 1;
      if ((depth.get(base) ?? -1) < d) {
        depth.set(base, d);
        queue.push(base);
      }
    }
  }
  const maxDepth = Math.max(...depth.values());
  const layers: string[][] = Array.from({ length: maxDepth + 1 }, () => []);
  for (const [name, d] of [...depth].sort(([a], [b]) => a.localeCompare(b))) layers[maxDepth - d].push(name);
  const widthOf = (name: string) => name.length * CHAR + 20;
  const rowWidth = (layer: string[]) => layer.reduce((w, n) => w + widthOf(n) + 16, 0);
  const width = Math.max(...layers.map(rowWidth), 200) + 20;
  const pos = new Map<string, { x: number; y: number; w: number }>();
  layers.forEach((layer, i) => {
    let x = (width - rowWidth(layer)) / 2 + 8;
    for (const name of layer) {
      pos.set(name, { x, y: 10 + i * (BOX_H + 34), w: widthOf(name) });
      x += widthOf(name) + 16;
    }
  });
  const height = 10 + layers.length * (BOX_H + 34);
  const edges: string[] = [];
  for (const [name] of depth) {
    const from = pos.get(name)!;
    for (const base of nodes.get(name)?.bases ?? []) {
      const to = pos.get(base);
      if (to === undefined) continue;
      edges.push(
        `<line x1="${from.x + from.w / 2}" y1="${from.y}" x2="${to.x + to.w / 2}" y2="${to.y + BOX_H}" ` +
          `stroke="#667" stroke-width="1" marker-end="url(#tri)"/>`,
      );
    }
  }
  const boxes = [...pos].map(([name, p]) => {
    const n = nodes.get(name);
    const fill = name === root ? "#1f4e79" : n?.own ? "#dbe8f5" : "#eeeeee";
    const text = name === root ? "#fff" : "#111";
    const dash = n?.kind === "interface" ? ' stroke-dasharray="4 3"' : "";
    const label = n?.kind === "interface" ? `«interface» ${name}` : n?.kind === "abstract" ? `${name}` : name;
    return (
      `<g data-node="${esc(name)}"><rect x="${p.x}" y="${p.y}" width="${Math.max(p.w, label.length * CHAR + 20)}" height="${BOX_H}" rx="3" ` +
      `fill="${fill}" stroke="#445"${dash}/><text x="${p.x + 10}" y="${p.y + 17}" fill="${text}" ` +
      `font-family="monospace" font-size="12"${n?.kind === "abstract" ? ' font-style="italic"' : ""}>${esc(label)}</text></g>`
    );
  });
  const w = Math.max(width, ...[...pos.values()].map((p) => p.x + p.w + 120));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="picture inheritance" data-picture="inheritance" data-contract="${esc(root)}" ` +
    `width="${w}" height="${height}" viewBox="0 0 ${w} ${height}" role="img" aria-label="inheritance of ${esc(root)}">` +
    `<defs><marker id="tri" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="#fff" stroke="#667"/></marker></defs>${edges.join("")}${boxes.join("")}</svg>`
  );
}

/** The base slot of an ERC-7201 namespace: keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff. */
export function erc7201Slot(id: string): string {
  const inner = BigInt(keccak256(toUtf8Bytes(id))) - 1n;
  const outer = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [inner])));
  return "0x" + (outer & ~0xffn).toString(16).padStart(64, "0");
}

export interface LayoutRegion {
  title: string;
  slot: string;
  fields: { label: string; type: string; from: string; slot?: string }[];
}

/** A storage layout: one band per region (plain storage, then each ERC-7201 namespace), one row per field. */
export function storageSvg(contract: string, regions: LayoutRegion[]): string {
  const rows: string[] = [];
  let y = 8;
  const lineH = 18;
  let width = 420;
  for (const region of regions) {
    const head = `${region.title}   base slot ${region.slot}`;
    width = Math.max(width, head.length * CHAR + 24);
    rows.push(
      `<rect x="4" y="${y}" width="__W__" height="${lineH + 4}" fill="#1f4e79"/>` +
        `<text x="12" y="${y + 15}" fill="#fff" font-family="monospace" font-size="12">${esc(head)}</text>`,
    );
    y += lineH + 4;
    region.fields.forEach((f, i) => {
      const text = `${f.slot !== undefined ? `${f.slot.padStart(4)}  ` : `${String(i).padStart(3)}.  `}${f.label}: ${f.type}   (${f.from})`;
      width = Math.max(width, text.length * CHAR + 24);
      rows.push(
        `<rect x="4" y="${y}" width="__W__" height="${lineH}" fill="${i % 2 === 0 ? "#f4f7fb" : "#fff"}" stroke="#dde"/>` +
          `<text x="12" y="${y + 13}" font-family="monospace" font-size="12">${esc(text)}</text>`,
      );
      y += lineH;
    });
    if (region.fields.length === 0) {
      rows.push(`<text x="12" y="${y + 13}" font-family="monospace" font-size="12" fill="#666">(empty)</text>`);
      y += lineH;
    }
    y += 8;
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="picture storage" data-picture="storage" data-contract="${esc(contract)}" ` +
    `width="${width + 8}" height="${y}" viewBox="0 0 ${width + 8} ${y}" role="img" aria-label="storage layout of ${esc(contract)}">` +
    rows.join("").replaceAll("__W__", String(width)) +
    `</svg>`
  );
}

export interface Bar {
  label: string;
  value: number;
  /** Drawn as a vertical mark: the budget's limit, or 1 (the anchor). */
  limit?: number;
  ok?: boolean;
}

/** A horizontal bar chart of ratios, with a mark at each bar's limit. */
export function barChartSvg(id: string, title: string, bars: Bar[]): string {
  const labelW = Math.max(...bars.map((b) => b.label.length), 10) * CHAR + 16;
  const max = Math.max(...bars.map((b) => Math.max(b.value, b.limit ?? 0)), 1);
  const plotW = 520;
  const rowH = 16;
  const height = 34 + bars.length * rowH + 10;
  const scale = (v: number) => (v / max) * plotW;
  const out: string[] = [
    `<text x="8" y="18" font-family="sans-serif" font-size="13" font-weight="bold">${esc(title)}</text>`,
  ];
  bars.forEach((b, i) => {
    const y = 30 + i * rowH;
    const color = b.ok === false ? "#c0392b" : "#2e86c1";
    out.push(
      `<g data-bar="${esc(b.label)}"><text x="${labelW - 6}" y="${y + 11}" text-anchor="end" font-family="monospace" font-size="11">${esc(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 2}" width="${Math.max(scale(b.value), 1).toFixed(1)}" height="${rowH - 5}" fill="${color}"/>` +
        (b.limit !== undefined
          ? `<line x1="${(labelW + scale(b.limit)).toFixed(1)}" x2="${(labelW + scale(b.limit)).toFixed(1)}" y1="${y}" y2="${y + rowH}" stroke="#111" stroke-width="2"/>`
          : "") +
        `<text x="${(labelW + scale(Math.max(b.value, b.limit ?? 0)) + 6).toFixed(1)}" y="${y + 11}" font-family="monospace" font-size="11">${b.value.toFixed(2)}${b.limit !== undefined ? ` / ${b.limit}` : ""}</text></g>`,
    );
  });
  const width = labelW + plotW + 110;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="picture chart" data-picture="${esc(id)}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}">${out.join("")}</svg>`
  );
}
