// Saves a token's generated file (text or binary) under its bait file name.
import { Canaries, type CanaryToken } from '../../api/canary-api';
import { saveBlob } from '../../components/download';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';

export async function downloadToken(t: Pick<CanaryToken, 'id' | 'fileName'>): Promise<void> {
  try {
    const { blob, filename } = await Canaries.file(t.id);
    saveBlob(blob, filename ?? t.fileName);
  } catch (e) {
    toast(errorLine(e), 'bad');
  }
}
