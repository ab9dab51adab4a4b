/**
 * DESIGN.md's two rules, checked over every source file: the core (all of src/) and the
 * renderer never import electron, and the renderer never reaches into src/core, src/server or
 * src/host — it talks to the core only through src/contract and window.agent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

export function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
}

/** The project folder a relative import lands in, e.g. "src/core". */
function targetArea(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const resolved = path.relative(root, path.resolve(root, path.dirname(file), spec));
  const [top, second] = resolved.split(path.sep);
  return top === 'src' ? `src/${second}` : (top ?? null);
}

describe('architecture boundaries', () => {
  it('finds the files it checks', () => {
    expect(sourceFiles('src').length).toBeGreaterThan(10);
    expect(sourceFiles('renderer').length).toBeGreaterThan(3);
    expect(importsOf('preload/index.ts')).toContain('electron');
  });

  it('nothing under src/ or renderer/ imports electron', () => {
    const offenders = [...sourceFiles('src'), ...sourceFiles('renderer')].filter((f) =>
      importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/')),
    );
    expect(offenders).toEqual([]);
  });

  it('renderer/ never imports src/core, src/server or src/host', () => {
    const offenders = sourceFiles('renderer').flatMap((f) =>
      importsOf(f)
        .filter((s) => ['src/core', 'src/server', 'src/host', 'main'].includes(targetArea(f, s) ?? ''))
        .map((s) => `${f} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('src/core never imports the server, the host or the renderer', () => {
    const offenders = sourceFiles('src/core').flatMap((f) =>
      importsOf(f)
        .filter((s) => ['src/server', 'src/host', 'renderer', 'main'].includes(targetArea(f, s) ?? ''))
        .map((s) => `${f} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});
