// Compiles one native module with node-gyp for a given Node.js and its C headers, without
// downloading anything: used by ensure-native.mjs (the project's Node) and bench-runtimes.mjs
// (copies for another Node, to compare runtimes).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** The project's node-gyp (a dev dependency); without dev dependencies, the one npm bundles. */
function nodeGypScript() {
  try {
    return createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch (err) {
    if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
    throw err;
  }
}

/**
 * node-gyp rebuild in `moduleDir`, run by `node`, against the headers in `nodedir` (a Node
 * install prefix holding include/node). Resolves when built; rejects with node-gyp's and the
 * compiler's output, which is otherwise kept quiet.
 */
export function buildNative({ node, nodedir, moduleDir }) {
  const nodeGyp = nodeGypScript();
  return new Promise((resolve, reject) => {
    const child = spawn(node, [nodeGyp, 'rebuild', '--release', `--nodedir=${nodedir}`], {
      cwd: moduleDir,
      // node-gyp lets npm_config_* override its flags, and npm exports the machine-wide nodedir.
      env: { ...process.env, npm_config_nodedir: nodedir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`node-gyp failed to build ${moduleDir}:\n${Buffer.concat(output).toString()}`)),
    );
  });
}
