/* Hall display: polls /hall/display/feed every second, redraws the board and speaks each new call
   through the browser's speech synthesis (zh-CN). No framework: the page stays a plain page. */
(function () {
    "use strict";
    var lastKey = null;
    function cell(row, text) {
        var td = document.createElement("td");
        td.textContent = text;
        row.appendChild(td);
    }
    function speak(text) {
        document.getElementById("speech").textContent = text;
        if (!window.speechSynthesis) { return; }
        var utter = new SpeechSynthesisUtterance(text);
        utter.lang = "zh-CN";
        utter.rate = 0.9;
        window.speechSynthesis.speak(utter);
    }
    function draw(feed) {
        var calls = document.getElementById("calls");
        var queues = document.getElementById("queues");
        calls.textContent = "";
        feed.calls.forEach(function (c, i) {
            var tr = document.createElement("tr");
            if (i === 0) { tr.className = "latest"; }
            cell(tr, c.ticket);
            cell(tr, c.window);
            calls.appendChild(tr);
        });
        queues.textContent = "";
        feed.queues.forEach(function (q) {
            var tr = document.createElement("tr");
            cell(tr, q.name);
            cell(tr, String(q.waiting));
            queues.appendChild(tr);
        });
        var newest = feed.calls[0];
        if (newest && newest.key !== lastKey) {
            if (lastKey !== null) { speak(newest.speech); }
            lastKey = newest.key;
        }
    }
    function poll() {
        fetch("/hall/display/feed", {cache: "no-store"})
            .then(function (r) { return r.json(); })
            .then(draw)
            .catch(function () { /* the next poll retries */ })
            .finally(function () { setTimeout(poll, 1000); });
    }
    poll();
})();
