// Loads the vendored dagre layout library once, on first use (the dependency and trace graphs).
let dagreLoad = null;

export function loadDagre() {
  if (window.dagre) return Promise.resolve(window.dagre);
  dagreLoad ||= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = 'vendor/dagre/dagre.min.js';
    s.onload = () => (window.dagre ? resolve(window.dagre) : reject(new Error('dagre did not load')));
    s.onerror = () => {
      dagreLoad = null;
      reject(new Error('Could not load the graph layout library (vendor/dagre/dagre.min.js).'));
    };
    document.head.append(s);
  });
  return dagreLoad;
}
