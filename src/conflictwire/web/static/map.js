// The event map: country outlines from the vendored world atlas (no tile server, so it
// works offline) and one circle per place and event type, coloured by type and sized by
// the number of events. The number drawn is written to #map[data-markers].
"use strict";
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var colors = JSON.parse(el.getAttribute("data-colors") || "{}");
  var map = L.map(el, {worldCopyJump: true, minZoom: 1}).setView([30, 20], 2);
  var status = document.getElementById("map-status");

  fetch(el.getAttribute("data-world")).then(function (r) { return r.json(); }).then(function (world) {
    var land = topojson.feature(world, world.objects.countries);
    L.geoJSON(land, {interactive: false, style: {color: "#888", weight: 0.6, fillColor: "#f2efe9", fillOpacity: 1}})
      .addTo(map).bringToBack();
  });

  fetch(el.getAttribute("data-api")).then(function (r) {
    if (!r.ok) { throw new Error("the map data could not be loaded (" + r.status + ")"); }
    return r.json();
  }).then(function (points) {
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: 4 + 3 * Math.sqrt(p.events),
        color: colors[p.type] || "#333", weight: 1, fillOpacity: 0.6, className: "event-marker"
      }).addTo(map);
      var label = document.createElement("span");  // text nodes: place names are never HTML
      var link = document.createElement("a");
      link.href = "/events/" + encodeURIComponent(p.event_id);
      link.textContent = (p.location_name || "") + ": " + p.events + " " + p.type;
      label.appendChild(link);
      marker.bindPopup(label);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) { map.fitBounds(bounds, {padding: [30, 30], maxZoom: 6}); }
    el.setAttribute("data-markers", String(points.length));
    if (status) { status.textContent = points.length + " marker(s): one per place and event type, sized by the number of events."; }
  }).catch(function (err) {
    el.setAttribute("data-markers", "error");
    if (status) { status.textContent = String(err.message || err); }
  });
})();
