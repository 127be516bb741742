/* Brings build-time call banners up to date with the reader's clock.
 * The page's own <time datetime> attributes are the data; with scripts off the
 * build-time text stands. No framework, no third party. */
(function () {
  "use strict";
  var HOUR = 3600000;
  var DAY = 24 * HOUR;

  function plural(count, unit) {
    return count + " " + unit + (count === 1 ? "" : "s");
  }

  /* Same wording as the build (deadlines/status.py: describe_remaining). */
  function describe(ms) {
    if (ms >= 2 * DAY) return Math.floor(ms / DAY) + " days";
    if (ms >= DAY) {
      var hours = Math.floor((ms - DAY) / HOUR);
      return hours ? "1 day and " + plural(hours, "hour") : "1 day";
    }
    if (ms >= HOUR) return plural(Math.floor(ms / HOUR), "hour");
    return "less than an hour";
  }

  function instant(root, role) {
    var time = root.querySelector('time[data-role="' + role + '"]');
    return time ? Date.parse(time.getAttribute("datetime")) : NaN;
  }

  function stateAt(opens, last, now) {
    if (isNaN(opens)) return "tbd";
    if (now < opens) return "upcoming";
    if (isNaN(last)) return "tbd";
    return now <= last + 999 ? "open" : "closed";
  }

  var localFormat = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "long", day: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });

  function updateBanner(banner, now) {
    var opens = instant(banner, "opens");
    var last = instant(banner, "closes");
    var state = stateAt(opens, last, now);
    var soonDays = Number(banner.getAttribute("data-closing-soon-days"));
    var closing = state === "open" && last + 1000 - now <= soonDays * DAY;
    banner.setAttribute("data-state", state);
    ["upcoming", "open", "closed", "tbd"].forEach(function (name) {
      banner.classList.toggle("call-banner--" + name, name === state);
    });
    banner.classList.toggle("call-banner--closing", closing);
    var title = banner.querySelector(".call-banner__title");
    title.textContent = banner.getAttribute("data-heading-" + (closing ? "closing" : state));
    banner.querySelectorAll("[data-when]").forEach(function (part) {
      part.hidden = part.getAttribute("data-when") !== state;
    });
    var target = state === "upcoming" ? opens : last + 1000;
    banner.querySelectorAll('[data-when="' + state + '"] [data-countdown]').forEach(function (span) {
      span.textContent = describe(target - now);
    });
    banner.querySelectorAll("[data-local-time]").forEach(function (span) {
      var time = span.previousElementSibling;
      var at = time && Date.parse(time.getAttribute("datetime"));
      if (at) span.textContent = " (your time: " + localFormat.format(new Date(at)) + ")";
    });
  }

  function updateSitewide(item, now) {
    var last = Date.parse(item.getAttribute("data-last-moment"));
    item.hidden = !isNaN(last) && now > last + 999;
    var list = item.closest(".call-sitewide");
    list.hidden = !list.querySelector("li[data-call]:not([hidden])");
  }

  function update() {
    var now = Date.now();
    document.querySelectorAll(".call-banner[data-call]").forEach(function (banner) {
      updateBanner(banner, now);
    });
    document.querySelectorAll(".call-sitewide li[data-call]").forEach(function (item) {
      updateSitewide(item, now);
    });
  }

  update();
  window.setInterval(update, 60000);
})();
