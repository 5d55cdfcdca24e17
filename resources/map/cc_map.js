/* The command center's live map layers, on top of the page folium built once.
 *
 * Python talks to this page only through the QWebChannel object "bridge": it sends small JSON
 * messages (bridge.toPage) and we call back bridge.ready / caseClicked / gridClicked / painted.
 * Cases live in parallel arrays (ids, lat, lon, light, priority) and are drawn on one canvas:
 * one Leaflet object per case would cost ~10x the time and memory for 10,000 cases.
 */
(function () {
  "use strict";

  var COLORS = ["#1a9641", "#f0a500", "#d7191c", "#7a8699"]; // light codes: green, yellow, red, none
  var RED = 2;
  var FLASH_MS = 4000;

  var CC = (window.CC = {
    map: null,
    bridge: null,
    store: { ids: [], lat: [], lon: [], light: [], priority: [], status: [], x: [], y: [], index: new Map() },
    gridLayers: {},
    gridByCode: new Map(),
    counts: {},
    shadeMode: "open",
    selectedCase: null,
    selectedGrid: null,
    coverage: null,
    flashes: new Map(),
    lastSeq: 0,
    drawCount: 0,
    lastDrawMs: 0,
    labels: {},
  });

  // ------------------------------------------------------------------------------ projection

  // Spherical-mercator pixels at zoom 0 (what map.project(latlng, 0) gives for EPSG:3857).
  function projX(lon) {
    return ((lon + 180) / 360) * 256;
  }
  function projY(lat) {
    var s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256;
  }

  // ------------------------------------------------------------------------------ the store

  function setCases(d) {
    var s = CC.store;
    s.ids = d.ids.slice();
    s.lat = d.lat.slice();
    s.lon = d.lon.slice();
    s.light = d.light.slice();
    s.priority = d.priority.slice();
    s.status = d.status.slice();
    s.x = new Array(s.ids.length);
    s.y = new Array(s.ids.length);
    s.index = new Map();
    for (var i = 0; i < s.ids.length; i++) {
      s.x[i] = projX(s.lon[i]);
      s.y[i] = projY(s.lat[i]);
      s.index.set(s.ids[i], i);
    }
  }

  function removeCase(id) {
    var s = CC.store;
    var i = s.index.get(id);
    if (i === undefined) return;
    var last = s.ids.length - 1;
    var keys = ["ids", "lat", "lon", "light", "priority", "status", "x", "y"];
    if (i !== last) {
      for (var k = 0; k < keys.length; k++) s[keys[k]][i] = s[keys[k]][last];
      s.index.set(s.ids[i], i);
    }
    for (var k2 = 0; k2 < keys.length; k2++) s[keys[k2]].pop();
    s.index.delete(id);
  }

  function upsertCases(d) {
    var s = CC.store;
    for (var j = 0; j < d.ids.length; j++) {
      var id = d.ids[j];
      var i = s.index.get(id);
      if (i === undefined) {
        i = s.ids.length;
        s.ids.push(id);
        s.index.set(id, i);
      }
      s.lat[i] = d.lat[j];
      s.lon[i] = d.lon[j];
      s.light[i] = d.light[j];
      s.priority[i] = d.priority[j];
      s.status[i] = d.status[j];
      s.x[i] = projX(d.lon[j]);
      s.y[i] = projY(d.lat[j]);
    }
  }

  // ------------------------------------------------------------------------------ canvas layer

  var CanvasLayer = L.Layer.extend({
    initialize: function (draw, pane) {
      this._drawFn = draw;
      this._paneName = pane;
    },
    onAdd: function (map) {
      this._map = map;
      this._canvas = L.DomUtil.create("canvas", "cc-canvas leaflet-zoom-hide");
      map.getPane(this._paneName).appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this.redraw, this);
      this.redraw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize viewreset", this.redraw, this);
    },
    redraw: function () {
      if (!this._map) return;
      var map = this._map;
      var size = map.getSize();
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(this._canvas, topLeft);
      var ratio = window.devicePixelRatio || 1;
      if (this._canvas.width !== size.x * ratio || this._canvas.height !== size.y * ratio) {
        this._canvas.width = size.x * ratio;
        this._canvas.height = size.y * ratio;
        this._canvas.style.width = size.x + "px";
        this._canvas.style.height = size.y + "px";
      }
      var ctx = this._canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      var origin = map.getPixelOrigin();
      var scale = Math.pow(2, map.getZoom());
      this._drawFn(ctx, scale, origin.x + topLeft.x, origin.y + topLeft.y, size);
    },
  });

  function radius(priority, zoom) {
    var base = zoom >= 15 ? 6 : zoom >= 13 ? 5 : 4;
    return base + priority;
  }

  function drawPoints(ctx, scale, ox, oy, size) {
    var t0 = performance.now();
    var s = CC.store;
    var zoom = CC.map.getZoom();
    // One path per colour: grey (no clock) first, red last so it stays on top.
    var order = [3, 0, 1, 2];
    for (var o = 0; o < order.length; o++) {
      var light = order[o];
      ctx.beginPath();
      for (var i = 0; i < s.ids.length; i++) {
        if (s.light[i] !== light) continue;
        var px = s.x[i] * scale - ox;
        var py = s.y[i] * scale - oy;
        if (px < -10 || py < -10 || px > size.x + 10 || py > size.y + 10) continue;
        var r = radius(s.priority[i], zoom);
        ctx.moveTo(px + r, py);
        ctx.arc(px, py, r, 0, 2 * Math.PI);
      }
      ctx.fillStyle = COLORS[light];
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.stroke();
    }
    drawMarks(ctx, scale, ox, oy, zoom);
    CC.drawCount++;
    CC.lastDrawMs = performance.now() - t0;
  }

  // Selection and the brief highlight of new cases, drawn on the same canvas.
  function drawMarks(ctx, scale, ox, oy, zoom) {
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
      ctx.arc(s.x[i] * scale - ox, s.y[i] * scale - oy, 8 + 10 * (1 - phase), 0, 2 * Math.PI);
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(0,120,255," + (0.3 + 0.7 * phase).toFixed(2) + ")";
      ctx.stroke();
    });
    if (CC.selectedCase !== null) {
      var k = s.index.get(CC.selectedCase);
      if (k !== undefined) {
        ctx.beginPath();
        ctx.arc(s.x[k] * scale - ox, s.y[k] * scale - oy, radius(s.priority[k], zoom) + 6, 0, 2 * Math.PI);
        ctx.lineWidth = 3;
        ctx.strokeStyle = "#0050ff";
        ctx.stroke();
      }
    }
    if (CC.flashes.size) scheduleFlash();
  }

  var flashTimer = null;
  function scheduleFlash() {
    if (flashTimer !== null) return;
    flashTimer = setTimeout(function () {
      flashTimer = null;
      CC.points.redraw();
    }, 120);
  }

  function drawOverdue(ctx, scale, ox, oy, size) {
    var s = CC.store;
    ctx.beginPath();
    for (var i = 0; i < s.ids.length; i++) {
      if (s.light[i] !== RED) continue;
      var px = s.x[i] * scale - ox;
      var py = s.y[i] * scale - oy;
      if (px < -20 || py < -20 || px > size.x + 20 || py > size.y + 20) continue;
      ctx.moveTo(px + 11, py);
      ctx.arc(px, py, 11, 0, 2 * Math.PI);
    }
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = "rgba(215,25,28,0.85)";
    ctx.stroke();
  }

  // ------------------------------------------------------------------------------ hit test

  function caseAt(containerPoint) {
    var map = CC.map;
    if (!map.hasLayer(CC.points)) return null;
    var s = CC.store;
    var scale = Math.pow(2, map.getZoom());
    var origin = map.getPixelOrigin();
    var tl = map.containerPointToLayerPoint([0, 0]);
    var ox = origin.x + tl.x;
    var oy = origin.y + tl.y;
    var best = null;
    var bestD = Infinity;
    for (var i = 0; i < s.ids.length; i++) {
      var dx = s.x[i] * scale - ox - containerPoint.x;
      var dy = s.y[i] * scale - oy - containerPoint.y;
      var d = dx * dx + dy * dy;
      var r = radius(s.priority[i], map.getZoom()) + 3;
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
    var i = CC.store.index.get(id);
    if (i === undefined) return null;
    var s = CC.store;
    return { id: id, lat: s.lat[i], lon: s.lon[i], light: s.light[i], priority: s.priority[i], status: s.status[i] };
  };

  // ------------------------------------------------------------------------------ grids

  function ramp(value, max, mode) {
    if (!value || !max) return null;
    var t = Math.min(1, Math.sqrt(value / max));
    if (mode === "overdue") return "rgb(" + Math.round(250 - 40 * t) + "," + Math.round(200 - 180 * t) + "," + Math.round(190 - 170 * t) + ")";
    return "rgb(" + Math.round(230 - 200 * t) + "," + Math.round(238 - 120 * t) + "," + Math.round(250 - 60 * t) + ")";
  }

  var LEVEL_STYLE = {
    district: { color: "#1d3557", weight: 3.5 },
    township: { color: "#274c77", weight: 2.5 },
    community: { color: "#4a6fa5", weight: 1.5 },
    grid: { color: "#7d93b2", weight: 0.8 },
    micro: { color: "#9aaac0", weight: 0.5 },
  };

  function styleGrid(layer) {
    var p = layer.feature.properties;
    var base = LEVEL_STYLE[p.level] || LEVEL_STYLE.grid;
    var style = { color: base.color, weight: base.weight, opacity: 0.9, fill: false, fillOpacity: 0 };
    if (p.level === "grid" || p.level === "micro") {
      var c = CC.counts[p.code];
      var idx = CC.shadeMode === "overdue" ? 1 : 0;
      var fill = ramp(c ? c[idx] : 0, CC.maxCount[idx], CC.shadeMode);
      style.fill = true;
      style.fillColor = fill || "#f4f6f8";
      style.fillOpacity = fill ? 0.55 : 0.25;
    }
    if (CC.coverage && (CC.coverage === "all" || CC.coverage.has(p.code)) && (p.level === "grid" || p.level === "micro")) {
      style.color = "#7b2cbf";
      style.weight = 2;
    }
    if (CC.selectedGrid === p.code) {
      style.color = "#0050ff";
      style.weight = 4;
    }
    layer.setStyle(style);
  }

  function restyleGrids() {
    var max = [1, 1];
    Object.keys(CC.counts).forEach(function (code) {
      var f = CC.gridByCode.get(code);
      if (!f || (f.feature.properties.level !== "grid" && f.feature.properties.level !== "micro")) return;
      max[0] = Math.max(max[0], CC.counts[code][0]);
      max[1] = Math.max(max[1], CC.counts[code][1]);
    });
    CC.maxCount = max;
    CC.gridByCode.forEach(styleGrid);
  }
  CC.maxCount = [1, 1];

  // ------------------------------------------------------------------------------ messages

  function afterPaint(seq) {
    // Two frames: the first runs before the canvas is composited, the second after it was shown.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        if (CC.bridge) CC.bridge.paintedJs(seq);
      });
    });
  }

  function heatPoints() {
    var s = CC.store;
    var out = new Array(s.ids.length);
    for (var i = 0; i < s.ids.length; i++) out[i] = [s.lat[i], s.lon[i], s.light[i] === RED ? 1 : 0.5];
    return out;
  }

  function refreshCaseLayers() {
    CC.points.redraw();
    if (CC.map.hasLayer(CC.overdue)) CC.overdue.redraw();
    if (CC.map.hasLayer(CC.heat)) CC.heat.setLatLngs(heatPoints());
    else CC.heatStale = true;
  }

  CC.apply = function (msg) {
    var t0 = performance.now();
    switch (msg.op) {
      case "cases":
        setCases(msg.data);
        refreshCaseLayers();
        break;
      case "diff":
        (msg.remove || []).forEach(removeCase);
        if (msg.upsert) upsertCases(msg.upsert);
        var until = performance.now() + FLASH_MS;
        (msg.flash || []).forEach(function (id) {
          CC.flashes.set(id, until);
        });
        refreshCaseLayers();
        break;
      case "grids":
        CC.counts = msg.counts || {};
        if (msg.mode) CC.shadeMode = msg.mode;
        restyleGrids();
        break;
      case "shade":
        CC.shadeMode = msg.mode;
        restyleGrids();
        break;
      case "coverage":
        CC.coverage = msg.codes === "all" ? "all" : msg.codes ? new Set(msg.codes) : null;
        restyleGrids();
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
    var prevGrid = CC.selectedGrid;
    if ("case" in msg) CC.selectedCase = msg["case"];
    if ("grid" in msg) CC.selectedGrid = msg.grid;
    [prevGrid, CC.selectedGrid].forEach(function (code) {
      var f = code && CC.gridByCode.get(code);
      if (f) {
        styleGrid(f);
        if (code === CC.selectedGrid) f.bringToFront();
      }
    });
    if (msg.bbox) {
      CC.map.fitBounds([[msg.bbox[1], msg.bbox[0]], [msg.bbox[3], msg.bbox[2]]], { padding: [30, 30], animate: false });
    } else if (msg.center) {
      CC.map.setView(msg.center, Math.max(CC.map.getZoom(), msg.zoom || 15), { animate: false });
    }
    CC.points.redraw();
  }

  // ------------------------------------------------------------------------------ init

  CC.init = function (opts) {
    var map = (CC.map = opts.map);
    CC.labels = opts.labels || {};
    map.createPane("ccCases").style.zIndex = 450;
    map.createPane("ccOverdue").style.zIndex = 440;
    CC.points = new CanvasLayer(drawPoints, "ccCases");
    CC.overdue = new CanvasLayer(drawOverdue, "ccOverdue");
    CC.heat = L.heatLayer([], { radius: 22, blur: 18, minOpacity: 0.25, maxZoom: 14 });
    CC.points.addTo(map);
    CC.overdue.addTo(map);
    map.on("overlayadd", function (e) {
      if (e.layer === CC.heat && CC.heatStale) {
        CC.heat.setLatLngs(heatPoints());
        CC.heatStale = false;
      }
    });
    if (opts.control) {
      opts.control.addOverlay(CC.points, CC.labels.cases || "Cases");
      opts.control.addOverlay(CC.overdue, CC.labels.overdue || "Overdue");
      opts.control.addOverlay(CC.heat, CC.labels.heat || "Heat");
    }
    Object.keys(opts.gridLayers).forEach(function (level) {
      var layer = opts.gridLayers[level];
      CC.gridLayers[level] = layer;
      layer.eachLayer(function (f) {
        CC.gridByCode.set(f.feature.properties.code, f);
        f.bindTooltip(f.feature.properties.name, { sticky: true, direction: "top" });
        f.off("click");
        f.on("click", function (e) {
          L.DomEvent.stopPropagation(e);
          var id = caseAt(e.containerPoint);
          if (id !== null) CC.bridge && CC.bridge.caseClickedJs(id);
          else CC.bridge && CC.bridge.gridClickedJs(f.feature.properties.code);
        });
      });
    });
    map.on("click", function (e) {
      var id = caseAt(e.containerPoint);
      if (id !== null && CC.bridge) CC.bridge.caseClickedJs(id);
    });
    restyleGrids();
    if (typeof QWebChannel !== "undefined" && window.qt && qt.webChannelTransport) {
      new QWebChannel(qt.webChannelTransport, function (channel) {
        CC.bridge = channel.objects.bridge;
        CC.bridge.toPage.connect(function (text) {
          CC.apply(JSON.parse(text));
        });
        CC.bridge.ready();
      });
    }
  };
})();
