/**
 * Kopplar den rena verifieringen (src/verify) till servern och webbläsaren:
 * HTTP-anropen för kontrollpunkt, publik nyckel, nyckelbyten och bevis, och var den
 * senast verifierade kontrollpunkten och dess nyckel sparas (localStorage; den nämner
 * inget barn). Nyckeln och ursprunget som sparas första gången är fästa: en annan
 * nyckel godtas bara genom ett byte signerat med den fästa nyckeln.
 */
import type { Api } from './api';
import { batchedInclusionProofs, type IndexedProof } from './verify/batch.js';
import type {
  CheckpointResponse, CheckpointStore, KeyTransitionsResponse, LogSource, ProofResponse, PublicKeyResponse, StoredCheckpoint,
} from './verify/verifier.js';

const STORAGE_KEY = 'samverkan.sharing-log.checkpoint.v1';

export function logSource(api: Api): LogSource {
  return {
    checkpoint: () => api.get<CheckpointResponse>('/api/sharing-log/checkpoint'),
    publicKey: () => api.get<PublicKeyResponse>('/api/sharing-log/public-key'),
    inclusionProof: batchedInclusionProofs((size, indexes) =>
      api
        .post<{ proofs: IndexedProof[] }>('/api/sharing-log/proof/inclusions', { size, indexes })
        .then((r) => r.proofs),
    ),
    consistencyProof: (from, to) =>
      api.get<ProofResponse>(`/api/sharing-log/proof/consistency?${new URLSearchParams({ from: String(from), to: String(to) })}`),
    keyTransitions: () => api.get<KeyTransitionsResponse>('/api/sharing-log/key-transitions'),
  };
}

export const checkpointStore: CheckpointStore = {
  load(): StoredCheckpoint | null {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    try {
      const value = JSON.parse(raw) as Partial<StoredCheckpoint>;
      if (
        typeof value.origin === 'string' &&
        typeof value.keyName === 'string' &&
        typeof value.publicKey === 'string' &&
        typeof value.treeSize === 'number' &&
        typeof value.rootHash === 'string'
      ) {
        return value as StoredCheckpoint;
      }
    } catch {
      // Trasigt värde: börja om.
    }
    return null;
  },
  save(checkpoint: StoredCheckpoint): void {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(checkpoint));
  },
};
