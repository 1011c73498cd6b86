/**
 * The call screen's own script and style, served from /assets (the CSP allows scripts and styles from
 * our origin only). The script listens to the screen's SSE stream and redraws the table with textContent
 * (never HTML); when the office allows sound, a new number on top plays a short chime and is read aloud
 * (Web Speech API) for people who cannot see the screen. The TV's browser may need its autoplay allowed
 * (kiosk mode) for the chime. Without JavaScript the page's <noscript> meta refresh does the updating.
 */
export const SCREEN_SCRIPT = `(function () {
  'use strict';
  var root = document.getElementById('queue-screen');
  if (!root || !window.EventSource) return;
  var lang = root.getAttribute('data-lang') || 'ja';
  var en = lang === 'en';
  var deskText = root.getAttribute('data-desk') || '{desk}';
  var body = root.querySelector('tbody');
  var none = root.querySelector('.queue-screen__none');
  var top = body && body.firstElementChild ? body.firstElementChild.getAttribute('data-called-at') + '|' + body.firstElementChild.firstElementChild.textContent : '';

  function where(n) {
    var place = en ? n.placeEn : n.place;
    var text = (en ? n.counterEn : n.counter) + (place ? ' ' + place : '');
    return n.desk === null ? text : text + ' ' + deskText.replace('{desk}', String(n.desk));
  }
  function chime() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = new Ctx();
      [880, 660].forEach(function (hz, i) {
        var osc = ctx.createOscillator();
        var gain = ctx.createGain();
        osc.frequency.value = hz;
        gain.gain.setValueAtTime(0.2, ctx.currentTime + i * 0.35);
        gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + i * 0.35 + 0.3);
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + i * 0.35);
        osc.stop(ctx.currentTime + i * 0.35 + 0.3);
      });
    } catch (e) { /* no sound device: the screen still shows the number */ }
  }
  function speak(n) {
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return;
    var text = en
      ? 'Number ' + n.number + ', please come to ' + where(n) + '.'
      : '受付番号 ' + n.number + '番の方、' + where(n) + 'へお越しください。';
    var u = new SpeechSynthesisUtterance(text);
    u.lang = en ? 'en-US' : 'ja-JP';
    window.speechSynthesis.speak(u);
  }
  function render(board) {
    while (body.firstChild) body.removeChild(body.firstChild);
    board.called.forEach(function (n) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-called-at', n.calledAt);
      var num = document.createElement('td');
      num.className = 'queue-screen__number';
      num.textContent = String(n.number);
      var place = document.createElement('td');
      place.textContent = where(n);
      tr.appendChild(num);
      tr.appendChild(place);
      body.appendChild(tr);
    });
    none.hidden = board.called.length > 0;
    var first = board.called[0];
    var key = first ? first.calledAt + '|' + first.number : '';
    if (first && key !== top && board.sound) {
      chime();
      setTimeout(function () { speak(first); }, 800);
    }
    top = key;
  }
  var source = new EventSource(root.getAttribute('data-events'));
  source.addEventListener('board', function (event) {
    try { render(JSON.parse(event.data)); } catch (e) { /* a broken event: keep what is shown */ }
  });
})();
`;

export const SCREEN_STYLE = `body.queue-screen { margin: 0; padding: 2vw; background: #00134d; color: #fff; font-family: "Noto Sans JP", sans-serif; }
.queue-screen h1 { font-size: 3vw; margin: 0 0 2vw; }
.queue-screen__table { width: 100%; border-collapse: collapse; font-size: 3.5vw; }
.queue-screen__table caption { text-align: left; font-size: 2vw; padding-bottom: 1vw; }
.queue-screen__table th { text-align: left; font-size: 2vw; border-bottom: 2px solid #fff; padding: 0.5vw 1vw; }
.queue-screen__table td { padding: 1vw; border-bottom: 1px solid #6b7bb3; }
.queue-screen__table tbody tr:first-child td { background: #ffd500; color: #000; }
.queue-screen__number { font-size: 7vw; font-weight: 700; font-variant-numeric: tabular-nums; width: 30%; }
.queue-screen__none { font-size: 3vw; }
`;
