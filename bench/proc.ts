// What a server costs, read from Linux's /proc: CPU time and resident memory of a process and its
// children (the cluster's workers), and the CPU time of the PostgreSQL backends serving it.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import type pg from 'pg';

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** [parent pid, user+system CPU µs] of a process, undefined once it is gone. */
function stat(pid: number): [number, number] | undefined {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the name: state(3) ppid(4) … utime(14) stime(15), so index = field number - 3.
    return [Number(fields[1]), ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond];
  } catch {
    return undefined;
  }
}

/** The process and every descendant (a cluster primary's workers). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = stat(pid)?.[0];
    if (parent !== undefined) parents.set(parent, [...(parents.get(parent) ?? []), pid]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

/** CPU µs per pid (user + system). */
export function cpuOf(pids: readonly number[]): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    const usage = stat(pid)?.[1];
    if (usage !== undefined) cpu.set(pid, usage);
  }
  return cpu;
}

/** CPU µs spent between two readings; a process that appeared in between counts from zero. */
export function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, usage] of after) total += usage - (before.get(pid) ?? 0);
  return total;
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of the process tree now, in bytes. */
export function rssOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + statusField(pid, 'VmRSS'), 0);
}

/** The highest resident memory each process of the tree reached (the kernel's high-water mark), summed. */
export function peakRssOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + statusField(pid, 'VmHWM'), 0);
}

/**
 * The pids of the PostgreSQL backends serving connections named `applicationName`. Their /proc
 * entries are readable when PostgreSQL runs on this machine and we may read them (same user or
 * root); otherwise database CPU is not measured (undefined).
 */
export async function backendPids(admin: pg.Client, applicationName: string): Promise<number[] | undefined> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
    applicationName,
  ]);
  const pids = rows.map((row) => row.pid);
  return pids.every((pid) => stat(pid) !== undefined) ? pids : undefined;
}
