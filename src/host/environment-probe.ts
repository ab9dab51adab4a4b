import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppStatus } from '../contract';
import type { HostReading } from '../core/app/environment';

/** Online when any non-loopback interface is up; Electron's net.isOnline plays this part in main. */
export function probeNetwork(): AppStatus['network'] {
  for (const addrs of Object.values(os.networkInterfaces())) {
    if (addrs?.some((a) => !a.internal)) return 'online';
  }
  return 'offline';
}

/** Reads Linux's power_supply class; other platforms report unknown (main uses powerMonitor). */
export function probePower(root = '/sys/class/power_supply'): Pick<AppStatus, 'power' | 'batteryPercent'> {
  let entries: string[];
  try {
    entries = fs.readdirSync(root);
  } catch {
    return { power: 'unknown', batteryPercent: null };
  }
  const read = (dir: string, name: string) => {
    try {
      return fs.readFileSync(path.join(root, dir, name), 'utf8').trim();
    } catch {
      return null;
    }
  };
  const battery = entries.find((e) => read(e, 'type') === 'Battery');
  const mains = entries.find((e) => read(e, 'type') === 'Mains');
  if (!battery) return { power: mains ? 'ac' : 'unknown', batteryPercent: null };
  const capacity = Number(read(battery, 'capacity'));
  const status = read(battery, 'status');
  return {
    power: status === 'Discharging' ? 'battery' : 'ac',
    batteryPercent: Number.isFinite(capacity) ? Math.min(100, Math.max(0, capacity)) : null,
  };
}

export function probeEnvironment(): Required<HostReading> {
  return { network: probeNetwork(), ...probePower() };
}
