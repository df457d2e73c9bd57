// The on-map buttons of the drawing tool (issue 10): 画多边形, 画矩形, 清除图形, under the
// zoom buttons. They only ask MapView; terra-draw itself is loaded on the first press.
//
// The group carries what it shows as attributes, harmless and handy for tests and
// debugging: data-mode (the tool's mode once it is running), data-shape and data-ring
// (the drawn shape as JSON), as the app's onDrawingChange listeners receive it.

import type { IControl } from 'maplibre-gl';
import type { DrawMode, DrawShapeKind, DrawnShape } from './draw_tool';
import './draw_control.css';

export interface DrawControlActions {
  start(shape: DrawShapeKind): void;
  clear(): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** 24×24 outline icons, drawn in currentColor. */
const ICONS: Record<DrawShapeKind | 'clear', string> = {
  polygon: 'M5 17 L8 5 L19 8 L17 19 Z',
  rectangle: 'M4 6 H20 V18 H4 Z',
  clear: 'M6 6 L18 18 M18 6 L6 18',
};

function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '24');
  svg.setAttribute('height', '24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const shape = document.createElementNS(SVG_NS, 'path');
  shape.setAttribute('d', path);
  shape.setAttribute('fill', 'none');
  shape.setAttribute('stroke', 'currentColor');
  shape.setAttribute('stroke-width', '2');
  shape.setAttribute('stroke-linejoin', 'round');
  shape.setAttribute('stroke-linecap', 'round');
  svg.append(shape);
  return svg;
}

export class DrawControl implements IControl {
  private readonly container: HTMLDivElement;
  private readonly shapeButtons: Record<DrawShapeKind, HTMLButtonElement>;
  private readonly clearButton: HTMLButtonElement;
  /** The mode asked for last (pressed at once, before terra-draw has loaded). */
  private requested: DrawMode = 'static';
  private hasShape = false;

  constructor(private readonly actions: DrawControlActions) {
    this.container = document.createElement('div');
    this.container.className = 'maplibregl-ctrl maplibregl-ctrl-group pds-draw-control';
    this.container.setAttribute('role', 'group');
    this.container.setAttribute('aria-label', '绘制筛选范围');
    this.container.dataset.mode = 'static';
    const button = (label: string, path: string, onClick: () => void) => {
      const element = document.createElement('button');
      element.type = 'button';
      element.title = label;
      element.setAttribute('aria-label', label);
      element.append(icon(path));
      element.addEventListener('click', onClick);
      this.container.append(element);
      return element;
    };
    // Pressing the button of the shape being drawn again stops drawing it.
    const toggle = (shape: DrawShapeKind) => () => (this.requested === shape ? this.actions.clear() : this.actions.start(shape));
    this.shapeButtons = {
      polygon: button('画多边形', ICONS.polygon, toggle('polygon')),
      rectangle: button('画矩形', ICONS.rectangle, toggle('rectangle')),
    };
    this.clearButton = button('清除图形', ICONS.clear, () => this.actions.clear());
    this.render();
  }

  onAdd(): HTMLElement {
    return this.container;
  }

  onRemove(): void {
    this.container.remove();
  }

  /** The mode asked for (buttons pressed at once). */
  setRequestedMode(mode: DrawMode): void {
    this.requested = mode;
    this.render();
  }

  /** The mode the tool is in. */
  setMode(mode: DrawMode): void {
    this.requested = mode;
    this.container.dataset.mode = mode;
    this.render();
  }

  setShape(shape: DrawnShape | null): void {
    this.hasShape = shape !== null;
    if (shape) {
      this.container.dataset.shape = shape.shape;
      this.container.dataset.ring = JSON.stringify(shape.ring);
    } else {
      delete this.container.dataset.shape;
      delete this.container.dataset.ring;
    }
    this.render();
  }

  private render(): void {
    for (const [shape, element] of Object.entries(this.shapeButtons)) element.setAttribute('aria-pressed', String(this.requested === shape));
    this.clearButton.disabled = !this.hasShape && this.requested === 'static';
  }
}
