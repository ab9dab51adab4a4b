/** The push admission gate (src/server/push-admission.ts): at most `limit` pushes worked on at once, the rest in arrival order. */
import { describe, expect, it } from 'vitest';
import { AdmissionGate } from '../../src/server/push-admission';

describe('AdmissionGate', () => {
  it('admits up to its limit, then the next in arrival order as each leaves', async () => {
    const gate = new AdmissionGate(2);
    const admitted: string[] = [];
    const enter = (name: string) => gate.enter().then((leave) => (admitted.push(name), leave));
    const [leaveA, leaveB] = await Promise.all([enter('a'), enter('b')]);
    const c = enter('c');
    const d = enter('d');
    await Promise.resolve();
    expect(admitted).toEqual(['a', 'b']);
    expect(gate.counts).toEqual({ active: 2, waiting: 2 });
    leaveB();
    const leaveC = await c;
    expect(admitted).toEqual(['a', 'b', 'c']);
    leaveA();
    const leaveD = await d;
    expect(admitted).toEqual(['a', 'b', 'c', 'd']);
    leaveC();
    leaveD();
    expect(gate.counts).toEqual({ active: 0, waiting: 0 });
  });

  it('a push that leaves twice (answered, then its socket closed) frees one place only', async () => {
    const gate = new AdmissionGate(1);
    const leave = await gate.enter();
    leave();
    leave();
    expect(gate.counts).toEqual({ active: 0, waiting: 0 });
    await gate.enter();
    expect(gate.counts).toEqual({ active: 1, waiting: 0 });
  });

  it('refuses a limit that is not a whole number of pushes', () => {
    expect(() => new AdmissionGate(0)).toThrow(RangeError);
    expect(() => new AdmissionGate(1.5)).toThrow(RangeError);
  });
});
