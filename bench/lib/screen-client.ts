/**
 * A call screen as the bench holds it open: the SSE stream of /offices/{id}/screen/events, read as the
 * screen's script reads it (`board` events, each the whole list of the last numbers called), noting when
 * each number first appeared. Times are performance.now() of the bench process, the clock the driver
 * notes its calls' answers on.
 */
export interface Screen {
  /** When each called number was first on the screen. */
  firstSeen: Map<number, number>;
  events: number;
  close(): void;
}

export async function openScreen(url: string, officeId: string): Promise<Screen> {
  const abort = new AbortController();
  const res = await fetch(`${url}/offices/${officeId}/screen/events`, {
    headers: { accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`screen events answered ${res.status}`);
  const screen: Screen = { firstSeen: new Map(), events: 0, close: () => abort.abort() };
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let opened: () => void = () => {};
  const first = new Promise<void>((resolve) => {
    opened = resolve;
  });
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const at = performance.now();
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event: board$/m.test(block)) continue;
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          const board = JSON.parse(data) as { called: { number: number }[] };
          screen.events++;
          for (const c of board.called) if (!screen.firstSeen.has(c.number)) screen.firstSeen.set(c.number, at);
          opened();
        }
      }
    } catch {
      // closed by the bench
    }
  })();
  await first; // the board as the stream opens: the screen is showing
  return screen;
}
