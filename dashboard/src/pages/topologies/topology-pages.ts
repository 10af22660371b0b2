// The topology pages as one lazily loaded module (see lazy-topology-pages.tsx).
export { TopologiesPage } from './topologies-page';
export { TopologyEditorPage } from './topology-editor-page';
