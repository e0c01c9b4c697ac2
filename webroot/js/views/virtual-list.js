// Fixed-row-height virtual list: only the rows on screen (plus a small overscan) exist in the DOM,
// and row elements are recycled while scrolling.

export class VirtualList {
  /**
   * @param scroller element with overflow:auto that scrolls the rows
   * @param opts {rowHeight, createRow(): Element, renderRow(el, index), overscan}
   */
  constructor(scroller, { rowHeight, createRow, renderRow, overscan = 8 }) {
    this.scroller = scroller;
    this.rowHeight = rowHeight;
    this.createRow = createRow;
    this.renderRow = renderRow;
    this.overscan = overscan;
    this.count = 0;
    this.spacer = document.createElement('div');
    this.spacer.className = 'vl-spacer';
    this.spacer.style.position = 'relative';
    scroller.append(this.spacer);
    this.live = new Map(); // index -> element
    this.free = [];
    this.frame = 0;
    this.onScroll = () => {
      if (!this.frame) this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
    };
    scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.ro = new ResizeObserver(() => this.render());
    this.ro.observe(scroller);
  }

  setCount(n) {
    this.count = n;
    this.spacer.style.height = `${n * this.rowHeight}px`;
    this.refresh();
  }

  /** Visible index range [first, last). */
  range() {
    const top = this.scroller.scrollTop;
    const h = this.scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / this.rowHeight) - this.overscan);
    const last = Math.min(this.count, Math.ceil((top + h) / this.rowHeight) + this.overscan);
    return [first, last];
  }

  /** Places rows for the current scroll position; force re-renders rows already shown. */
  render(force = false) {
    const [first, last] = this.range();
    for (const [i, el] of this.live) {
      if (i < first || i >= last) {
        this.live.delete(i);
        el.style.display = 'none';
        this.free.push(el);
      }
    }
    for (let i = first; i < last; i++) {
      let el = this.live.get(i);
      if (el) {
        if (force) this.renderRow(el, i);
        continue;
      }
      el = this.free.pop();
      if (!el) {
        el = this.createRow();
        el.style.position = 'absolute';
        el.style.left = '0';
        el.style.right = '0';
        el.style.height = `${this.rowHeight}px`;
        this.spacer.append(el);
      }
      el.style.display = '';
      el.style.transform = `translateY(${i * this.rowHeight}px)`;
      el.dataset.index = i;
      this.live.set(i, el);
      this.renderRow(el, i);
    }
  }

  refresh() {
    this.render(true);
  }

  elementAt(i) {
    return this.live.get(i) || null;
  }

  /** Scrolls so row i is visible; align 'center' or 'nearest'. */
  scrollToIndex(i, align = 'nearest') {
    const rh = this.rowHeight;
    const top = i * rh;
    const view = this.scroller.clientHeight;
    const cur = this.scroller.scrollTop;
    if (align === 'center') this.scroller.scrollTop = Math.max(0, top - view / 2 + rh / 2);
    else if (top < cur) this.scroller.scrollTop = top;
    else if (top + rh > cur + view) this.scroller.scrollTop = top + rh - view;
    this.render();
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.scroller.removeEventListener('scroll', this.onScroll);
    this.ro.disconnect();
  }
}
