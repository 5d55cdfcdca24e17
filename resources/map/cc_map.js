/* The command center's map layers, on top of the (empty) page folium built once.
 *
 * Python talks to this page only through the QWebChannel object "bridge": it sends JSON messages
 * (bridge.toPage) and we call back bridge.ready / caseClicked / gridClicked / painted.
 *
 * Why it is drawn this way (measured in Qt WebEngine's software compositor, 10,000 cases):
 * - A 2D canvas records path operations and rasterises them later, in the compositor: 10,000 arcs
 *   cost ~15 ms of script but ~150-400 ms of rasterising per frame. So cases (and the overdue rings)
 *   are rasterised here, into an ImageData, from small pre-drawn sprites, and put on the canvas as
 *   one bitmap (~5-40 ms in all, and nothing left for the compositor).
 * - Data arrives as base64 typed arrays (one string per column), not JSON lists: 10,000 cases are
 *   ~200 KB that become typed-array views, instead of ~1 MB parsed number by number.
 * - Grids are our own canvas layer fed with the same kind of arrays: one Leaflet object per grid
 *   (1,111 polygons, each with a tooltip and handlers) took most of a second to build and ~0.5 s to
 *   restyle. Fills are classed (8 shades), so a batch of changes repaints grids only when a grid
 *   changes class, and then only around that grid.
 * - Layers that change at different rates have their own canvases: the flash animation and the
 *   selection repaint a nearly empty canvas, never the 10,000 points.
 * - A batch of changed cases recomposes only their spots (repaintRects), top sprite first, and
 *   stops where a spot is covered: at the district's zoom hundreds of cases overlap each spot, and
 *   a full drawing of 10,000 sprites took 20-50 ms. tests/gui/test_map_draw.py checks the result
 *   against a full drawing, pixel by pixel.
 * - Drawing waits for the next animation frame, so several messages in one frame draw once. The
 *   frame after the one that drew a message is reported back (painted): "on the pixels".
 */
(function () {
  "use strict";

  var COLORS = ["#1a9641", "#f0a500", "#d7191c", "#7a8699"]; // light codes: green, yellow, red, none
  var PAINT_ORDER = [3, 0, 1, 2]; // grey first, red last (on top)
  var RED = 2;
  var FLASH_MS = 4000;
  var COORD_SCALE = 1e7; // positions arrive as int32 of 1e-7 degree
  var SHADES = 8; // classes of the grid shading

  var CC = (window.CC = {
    map: null,
    bridge: null,
    store: null,
    grids: null,
    gridByCode: new Map(),
    counts: new Map(), // code -> [open, overdue] as last sent
    shadeMode: "open",
    selectedCase: null,
    selectedGrid: null,
    coverage: null,
    flashes: new Map(),
    lastSeq: 0,
    drawCount: 0,
    lastDrawMs: 0,
    lastApplyMs: 0,
    stats: { points: 0, grids: 0, marks: 0, gridRects: 0, sprites: 0, rects: 0 },
    timeOrigin: performance.timeOrigin, // + performance.now() = Unix time in ms (the benchmark's clock)
    trace: {}, // performance.now(): the last message received, the last frame's drawing began and ended
    traces: [], // [seq, received, applied, drawing began, drawn, painted] of the last messages
    labels: {},
    errors: [], // uncaught errors of the page (tests assert there are none)
  });
  window.addEventListener("error", function (e) {
    CC.errors.push(String(e.message));
  });

  // ------------------------------------------------------------------------------ decoding

  function bytes(b64) {
    var bin = atob(b64);
    var n = bin.length;
    var out = new Uint8Array(n);
    for (var i = 0; i < n; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  // The sender writes little-endian; typed arrays use the machine's order (little-endian on every
  // machine Qt WebEngine runs on).
  function int32s(b64) {
    var u = bytes(b64);
    return new Int32Array(u.buffer, 0, u.length >> 2);
  }
  function int8s(b64) {
    var u = bytes(b64);
    return new Int8Array(u.buffer, 0, u.length);
  }

  // ------------------------------------------------------------------------------ projection

  // Spherical-mercator pixels at zoom 0 (what map.project(latlng, 0) gives for EPSG:3857).
  function projX(lon) {
    return ((lon + 180) / 360) * 256;
  }
  function projY(lat) {
    var s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256;
  }

  // ------------------------------------------------------------------------------ the case store

  function newStore(cap) {
    return {
      n: 0,
      cap: cap,
      ids: new Int32Array(cap),
      lat: new Float64Array(cap),
      lon: new Float64Array(cap),
      x: new Float64Array(cap),
      y: new Float64Array(cap),
      light: new Uint8Array(cap),
      priority: new Uint8Array(cap),
      status: new Int8Array(cap),
      index: new Map(),
      dead: 0, // removed cases still in the arrays (light DEAD), see removeCase
    };
  }
  var DEAD = 255;
  var COLUMNS = ["ids", "lat", "lon", "x", "y", "light", "priority", "status"];
  CC.store = newStore(16);

  function grow(s, need) {
    if (need <= s.cap) return;
    var bigger = newStore(Math.max(need, s.cap * 2));
    for (var k = 0; k < COLUMNS.length; k++) bigger[COLUMNS[k]].set(s[COLUMNS[k]].subarray(0, s.n));
    bigger.n = s.n;
    bigger.dead = s.dead;
    bigger.index = s.index;
    CC.store = bigger;
  }

  function decodeCases(d) {
    return {
      n: d.n,
      ids: int32s(d.ids),
      lon: int32s(d.lon),
      lat: int32s(d.lat),
      light: bytes(d.light),
      priority: bytes(d.priority),
      status: int8s(d.status),
    };
  }

  function setCases(d) {
    var c = decodeCases(d);
    var s = newStore(Math.max(1024, Math.ceil(c.n * 1.25)));
    for (var i = 0; i < c.n; i++) {
      var lat = c.lat[i] / COORD_SCALE;
      var lon = c.lon[i] / COORD_SCALE;
      s.ids[i] = c.ids[i];
      s.lat[i] = lat;
      s.lon[i] = lon;
      s.x[i] = projX(lon);
      s.y[i] = projY(lat);
      s.light[i] = c.light[i];
      s.priority[i] = c.priority[i];
      s.status[i] = c.status[i];
      s.index.set(c.ids[i], i);
    }
    s.n = c.n;
    CC.store = s;
  }

  // A removed case stays in the arrays, marked DEAD, until a quarter of them are: moving the last
  // case into its slot would change that case's place in the paint order (cases of one light are
  // painted in slot order) and so pixels far from any change. Compacting keeps the order.
  function removeCase(id) {
    var s = CC.store;
    var i = s.index.get(id);
    if (i === undefined) return;
    s.light[i] = DEAD;
    s.index.delete(id);
    s.dead++;
    if (s.dead > 64 && s.dead * 4 > s.n) compact(s);
  }

  function compact(s) {
    var j = 0;
    for (var i = 0; i < s.n; i++) {
      if (s.light[i] === DEAD) continue;
      if (i !== j) {
        for (var k = 0; k < COLUMNS.length; k++) s[COLUMNS[k]][j] = s[COLUMNS[k]][i];
        s.index.set(s.ids[j], j);
      }
      j++;
    }
    s.n = j;
    s.dead = 0;
  }

  // Returns the ids; `before` gets the old positions of those that were already there.
  function upsertCases(d, before) {
    var c = decodeCases(d);
    grow(CC.store, CC.store.n + c.n);
    var s = CC.store;
    var ids = [];
    for (var j = 0; j < c.n; j++) {
      var id = c.ids[j];
      ids.push(id);
      var i = s.index.get(id);
      if (i === undefined) {
        i = s.n++;
        s.ids[i] = id;
        s.index.set(id, i);
      } else if (before) {
        before.push(s.x[i], s.y[i]);
      }
      var lat = c.lat[j] / COORD_SCALE;
      var lon = c.lon[j] / COORD_SCALE;
      s.lat[i] = lat;
      s.lon[i] = lon;
      s.x[i] = projX(lon);
      s.y[i] = projY(lat);
      s.light[i] = c.light[j];
      s.priority[i] = c.priority[j];
      s.status[i] = c.status[j];
    }
    return ids;
  }

  // ------------------------------------------------------------------------------ canvas layers

  // A canvas covering the map's viewport; `draw(layer, view)` paints it. Redraws are requested with
  // `dirty()` and done in the next animation frame (several changes in one frame draw once).
  var CanvasLayer = L.Layer.extend({
    initialize: function (draw, pane) {
      this._drawFn = draw;
      this._paneName = pane;
      this._dirty = false;
    },
    onAdd: function (map) {
      this._map = map;
      this._canvas = L.DomUtil.create("canvas", "cc-canvas leaflet-zoom-hide");
      this._canvas.style.pointerEvents = "none";
      map.getPane(this._paneName).appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this.full, this);
      this.redraw();
    },
    // After a move, zoom or resize: one full drawing in the coming animation frame (before that
    // frame is painted), however many of these events one change of view fires (fitBounds fires
    // three; drawing at each took ~40 ms of the map's first drawing).
    full: function () {
      this.dirtyAll();
    },
    // Only these zoom-0 positions (x, y, x, y, ...) changed: a partial repaint will do, unless a
    // full one is already due.
    changedAt: function (points) {
      if (!this._map) return;
      if (this._dirty && !this._moved) return;
      this._moved = (this._moved || []).concat(points);
      this.dirty();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize viewreset", this.full, this);
      this._canvas = null;
      this._px = null;
    },
    dirty: function () {
      if (!this._map) return;
      this._dirty = true;
      scheduleFrame();
    },
    dirtyAll: function () {
      this._moved = null;
      this.dirty();
    },
    view: function () {
      var map = this._map;
      var size = map.getSize();
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      var origin = map.getPixelOrigin();
      return {
        w: size.x,
        h: size.y,
        ratio: window.devicePixelRatio || 1,
        scale: Math.pow(2, map.getZoom()),
        ox: origin.x + topLeft.x,
        oy: origin.y + topLeft.y,
        zoom: map.getZoom(),
        topLeft: topLeft,
      };
    },
    redraw: function () {
      if (!this._map || !this._canvas) return;
      this._dirty = false;
      var v = this.view();
      L.DomUtil.setPosition(this._canvas, v.topLeft);
      var cw = Math.round(v.w * v.ratio);
      var ch = Math.round(v.h * v.ratio);
      if (cw <= 0 || ch <= 0) {
        // No size yet (a view not laid out): nothing to draw; the map's resize draws it all.
        this._moved = null;
        return;
      }
      if (this._canvas.width !== cw || this._canvas.height !== ch) {
        this._canvas.width = cw;
        this._canvas.height = ch;
        this._canvas.style.width = v.w + "px";
        this._canvas.style.height = v.h + "px";
      }
      v.ctx = this._canvas.getContext("2d");
      v.cw = cw;
      v.ch = ch;
      this._drawFn(this, v);
    },
  });

  var frameQueued = false;
  function scheduleFrame() {
    if (frameQueued) return;
    frameQueued = true;
    requestAnimationFrame(function () {
      frameQueued = false;
      drawDirty();
    });
  }

  // Redraw the layers marked dirty. Runs in the animation frame, or at once for a message from the
  // window (CC.drawNow): the canvases then reach the very next frame instead of waiting for one.
  function drawDirty() {
    var t0 = performance.now();
    var drew = false;
    [CC.gridLayer, CC.caseCanvas, CC.marks].forEach(function (layer) {
      if (layer && layer._dirty) {
        layer.redraw();
        drew = true;
      }
    });
    if (drew) {
      CC.trace.frame = t0;
      CC.trace.drawn = performance.now();
    }
  }
  CC.drawNow = drawDirty;

  // ------------------------------------------------------------------------------ sprites

  // A sprite: a small drawing as a size x size square of colours (ABGR as ImageData's bytes read as
  // little-endian 32-bit words, non-premultiplied; 0 = transparent); its centre is at (h0, h0).
  var sprites = new Map();
  function sprite(key, size, paint) {
    var sp = sprites.get(key);
    if (sp) return sp;
    var c = document.createElement("canvas");
    c.width = size;
    c.height = size;
    var g = c.getContext("2d");
    paint(g, size / 2);
    var data = g.getImageData(0, 0, size, size).data;
    var dense = new Uint32Array(size * size);
    for (var p = 0; p < size * size; p++) {
      var a = data[4 * p + 3];
      if (a) dense[p] = ((a << 24) | (data[4 * p + 2] << 16) | (data[4 * p + 1] << 8) | data[4 * p]) >>> 0;
    }
    // Runs of painted pixels, (row, first x, end x) each: drawing visits only these (a ring is a
    // thin circle, a fifth of its square).
    var runs = [];
    for (var y = 0; y < size; y++) {
      for (var x = 0; x < size; x++) {
        if (!dense[y * size + x]) continue;
        var x0 = x;
        while (x < size && dense[y * size + x]) x++;
        runs.push(y, x0, x);
      }
    }
    var h0 = Math.floor(size / 2);
    sp = { size: size, h0: h0, dense: dense, half: h0 + 1, runs: Int16Array.from(runs) };
    sprites.set(key, sp);
    return sp;
  }

  function dotSprite(light, r, ratio) {
    var rr = r * ratio;
    return sprite("dot" + light + ":" + rr, Math.ceil(2 * rr + 3 * ratio), function (g, c) {
      g.beginPath();
      g.arc(c, c, rr, 0, 2 * Math.PI);
      g.fillStyle = COLORS[light];
      g.fill();
      g.lineWidth = ratio;
      g.strokeStyle = "#ffffff"; // opaque: overlapping dots then blend without division
      g.stroke();
    });
  }

  function ringSprite(ratio) {
    return sprite("ring:" + ratio, Math.ceil(28 * ratio), function (g, c) {
      g.beginPath();
      g.arc(c, c, 11 * ratio, 0, 2 * Math.PI);
      g.lineWidth = 2.5 * ratio;
      g.strokeStyle = "rgba(215,25,28,0.85)";
      g.stroke();
    });
  }

  // One full-canvas RGBA buffer per layer, reused while the size stays.
  function pixels(layer, v) {
    var px = layer._px;
    if (!px || px.img.width !== v.cw || px.img.height !== v.ch) {
      var img = v.ctx.createImageData(v.cw, v.ch);
      px = layer._px = { img: img, u8: img.data, u32: new Uint32Array(img.data.buffer), key: "" };
    } else {
      px.u32.fill(0);
    }
    px.key = viewKey(v);
    return px;
  }

  function viewKey(v) {
    return [v.cw, v.ch, v.scale, v.ox, v.oy, v.ratio].join(",");
  }

  // Source-over of colour `c` (non-premultiplied ABGR as in ImageData, alpha `a`) onto `dst`, in
  // integers: (x + 128) * 257 >> 16 is x / 255 rounded. Most blended pixels land on an opaque one
  // (dots overlap at the district's zoom), which needs no division.
  function over(c, a, dst) {
    var ib = 255 - a;
    var da = dst >>> 24;
    if (da === 255) {
      return (
        (0xff000000 |
          (((((c >>> 16) & 255) * a + ((dst >>> 16) & 255) * ib + 128) * 257) >>> 16) << 16 |
          (((((c >>> 8) & 255) * a + ((dst >>> 8) & 255) * ib + 128) * 257) >>> 16) << 8 |
          ((((c & 255) * a + (dst & 255) * ib + 128) * 257) >>> 16)) >>>
        0
      );
    }
    var ia = (ib * da * 257 + 32768) >>> 16; // (255 - a) * da / 255
    var oa = a + ia;
    return (
      ((oa << 24) |
        ((((((c >>> 16) & 255) * a + ((dst >>> 16) & 255) * ia) / oa) | 0) << 16) |
        ((((((c >>> 8) & 255) * a + ((dst >>> 8) & 255) * ia) / oa) | 0) << 8) |
        ((((c & 255) * a + (dst & 255) * ia) / oa) | 0)) >>>
      0
    );
  }

  // Partial repaint after a diff: the buffer keeps the last full drawing of the same view. Each
  // changed case's spot (its old and new position, as large as the largest sprite) is cleared and
  // composed again from every case whose sprite overlaps it, in paint order, clipped to the spot:
  // the pixels come out as a full drawing makes them. At the district's zoom 10,000 cases overlap
  // heavily; a batch of 100 recomposes ~100 small squares instead of drawing 10,000 sprites.
  var BUCKET = 32; // device pixels

  // Cases on (or just off) the canvas by BUCKET square, each bucket in paint order; `rank[i]`: case
  // i's place in the paint order (candidates from several buckets are sorted by it).
  function bucketIndex(s, v, order, margin) {
    var bc = Math.ceil(v.cw / BUCKET) + 2;
    var br = Math.ceil(v.ch / BUCKET) + 2;
    var first = new Int32Array(bc * br + 1);
    var bucketOf = new Int32Array(order.length);
    var cx = new Int32Array(s.n);
    var cy = new Int32Array(s.n);
    var rank = new Int32Array(s.n);
    for (var k = 0; k < order.length; k++) {
      var i = order[k];
      rank[i] = k;
      var x = s.x[i] * v.scale - v.ox;
      var y = s.y[i] * v.scale - v.oy;
      if (x < -margin || y < -margin || x > v.w + margin || y > v.h + margin) {
        bucketOf[k] = -1;
        continue;
      }
      cx[i] = Math.round(x * v.ratio);
      cy[i] = Math.round(y * v.ratio);
      var bx = Math.min(bc - 1, Math.max(0, Math.floor(cx[i] / BUCKET) + 1));
      var by = Math.min(br - 1, Math.max(0, Math.floor(cy[i] / BUCKET) + 1));
      bucketOf[k] = by * bc + bx;
      first[bucketOf[k] + 1]++;
    }
    for (var b = 0; b < bc * br; b++) first[b + 1] += first[b];
    var fill = first.slice(0, bc * br);
    var items = new Int32Array(first[bc * br]);
    for (var k2 = 0; k2 < order.length; k2++) if (bucketOf[k2] >= 0) items[fill[bucketOf[k2]]++] = order[k2];
    return { bc: bc, br: br, first: first, items: items, cx: cx, cy: cy, rank: rank };
  }

  // The changed spots as device-pixel squares [x0, y0, x1, y1) on the canvas, without duplicates
  // (a case whose light changed has the same old and new spot).
  function dirtyRects(v, points, reach) {
    var seen = new Set();
    var rects = [];
    for (var k = 0; k < points.length; k += 2) {
      var cx = Math.round((points[k] * v.scale - v.ox) * v.ratio);
      var cy = Math.round((points[k + 1] * v.scale - v.oy) * v.ratio);
      var x0 = Math.max(0, cx - reach);
      var y0 = Math.max(0, cy - reach);
      var x1 = Math.min(v.cw, cx + reach + 1);
      var y1 = Math.min(v.ch, cy + reach + 1);
      if (x0 >= x1 || y0 >= y1) continue;
      var key = x0 + "," + y0 + "," + x1 + "," + y1;
      if (seen.has(key)) continue;
      seen.add(key);
      rects.push([x0, y0, x1, y1]);
    }
    return rects;
  }

  // Source-over of a sprite centred at (cx, cy), only within [x0, x1) x [y0, y1) (inside the canvas).
  function blitRect(px, W, sp, cx, cy, x0, y0, x1, y1) {
    var S = sp.size;
    var left = cx - sp.h0;
    var top = cy - sp.h0;
    var xa = Math.max(left, x0);
    var xb = Math.min(left + S, x1);
    var ya = Math.max(top, y0);
    var yb = Math.min(top + S, y1);
    if (xa >= xb || ya >= yb) return;
    var u32 = px.u32;
    var dense = sp.dense;
    var runs = sp.runs;
    for (var r = 0; r < runs.length; r += 3) {
      var y = top + runs[r];
      if (y < ya || y >= yb) continue;
      var xs = Math.max(left + runs[r + 1], xa);
      var xe = Math.min(left + runs[r + 2], xb);
      var src = runs[r] * S - left;
      var row = y * W;
      for (var x = xs; x < xe; x++) {
        var c = dense[src + x];
        var p = row + x;
        var a = c >>> 24;
        var dst = u32[p];
        u32[p] = a === 255 || dst === 0 ? c : over(c, a, dst);
      }
    }
  }

  // Recompose the changed spots (see above), top sprite first: each spot's pixels accumulate
  // "under" what is already there (premultiplied, 0..1), and a spot is done as soon as all its pixels
  // are opaque. Where cases pile up (hundreds overlap a spot in the district's centre) only the top
  // few are read. Returns how many sprites were drawn.
  var acc = { r: new Float32Array(0), g: new Float32Array(0), b: new Float32Array(0), a: new Float32Array(0) };

  function under(sp, cx, cy, R, rw, open) {
    var S = sp.size;
    var left = cx - sp.h0;
    var top = cy - sp.h0;
    var xa = Math.max(left, R[0]);
    var xb = Math.min(left + S, R[2]);
    var ya = Math.max(top, R[1]);
    var yb = Math.min(top + S, R[3]);
    if (xa >= xb || ya >= yb) return open;
    var dense = sp.dense;
    var ar = acc.r;
    var ag = acc.g;
    var ab = acc.b;
    var aa = acc.a;
    var runs = sp.runs;
    for (var r = 0; r < runs.length; r += 3) {
      var y = top + runs[r];
      if (y < ya || y >= yb) continue;
      var xs = Math.max(left + runs[r + 1], xa);
      var xe = Math.min(left + runs[r + 2], xb);
      var src = runs[r] * S - left;
      var dst = (y - R[1]) * rw - R[0];
      for (var x = xs; x < xe; x++) {
        var c = dense[src + x];
        var j = dst + x;
        var A = aa[j];
        if (A >= 1) continue;
        var w = ((c >>> 24) / 255) * (1 - A);
        ar[j] += w * (c & 255);
        ag[j] += w * ((c >>> 8) & 255);
        ab[j] += w * ((c >>> 16) & 255);
        A += w;
        if (A >= 0.998) {
          A = 1;
          open--;
        }
        aa[j] = A;
      }
    }
    return open;
  }

  var FEW = 48; // open pixels from which a spot is finished pixel by pixel

  // The spot's pixels that are not opaque yet (indexes into acc) and their bounding box in device
  // pixels, so that the many sprites that miss them all are skipped at once.
  function openPixels(m, R, rw) {
    var few = { list: [], box: null };
    for (var j = 0; j < m; j++) if (acc.a[j] < 1) few.list.push(j);
    fewBox(few, R, rw);
    return few;
  }

  function fewBox(few, R, rw) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (var f = 0; f < few.list.length; f++) {
      var x = (few.list[f] % rw) + R[0];
      var y = ((few.list[f] / rw) | 0) + R[1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    few.box = [x0, y0, x1, y1];
  }

  // `under` for the open pixels only (dropping those that become opaque); returns how many are left.
  function underFew(sp, cx, cy, R, rw, few) {
    var S = sp.size;
    var box = few.box;
    if (cx - sp.h0 > box[2] || cy - sp.h0 > box[3] || cx - sp.h0 + S <= box[0] || cy - sp.h0 + S <= box[1]) {
      return few.list.length;
    }
    var left = cx - sp.h0 - R[0]; // the sprite's corner in the spot's coordinates
    var top = cy - sp.h0 - R[1];
    var dense = sp.dense;
    var list = few.list;
    var n = list.length;
    for (var f = n - 1; f >= 0; f--) {
      var j = list[f];
      var x = (j % rw) - left;
      var y = ((j / rw) | 0) - top;
      if (x < 0 || y < 0 || x >= S || y >= S) continue;
      var c = dense[y * S + x];
      if (c === 0) continue;
      var A = acc.a[j];
      var w = ((c >>> 24) / 255) * (1 - A);
      acc.r[j] += w * (c & 255);
      acc.g[j] += w * ((c >>> 8) & 255);
      acc.b[j] += w * ((c >>> 16) & 255);
      A += w;
      if (A >= 0.998) {
        A = 1;
        list[f] = list[list.length - 1];
        list.pop();
      }
      acc.a[j] = A;
    }
    if (list.length !== n) fewBox(few, R, rw);
    return list.length;
  }

  function repaintRects(px, v, s, rects, reach, ring, table) {
    var order = paintOrder(s);
    var idx = bucketIndex(s, v, order, 16 + reach / v.ratio);
    var W = v.cw;
    var u32 = px.u32;
    var bc = idx.bc;
    var cand = new Int32Array(256);
    var drawn = 0;
    for (var r = 0; r < rects.length; r++) {
      var R = rects[r];
      var rw = R[2] - R[0];
      var m = rw * (R[3] - R[1]);
      if (acc.a.length < m) acc = { r: new Float32Array(m), g: new Float32Array(m), b: new Float32Array(m), a: new Float32Array(m) };
      acc.r.fill(0, 0, m);
      acc.g.fill(0, 0, m);
      acc.b.fill(0, 0, m);
      acc.a.fill(0, 0, m);
      // Buckets that may hold a sprite reaching into the square (no sprite reaches further).
      var bx0 = Math.max(0, Math.floor((R[0] - reach) / BUCKET) + 1);
      var bx1 = Math.min(bc - 1, Math.floor((R[2] + reach) / BUCKET) + 1);
      var by0 = Math.max(0, Math.floor((R[1] - reach) / BUCKET) + 1);
      var by1 = Math.min(idx.br - 1, Math.floor((R[3] + reach) / BUCKET) + 1);
      var n = 0;
      for (var by = by0; by <= by1; by++) {
        for (var bx = bx0; bx <= bx1; bx++) {
          var b = by * bc + bx;
          for (var j = idx.first[b]; j < idx.first[b + 1]; j++) {
            var i = idx.items[j];
            if (idx.cx[i] + reach < R[0] || idx.cx[i] - reach >= R[2]) continue;
            if (idx.cy[i] + reach < R[1] || idx.cy[i] - reach >= R[3]) continue;
            if (n === cand.length) {
              var bigger = new Int32Array(2 * n);
              bigger.set(cand);
              cand = bigger;
            }
            cand[n++] = idx.rank[i];
          }
        }
      }
      var ranks = cand.subarray(0, n).sort(); // typed arrays sort numerically
      // Top first: the dots, then (under every dot) the rings. Once few pixels are still open,
      // only those are looked at (a gap between dots would otherwise keep every sprite coming).
      var open = m;
      var few = null;
      var passes = (show.dots ? 1 : 0) + (show.rings ? 2 : 0);
      for (var pass = 1; pass <= 2 && open > 0; pass++) {
        if (!(passes & pass)) continue;
        for (var k = n - 1; k >= 0 && open > 0; k--) {
          var i2 = order[ranks[k]];
          var sp;
          if (pass === 1) sp = table[s.light[i2] & 3][Math.min(s.priority[i2], 3)];
          else if (s.light[i2] === RED) sp = ring;
          else continue;
          if (few === null && open <= FEW) few = openPixels(m, R, rw);
          open = few === null ? under(sp, idx.cx[i2], idx.cy[i2], R, rw, open) : underFew(sp, idx.cx[i2], idx.cy[i2], R, rw, few);
          drawn++;
        }
      }
      // Back into the buffer, un-premultiplied as ImageData wants.
      for (var y = R[1], q = 0; y < R[3]; y++) {
        for (var x = R[0], p = y * W + R[0]; x < R[2]; x++, p++, q++) {
          var A = acc.a[q];
          if (A <= 0) {
            u32[p] = 0;
            continue;
          }
          u32[p] =
            ((Math.round(A * 255) << 24) |
              (Math.min(255, Math.round(acc.b[q] / A)) << 16) |
              (Math.min(255, Math.round(acc.g[q] / A)) << 8) |
              Math.min(255, Math.round(acc.r[q] / A))) >>>
            0;
        }
      }
    }
    return drawn;
  }

  // The layer's buffer for a partial repaint, or null when a full one is needed.
  function partial(layer, v) {
    var moved = layer._moved;
    layer._moved = null;
    if (!moved || !layer._px || layer._px.key !== viewKey(v)) return null;
    return layer._px;
  }

  // ------------------------------------------------------------------------------ cases

  function radius(priority, zoom) {
    var base = zoom >= 15 ? 6 : zoom >= 13 ? 5 : 4;
    return base + Math.min(priority, 3);
  }

  // Case indexes in paint order (by light: grey, green, yellow, red), by counting sort.
  function paintOrder(s) {
    var start = [0, 0, 0, 0, 0];
    var rank = [0, 0, 0, 0];
    for (var o = 0; o < PAINT_ORDER.length; o++) rank[PAINT_ORDER[o]] = o;
    var counts = [0, 0, 0, 0];
    for (var i = 0; i < s.n; i++) if (s.light[i] !== DEAD) counts[rank[s.light[i] & 3]]++;
    for (var k = 0; k < 4; k++) start[k + 1] = start[k] + counts[k];
    var order = new Int32Array(start[4]);
    for (var j = 0; j < s.n; j++) if (s.light[j] !== DEAD) order[start[rank[s.light[j] & 3]]++] = j;
    return order;
  }

  // The dot sprites of this zoom, by light and priority (looked up 10,000 times a drawing).
  function dotTable(v) {
    var t = [];
    for (var light = 0; light < 4; light++) {
      var row = [];
      for (var p = 0; p < 4; p++) row.push(dotSprite(light, radius(p, v.zoom), v.ratio));
      t.push(row);
    }
    return t;
  }

  // What the case canvas shows (the layer control's "cases" and "overdue" switches).
  var show = { dots: true, rings: true };

  // The cases and, under them, the overdue rings, in one buffer: one pass, one partial repaint.
  function drawCases(layer, v) {
    var t0 = performance.now();
    var s = CC.store;
    var moved = layer._moved;
    var px = partial(layer, v);
    var ring = ringSprite(v.ratio);
    var table = dotTable(v);
    if (px) {
      // No sprite reaches further from its centre than this (the ring, or the largest dot).
      var reach = Math.max(ring.size - ring.h0, table[0][3].size - table[0][3].h0) + 1;
      var rects = dirtyRects(v, moved, reach);
      if (!rects.length) return; // nothing on screen changed
      CC.stats.sprites = repaintRects(px, v, s, rects, reach, ring, table);
      CC.stats.rects = rects.length;
      // Only the spots go to the canvas: the copy and the compositor's work stay small.
      rects.forEach(function (R) {
        v.ctx.putImageData(px.img, 0, 0, R[0], R[1], R[2] - R[0], R[3] - R[1]);
      });
    } else {
      px = pixels(layer, v);
      CC.stats.sprites = drawAll(px, v, s, ring, table);
      CC.stats.rects = 0;
      v.ctx.putImageData(px.img, 0, 0);
    }
    CC.drawCount++;
    CC.lastDrawMs = CC.stats.points = performance.now() - t0;
    CC.stats.pointsPartial = !!moved && CC.stats.rects > 0;
  }

  function drawAll(px, v, s, ring, table) {
    var W = v.cw;
    var H = v.ch;
    var margin = 16;
    var drawn = 0;
    var cx, cy, x, y, i;
    if (show.rings) {
      for (i = 0; i < s.n; i++) {
        if (s.light[i] !== RED) continue;
        x = s.x[i] * v.scale - v.ox;
        y = s.y[i] * v.scale - v.oy;
        if (x < -margin || y < -margin || x > v.w + margin || y > v.h + margin) continue;
        blitRect(px, W, ring, Math.round(x * v.ratio), Math.round(y * v.ratio), 0, 0, W, H);
        drawn++;
      }
    }
    if (show.dots) {
      var order = paintOrder(s);
      for (var k = 0; k < order.length; k++) {
        i = order[k];
        x = s.x[i] * v.scale - v.ox;
        y = s.y[i] * v.scale - v.oy;
        if (x < -margin || y < -margin || x > v.w + margin || y > v.h + margin) continue;
        cx = Math.round(x * v.ratio);
        cy = Math.round(y * v.ratio);
        blitRect(px, W, table[s.light[i] & 3][Math.min(s.priority[i], 3)], cx, cy, 0, 0, W, H);
        drawn++;
      }
    }
    return drawn;
  }

  // A switch in the layer control that only changes what the case canvas shows.
  var Switch = L.Layer.extend({
    initialize: function (flag) {
      this._flag = flag;
    },
    onAdd: function () {
      show[this._flag] = true;
      CC.caseCanvas.dirtyAll();
      CC.marks.dirty();
    },
    onRemove: function () {
      show[this._flag] = false;
      CC.caseCanvas.dirtyAll();
      CC.marks.dirty();
    },
  });

  // Selection and the brief highlight of new cases: a few vector shapes on a canvas of their own.
  function drawMarks(layer, v) {
    var t0 = performance.now();
    var ctx = v.ctx;
    ctx.setTransform(v.ratio, 0, 0, v.ratio, 0, 0);
    ctx.clearRect(0, 0, v.w, v.h);
    var s = CC.store;
    var now = performance.now();
    CC.flashes.forEach(function (until, id) {
      var i = s.index.get(id);
      if (i === undefined || until < now) {
        CC.flashes.delete(id);
        return;
      }
      var phase = ((until - now) % 1000) / 1000;
      ctx.beginPath();
      ctx.arc(s.x[i] * v.scale - v.ox, s.y[i] * v.scale - v.oy, 8 + 10 * (1 - phase), 0, 2 * Math.PI);
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(0,120,255," + (0.3 + 0.7 * phase).toFixed(2) + ")";
      ctx.stroke();
    });
    var g = CC.selectedGrid !== null && CC.grids ? CC.gridByCode.get(CC.selectedGrid) : undefined;
    if (g !== undefined && CC.grids.levelOn[CC.grids.level[g]]) {
      ctx.beginPath();
      gridPath(ctx, CC.grids, g, v);
      ctx.lineWidth = 4;
      ctx.strokeStyle = "#0050ff";
      ctx.stroke();
    }
    if (CC.selectedCase !== null) {
      var k = s.index.get(CC.selectedCase);
      if (k !== undefined) {
        ctx.beginPath();
        ctx.arc(s.x[k] * v.scale - v.ox, s.y[k] * v.scale - v.oy, radius(s.priority[k], v.zoom) + 6, 0, 2 * Math.PI);
        ctx.lineWidth = 3;
        ctx.strokeStyle = "#0050ff";
        ctx.stroke();
      }
    }
    if (CC.flashes.size) scheduleFlash();
    CC.stats.marks = performance.now() - t0;
  }

  var flashTimer = null;
  function scheduleFlash() {
    if (flashTimer !== null) return;
    flashTimer = setTimeout(function () {
      flashTimer = null;
      CC.marks.dirty();
    }, 120);
  }

  // ------------------------------------------------------------------------------ grids

  var LEVEL_STYLE = [
    { color: "#1d3557", weight: 3.5 }, // district
    { color: "#274c77", weight: 2.5 }, // township
    { color: "#4a6fa5", weight: 1.5 }, // community
    { color: "#7d93b2", weight: 0.8 }, // grid
    { color: "#9aaac0", weight: 0.5 }, // micro
  ];
  var LEAF = [false, false, false, true, true];

  function setGrids(d) {
    var n = d.codes.length;
    var ringGrid = int32s(d.ringGrid);
    var ringLen = int32s(d.ringLen);
    var xy = int32s(d.xy);
    var nv = xy.length >> 1;
    var x = new Float64Array(nv);
    var y = new Float64Array(nv);
    for (var v = 0; v < nv; v++) {
      x[v] = projX(xy[2 * v] / COORD_SCALE);
      y[v] = projY(xy[2 * v + 1] / COORD_SCALE);
    }
    // Rings of one grid are consecutive: ringFirst[g]..ringFirst[g+1]; ring r's vertices
    // vertexFirst[r]..vertexFirst[r+1].
    var ringFirst = new Int32Array(n + 1);
    for (var r = 0; r < ringGrid.length; r++) ringFirst[ringGrid[r] + 1]++;
    for (var g = 0; g < n; g++) ringFirst[g + 1] += ringFirst[g];
    var vertexFirst = new Int32Array(ringLen.length + 1);
    for (var r2 = 0; r2 < ringLen.length; r2++) vertexFirst[r2 + 1] = vertexFirst[r2] + ringLen[r2];
    var box = new Float64Array(4 * n);
    for (var g2 = 0; g2 < n; g2++) {
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (var r3 = ringFirst[g2]; r3 < ringFirst[g2 + 1]; r3++) {
        for (var k = vertexFirst[r3]; k < vertexFirst[r3 + 1]; k++) {
          if (x[k] < x0) x0 = x[k];
          if (x[k] > x1) x1 = x[k];
          if (y[k] < y0) y0 = y[k];
          if (y[k] > y1) y1 = y[k];
        }
      }
      box[4 * g2] = x0;
      box[4 * g2 + 1] = y0;
      box[4 * g2 + 2] = x1;
      box[4 * g2 + 3] = y1;
    }
    CC.grids = {
      n: n,
      codes: d.codes,
      names: d.names,
      level: Uint8Array.from(d.levels),
      ringFirst: ringFirst,
      vertexFirst: vertexFirst,
      x: x,
      y: y,
      box: box,
      open: new Int32Array(n),
      overdue: new Int32Array(n),
      shade: new Uint8Array(n), // 0 = no cases, 1..SHADES
      levelOn: levelsOn, // shared with the layer control's switches
    };
    CC.gridByCode = new Map();
    for (var i = 0; i < n; i++) CC.gridByCode.set(d.codes[i], i);
    CC.counts.forEach(function (c, code) {
      var gi = CC.gridByCode.get(code);
      if (gi !== undefined) {
        CC.grids.open[gi] = c[0];
        CC.grids.overdue[gi] = c[1];
      }
    });
    reshade();
    registerLayers(d.levels);
    if (!CC.framed) {
      CC.framed = true;
      if (!CC.userMoved) applyFrame(); // the whole district, or the place chosen before the grids came
    }
    CC.gridLayer.dirty();
    CC.marks.dirty();
  }

  // The whole district in view: when the grids arrive, on 区域 › 全区, and again when the map is
  // resized (the window laid out or maximised) until the operator moves the map or chooses a place.
  function frameAll() {
    var G = CC.grids;
    if (!G || !G.n) return;
    var size = CC.map.getSize();
    if (!size.x || !size.y) return; // no size yet: framed on the resize that gives it one
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (var g = 0; g < G.n; g++) {
      if (!(G.box[4 * g] <= G.box[4 * g + 2])) continue; // no geometry
      x0 = Math.min(x0, G.box[4 * g]);
      y0 = Math.min(y0, G.box[4 * g + 1]);
      x1 = Math.max(x1, G.box[4 * g + 2]);
      y1 = Math.max(y1, G.box[4 * g + 3]);
    }
    if (x0 === Infinity) return;
    var sw = CC.map.unproject([x0, y1], 0);
    var ne = CC.map.unproject([x1, y0], 0);
    CC.map.fitBounds([sw, ne], { animate: false });
  }

  function shadeColor(cls, mode) {
    if (!cls) return "#f4f6f8";
    var t = cls / SHADES;
    if (mode === "overdue") return "rgb(" + Math.round(250 - 40 * t) + "," + Math.round(200 - 180 * t) + "," + Math.round(190 - 170 * t) + ")";
    return "rgb(" + Math.round(230 - 200 * t) + "," + Math.round(238 - 120 * t) + "," + Math.round(250 - 60 * t) + ")";
  }

  // Recompute every grid's shade class; returns the grids whose class changed.
  function reshade() {
    var G = CC.grids;
    if (!G) return [];
    var values = CC.shadeMode === "overdue" ? G.overdue : G.open;
    var max = 1;
    for (var g = 0; g < G.n; g++) if (LEAF[G.level[g]] && values[g] > max) max = values[g];
    var changed = [];
    for (var g2 = 0; g2 < G.n; g2++) {
      var v = values[g2];
      var cls = v > 0 ? Math.max(1, Math.min(SHADES, Math.ceil(Math.sqrt(v / max) * SHADES))) : 0;
      if (cls !== G.shade[g2]) {
        G.shade[g2] = cls;
        changed.push(g2);
      }
    }
    return changed;
  }

  function gridPath(ctx, G, g, v) {
    for (var r = G.ringFirst[g]; r < G.ringFirst[g + 1]; r++) {
      var k0 = G.vertexFirst[r];
      var k1 = G.vertexFirst[r + 1];
      if (k1 - k0 < 2) continue;
      ctx.moveTo(G.x[k0] * v.scale - v.ox, G.y[k0] * v.scale - v.oy);
      for (var k = k0 + 1; k < k1; k++) ctx.lineTo(G.x[k] * v.scale - v.ox, G.y[k] * v.scale - v.oy);
      ctx.closePath();
    }
  }

  function onScreen(G, g, v, rect) {
    var b = 4 * g;
    var x0 = G.box[b] * v.scale - v.ox;
    var y0 = G.box[b + 1] * v.scale - v.oy;
    var x1 = G.box[b + 2] * v.scale - v.ox;
    var y1 = G.box[b + 3] * v.scale - v.oy;
    return x1 >= rect[0] && y1 >= rect[1] && x0 <= rect[2] && y0 <= rect[3];
  }

  // Fills of the leaf levels by shade class, then the boundaries from the finest level to the
  // district (coarse lines on top), then the logical grid's coverage; only within `rect`.
  function paintGrids(ctx, v, rect) {
    var G = CC.grids;
    var visible = [];
    for (var g = 0; g < G.n; g++) if (G.levelOn[G.level[g]] && onScreen(G, g, v, rect)) visible.push(g);
    var byShade = [];
    for (var c = 0; c <= SHADES; c++) byShade.push([]);
    visible.forEach(function (g2) {
      if (LEAF[G.level[g2]]) byShade[G.shade[g2]].push(g2);
    });
    for (var c2 = 0; c2 <= SHADES; c2++) {
      if (!byShade[c2].length) continue;
      ctx.beginPath();
      byShade[c2].forEach(function (g3) {
        gridPath(ctx, G, g3, v);
      });
      ctx.globalAlpha = c2 ? 0.55 : 0.25;
      ctx.fillStyle = shadeColor(c2, CC.shadeMode);
      ctx.fill("evenodd");
    }
    ctx.globalAlpha = 0.9;
    for (var lv = LEVEL_STYLE.length - 1; lv >= 0; lv--) {
      if (!G.levelOn[lv]) continue;
      ctx.beginPath();
      var any = false;
      visible.forEach(function (g4) {
        if (G.level[g4] === lv) {
          gridPath(ctx, G, g4, v);
          any = true;
        }
      });
      if (!any) continue;
      ctx.lineWidth = LEVEL_STYLE[lv].weight;
      ctx.strokeStyle = LEVEL_STYLE[lv].color;
      ctx.stroke();
    }
    if (CC.coverage) {
      ctx.beginPath();
      visible.forEach(function (g5) {
        if (LEAF[G.level[g5]] && (CC.coverage === "all" || CC.coverage.has(G.codes[g5]))) gridPath(ctx, G, g5, v);
      });
      ctx.lineWidth = 2;
      ctx.strokeStyle = "#7b2cbf";
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  function drawGrids(layer, v) {
    var t0 = performance.now();
    var ctx = v.ctx;
    ctx.setTransform(v.ratio, 0, 0, v.ratio, 0, 0);
    var rects = layer._rects;
    layer._rects = null;
    if (!CC.grids) {
      ctx.clearRect(0, 0, v.w, v.h);
    } else if (rects && rects.length) {
      // Only around the grids whose shade changed: the rest of the canvas keeps its pixels.
      rects.forEach(function (r) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(r[0], r[1], r[2] - r[0], r[3] - r[1]);
        ctx.clip();
        ctx.clearRect(r[0], r[1], r[2] - r[0], r[3] - r[1]);
        paintGrids(ctx, v, r);
        ctx.restore();
      });
      CC.stats.gridRects = rects.length;
    } else {
      ctx.clearRect(0, 0, v.w, v.h);
      paintGrids(ctx, v, [-10, -10, v.w + 10, v.h + 10]);
      CC.stats.gridRects = 0;
    }
    CC.stats.grids = performance.now() - t0;
  }

  // Repaint only these grids (when they are few), else the whole grid canvas.
  function gridsChanged(changed) {
    var layer = CC.gridLayer;
    if (!changed.length || !layer._map || !CC.grids) return;
    if (layer._dirty && !layer._rects) return; // a full repaint is coming anyway
    if (changed.length > 64 || !layer._canvas) {
      layer._rects = null;
      layer.dirty();
      return;
    }
    var v = layer.view();
    var G = CC.grids;
    var rects = layer._rects || [];
    changed.forEach(function (g) {
      var b = 4 * g;
      var pad = 5; // the widest boundary line, and anti-aliasing
      rects.push([
        Math.floor(G.box[b] * v.scale - v.ox - pad),
        Math.floor(G.box[b + 1] * v.scale - v.oy - pad),
        Math.ceil(G.box[b + 2] * v.scale - v.ox + pad),
        Math.ceil(G.box[b + 3] * v.scale - v.oy + pad),
      ]);
    });
    layer._rects = rects;
    layer.dirty();
  }

  function fullGridRepaint() {
    if (!CC.gridLayer) return;
    CC.gridLayer._rects = null;
    CC.gridLayer.dirty();
  }

  function setCounts(msg) {
    if (msg.full) CC.counts = new Map();
    Object.keys(msg.counts).forEach(function (code) {
      CC.counts.set(code, msg.counts[code]);
    });
    if (msg.mode) CC.shadeMode = msg.mode;
    var G = CC.grids;
    if (!G) return;
    if (msg.full) {
      G.open.fill(0);
      G.overdue.fill(0);
    }
    Object.keys(msg.counts).forEach(function (code2) {
      var g = CC.gridByCode.get(code2);
      if (g === undefined) return;
      G.open[g] = msg.counts[code2][0];
      G.overdue[g] = msg.counts[code2][1];
    });
    var changed = reshade();
    if (msg.mode) fullGridRepaint();
    else gridsChanged(changed);
  }

  // Which grid is at a container point: the finest visible level that contains it.
  function gridAt(cp) {
    var G = CC.grids;
    if (!G || !CC.map.hasLayer(CC.gridLayer)) return null;
    var v = CC.gridLayer.view();
    var px = (cp.x + v.ox) / v.scale;
    var py = (cp.y + v.oy) / v.scale;
    for (var lv = LEVEL_STYLE.length - 1; lv >= 0; lv--) {
      if (!G.levelOn[lv]) continue;
      for (var g = 0; g < G.n; g++) {
        if (G.level[g] !== lv) continue;
        var b = 4 * g;
        if (px < G.box[b] || px > G.box[b + 2] || py < G.box[b + 1] || py > G.box[b + 3]) continue;
        if (inside(G, g, px, py)) return g;
      }
    }
    return null;
  }

  function inside(G, g, px, py) {
    var hit = false;
    for (var r = G.ringFirst[g]; r < G.ringFirst[g + 1]; r++) {
      var k0 = G.vertexFirst[r];
      var k1 = G.vertexFirst[r + 1];
      for (var i = k0, j = k1 - 1; i < k1; j = i++) {
        var yi = G.y[i];
        var yj = G.y[j];
        if (yi > py !== yj > py && px < ((G.x[j] - G.x[i]) * (py - yi)) / (yj - yi) + G.x[i]) hit = !hit;
      }
    }
    return hit;
  }

  // A switch per level in the layer control: adding or removing one only flags it and repaints.
  var LevelLayer = L.Layer.extend({
    initialize: function (level) {
      this._level = level;
    },
    onAdd: function () {
      levelsOn[this._level] = true;
      fullGridRepaint();
      if (CC.marks) CC.marks.dirty();
    },
    onRemove: function () {
      levelsOn[this._level] = false;
      fullGridRepaint();
      if (CC.marks) CC.marks.dirty();
    },
  });
  var levelsOn = [true, true, true, true, true];
  var registered = false;

  function registerLayers(levels) {
    if (registered || !CC.control) return;
    registered = true;
    var present = {};
    (levels || []).forEach(function (lv) {
      present[lv] = true;
    });
    CC.levelLayers = {};
    (CC.labels.levels || []).forEach(function (pair, lv) {
      if (!present[lv]) return;
      var layer = new LevelLayer(lv);
      CC.levelLayers[pair[0]] = layer;
      layer.addTo(CC.map);
      CC.control.addOverlay(layer, pair[1]);
    });
    CC.control.addOverlay(CC.points, CC.labels.cases || "Cases");
    CC.control.addOverlay(CC.overdue, CC.labels.overdue || "Overdue");
    CC.control.addOverlay(CC.heat, CC.labels.heat || "Heat");
  }

  // ------------------------------------------------------------------------------ hit test

  function caseAt(containerPoint) {
    var map = CC.map;
    if (!map.hasLayer(CC.points)) return null;
    var s = CC.store;
    var v = CC.caseCanvas.view();
    var best = null;
    var bestD = Infinity;
    for (var i = 0; i < s.n; i++) {
      if (s.light[i] === DEAD) continue;
      var dx = s.x[i] * v.scale - v.ox - containerPoint.x;
      var dy = s.y[i] * v.scale - v.oy - containerPoint.y;
      var d = dx * dx + dy * dy;
      var r = radius(s.priority[i], v.zoom) + 3;
      if (d <= r * r && d < bestD) {
        best = s.ids[i];
        bestD = d;
      }
    }
    return best;
  }

  CC.pointOnScreen = function (id) {
    var i = CC.store.index.get(id);
    if (i === undefined) return null;
    var p = CC.map.latLngToContainerPoint([CC.store.lat[i], CC.store.lon[i]]);
    return [p.x, p.y];
  };

  CC.caseState = function (id) {
    var s = CC.store;
    var i = s.index.get(id);
    if (i === undefined) return null;
    return { id: id, lat: s.lat[i], lon: s.lon[i], light: s.light[i], priority: s.priority[i], status: s.status[i] };
  };

  CC.caseCount = function () {
    return CC.store.n - CC.store.dead;
  };

  // ------------------------------------------------------------------------------ messages

  // "On the pixels": the drawing runs in an animation frame (scheduleFrame); the next frame's
  // callback runs only after that frame was produced, so it is the moment we report. Each report
  // carries the page's own times (performance.now()) for the benchmark's breakdown.
  function afterPaint(seq) {
    var rec = [seq, CC.trace.received, performance.now(), 0, 0, 0];
    requestAnimationFrame(function () {
      rec[3] = CC.trace.frame;
      rec[4] = CC.trace.drawn;
      requestAnimationFrame(function () {
        rec[5] = performance.now();
        CC.traces.push(rec);
        if (CC.traces.length > 50) CC.traces.shift();
        if (CC.bridge) CC.bridge.paintedJs(seq);
      });
    });
  }

  function heatPoints() {
    var s = CC.store;
    var out = [];
    for (var i = 0; i < s.n; i++) if (s.light[i] !== DEAD) out.push([s.lat[i], s.lon[i], s.light[i] === RED ? 1 : 0.5]);
    return out;
  }

  // Zoom-0 positions of these cases (only those with this light, if given).
  function positionsOf(ids, light) {
    var s = CC.store;
    var out = [];
    ids.forEach(function (id) {
      var i = s.index.get(id);
      if (i !== undefined && (light === undefined || s.light[i] === light)) out.push(s.x[i], s.y[i]);
    });
    return out;
  }

  // `at`: zoom-0 positions that changed (a diff); none = everything (a full set).
  function casesChanged(at) {
    if (at) CC.caseCanvas.changedAt(at);
    else CC.caseCanvas.dirtyAll();
    CC.marks.dirty();
    if (CC.map.hasLayer(CC.heat)) CC.heat.setLatLngs(heatPoints());
    else CC.heatStale = true;
  }

  CC.apply = function (msg) {
    var t0 = performance.now();
    switch (msg.op) {
      case "cases":
        setCases(msg.data);
        casesChanged();
        break;
      case "diff":
        var at = positionsOf(msg.remove || []);
        (msg.remove || []).forEach(removeCase);
        var upserted = msg.upsert ? upsertCases(msg.upsert, at) : [];
        at = at.concat(positionsOf(upserted));
        var until = performance.now() + FLASH_MS;
        (msg.flash || []).forEach(function (id) {
          CC.flashes.set(id, until);
        });
        casesChanged(at);
        break;
      case "gridShapes":
        setGrids(msg.data);
        break;
      case "grids":
        setCounts(msg);
        break;
      case "shade":
        CC.shadeMode = msg.mode;
        reshade();
        fullGridRepaint();
        break;
      case "coverage":
        CC.coverage = msg.codes === "all" ? "all" : msg.codes ? new Set(msg.codes) : null;
        fullGridRepaint();
        break;
      case "select":
        select(msg);
        break;
    }
    CC.lastApplyMs = performance.now() - t0;
    if (msg.seq) {
      CC.lastSeq = msg.seq;
      afterPaint(msg.seq);
    }
  };

  function select(msg) {
    if ("case" in msg) CC.selectedCase = msg["case"];
    if ("grid" in msg) CC.selectedGrid = msg.grid;
    if (msg.home || msg.bbox || msg.center) {
      // The view asked for is kept and asked for again when the map is resized (the page laid
      // out, the window maximised) until the operator moves the map himself.
      CC.frame = msg.home ? null : { bbox: msg.bbox, center: msg.center, zoom: msg.zoom };
      CC.userMoved = false;
      applyFrame();
    }
    CC.marks.dirty();
  }

  function applyFrame() {
    var f = CC.frame;
    if (!f) {
      frameAll();
      return;
    }
    var size = CC.map.getSize();
    if (!size.x || !size.y) return; // no size yet: framed on the resize that gives it one
    if (f.bbox) {
      CC.map.fitBounds([[f.bbox[1], f.bbox[0]], [f.bbox[3], f.bbox[2]]], { padding: [30, 30], animate: false });
    } else {
      CC.map.setView(f.center, Math.max(CC.map.getZoom(), f.zoom || 15), { animate: false });
    }
  }

  // ------------------------------------------------------------------------------ init

  CC.init = function (opts) {
    var map = (CC.map = opts.map);
    CC.control = opts.control || null;
    CC.labels = opts.labels || {};
    // Kilometres only, and no "Leaflet" prefix (with its flag) in the attribution: the center's
    // basemap still names its source there.
    L.control.scale({ imperial: false }).addTo(map);
    if (map.attributionControl) map.attributionControl.setPrefix(false);
    map.createPane("ccGrids").style.zIndex = 410;
    map.createPane("ccCases").style.zIndex = 450;
    map.createPane("ccMarks").style.zIndex = 460;
    CC.gridLayer = new CanvasLayer(drawGrids, "ccGrids");
    CC.caseCanvas = new CanvasLayer(drawCases, "ccCases");
    CC.points = new Switch("dots");
    CC.overdue = new Switch("rings");
    CC.marks = new CanvasLayer(drawMarks, "ccMarks");
    CC.heat = L.heatLayer([], { radius: 22, blur: 18, minOpacity: 0.25, maxZoom: 14 });
    [CC.gridLayer, CC.caseCanvas, CC.marks, CC.points, CC.overdue].forEach(function (layer) {
      layer.addTo(map);
    });
    map.on("resize", function () {
      if (!CC.userMoved) applyFrame();
    });
    var container = map.getContainer();
    ["mousedown", "wheel", "touchstart", "keydown"].forEach(function (type) {
      container.addEventListener(type, function () {
        CC.userMoved = true;
      }, { passive: true });
    });
    map.on("overlayadd", function (e) {
      if (e.layer === CC.heat && CC.heatStale) {
        CC.heat.setLatLngs(heatPoints());
        CC.heatStale = false;
      }
      if (e.layer === CC.points) CC.marks.dirty();
    });
    // One tooltip follows the pointer with the name of the grid under it.
    CC.tooltip = L.tooltip({ direction: "top", offset: [0, -6], opacity: 0.9 });
    var hoverQueued = null;
    map.on("mousemove", function (e) {
      if (hoverQueued) {
        hoverQueued = e;
        return;
      }
      hoverQueued = e;
      requestAnimationFrame(function () {
        var ev = hoverQueued;
        hoverQueued = null;
        var g = gridAt(ev.containerPoint);
        if (g === null) {
          map.closeTooltip(CC.tooltip);
          return;
        }
        CC.tooltip.setLatLng(ev.latlng).setContent(CC.grids.names[g]);
        if (!map.hasLayer(CC.tooltip)) map.openTooltip(CC.tooltip);
      });
    });
    map.on("mouseout", function () {
      map.closeTooltip(CC.tooltip);
    });
    map.on("click", function (e) {
      if (!CC.bridge) return;
      var id = caseAt(e.containerPoint);
      if (id !== null) {
        CC.bridge.caseClickedJs(id);
        return;
      }
      var g = gridAt(e.containerPoint);
      if (g !== null) CC.bridge.gridClickedJs(CC.grids.codes[g]);
    });
    if (typeof QWebChannel !== "undefined" && window.qt && qt.webChannelTransport) {
      new QWebChannel(qt.webChannelTransport, function (channel) {
        CC.bridge = channel.objects.bridge;
        CC.bridge.toPage.connect(function (text) {
          CC.trace.received = performance.now();
          var msg = JSON.parse(text);
          if (Array.isArray(msg)) msg.forEach(CC.apply); // MapView.batch(): one drawing for all
          else CC.apply(msg);
          drawDirty();
        });
        CC.bridge.ready();
      });
    }
  };
})();
