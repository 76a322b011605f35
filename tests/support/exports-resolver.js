// SPDX-License-Identifier: MIT
// Which file package.json's `exports` map gives a set of conditions, by Node's algorithm
// (PACKAGE_EXPORTS_RESOLVE and PACKAGE_TARGET_RESOLVE in Node's "Resolution algorithm" of its ESM docs, the one
// bundlers and Deno, Bun and wrangler follow too): a condition object's keys are tried in their order, `default`
// always matches, and a branch that resolves to nothing lets the next key try.

/**
 * @param {unknown} exportsField package.json's `exports`
 * @param {string} subpath '.' or './…'
 * @param {string[]} conditions e.g. ['workerd', 'worker', 'browser', 'import']
 * @returns {string | null} the target ('./dist/…'), or null when nothing matches
 */
export function resolveExports(exportsField, subpath, conditions) {
  const isSubpathMap =
    exportsField !== null &&
    typeof exportsField === 'object' &&
    !Array.isArray(exportsField) &&
    Object.keys(exportsField).some((key) => key.startsWith('.'));
  const target = isSubpathMap ? exportsField[subpath] : subpath === '.' ? exportsField : undefined;
  return resolveTarget(target, conditions) ?? null;
}

function resolveTarget(target, conditions) {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const resolved = resolveTarget(item, conditions);
      if (resolved !== undefined) return resolved;
    }
    return undefined;
  }
  if (target !== null && typeof target === 'object') {
    for (const [key, value] of Object.entries(target)) {
      if (key !== 'default' && !conditions.includes(key)) continue;
      const resolved = resolveTarget(value, conditions);
      if (resolved !== undefined) return resolved;
    }
  }
  return undefined;
}
