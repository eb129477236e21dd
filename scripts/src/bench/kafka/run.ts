#!/usr/bin/env tsx
// `tsx scripts/src/bench/kafka/run.ts [--quick] [--runs 3] [--out BENCHMARKS.md]`: the Kafka phase on
// its own. Prints the table and writes its section into the report between the markers below
// (replacing an earlier one, or appending), leaving the rest of the file as the main bench wrote it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { renderMarkdown, renderTable } from '../report.js';
import { machineInfo } from '../machine.js';
import { ROOT } from '../../distributed/topology.js';
import { kafkaPhase } from './phase.js';
import { withSection } from './section.js';

const opts = new Command()
  .option('--quick', '小规模 / small scale')
  .option('--runs <n>', '每项重复次数 / runs per figure', (v) => Number.parseInt(v, 10))
  .option('--out <file>', '报告文件 / report file', path.join(ROOT, 'BENCHMARKS.md'))
  .parse()
  .opts<{ quick?: boolean; runs?: number; out: string }>();

const log = (line: string) => process.stdout.write(`${line}\n`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zz-bench-kafka-'));
const started = performance.now();
try {
  const runs = opts.runs ?? 3;
  const result = await kafkaPhase({ quick: Boolean(opts.quick), runs, work, log });
  log(`\n${renderTable(result.figures)}`);
  // renderMarkdown's body, without its document header and machine block (the main report has them).
  const md = renderMarkdown({
    machine: machineInfo(),
    figures: result.figures,
    notes: result.notes,
    quick: Boolean(opts.quick),
    runs,
    seconds: (performance.now() - started) / 1000,
    scale: result.parameters,
  });
  const body = md
    .slice(md.indexOf(`## ${result.figures[0]?.section ?? 'Notes'}`))
    .replace('## Notes', '### Notes (Kafka)')
    .replace('## Parameters', '### Parameters (Kafka)');
  const stamp = `_Measured by \`tsx scripts/src/bench/kafka/run.ts${opts.quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}; median of ${runs} runs._\n\n`;
  const existing = fs.existsSync(opts.out) ? fs.readFileSync(opts.out, 'utf8') : '# Benchmarks / 性能基准\n';
  fs.writeFileSync(opts.out, withSection(existing, stamp + body));
  log(`\n报告已写入 written to ${path.relative(process.cwd(), opts.out) || opts.out}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
