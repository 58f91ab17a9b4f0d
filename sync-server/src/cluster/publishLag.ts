/**
 * How long messages took from one relay's publish to another relay's receipt (publishedAt against
 * this relay's clock: relays on different machines need their clocks kept by NTP), as a Prometheus
 * histogram for GET /metrics, with the cluster's delivery counters beside it.
 */
export class ClusterMetrics {
  private static readonly BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
  private readonly buckets = new Array<number>(ClusterMetrics.BUCKETS.length).fill(0);
  private lagCount = 0;
  private lagSum = 0;
  /** Messages from other relays handed to the relay. */
  received = 0;
  /** Messages from Redis refused as malformed (each logged). */
  malformed = 0;
  published = 0;
  /** Publishes that did not reach Redis (down, or the command failed): each marks its alliance for a gap fill. */
  publishesDropped = 0;
  /** Times this relay subscribed again after losing Redis. */
  resubscribes = 0;

  observeLag(seconds: number): void {
    // A clock behind the publisher's gives a negative lag: counted as none rather than dropped.
    const lag = Math.max(0, seconds);
    this.lagCount += 1;
    this.lagSum += lag;
    ClusterMetrics.BUCKETS.forEach((bound, i) => {
      if (lag <= bound) this.buckets[i]! += 1;
    });
  }

  get lagObservations(): number {
    return this.lagCount;
  }

  /** Prometheus text lines, to add to the relay's /metrics. */
  render(): string[] {
    const lines: string[] = [];
    const counter = (name: string, help: string, value: number) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
    counter('trellis_cluster_received_total', 'Messages received from other relays through Redis.', this.received);
    counter('trellis_cluster_malformed_total', 'Messages from Redis refused as malformed.', this.malformed);
    counter('trellis_cluster_published_total', 'Messages published to Redis.', this.published);
    counter('trellis_cluster_publishes_dropped_total', 'Publishes that did not reach Redis (their alliances are gap-filled).', this.publishesDropped);
    counter('trellis_cluster_resubscribes_total', 'Resubscriptions after Redis came back.', this.resubscribes);
    lines.push('# HELP trellis_cluster_lag_seconds From a relay publishing a message to this relay receiving it.');
    lines.push('# TYPE trellis_cluster_lag_seconds histogram');
    ClusterMetrics.BUCKETS.forEach((bound, i) => lines.push(`trellis_cluster_lag_seconds_bucket{le="${bound}"} ${this.buckets[i]}`));
    lines.push(`trellis_cluster_lag_seconds_bucket{le="+Inf"} ${this.lagCount}`);
    lines.push(`trellis_cluster_lag_seconds_sum ${this.lagSum}`);
    lines.push(`trellis_cluster_lag_seconds_count ${this.lagCount}`);
    return lines;
  }
}
