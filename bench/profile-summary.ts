// Summarises a V8 .cpuprofile (`node --cpu-prof`): self time grouped by package — an npm package,
// a folder of this project, Node's core, the garbage collector — and the functions that spent
// the most self time. `tsx bench/profile-summary.ts <file.cpuprofile> [top] [from ms]`, or from profile.ts.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  /** Microseconds from the previous sample (the first: from startTime). */
  timeDeltas: number[];
}

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where a frame's code comes from. */
function packageOf({ functionName, url }: ProfileNode['callFrame']): string {
  if (!url) return /^\(.*\)$/.test(functionName) ? functionName : '(V8 built-ins)';
  if (url.startsWith('node:')) return 'node (core)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = path.slice(modules + '/node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  const local = relative(projectRoot, path);
  return local.startsWith('..') ? path : local.split('/').slice(0, 2).join('/');
}

function frameName({ functionName, url, lineNumber }: ProfileNode['callFrame']): string {
  const file = url.startsWith('file://')
    ? relative(projectRoot, fileURLToPath(url)).replace(/^.*node_modules\//, '')
    : url;
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/** `fromUs`: leave out the samples of the profile's first microseconds (the process starting). */
export function summariseProfile(
  file: string,
  { top = 25, fromUs = 0 }: { top?: number; fromUs?: number } = {},
): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  // A sample stands for the time until the next one.
  const selfUs = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((nodeId, index) => {
    at += profile.timeDeltas[index] ?? 0;
    const us = profile.timeDeltas[index + 1] ?? 0;
    if (at >= fromUs) selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + us);
  });
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, { pkg: string; us: number }>();
  let busyUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us || node.callFrame.functionName === '(idle)') continue;
    busyUs += us;
    const pkg = packageOf(node.callFrame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const name = frameName(node.callFrame);
    byFunction.set(name, { pkg, us: (byFunction.get(name)?.us ?? 0) + us });
  }
  const percent = (us: number) => `${((us / busyUs) * 100).toFixed(1).padStart(5)} %`;
  const lines = [
    `${(busyUs / 1000).toFixed(0)} ms busy of ${((profile.endTime - profile.startTime - fromUs) / 1000).toFixed(0)} ms ` +
      `sampled${fromUs ? ` (the first ${(fromUs / 1000).toFixed(0)} ms left out)` : ''}`,
    '',
    'self time by package:',
    ...[...byPackage]
      .sort((a, b) => b[1] - a[1])
      .filter(([, us]) => us / busyUs >= 0.005)
      .map(([pkg, us]) => `  ${percent(us)}  ${pkg}`),
    '',
    `top ${top} functions by self time:`,
    ...[...byFunction]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([name, { pkg, us }]) => `  ${percent(us)}  ${name}  [${pkg}]`),
  ];
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, top, fromMs] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top] [from ms]');
  console.log(summariseProfile(file, { top: top ? Number(top) : undefined, fromUs: Number(fromMs ?? 0) * 1000 }));
}
