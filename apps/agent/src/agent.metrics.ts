import { counter, gauge } from '@tandem/observability';

/** The agent's Prometheus metrics (served at `/metrics`). */
export const jobsFinished = () =>
  counter('tandem_agent_jobs_finished_total', 'Agent jobs that ended, by kind and status (Succeeded, Failed)', ['kind', 'status']);

export const bytesUploaded = () =>
  counter('tandem_agent_bytes_uploaded_total', 'Bytes a back-up uploaded to an object store (after compression and encryption)', []);

export const peerRoundTripMs = () =>
  gauge('tandem_agent_peer_rtt_ms', "Round trip to the peer domain's agents in the last probe round, by statistic (min, avg, max, mdev)", ['peer_domain', 'stat']);

export const peerProbesLost = () => gauge('tandem_agent_peer_probes_lost', 'Probes of the last round that got no answer', ['peer_domain']);
