// JSON / CSV export buttons: downloads with the bearer token, then saves the file.
import { useState } from 'preact/hooks';
import type { ExportFormat } from '../../api/intel-api';
import { saveBlob } from '../../components/download';
import { Icon } from '../../components/icons';
import { Spinner } from '../../components/spinner';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';

export function ExportMenu({ label, onExport, fallbackName }: { label: string; onExport(f: ExportFormat): Promise<{ blob: Blob; filename: string | null }>; fallbackName: string }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const { blob, filename } = await onExport(format);
      saveBlob(blob, filename ?? `${fallbackName}.${format}`);
    } catch (err) {
      toast(`Export failed: ${errorLine(err)}`, 'bad');
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="btn-group" role="group" aria-label={label}>
      <span class="btn-group-label">
        <Icon name="download" size={14} /> {label}
      </span>
      {(['json', 'csv'] as const).map((f) => (
        <button key={f} type="button" class="btn btn-sm" disabled={busy !== null} onClick={() => run(f)}>
          {busy === f && <Spinner size={12} />} {f.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
