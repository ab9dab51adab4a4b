/**
 * The ringtone, synthesized as a small WAV once (no asset to ship or fetch): a 440+480 Hz
 * North-American ring, 2 s on and 4 s off, looped by an <audio> element so the ringer device
 * can be chosen with setSinkId.
 */
export function ringtoneWavUrl(): string {
  const rate = 8000;
  const seconds = 6;
  const samples = rate * seconds;
  const buf = new ArrayBuffer(44 + samples * 2);
  const v = new DataView(buf);
  const str = (o: number, s: string) => [...s].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)));
  str(0, 'RIFF');
  v.setUint32(4, 36 + samples * 2, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  str(36, 'data');
  v.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const on = t < 2;
    const s = on ? 0.25 * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t)) : 0;
    v.setInt16(44 + i * 2, Math.round(s * 32767 * 0.5), true);
  }
  return URL.createObjectURL(new Blob([buf], { type: 'audio/wav' }));
}
