// The page's handle on the worker that owns the wasm. Requests are promises;
// cancelling terminates the worker (the only way to stop a running wasm call)
// and starts a fresh one.

export class CancelledError extends Error {
  constructor() { super('Cancelled.'); this.name = 'CancelledError'; }
}

export class InternalError extends Error {
  constructor(detail) {
    super('Internal error: the calculator stopped unexpectedly and was restarted. Your data was not changed; please try again.');
    this.name = 'InternalError';
    this.detail = detail;
  }
}

/** The worker never answered: a missing file, or a policy that blocks it. */
export class StartError extends Error {
  constructor(detail) {
    super('The calculator could not start in this page.');
    this.name = 'StartError';
    this.detail = detail;
  }
}

export class Engine {
  constructor(url = new URL('./worker.js', import.meta.url)) {
    this.url = url;
    this.nextId = 1;
    this.pending = new Map();
    this.start();
  }

  start() {
    this.worker = new Worker(this.url, { type: 'module' });
    this.worker.onmessage = (event) => {
      this.answered = true;
      this.receive(event.data);
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      // A worker that never answered could not load at all (a missing file,
      // a policy): restarting it would only fail again, forever.
      if (!this.answered) {
        this.worker.terminate();
        this.broken = new StartError(event.message);
        for (const { reject } of this.pending.values()) reject(this.broken);
        this.pending.clear();
        return;
      }
      this.restart(new InternalError(event.message || 'worker error'));
    };
  }

  restart(error) {
    this.worker.terminate();
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    this.start();
  }

  receive(message) {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    if (message.type === 'progress') {
      entry.onProgress?.(message);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'result') {
      /** The worker's wasm memory after the last request, in bytes (its peak so far). */
      this.wasmMemory = message.memory;
      entry.resolve(message.result);
    }
    else if (message.type === 'crashed') {
      const error = new InternalError(message.message);
      entry.reject(error);
      this.restart(error);
      this.onCrash?.(error);
    } else {
      const error = new Error(message.message);
      // The core's stable code for the cause (src/error.rs), to translate by.
      if (message.code) error.code = message.code;
      // Present when the data could be read but not recognised: the page
      // then offers to choose the kind and map the columns by hand.
      if (message.columns) error.columns = message.columns;
      if (message.fields) error.fields = message.fields;
      entry.reject(error);
    }
  }

  request(type, payload, onProgress) {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, type, ...payload });
    });
  }

  /**
   * Streams a File or a string through the Rust core; resolves to the
   * report. A large File is read in parts by several workers at once
   * (www/parallel.js); `options.workers` sets how many (1: one pass).
   */
  ingest(source, settings, onProgress, options = {}) {
    return this.request('ingest', { source, settings, workers: options.workers }, onProgress);
  }

  /** Runs a typed-in calculator of the Rust core (see src/calculators/). */
  calculate(name, input) {
    return this.request('calculate', { name, input });
  }

  /**
   * The SQL query computing the figures of a kind in a warehouse:
   * `{kind, dialect, table, mapping?, settings?}` (see `cxmetrics sql`);
   * resolves to the query's text. The worker loads the warehouse module on
   * the first call.
   */
  sql(request) {
    return this.request('sql', { request });
  }

  /**
   * The report a result table of that query describes (a File or a
   * string, rows metric,path,value,reason); the warehouse module is loaded
   * on the first call. `ingest` also reads a result table it is given.
   */
  figures(source) {
    return this.request('figures', { source });
  }

  cancel() {
    this.restart(new CancelledError());
  }
}
