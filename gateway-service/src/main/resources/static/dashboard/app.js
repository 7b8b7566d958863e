// The dashboard: polls the public API every few seconds and renders what it answers.

import { ApiError, apiKey, call } from './api.js';
import { adaptActivations, percentiles, RateTracker } from './model.js';
import {
  badge, byId, el, formatMs, formatRate, formatTime, formatUptime, setText, sparkline, syncRows,
} from './view.js';

const POLL_MS = 2000;
const ACTIVATIONS_LIMIT = 50;
const RATE_WINDOW_MS = 10000;
// After a 404/405, GET /activations is asked again only this much later: each refusal is a console line.
const ACTIVATIONS_RETRY_MS = 30000;
const STRATEGIES = ['RR', 'FIFO', 'WEIGHTED'];

const rates = new RateTracker(RATE_WINDOW_MS);
const rateHistory = [];
let timer = null;
let polling = false;
let waitingForKey = false;
let activationsAgainAt = 0;
let activationsGone = null;

// --- the API key -----------------------------------------------------------------------------

function askForKey(message) {
  waitingForKey = true;
  clearTimeout(timer);
  setText('key-message', message);
  byId('key-form').hidden = false;
  byId('key-input').focus();
  status(message, true);
}

function keyProblem(error) {
  if (error.status === 401) {
    return apiKey.get()
      ? 'The API key was refused (401). Enter a valid key.'
      : 'This gateway needs an API key (401).';
  }
  return `This API key does not allow reading the platform (403): ${error.message}`;
}

byId('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = byId('key-input').value.trim();
  if (!key) {
    return;
  }
  apiKey.set(key);
  byId('key-input').value = '';
  byId('key-form').hidden = true;
  waitingForKey = false;
  showKeyState();
  poll();
});

byId('forget-key').addEventListener('click', () => {
  apiKey.clear();
  showKeyState();
  poll();
});

function showKeyState() {
  byId('forget-key').hidden = !apiKey.get();
}

// --- rendering ---------------------------------------------------------------------------------

function status(message, problem) {
  const line = byId('status');
  line.textContent = message;
  line.classList.toggle('problem', Boolean(problem));
}

function renderFunctions(functions, rate) {
  const sorted = [...functions].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  syncRows(byId('functions').tBodies[0], sorted, (f) => String(f.name), (f) => {
    const row = el('tr');
    row.dataset.function = String(f.name);
    row.append(el('td', 'name mono'), el('td', 'id mono'), el('td', 'lang'), el('td', 'version num'),
      el('td', 'invocations num'), el('td', 'rate num'));
    return row;
  }, (row, f) => {
    const cells = row.cells;
    const count = String(f.invocations ?? 0);
    row.classList.toggle('flash', cells[4].textContent !== '' && cells[4].textContent !== count);
    cells[0].textContent = String(f.name);
    cells[1].textContent = String(f.id ?? '');
    cells[2].textContent = String(f.lang ?? '');
    cells[3].textContent = String(f.version ?? '');
    cells[4].textContent = count;
    cells[5].textContent = formatRate(rate.perFunction.get(String(f.name)));
  });
  byId('functions-empty').hidden = functions.length > 0;
  setText('tile-functions', String(functions.length));
  setText('tile-rate', formatRate(rate.total));
  rateHistory.push(rate.total);
  if (rateHistory.length > 60) {
    rateHistory.shift();
  }
  sparkline(byId('rate-chart'), rateHistory);
}

function renderWorkers(pool) {
  const workers = Array.isArray(pool.workers) ? pool.workers : [];
  syncRows(byId('workers').tBodies[0], workers, (w) => String(w.id), (w) => {
    const row = el('tr');
    row.dataset.worker = String(w.id);
    const load = el('td', 'load');
    load.append(document.createElement('meter'));
    row.append(el('td', 'mono'), el('td'), el('td', 'state'), load, el('td', 'num'), el('td', 'num'),
      el('td', 'num'), el('td', 'num'), el('td', 'num'));
    return row;
  }, (row, w) => {
    const cells = row.cells;
    const slots = Number(w.slots) > 0 ? Number(w.slots) : 1;
    const inFlight = Number(w.inFlight) || 0;
    cells[0].textContent = String(w.id);
    cells[1].textContent = w.spare ? 'spare' : String(w.position ?? '');
    cells[2].replaceChildren(badge(w.state));
    const meter = cells[3].firstChild;
    meter.min = 0;
    meter.max = slots;
    meter.high = slots;
    meter.value = Math.min(inFlight, slots);
    meter.title = `${inFlight} of ${slots} slots busy`;
    cells[4].textContent = `${inFlight} / ${slots}`;
    cells[5].textContent = String(w.queued ?? 0);
    cells[6].textContent = String(w.completed ?? 0);
    cells[7].textContent = String(w.failed ?? 0);
    cells[8].textContent = formatUptime(w.uptimeSeconds);
  });
  const active = workers.filter((w) => !w.spare);
  const ready = active.filter((w) => String(w.state).toLowerCase() === 'ready').length;
  const spares = workers.length - active.length;
  setText('tile-workers', `${ready} / ${pool.size ?? active.length}`);
  setText('tile-restarts', String(pool.restarts ?? 0));
  setText('tile-queued', `${pool.queued ?? 0} / ${pool.queueCapacity ?? '–'}`);
  setText('pool', `pool of ${pool.size ?? active.length} (+${spares} spare), ${pool.restarts ?? 0} restarts, `
    + `${pool.queued ?? 0} of ${pool.queueCapacity ?? '–'} queue places taken`);
  setText('autoscaling', describeAutoscaling(pool.autoscaling));
}

// The autoscaler in one line: its bounds, what it asks for and why it last changed the pool.
function describeAutoscaling(a) {
  if (!a || !a.enabled) {
    return 'autoscaling off (a fixed pool)';
  }
  const signal = `${Number(a.stableConcurrency).toFixed(1)} running or waiting on average `
    + `(${Number(a.panicConcurrency).toFixed(1)} lately), ${Number(a.targetPerWorker).toFixed(1)} per worker`;
  const last = a.lastScaling
    ? `; last ${a.lastScaling.from} → ${a.lastScaling.to} at ${new Date(a.lastScaling.at).toLocaleTimeString()}: ${a.lastScaling.reason}`
    : '';
  return `autoscaling ${a.min} to ${a.max} workers: wants ${a.desired}${a.panic ? ' (panic)' : ''}; ${signal}; `
    + `${a.scaleUps} up, ${a.scaleDowns} down${last}`;
}

function renderStrategy(setting) {
  const current = setting && typeof setting.strategy === 'string' ? setting.strategy.toUpperCase() : '';
  for (const button of byId('strategy').querySelectorAll('button[data-strategy]')) {
    button.setAttribute('aria-pressed', String(button.dataset.strategy === current));
  }
  setText('strategy-current', current ? `in force: ${current}` : '');
  document.body.dataset.strategy = current;
}

function renderActivations(records) {
  byId('activations').hidden = records.length === 0;
  const tbody = byId('activations').tBodies[0];
  tbody.replaceChildren(...records.map((a) => {
    const row = el('tr');
    row.dataset.activation = a.id;
    const state = el('td');
    state.append(badge(a.status));
    row.append(el('td', 'num', formatTime(a.start)), el('td', 'mono', a.fn), state,
      el('td', 'num', a.exitCode ?? '–'), el('td', 'num', formatMs(a.durationMs)), el('td', 'mono', a.worker),
      el('td', 'mono', a.id));
    return row;
  }));
  const durations = records.filter((a) => a.status !== 'queued' && a.status !== 'running')
    .map((a) => a.durationMs).filter((d) => d !== null);
  const p = percentiles(durations, [50, 90, 99]);
  setText('tile-latency', p ? `${formatMs(p[50])} / ${formatMs(p[90])} / ${formatMs(p[99])}` : '–');
  setText('latency-basis', p ? `over the last ${durations.length} invocations` : 'no invocation recorded yet');
  setText('activations-note', records.length ? `the newest ${records.length}, newest first` : 'no activation yet');
}

function activationsUnavailable(message) {
  byId('activations').hidden = true;
  byId('activations').tBodies[0].replaceChildren();
  setText('activations-note', message);
  setText('tile-latency', '–');
  setText('latency-basis', 'needs activation records');
}

// --- the strategy control ----------------------------------------------------------------------

function showStrategyError(message) {
  const line = byId('strategy-error');
  line.textContent = message;
  line.hidden = !message;
}

async function switchStrategy(strategy) {
  const buttons = byId('strategy').querySelectorAll('button[data-strategy]');
  buttons.forEach((b) => { b.disabled = true; });
  try {
    renderStrategy(await call('PUT', '/system/strategy', { strategy }));
    showStrategyError('');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      askForKey(keyProblem(error));
    } else if (error instanceof ApiError && error.status === 403) {
      showStrategyError(`This API key may not change the strategy (403): ${error.message}`);
    } else {
      showStrategyError(`The strategy was not changed (${error.status || 'no answer'}): ${error.message}`);
    }
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

byId('strategy').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-strategy]');
  if (button && STRATEGIES.includes(button.dataset.strategy)) {
    switchStrategy(button.dataset.strategy);
  }
});

// --- polling -------------------------------------------------------------------------------------

function readActivations() {
  if (activationsGone && Date.now() < activationsAgainAt) {
    return Promise.reject(activationsGone);
  }
  return call('GET', `/activations?limit=${ACTIVATIONS_LIMIT}`).then((body) => {
    activationsGone = null;
    return body;
  }, (error) => {
    if (error instanceof ApiError && [404, 405, 501].includes(error.status)) {
      activationsGone = error;
      activationsAgainAt = Date.now() + ACTIVATIONS_RETRY_MS;
    }
    throw error;
  });
}

async function refresh() {
  const [functions, workers, strategy, activations] = await Promise.allSettled([
    call('GET', '/functions'),
    call('GET', '/system/workers'),
    call('GET', '/system/strategy'),
    readActivations(),
  ]);
  const failures = [functions, workers, strategy, activations].filter((r) => r.status === 'rejected')
    .map((r) => r.reason);
  const refused = failures.find((e) => e instanceof ApiError && (e.status === 401 || e.status === 403));
  if (refused && [functions, workers, strategy].some((r) => r.status === 'rejected')) {
    askForKey(keyProblem(refused));
    return;
  }
  if (functions.status === 'fulfilled' && Array.isArray(functions.value)) {
    renderFunctions(functions.value, rates.update(functions.value, Date.now()));
  }
  if (workers.status === 'fulfilled' && workers.value) {
    renderWorkers(workers.value);
  }
  if (strategy.status === 'fulfilled') {
    renderStrategy(strategy.value);
  }
  if (activations.status === 'fulfilled') {
    renderActivations(adaptActivations(activations.value));
  } else {
    const { status: code, message } = activations.reason;
    activationsUnavailable(code === 404 || code === 405 || code === 501
      ? 'activations unavailable: this gateway does not offer GET /activations'
      : `activations unavailable (${code || 'no answer'}): ${message}`);
  }
  const apiFailures = [functions, workers, strategy].filter((r) => r.status === 'rejected').map((r) => r.reason);
  if (apiFailures.length) {
    const first = apiFailures[0];
    status(first.status ? `some data could not be read (${first.status}): ${first.message}`
      : `${first.message}; retrying`, true);
  } else {
    status(`updated ${formatTime(new Date())}`, false);
  }
}

async function poll() {
  clearTimeout(timer);
  if (polling) {
    return; // the refresh in flight schedules the next one
  }
  polling = true;
  try {
    await refresh();
  } catch (error) {
    // A bug in rendering must not stop the page: say so where the user looks, and go on.
    status(`the page failed to render: ${error && error.message}`, true);
  } finally {
    polling = false;
  }
  if (!waitingForKey) {
    timer = setTimeout(poll, POLL_MS);
  }
}

showKeyState();
poll();
