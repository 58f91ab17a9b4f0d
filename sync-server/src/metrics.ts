/** Counters and one latency histogram, rendered as Prometheus text at GET /metrics. */
export class RelayMetrics {
  connections = 0;
  rooms = 0;
  messagesIn = 0;
  messagesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  updatesStored = 0;
  storeFailures = 0;
  /** Alliances refused because their stored copy cannot be read. */
  quarantined = 0;
  /** Compactions skipped because the snapshot did not read back as the document. */
  compactionsRefused = 0;
  /** Updates that passed every check and still made Yjs throw (each rebuilt its room). */
  integrationFailures = 0;
  readonly refusals = new Map<number, number>();

  private static readonly BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
  private readonly storeBuckets = new Array<number>(RelayMetrics.BUCKETS.length).fill(0);
  private storeCount = 0;
  private storeSum = 0;

  refused(code: number): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }

  observeStore(seconds: number): void {
    this.storeCount += 1;
    this.storeSum += seconds;
    const buckets = RelayMetrics.BUCKETS;
    for (let i = 0; i < buckets.length; i++) {
      if (seconds <= buckets[i]!) this.storeBuckets[i]! += 1;
    }
  }

  render(process: { cpuSeconds: number; rssBytes: number }): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, value: number) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
    };
    metric('trellis_connections', 'gauge', 'Open WebSocket connections.', this.connections);
    metric('trellis_rooms', 'gauge', 'Alliances loaded in memory.', this.rooms);
    metric('trellis_messages_in_total', 'counter', 'Frames received.', this.messagesIn);
    metric('trellis_messages_out_total', 'counter', 'Frames sent.', this.messagesOut);
    metric('trellis_bytes_in_total', 'counter', 'Bytes received in frames.', this.bytesIn);
    metric('trellis_bytes_out_total', 'counter', 'Bytes sent in frames.', this.bytesOut);
    metric('trellis_updates_stored_total', 'counter', 'Document updates written to the store.', this.updatesStored);
    metric('trellis_store_failures_total', 'counter', 'Failed store writes (each is retried).', this.storeFailures);
    metric('trellis_alliances_quarantined_total', 'counter', 'Alliances refused because their stored copy cannot be read.', this.quarantined);
    metric('trellis_compactions_refused_total', 'counter', 'Compactions skipped: the snapshot did not read back as the document.', this.compactionsRefused);
    metric('trellis_integration_failures_total', 'counter', 'Checked updates that Yjs still could not integrate (the room was rebuilt).', this.integrationFailures);
    lines.push('# HELP trellis_refusals_total Sockets closed by the relay, by close code.');
    lines.push('# TYPE trellis_refusals_total counter');
    for (const [code, count] of [...this.refusals].sort((a, b) => a[0] - b[0])) {
      lines.push(`trellis_refusals_total{code="${code}"} ${count}`);
    }
    lines.push('# HELP trellis_store_seconds Latency of store writes.');
    lines.push('# TYPE trellis_store_seconds histogram');
    RelayMetrics.BUCKETS.forEach((bound, i) => {
      lines.push(`trellis_store_seconds_bucket{le="${bound}"} ${this.storeBuckets[i]}`);
    });
    lines.push(`trellis_store_seconds_bucket{le="+Inf"} ${this.storeCount}`);
    lines.push(`trellis_store_seconds_sum ${this.storeSum}`);
    lines.push(`trellis_store_seconds_count ${this.storeCount}`);
    metric('process_cpu_seconds_total', 'counter', 'User and system CPU time of the relay process.', process.cpuSeconds);
    metric('process_resident_memory_bytes', 'gauge', 'Resident memory of the relay process.', process.rssBytes);
    return lines.join('\n') + '\n';
  }
}
