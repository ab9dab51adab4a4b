/**
 * The local store on 200,000 seeded contacts: screen-pop lookup by number, FTS search and a
 * durable (synchronous=FULL) note save, each on the encrypted store and on plain unencrypted
 * better-sqlite3 in the same run, with the cost of encryption as a ratio. Prints figures only.
 *
 *   npm run bench                     (all benches)
 *   BENCH_CONTACTS=50000 node --import tsx bench/store.bench.ts
 *
 * BENCH_FIGURES_FILE=<path> also writes the figures as JSON there (scripts/bench-runtimes.mjs
 * compares two Node.js releases with it).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import PlainDatabase from 'better-sqlite3';
import { ContactRepository } from '../src/core/contacts/contact-repository';
import { toE164 } from '../src/core/contacts/phone-number';
import { NoteRepository } from '../src/core/notes/note-repository';
import { openDatabase, type Db } from '../src/core/store/database';
import { migrate } from '../src/core/store/migrate';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 200_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2_000);
const TARGETS = { lookup: 0.5, search: 10, save: 5 } as const;

// A deterministic generator, so both stores get the same data and the same queries.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const FIRST = ['Ali', 'Ayesha', 'Bilal', 'Fatima', 'Hamza', 'Hina', 'Imran', 'Kashif', 'Maryam', 'Nadia', 'Omar', 'Sana', 'Usman', 'Zainab', 'Saad', 'Amna', 'John', 'Emily', 'Michael', 'Sarah', 'David', 'Laura', 'James', 'Olivia', 'Tariq', 'Rabia', 'Faisal', 'Mehwish', 'Asad', 'Iqra'];
const LAST = ['Khan', 'Ahmed', 'Raza', 'Malik', 'Hussain', 'Qureshi', 'Sheikh', 'Chaudhry', 'Butt', 'Iqbal', 'Siddiqui', 'Mirza', 'Javed', 'Aslam', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Baig', 'Abbasi', 'Zaidi', 'Rizvi', 'Farooq', 'Anwar', 'Saleem'];
const COMPANY_A = ['Indus', 'Crescent', 'Karachi', 'Lahore', 'Punjab', 'Northern', 'Atlas', 'Pak', 'Global', 'Metro', 'Summit', 'Falcon', 'Orient', 'Royal', 'Golden'];
const COMPANY_B = ['Motors', 'Textiles', 'Telecom', 'Foods', 'Pharma', 'Logistics', 'Traders', 'Cement', 'Energy', 'Insurance', 'Electric', 'Steel'];
const NOTES = ['asked about refund', 'wants a callback', 'billing dispute', 'upgrade to premium', 'warranty claim', 'delivery late', 'address change', ''];

interface Seeded {
  mobiles: string[];
  nationals: string[];
}

function seedContacts(db: Db): Seeded {
  const mobiles: string[] = [];
  const nationals: string[] = [];
  const insertContact = db.prepare(
    `INSERT INTO contacts (id, first_name, last_name, company, email, timezone, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'Asia/Karachi', ?, ?)`,
  );
  const insertPhone = db.prepare('INSERT INTO contact_phones (contact_id, position, label, e164) VALUES (?, ?, ?, ?)');
  const insertNote = db.prepare('INSERT INTO notes (id, contact_id, body, created_at) VALUES (?, ?, ?, ?)');
  const now = new Date().toISOString();
  // As a first sync would: many rows per transaction, and each contact's phones and notes
  // before the contact itself (foreign keys checked at commit), so the FTS triggers index each
  // contact once instead of once per row.
  const batch = db.transaction((from: number, to: number) => {
    db.pragma('defer_foreign_keys = ON');
    for (let i = from; i < to; i++) {
      const id = randomUUID();
      const first = pick(FIRST);
      const last = pick(LAST);
      const national = `03${String(Math.floor(rand() * 5))}${String(i).padStart(8, '0')}`;
      nationals.push(national);
      mobiles.push(`+92${national.slice(1)}`);
      insertPhone.run(id, 0, 'mobile', `+92${national.slice(1)}`);
      if (i % 3 === 0) insertPhone.run(id, 1, 'office', `+924235${String(i).padStart(6, '0')}`);
      const note = pick(NOTES);
      if (note) insertNote.run(randomUUID(), id, note, now);
      insertContact.run(id, first, last, `${pick(COMPANY_A)} ${pick(COMPANY_B)}`, `${first}.${last}${i}@example.pk`.toLowerCase(), now, now);
    }
  });
  for (let i = 0; i < CONTACTS; i += 10_000) batch(i, Math.min(CONTACTS, i + 10_000));
  return { mobiles, nationals };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

type Op = (i: number) => void;
type Figures = Record<'lookup' | 'search' | 'save', { p50: number; p99: number }>;

/**
 * Times the same operation on both stores, alternating sample by sample, so that load from
 * anything else on the machine falls on both alike and the ratio stays fair.
 */
function measurePair(enc: Op, plain: Op): [{ p50: number; p99: number }, { p50: number; p99: number }] {
  for (let i = 0; i < Math.min(200, SAMPLES); i++) {
    enc(i);
    plain(i);
  }
  const te: number[] = [];
  const tp: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    let t = performance.now();
    enc(i);
    te.push(performance.now() - t);
    t = performance.now();
    plain(i);
    tp.push(performance.now() - t);
  }
  const stat = (xs: number[]) => (xs.sort((a, b) => a - b), { p50: percentile(xs, 50), p99: percentile(xs, 99) });
  return [stat(te), stat(tp)];
}

const SEARCH_KINDS = ['last name', 'first and last name', 'three letters', 'company words', 'phone digits'] as const;

interface Subject {
  lookup: Op;
  search: Op;
  save: Op;
  /** The same queries by kind, to show which kind of search costs what. */
  searchBy: Op[];
  /** Wall time of seeding the contacts, in seconds. */
  seedSeconds: number;
}

function prepare(label: string, db: Db): Subject {
  seed = 42;
  const t = performance.now();
  const seeded = seedContacts(db);
  const seedSeconds = (performance.now() - t) / 1000;
  process.stdout.write(`${label}: seeded ${CONTACTS} contacts in ${seedSeconds.toFixed(1)} s\n`);
  const contacts = new ContactRepository(db);
  const notes = new NoteRepository(db);

  seed = 7;
  const lookupNumbers = Array.from({ length: SAMPLES }, () => pick(seeded.nationals));
  const queries = Array.from({ length: SAMPLES }, (_, i) => {
    switch (i % 5) {
      case 0:
        return pick(LAST);
      case 1:
        return `${pick(FIRST)} ${pick(LAST)}`;
      case 2:
        return pick(FIRST).slice(0, 3);
      case 3:
        return `${pick(COMPANY_A)} ${pick(COMPANY_B).slice(0, 4)}`;
      default:
        return pick(seeded.nationals).slice(0, 8);
    }
  });
  const callId = randomUUID();
  db.prepare("INSERT INTO calls (id, direction, local_number, remote_number, started_at) VALUES (?, 'inbound', '1001', '03001234567', ?)").run(
    callId,
    new Date().toISOString(),
  );
  const typed = 'Customer called about the invoice for last month; wants the late fee waived and a callback. ';
  let revision = 0;
  return {
    seedSeconds,
    // What the screen pop does: normalize the caller's number, then look it up.
    lookup: (i) => {
      const e164 = toE164(lookupNumbers[i % lookupNumbers.length]!);
      if (!e164 || contacts.lookupByE164(e164).length === 0) throw new Error(`lookup missed ${lookupNumbers[i % lookupNumbers.length]}`);
    },
    search: (i) => void contacts.search(queries[i % queries.length]!, 20),
    searchBy: SEARCH_KINDS.map((_, kind) => (i: number) => void contacts.search(queries[(i * 5 + kind) % queries.length]!, 20)),
    // An autosave: the whole draft, committed with synchronous=FULL before it returns.
    save: (i) => void notes.saveDraft({ callId }, typed.repeat(1 + (i % 8)), ++revision),
  };
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-bench-'));
  try {
    const encrypted = openDatabase({ file: path.join(dir, 'encrypted.db'), key: randomBytes(32) });
    const plainDb = new PlainDatabase(path.join(dir, 'plain.db'));
    plainDb.pragma('journal_mode = WAL');
    plainDb.pragma('synchronous = FULL');
    plainDb.pragma('foreign_keys = ON');
    plainDb.pragma('cache_size = -32768');
    plainDb.pragma('wal_autocheckpoint = 200');
    const plainAsDb = plainDb as unknown as Db;
    migrate(plainAsDb);
    const e = prepare('encrypted (SQLCipher 4, WAL, synchronous=FULL)', encrypted);
    const p = prepare('plain better-sqlite3 (WAL, synchronous=FULL)', plainAsDb);
    const enc = {} as Figures;
    const plain = {} as Figures;
    for (const k of ['lookup', 'search', 'save'] as const) [enc[k], plain[k]] = measurePair(e[k], p[k]);
    const byKind = SEARCH_KINDS.map((_, i) => measurePair(e.searchBy[i]!, p.searchBy[i]!));
    encrypted.close();
    plainDb.close();
    if (process.env.BENCH_FIGURES_FILE) {
      const figures = { node: process.version, contacts: CONTACTS, samples: SAMPLES, seedSeconds: { encrypted: e.seedSeconds, plain: p.seedSeconds }, encrypted: enc, plain };
      fs.writeFileSync(process.env.BENCH_FIGURES_FILE, JSON.stringify(figures));
    }

    const ms = (v: number) => `${v.toFixed(3)} ms`.padStart(11);
    const rows: Array<[keyof Figures, string]> = [
      ['lookup', 'screen-pop lookup by number'],
      ['search', 'FTS contact search (top 20)'],
      ['save', 'durable note save'],
    ];
    process.stdout.write(`\nstore bench: ${CONTACTS} contacts, ${SAMPLES} samples each, ${os.cpus().length} cores, node ${process.version}\n`);
    process.stdout.write(`${'operation'.padEnd(30)}${'enc p50'.padStart(11)}${'enc p99'.padStart(11)}${'plain p50'.padStart(11)}${'plain p99'.padStart(11)}  p50×  p99×  target p99\n`);
    for (const [k, name] of rows) {
      const e = enc[k];
      const p = plain[k];
      const verdict = e.p99 <= TARGETS[k] ? 'met' : 'MISSED';
      process.stdout.write(
        `${name.padEnd(30)}${ms(e.p50)}${ms(e.p99)}${ms(p.p50)}${ms(p.p99)}  ${(e.p50 / p.p50).toFixed(2).padStart(4)}  ${(e.p99 / p.p99).toFixed(2).padStart(4)}  ≤ ${TARGETS[k]} ms ${verdict}\n`,
      );
    }
    for (const [i, kind] of SEARCH_KINDS.entries()) {
      const [e, p] = byKind[i]!;
      process.stdout.write(
        `${`  search: ${kind}`.padEnd(30)}${ms(e.p50)}${ms(e.p99)}${ms(p.p50)}${ms(p.p99)}  ${(e.p50 / p.p50).toFixed(2).padStart(4)}  ${(e.p99 / p.p99).toFixed(2).padStart(4)}\n`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
