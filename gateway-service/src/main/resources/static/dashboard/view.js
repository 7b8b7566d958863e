// DOM helpers. Everything shown comes from user data (names, outputs): it only ever goes in as
// textContent or as an attribute value, never as markup.

export function byId(id) {
  return document.getElementById(id);
}

export function setText(id, value) {
  byId(id).textContent = value;
}

/** A new element with a class name (optional) and text (optional). */
export function el(tag, className, content) {
  const element = document.createElement(tag);
  if (className) {
    element.className = className;
  }
  if (content !== undefined && content !== null) {
    element.textContent = String(content);
  }
  return element;
}

/** A badge for a state or status; its class is added only when it is a plain word. */
export function badge(value) {
  const word = String(value || '').toLowerCase();
  const element = el('span', 'badge', word || '–');
  if (/^[a-z_-]{1,32}$/.test(word)) {
    element.classList.add(word);
  }
  return element;
}

/**
 * Keeps a table body in step with a list of items: one row per key, updated in place (so a row
 * stays the same element while it lives), in the given order, with rows of vanished keys removed.
 */
export function syncRows(tbody, items, keyOf, create, update) {
  const existing = new Map();
  for (const row of tbody.rows) {
    existing.set(row.dataset.key, row);
  }
  const wanted = new Set();
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    wanted.add(key);
    let row = existing.get(key);
    if (!row) {
      row = create(item);
      row.dataset.key = key;
    }
    update(row, item);
    const next = previous ? previous.nextSibling : tbody.firstChild;
    if (next !== row) {
      tbody.insertBefore(row, next);
    }
    previous = row;
  }
  for (const [key, row] of existing) {
    if (!wanted.has(key)) {
      row.remove();
    }
  }
}

export function formatMs(ms) {
  if (ms === null || ms === undefined) {
    return '–';
  }
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

export function formatRate(rate) {
  if (rate === null || rate === undefined) {
    return '–';
  }
  return rate >= 10 ? rate.toFixed(0) : rate.toFixed(rate > 0 && rate < 0.1 ? 2 : 1);
}

export function formatUptime(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    return '–';
  }
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

export function formatTime(date) {
  return date ? date.toLocaleTimeString([], { hour12: false }) : '–';
}

/** A small line chart of the recent values on a canvas. */
export function sparkline(canvas, values) {
  const context = canvas.getContext('2d');
  if (!context) {
    return;
  }
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const shown = values.filter((v) => typeof v === 'number');
  if (shown.length < 2) {
    return;
  }
  const max = Math.max(...shown, 1);
  context.strokeStyle = '#654ff0';
  context.lineWidth = 1.5;
  context.beginPath();
  shown.forEach((value, i) => {
    const x = (i / (shown.length - 1)) * (width - 2) + 1;
    const y = height - 1 - (value / max) * (height - 2);
    if (i === 0) {
      context.moveTo(x, y);
    } else {
      context.lineTo(x, y);
    }
  });
  context.stroke();
}
