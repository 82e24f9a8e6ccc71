/**
 * Records every platform-specific optional binary package in package-lock.json.
 *
 * Why: the npm registry these machines reach is a partial mirror that only serves the linux-x64 builds of
 * native packages (EDR, anvil). npm then writes no lock entry for the other platforms' optional
 * packages, and `npm ci` refuses the lockfile ("Missing: @foundry-rs/anvil-darwin-amd64@ from lock
 * file"). This adds the missing entries with the platform constraints npm reads from a full registry
 * (`os`, `cpu`, `libc`, inferred from the package names these packages use), so `npm ci` skips them on
 * other platforms exactly as it would with a complete lockfile. Run it after `npm install` changes the
 * lockfile: `node scripts/lockfile-platforms.mjs`. Idempotent.
 */
import { readFileSync, writeFileSync } from "node:fs";

const LOCK = "package-lock.json";
const lock = JSON.parse(readFileSync(LOCK, "utf8"));
const packages = lock.packages;

function platformOf(name) {
  const id = name.split("/").pop();
  const os = ["darwin", "linux", "win32", "freebsd", "android", "openbsd", "sunos", "aix"].find((o) => id.includes(o));
  const cpu =
    id.includes("arm64") || id.includes("aarch64")
      ? "arm64"
      : id.includes("x64") || id.includes("amd64")
        ? "x64"
        : undefined;
  const libc = id.includes("musl") ? "musl" : id.includes("gnu") ? "glibc" : undefined;
  return os === undefined || cpu === undefined ? undefined : { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const depPath = `node_modules/${dep}`;
    if (packages[depPath] !== undefined || packages[`${path}/${depPath}`] !== undefined) continue;
    const platform = platformOf(dep);
    if (platform === undefined || !/^\d+\.\d+\.\d+/.test(spec)) continue; // only exact-version platform binaries
    packages[depPath] = {
      version: spec,
      cpu: [platform.cpu],
      ...(entry.dev ? { dev: true } : {}),
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      optional: true,
      os: [platform.os],
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync(LOCK, JSON.stringify(lock, null, 2) + "\n");
console.log(`lockfile: recorded ${added} platform-specific optional package(s)`);
