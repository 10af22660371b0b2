// The topology canvas on cytoscape: LANs, deckies and their homes as a graph with pan, zoom, drag
// and select. Labels are drawn on the canvas as text (never HTML). The container exposes the
// viewport (zoom, pan) as data attributes so a test can find a node on screen.
import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape';
import { useEffect, useRef } from 'preact/hooks';
import type { GraphElement } from './graph-logic';

interface CanvasProps {
  elements: GraphElement[];
  selected: string | null;
  /** Lay the graph out automatically (it has no saved positions). */
  autoLayout: boolean;
  editable: boolean;
  onSelect(id: string | null): void;
  onMove?(id: string, pos: { x: number; y: number }): void;
  label?: string;
}

const STYLE: StylesheetJson = [
  { selector: 'node', style: { label: 'data(label)', color: '#e4eaf4', 'font-size': 11, 'text-wrap': 'wrap', 'font-family': 'ui-monospace, monospace' } },
  {
    selector: 'node.lan',
    style: { shape: 'round-rectangle', width: 150, height: 44, 'background-color': '#16213a', 'border-width': 2, 'border-color': '#2b3a57', 'text-valign': 'center', 'text-halign': 'center' },
  },
  { selector: 'node.lan.dmz', style: { 'border-color': '#38bdf8' } },
  {
    selector: 'node.decky',
    style: { shape: 'ellipse', width: 26, height: 26, 'background-color': 'data(colour)', 'border-width': 2, 'border-color': '#0d1320', 'text-valign': 'bottom', 'text-margin-y': 4 },
  },
  { selector: 'node.decky.forwards', style: { shape: 'diamond', width: 32, height: 32 } },
  { selector: 'edge', style: { width: 1.5, 'line-color': '#2b3a57', label: 'data(label)', 'font-size': 9, color: '#8391a9', 'text-rotation': 'autorotate', 'curve-style': 'bezier' } },
  { selector: '.staged-new', style: { 'border-style': 'dashed', 'border-color': '#38bdf8', 'line-style': 'dashed', 'line-color': '#38bdf8', 'border-width': 3 } },
  { selector: '.staged', style: { 'border-color': '#fbbf24', 'border-width': 3 } },
  { selector: '.staged-removed', style: { opacity: 0.3, 'line-style': 'dotted' } },
  { selector: ':selected', style: { 'overlay-color': '#38bdf8', 'overlay-opacity': 0.18, 'overlay-padding': 6 } },
];

function sync(cy: Core, elements: GraphElement[]): void {
  const wanted = new Map(elements.map((e) => [String(e.data.id), e]));
  cy.batch(() => {
    cy.elements().forEach((el) => {
      if (!wanted.has(el.id())) el.remove();
    });
    // Nodes first, so edges always find their ends.
    for (const e of [...elements].sort((a, b) => (a.group === b.group ? 0 : a.group === 'nodes' ? -1 : 1))) {
      const el = cy.getElementById(String(e.data.id));
      if (el.empty()) {
        cy.add(e as ElementDefinition);
        continue;
      }
      el.data(e.data);
      el.classes(e.classes ?? '');
      if (e.position && el.isNode() && !el.grabbed()) {
        const p = el.position();
        if (p.x !== e.position.x || p.y !== e.position.y) el.position(e.position);
      }
    }
    cy.nodes().forEach((n) => {
      if (n.hasClass('staged-removed')) n.ungrabify();
      else n.grabify();
    });
  });
}

export function TopologyCanvas({ elements, selected, autoLayout, editable, onSelect, onMove, label = 'Topology canvas' }: CanvasProps) {
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const handlers = useRef({ onSelect, onMove });
  handlers.current = { onSelect, onMove };

  useEffect(() => {
    const container = box.current!;
    const showViewport = () => {
      container.dataset.zoom = String(cy.zoom());
      container.dataset.panX = String(cy.pan().x);
      container.dataset.panY = String(cy.pan().y);
    };
    const cy = cytoscape({ container, style: STYLE, elements: [], minZoom: 0.2, maxZoom: 3, wheelSensitivity: 0.3, boxSelectionEnabled: false, autoungrabify: !editable });
    cyRef.current = cy;
    cy.on('tap', 'node', (e) => handlers.current.onSelect(e.target.id()));
    cy.on('tap', (e) => {
      if (e.target === cy) handlers.current.onSelect(null);
    });
    cy.on('dragfree', 'node', (e) => {
      const p = e.target.position();
      handlers.current.onMove?.(e.target.id(), { x: Math.round(p.x), y: Math.round(p.y) });
    });
    cy.on('viewport', showViewport);
    // Cytoscape caches where its container sits on the page; a notice or bar appearing above moves
    // it without a resize, and clicks would land on the wrong node. Re-measure before each gesture.
    const remeasure = () => cy.resize();
    const wrap = container.parentElement!;
    wrap.addEventListener('pointerdown', remeasure, { capture: true });
    wrap.addEventListener('wheel', remeasure, { capture: true, passive: true });
    sync(cy, elements);
    if (autoLayout) cy.layout({ name: 'breadthfirst', directed: false, spacingFactor: 1.1, roots: cy.nodes('.dmz').map((n) => n.id()) }).run();
    cy.fit(undefined, 40);
    if (cy.zoom() > 1.4) cy.zoom(1.4);
    showViewport();
    return () => {
      wrap.removeEventListener('pointerdown', remeasure, { capture: true });
      wrap.removeEventListener('wheel', remeasure, { capture: true });
      cy.destroy();
      cyRef.current = null;
    };
  }, [editable]);

  useEffect(() => {
    if (cyRef.current) sync(cyRef.current, elements);
  }, [elements]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.$(':selected').unselect();
    if (selected) cy.getElementById(selected).select();
  }, [selected, elements]);

  return (
    <div class="topology-canvas-wrap">
      <div ref={box} class="topology-canvas" role="img" aria-label={label} />
    </div>
  );
}
