// Loading indicators: an inline spinner and a centred block for page sections.
export function Spinner({ size = 16 }: { size?: number }) {
  return <span class="spinner" style={{ width: `${size}px`, height: `${size}px` }} role="status" aria-label="Loading" />;
}

export function LoadingBlock({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="state-block" aria-busy="true">
      <Spinner size={22} />
      <span class="muted">{label}</span>
    </div>
  );
}
