/**
 * Which Node.js the sync server may run on. The supported range is package.json's
 * `engines.node` (the one rule; npm reads the same field), checked before anything starts: the
 * server holds customer data and must not run on a release without security fixes.
 */
import { satisfies, valid } from 'semver';

export interface UnsupportedNode {
  code: 'UNSUPPORTED_NODE';
  /** What runs, what is supported and how to start on a supported Node, for the operator. */
  message: string;
}

/**
 * @param version  the running Node's version as `process.version` gives it, e.g. "v24.11.1"
 * @param supported  an npm semver range, e.g. "^24.11.0" (package.json `engines.node`)
 * @returns null when `version` satisfies `supported`, otherwise UNSUPPORTED_NODE
 */
export function checkNodeRuntime(version: string, supported: string): UnsupportedNode | null {
  if (valid(version) && satisfies(version, supported)) return null;
  return {
    code: 'UNSUPPORTED_NODE',
    message:
      `The sync server runs on Node.js ${supported} (package.json "engines"), not ${version}. ` +
      "Start it with `npm run server`, which uses the project's Node (node_modules/.bin/node, " +
      'installed by npm ci), or install Node.js 24 LTS.',
  };
}
