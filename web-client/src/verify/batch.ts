/**
 * Samlar inklusionsbevis som begärs samtidigt till ett anrop per trädstorlek
 * (högst `maxBatch` index per anrop), så att en lång delningslogg kontrolleras
 * med ett fåtal förfrågningar i stället för en per post.
 */
import type { ProofResponse } from './verifier.js';

export interface IndexedProof {
  index: number;
  hashes: string[];
}

/** Hämtar bevis för flera index i ett träd av storleken `size`. */
export type FetchProofs = (size: number, indexes: number[]) => Promise<IndexedProof[]>;

interface Waiting {
  index: number;
  size: number;
  resolve: (proof: ProofResponse) => void;
  reject: (error: unknown) => void;
}

export function batchedInclusionProofs(
  fetchProofs: FetchProofs,
  maxBatch = 256,
): (index: number, size: number) => Promise<ProofResponse> {
  let waiting: Waiting[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    const taken = waiting;
    waiting = [];
    const bySize = new Map<number, Waiting[]>();
    for (const w of taken) {
      const list = bySize.get(w.size) ?? [];
      list.push(w);
      bySize.set(w.size, list);
    }
    for (const [size, list] of bySize) {
      for (let start = 0; start < list.length; start += maxBatch) {
        const chunk = list.slice(start, start + maxBatch);
        const indexes = [...new Set(chunk.map((w) => w.index))];
        fetchProofs(size, indexes).then(
          (proofs) => {
            const byIndex = new Map(proofs.map((p) => [p.index, p.hashes]));
            for (const w of chunk) {
              const hashes = byIndex.get(w.index);
              if (hashes) w.resolve({ hashes });
              else w.reject(new Error(`Servern skickade inget bevis för post ${w.index}`));
            }
          },
          (error: unknown) => chunk.forEach((w) => w.reject(error)),
        );
      }
    }
  };

  return (index, size) =>
    new Promise<ProofResponse>((resolve, reject) => {
      waiting.push({ index, size, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
    });
}
