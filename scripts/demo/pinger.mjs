// A continuous ping from the client (every 10 ms, with timestamps), and the gaps in its replies.
export function startPinger(lab, host, address) {
  const child = lab.start(host, ['ping', '-n', '-D', '-i', '0.01', '-W', '1', address], null);
  const replies = [];
  let buffer = '';
  child.stdout.on('data', (d) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^\[(\d+\.\d+)\] .* icmp_seq=(\d+)/.exec(line);
      if (m !== null) replies.push({ atMs: Number(m[1]) * 1000, seq: Number(m[2]) });
    }
  });
  return {
    replies,
    /** The longest gap between consecutive replies after sinceMs (epoch ms), and the replies missed. */
    gapSince(sinceMs) {
      const first = replies.findLastIndex((r) => r.atMs < sinceMs);
      const after = replies.slice(Math.max(first, 0));
      let gap = { ms: 0, lost: 0 };
      for (let i = 1; i < after.length; i++) {
        const ms = after[i].atMs - after[i - 1].atMs;
        if (ms > gap.ms) gap = { ms, lost: after[i].seq - after[i - 1].seq - 1 };
      }
      return gap;
    },
    stop: () => lab.killGroup(child),
  };
}
