/* Gradient explorer: a real forward and backward pass of a plain MLP, in the browser.

   Used by the math page (an element with data-grad-explorer). Without JavaScript the element
   stays hidden and the page keeps its static figures. The network matches
   snippets/math/mlp_layer_grads_*.py: inputs x ~ N(0, 1) of the layer width, hidden layers
   h_l = f(W_l h_{l-1}) (+ h_{l-1} with residual connections), no biases, a linear read-out and
   the mean squared error against targets t ~ N(0, 1). Plotted per layer: the standard
   deviation of h_l and the norm of dL/dh_l; the summary gives the global norm of the weight
   gradients before and after clipping. No library, no network request. */
(function () {
  "use strict";

  const BATCH = 16;

  function rng(seed) {
    // mulberry32 and Box-Muller: the same weights for the same settings, on every browser
    let a = seed >>> 0;
    const uniform = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return () => {
      const u = 1 - uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    };
  }

  function gaussian(n, normal) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = normal();
    return out;
  }

  function orthogonal(m, n) {
    // Gram-Schmidt on the rows of a Gaussian n x n matrix: an orthogonal matrix
    const q = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      const row = q.subarray(i * n, (i + 1) * n);
      for (let j = 0; j < i; j++) {
        const prev = q.subarray(j * n, (j + 1) * n);
        let dot = 0;
        for (let k = 0; k < n; k++) dot += row[k] * prev[k];
        for (let k = 0; k < n; k++) row[k] -= dot * prev[k];
      }
      let norm = 0;
      for (let k = 0; k < n; k++) norm += row[k] * row[k];
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < n; k++) row[k] /= norm;
    }
    return q;
  }

  const ACTIVATIONS = {
    linear: [(z) => z, () => 1],
    tanh: [Math.tanh, (z, h) => 1 - h * h],
    relu: [(z) => (z > 0 ? z : 0), (z) => (z > 0 ? 1 : 0)],
    sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (z, h) => h * (1 - h)],
  };

  const cache = new Map(); // raw Gaussian draws per (depth, width), orthogonal per matrix

  function draws(depth, width) {
    const key = `${depth}x${width}`;
    if (!cache.has(key)) {
      const normal = rng(depth * 1000 + width);
      cache.set(key, {
        x: gaussian(BATCH * width, normal),
        t: gaussian(BATCH, normal),
        w: Array.from({ length: depth }, () => gaussian(width * width, normal)),
        v: gaussian(width, normal),
        q: [],
      });
    }
    return cache.get(key);
  }

  function weights(scale, init, depth, width) {
    const d = draws(depth, width);
    const std = {
      normal: scale / Math.sqrt(width),
      xavier: scale * Math.sqrt(2 / (width + width)),
      he: scale * Math.sqrt(2 / width),
      orthogonal: scale,
    }[init];
    return d.w.map((raw, l) => {
      let base = raw;
      if (init === "orthogonal") {
        if (!d.q[l]) d.q[l] = orthogonal(raw.slice(), width);
        base = d.q[l];
      }
      const out = new Float64Array(base.length);
      for (let i = 0; i < base.length; i++) out[i] = base[i] * std;
      return out;
    });
  }

  /* One forward and backward pass; W_l is width x width, row-major (out, in). */
  function run(s) {
    const { depth, width } = s;
    const d = draws(depth, width);
    const W = weights(s.scale, s.init, depth, width);
    const [f, df] = ACTIVATIONS[s.activation];
    const n = width;
    const hs = [d.x]; // h_0 .. h_L, each BATCH x n
    const zs = [];
    for (let l = 0; l < depth; l++) {
      const h = hs[l], w = W[l];
      const z = new Float64Array(BATCH * n), out = new Float64Array(BATCH * n);
      for (let b = 0; b < BATCH; b++) {
        const hb = b * n;
        for (let i = 0; i < n; i++) {
          let sum = 0;
          const wi = i * n;
          for (let k = 0; k < n; k++) sum += w[wi + k] * h[hb + k];
          z[hb + i] = sum;
          out[hb + i] = f(sum) + (s.residual ? h[hb + i] : 0);
        }
      }
      zs.push(z);
      hs.push(out);
    }
    // read-out y = h_L v / sqrt(n), loss = mean (y - t)^2
    const v = d.v, hL = hs[depth];
    let g = new Float64Array(BATCH * n);
    let loss = 0;
    for (let b = 0; b < BATCH; b++) {
      let y = 0;
      for (let k = 0; k < n; k++) y += hL[b * n + k] * v[k];
      y /= Math.sqrt(n);
      const r = y - d.t[b];
      loss += (r * r) / BATCH;
      const dy = (2 * r) / BATCH;
      for (let k = 0; k < n; k++) g[b * n + k] = (dy * v[k]) / Math.sqrt(n);
    }
    const gradNorm = new Array(depth), actStd = new Array(depth);
    let weightSq = 0;
    for (let l = depth - 1; l >= 0; l--) {
      // g = dL/dh_{l+1} (the output of layer l+1, 1-based)
      let gsq = 0;
      for (let i = 0; i < g.length; i++) gsq += g[i] * g[i];
      gradNorm[l] = Math.sqrt(gsq);
      const h = hs[l + 1];
      let mean = 0, sq = 0;
      for (let i = 0; i < h.length; i++) mean += h[i];
      mean /= h.length;
      for (let i = 0; i < h.length; i++) sq += (h[i] - mean) * (h[i] - mean);
      actStd[l] = Math.sqrt(sq / h.length);
      const z = zs[l], w = W[l], hin = hs[l];
      const delta = new Float64Array(BATCH * n);
      for (let i = 0; i < delta.length; i++) {
        const act = s.residual ? h[i] - hin[i] : h[i];
        delta[i] = g[i] * df(z[i], act);
      }
      // |dW|^2 with dW = delta^T h_{l-1}: sum over sample pairs of (delta_b . delta_c)
      // (h_b . h_c), cheaper than forming dW for a small batch
      for (let b = 0; b < BATCH; b++) {
        for (let c = b; c < BATCH; c++) {
          let dd = 0, hh = 0;
          for (let k = 0; k < n; k++) {
            dd += delta[b * n + k] * delta[c * n + k];
            hh += hin[b * n + k] * hin[c * n + k];
          }
          weightSq += (b === c ? 1 : 2) * dd * hh;
        }
      }
      // g_prev = delta W (+ g with residual connections)
      const prev = new Float64Array(BATCH * n);
      for (let b = 0; b < BATCH; b++) {
        const pb = b * n;
        for (let i = 0; i < n; i++) {
          const di = delta[pb + i];
          if (di === 0) continue;
          const wi = i * n;
          for (let k = 0; k < n; k++) prev[pb + k] += di * w[wi + k];
        }
      }
      if (s.residual) for (let i = 0; i < prev.length; i++) prev[i] += g[i];
      g = prev;
    }
    const globalNorm = Math.sqrt(weightSq);
    const clipped = s.clip && globalNorm > s.threshold ? s.threshold : globalNorm;
    return { loss, gradNorm, actStd, globalNorm, clipped };
  }

  /* ---- drawing: one SVG, log-scale y, decades as ticks ---- */
  const SVG = "http://www.w3.org/2000/svg";
  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function format(x) {
    if (!Number.isFinite(x)) return String(x);
    if (x === 0) return "0";
    return Math.abs(Math.log10(Math.abs(x))) < 3 ? x.toPrecision(3) : x.toExponential(2);
  }

  function draw(svg, result, labels) {
    const W = 640, H = 300, left = 52, right = 12, top = 12, bottom = 36;
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const series = [
      [result.actStd, "explorer-act", labels.act],
      [result.gradNorm, "explorer-grad", labels.grad],
    ];
    const finite = series.flatMap(([v]) => v).filter((x) => Number.isFinite(x) && x > 0);
    let lo = Math.floor(Math.log10(Math.min(...finite, 1)));
    let hi = Math.ceil(Math.log10(Math.max(...finite, 1)));
    if (hi - lo < 2) hi = lo + 2;
    const depth = result.gradNorm.length;
    const x = (l) => left + ((W - left - right) * (l - 1)) / Math.max(depth - 1, 1);
    const y = (v) => top + ((H - top - bottom) * (hi - Math.log10(v))) / (hi - lo);
    const step = Math.max(1, Math.ceil((hi - lo) / 8));
    for (let e = lo; e <= hi; e += step) {
      el("line", { x1: left, x2: W - right, y1: y(10 ** e), y2: y(10 ** e), class: "explorer-grid" }, svg);
      el("text", { x: left - 6, y: y(10 ** e) + 4, "text-anchor": "end", class: "explorer-tick" }, svg)
        .textContent = `1e${e}`;
    }
    for (const l of [1, Math.ceil(depth / 2), depth]) {
      el("text", { x: x(l), y: H - bottom + 16, "text-anchor": "middle", class: "explorer-tick" }, svg)
        .textContent = String(l);
    }
    el("text", { x: (left + W) / 2, y: H - 4, "text-anchor": "middle", class: "explorer-tick" }, svg)
      .textContent = labels.layer;
    series.forEach(([values, cls, name], i) => {
      const pts = values
        .map((v, l) => (Number.isFinite(v) && v > 0 ? `${x(l + 1).toFixed(1)},${y(v).toFixed(1)}` : null))
        .filter(Boolean);
      if (pts.length) el("polyline", { points: pts.join(" "), class: cls }, svg);
      el("line", { x1: left + 10, x2: left + 30, y1: top + 10 + 16 * i, y2: top + 10 + 16 * i, class: cls }, svg);
      el("text", { x: left + 36, y: top + 14 + 16 * i, class: "explorer-tick" }, svg).textContent = name;
    });
  }

  function setup(root) {
    const form = root.querySelector("form");
    const svg = root.querySelector("svg");
    const summary = root.querySelector("[data-summary]");
    const labels = JSON.parse(root.dataset.labels);
    const read = () => {
      const data = new FormData(form);
      return {
        depth: Number(data.get("depth")),
        width: Number(data.get("width")),
        scale: Number(data.get("scale")),
        init: data.get("init"),
        activation: data.get("activation"),
        residual: data.get("residual") === "on",
        clip: data.get("clip") === "on",
        threshold: Number(data.get("threshold")),
      };
    };
    const update = () => {
      const s = read();
      for (const output of form.querySelectorAll("output[for]")) {
        output.value = form.elements.namedItem(output.htmlFor.value).value;
      }
      const start = performance.now();
      const result = run(s);
      const ms = performance.now() - start;
      draw(svg, result, labels);
      const ratio = result.gradNorm[0] / result.gradNorm[s.depth - 1];
      const text = labels.summary
        .replaceAll("{ratio}", format(ratio))
        .replaceAll("{depth}", String(s.depth))
        .replaceAll("{first}", format(result.actStd[0]))
        .replaceAll("{last}", format(result.actStd[s.depth - 1]))
        .replaceAll("{before}", format(result.globalNorm))
        .replaceAll("{after}", format(result.clipped));
      summary.textContent = text;
      svg.setAttribute("aria-label", text);
      root.dataset.ratio = String(ratio);
      root.dataset.globalNorm = String(result.globalNorm);
      root.dataset.clipped = String(result.clipped);
      root.dataset.ms = ms.toFixed(1);
    };
    form.addEventListener("input", update);
    form.addEventListener("submit", (event) => event.preventDefault());
    root.hidden = false;
    // The first run waits until the explorer comes near the screen, so loading the page does
    // not pay for it (it sits far down the math page).
    if ("IntersectionObserver" in window) {
      const near = new IntersectionObserver((entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        near.disconnect();
        update();
      }, { rootMargin: "600px 0px" });
      near.observe(root);
    } else update();
  }

  function init() {
    document.querySelectorAll("[data-grad-explorer]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
