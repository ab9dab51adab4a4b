import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallScriptDocument, type ScriptVariables } from '../../src/contract/agent-api/call-script';
import { fieldProblem, nextPageId, pageById, pageProblems, renderScriptText } from '../../renderer/src/script-and-notes/script-runtime';

const demo = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../resources/demo/scripts/broadband-retention.json'), 'utf8'));
const vars: ScriptVariables = {
  contact: { firstName: 'Bilal', lastName: 'Ahmed', company: '' },
  agent: { name: 'Ayesha Khan' },
  call: { number: '+923001234567' },
};

function issues(doc: unknown): string[] {
  const r = CallScriptDocument.safeParse(doc);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe('call script documents', () => {
  it('accepts the demo script', () => {
    expect(issues(demo)).toEqual([]);
  });

  it('refuses broken scripts with a message that says what is wrong', () => {
    const broken = (patch: (d: typeof demo) => void) => {
      const d = structuredClone(demo);
      patch(d);
      return issues(d);
    };
    expect(broken((d) => (d.startPage = 'nowhere'))).toEqual(['start page "nowhere" does not exist']);
    expect(broken((d) => (d.pages[0].branches[0].goto = 'gone'))).toEqual(['branch on page "greeting" goes to missing page "gone"']);
    expect(broken((d) => (d.pages[0].branches[0].equals = 'maybe'))).toEqual(['a yes/no field is answered "yes" or "no", not "maybe"']);
    expect(broken((d) => (d.pages[1].branches[0].equals = 'Furious'))).toEqual(['"Furious" is not an option of field "satisfaction"']);
    expect(broken((d) => (d.pages[1].branches[0].field = 'hasTime'))).toEqual([
      'branch on page "satisfaction" tests field "hasTime", which is not on that page',
    ]);
    expect(broken((d) => (d.pages[2].id = 'greeting'))).toContain('page "greeting" appears twice');
    expect(broken((d) => (d.pages[1].fields[1].kind = 'slider'))).not.toEqual([]);
    expect(issues({ id: 'x' })).not.toEqual([]);
    expect(issues('not a script')).not.toEqual([]);
  });
});

describe('running a script', () => {
  const script = CallScriptDocument.parse(demo);
  const page = (id: string) => pageById(script, id)!;

  it('fills variables and blanks unknown ones', () => {
    expect(renderScriptText(page('greeting').text[0]!, vars)).toBe('Assalam-o-Alaikum Bilal, this is Ayesha Khan from StarNet Broadband.');
    expect(renderScriptText('{{call.number}} {{contact.age}} {{nope.x}}', vars)).toBe('+923001234567');
  });

  it('greets an unknown caller without a blank where the name goes', () => {
    const unknown = { ...vars, contact: { firstName: '', lastName: '', company: '' } };
    expect(renderScriptText(page('greeting').text[0]!, unknown)).toBe('Assalam-o-Alaikum, this is Ayesha Khan from StarNet Broadband.');
    expect(renderScriptText('Hello {{contact.firstName}} {{contact.lastName}}!', unknown)).toBe('Hello!');
  });

  it('holds the agent on a page until required fields are answered', () => {
    expect(pageProblems(page('greeting'), {})).toEqual(['Customer has time to talk is required']);
    expect(pageProblems(page('greeting'), { hasTime: 'yes' })).toEqual([]);
    expect(pageProblems(page('satisfaction'), { satisfaction: 'Meh' })).toEqual(['Satisfaction: pick one of the options']);
    expect(fieldProblem(page('callLater').fields[0]!, '2026-02-30x')).toBe('Preferred callback date: enter a date');
    expect(fieldProblem(page('callLater').fields[0]!, '2026-12-01')).toBeNull();
  });

  it('branches on an answer, else continues, and ends on the last page', () => {
    expect(nextPageId(page('greeting'), { hasTime: 'no' })).toBe('callLater');
    expect(nextPageId(page('greeting'), { hasTime: 'yes' })).toBe('satisfaction');
    expect(nextPageId(page('satisfaction'), { satisfaction: 'Unhappy' })).toBe('offer');
    expect(nextPageId(page('satisfaction'), { satisfaction: 'Very happy' })).toBe('close');
    expect(nextPageId(page('close'), {})).toBeNull();
  });
});
