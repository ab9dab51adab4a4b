/**
 * Power-cut durability, for real: a child process runs the core and saves in a loop; we
 * SIGKILL it at random moments, reopen the store after each kill, and check that every save
 * it acknowledged is there, that the open call's wrap-up comes back as last saved, and that
 * PRAGMA integrity_check is ok. AGENT_CRASH_KILLS sets the number of kills (200 by default;
 * raise it for a longer run). The figures are printed at the end.
 */
import { spawn } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../src/contract';
import { CallRepository } from '../../src/core/calls/call-repository';
import { NoteRepository } from '../../src/core/notes/note-repository';
import { WrapupRepository } from '../../src/core/wrapup/wrapup-repository';
import { startDemoCore, tempDir } from '../support/test-core';
import { agentFor, inspectDemoStore, unwrap } from '../support/store';

const root = path.resolve(__dirname, '../..');
const KILLS = Number(process.env.AGENT_CRASH_KILLS ?? 200);
let saverJs: string;

beforeAll(async () => {
  // A bundled child starts in a fraction of the time tsx needs, so 200 restarts stay quick.
  saverJs = path.join(tempDir('agent-crash-bundle-'), 'note-saver.cjs');
  await build({
    entryPoints: [path.join(__dirname, 'fixtures/note-saver.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3-multiple-ciphers', 'better-sqlite3', 'keytar'],
    outfile: saverJs,
    logLevel: 'error',
  });
});

interface Acks {
  draft: number;
  wrapup: number;
  script: number;
  /** The highest n acknowledged of any kind: every n above it was never acknowledged. */
  any: number;
  finalized: Map<string, number>;
  lines: number;
}

/** One life of the child: start it, let it save, kill it at a random moment. */
function runUntilKilled(env: Record<string, string>, acks: Acks): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [saverJs], {
      env: { ...process.env, ...env, NODE_PATH: path.join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let stderr = '';
    const kill = () => child.kill('SIGKILL');
    // Most kills land in the save loop, after a random number of acknowledged saves and a random
    // fraction of the next one (so the moment does not depend on how loaded the machine is);
    // some land during start-up (opening, recovering the WAL, migrating).
    let timer: NodeJS.Timeout | null = randomInt(10) === 0 ? setTimeout(kill, randomInt(0, 200)) : null;
    let savesLeft = randomInt(0, 30);
    const ackedThisLife = () => {
      if (timer || savesLeft-- > 0) return;
      timer = setTimeout(kill, randomInt(0, 3));
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, nText, noteId] = line.split(' ');
        const n = Number(nText);
        if (kind === 'READY') {
          if (savesLeft === 0) ackedThisLife();
          continue;
        }
        acks.lines++;
        ackedThisLife();
        acks.any = Math.max(acks.any, n);
        if (kind === 'D') acks.draft = n;
        else if (kind === 'W') acks.wrapup = n;
        else if (kind === 'S') acks.script = n;
        else if (kind === 'F' && noteId) acks.finalized.set(noteId, n);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    // 'close', not 'exit': every line the child wrote before it died must be read first.
    child.on('close', (_code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ signal, stderr });
    });
  });
}

describe('SIGKILL while saving notes', () => {
  it(`keeps every acknowledged save through ${KILLS} kills, with integrity_check ok`, { timeout: 60_000 + KILLS * 2_000 }, async () => {
    const dataDir = tempDir('agent-crash-');
    const { core } = await startDemoCore(dataDir);
    const { agent } = agentFor(core);
    const contact = unwrap(await agent.contacts.create({ fields: { firstName: 'Crash', lastName: 'Test', phones: [{ label: 'm', number: '03001234567' }] } }));
    const call = unwrap(
      await agent.calls.logEvent({ callId: randomUUID(), direction: 'inbound', localNumber: '1001', remoteNumber: '03001234567', event: 'answered', at: new Date().toISOString() }),
    );
    core.close();

    const acks: Acks = { draft: 0, wrapup: 0, script: 0, any: 0, finalized: new Map(), lines: 0 };
    const inFlightAtKill = new Set<number>();
    const stats = { kills: 0, killedBeforeReady: 0, integrityOk: 0, inFlightSavesFound: 0 };
    for (let i = 0; i < KILLS; i++) {
      const before = acks.lines;
      const start = acks.any + 2;
      const { signal, stderr } = await runUntilKilled(
        { CRASH_DATA_DIR: dataDir, CRASH_CALL_ID: call.id, CRASH_CONTACT_ID: contact.id, CRASH_START: String(start) },
        acks,
      );
      expect(stderr).toBe('');
      expect(signal).toBe('SIGKILL');
      stats.kills++;
      if (acks.lines === before) stats.killedBeforeReady++;

      const db = await inspectDemoStore(dataDir);
      try {
        expect(db.pragma('integrity_check', { simple: true }), `after kill ${i + 1}`).toBe('ok');
        stats.integrityOk++;
        const work = new WrapupRepository(db, new CallRepository(db), new NoteRepository(db)).current();
        // What was stored is either the last acknowledged save of its kind, or a later one that
        // was in flight at some kill: durable, but killed before its acknowledgement.
        inFlightAtKill.add(acks.lines > before ? acks.any + 1 : start);
        const within = (n: number, acked: number) => n === acked || (n > acked && inFlightAtKill.has(n));

        const draftRev = work?.draft?.revision ?? 0;
        expect(within(draftRev, acks.draft), `draft revision ${draftRev}, acknowledged ${acks.draft}`).toBe(true);
        if (work?.draft) expect(work.draft.body.startsWith(`draft ${draftRev} `)).toBe(true);
        const cb = Number(work?.wrapup?.callback?.note.replace('cb ', '') ?? 0);
        expect(within(cb, acks.wrapup), `wrap-up ${cb}, acknowledged ${acks.wrapup}`).toBe(true);
        const step = Number(work?.script?.stepId.replace('step-', '') ?? 0);
        expect(within(step, acks.script), `script step ${step}, acknowledged ${acks.script}`).toBe(true);
        if (draftRev > acks.draft || cb > acks.wrapup || step > acks.script) stats.inFlightSavesFound++;

        const notes = new Map(db.prepare<[], { id: string; body: string }>('SELECT id, body FROM notes').all().map((r) => [r.id, r.body]));
        const queued = new Set(
          db
            .prepare<[], { payload: string }>("SELECT payload FROM outbox WHERE kind = 'note.append'")
            .all()
            .map((r) => (JSON.parse(r.payload) as Extract<Mutation, { kind: 'note.append' }>).noteId),
        );
        for (const [id, n] of acks.finalized) {
          expect(notes.get(id), `finalized note ${n}`).toBe(`final ${n}`);
          expect(queued.has(id), `outbox row of note ${n}`).toBe(true);
        }
        // No note without its outbox row, none the other way round.
        expect([...notes.keys()].sort()).toEqual([...queued].sort());
      } finally {
        db.close();
      }
    }

    const summary = {
      kills: stats.kills,
      killedDuringStartUp: stats.killedBeforeReady,
      acknowledgedSaves: acks.lines,
      acknowledgedSavesVerified: acks.lines,
      finalizedNotesVerified: acks.finalized.size,
      unacknowledgedInFlightSavesFoundDurable: stats.inFlightSavesFound,
      integrityCheckOk: `${stats.integrityOk}/${stats.kills}`,
    };
    process.stdout.write(`crash test: ${JSON.stringify(summary)}\n`);
    expect(stats.integrityOk).toBe(KILLS);
    expect(acks.lines).toBeGreaterThan(KILLS);
  });
});
