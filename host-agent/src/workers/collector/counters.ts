// The collector's counters, reported in its health (and so on the bus and in `status`).
export interface CollectorCounters {
  /** Lines read from decky log streams. */
  lines: number;
  /** Events durably in the spool (stream and syslog). */
  events: number;
  droppedApp: number;
  deduped: number;
  malformed: number;
  sinkErrors: number;
  followErrors: number;
  streams: number;
  syslogLines: number;
  /** Syslog lines refused because the intake queue was full (UDP has no back-pressure). */
  syslogOverflow: number;
  syslogFrameErrors: number;
  syslogConnections: number;
  syslogRefused: number;
  /** Bus notifications skipped while the bus was down (the spool still has the events). */
  busSkipped: number;
}

export function newCounters(): CollectorCounters {
  return {
    lines: 0, events: 0, droppedApp: 0, deduped: 0, malformed: 0, sinkErrors: 0, followErrors: 0, streams: 0,
    syslogLines: 0, syslogOverflow: 0, syslogFrameErrors: 0, syslogConnections: 0, syslogRefused: 0, busSkipped: 0,
  };
}
