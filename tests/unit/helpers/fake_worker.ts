// A stand-in for a Web Worker in Node, for the services that post to one
// (src/app/ranking_client.ts, src/app/filter_client.ts): each message is structured-cloned
// with its transfer list, as postMessage does, and handed to `handle`; a reply it returns
// arrives on a later task, or — with 'crash' — the worker dies with an ErrorEvent instead,
// as one whose script fails to load does.
import { vi } from 'vitest';

export type Behaviour = 'answer' | 'crash';

export class FakeWorker<Task, Reply> {
  onmessage: ((event: MessageEvent<Reply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  /** Every message received, in order, as the worker saw it. */
  readonly received: Task[] = [];
  terminated = false;
  constructor(
    private readonly behaviour: Behaviour,
    /** The worker's work: the reply to send (and what to transfer), or null for a message that has none. */
    private readonly handle: (task: Task) => { reply: Reply; transfer?: Transferable[] } | null,
  ) {}

  postMessage(task: Task, transfer: Transferable[] = []): void {
    const received = structuredClone(task, { transfer });
    this.received.push(received);
    const answer = this.handle(received);
    if (!answer) return;
    setTimeout(() => {
      if (this.behaviour === 'crash') return this.onerror?.({ message: 'SyntaxError: import', preventDefault() {} } as ErrorEvent);
      this.onmessage?.({ data: structuredClone(answer.reply, { transfer: answer.transfer ?? [] }) } as MessageEvent<Reply>);
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}

/** A `start` for a service: a spy that makes a FakeWorker each call, and the workers made. */
export function fakeWorkers<Task, Reply>(behaviour: Behaviour, handle: () => (task: Task) => { reply: Reply; transfer?: Transferable[] } | null) {
  const workers: FakeWorker<Task, Reply>[] = [];
  const start = vi.fn(() => {
    const w = new FakeWorker<Task, Reply>(behaviour, handle());
    workers.push(w);
    return w as unknown as Worker;
  });
  return { start, workers };
}
