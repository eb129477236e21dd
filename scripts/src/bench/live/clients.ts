// Child process of the live fan-out bench: holds the SSE streams so their parsing doesn't share the
// server's event loop. Times are absolute (timeOrigin + now), comparable across processes.
import { openLiveStream } from '@zz/projections';

const [base, token, count] = process.argv.slice(2) as [string, string, string];
const streams = Number(count);
const now = () => performance.timeOrigin + performance.now();
const receipts: [number, number][][] = Array.from({ length: streams }, () => []);
const lastSeen = new Array<number>(streams).fill(0);
const controllers: AbortController[] = [];
let waitingFor = Infinity;
let finished = false;

function maybeDone() {
  if (finished || !lastSeen.every((p) => p >= waitingFor)) return;
  finished = true;
  process.send!({ kind: 'receipts', receipts }, () => {
    for (const c of controllers) c.abort();
    process.exit(0);
  });
}

process.on('message', (m: { kind: string; last?: number }) => {
  if (m.kind === 'finish') {
    waitingFor = m.last!;
    maybeDone();
  }
});

await Promise.all(
  Array.from({ length: streams }, (_, i) => {
    const ctl = new AbortController();
    controllers.push(ctl);
    return new Promise<void>((resolve, reject) => {
      openLiveStream(base, token, {
        signal: ctl.signal,
        onOpen: resolve,
        onMessage: (msg) => {
          if (msg.event !== 'case' || msg.id === null) return;
          receipts[i]!.push([msg.id, now()]);
          lastSeen[i] = msg.id;
          if (msg.id >= waitingFor) maybeDone();
        },
      }).catch(reject);
    });
  }),
);
process.send!({ kind: 'ready' });
