// What the page computes from what the API answers: activation records, rates and percentiles.

function text(value) {
  return value === undefined || value === null ? '' : String(value);
}

function number(value) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function instant(value) {
  if (value === undefined || value === null || value === '') {
    return null;
  }
  const date = typeof value === 'number' ? new Date(value) : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The records of GET /activations (a JSON array, newest first) as the page shows them. A record
 * still queued has no start yet: its submission time stands in.
 */
export function adaptActivations(body) {
  const list = Array.isArray(body) ? body : [];
  return list
    .filter((item) => item && typeof item === 'object')
    .map((item) => ({
      id: text(item.activationId),
      fn: text(item.name),
      status: text(item.status),
      exitCode: number(item.exitCode),
      start: instant(item.start ?? item.submitted),
      durationMs: number(item.durationMs),
      worker: text(item.worker),
    }));
}

/** Nearest-rank percentiles of the given values: {p: value}, or null for none. */
export function percentiles(values, ranks) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return null;
  }
  const answer = {};
  for (const p of ranks) {
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    answer[p] = sorted[index];
  }
  return answer;
}

/**
 * Invocation rates from the counts of GET /functions: the change of each function's count over
 * the samples of the last window, per second. A count that went down (a server restart, a
 * function deleted and deployed again) starts that function's history anew.
 */
export class RateTracker {
  constructor(windowMs) {
    this.windowMs = windowMs;
    this.samples = [];
  }

  /** Records the counts seen at time now (ms) and answers {total, perFunction: Map name -> rate}. */
  update(functions, now) {
    const counts = new Map(functions.map((f) => [text(f.name), number(f.invocations) ?? 0]));
    this.samples.push({ at: now, counts });
    while (this.samples.length > 2 && now - this.samples[1].at >= this.windowMs) {
      this.samples.shift();
    }
    const oldest = this.samples[0];
    const seconds = (now - oldest.at) / 1000;
    const perFunction = new Map();
    if (this.samples.length < 2 || seconds <= 0) {
      return { total: null, perFunction };
    }
    let total = 0;
    for (const [name, count] of counts) {
      const before = oldest.counts.get(name);
      const rate = before === undefined || count < before ? null : (count - before) / seconds;
      perFunction.set(name, rate);
      total += rate ?? 0;
    }
    return { total, perFunction };
  }
}
